"""`make bench`: the pages' speed at 100,000 cases, beside what a user would otherwise use.

Prepares two PostgreSQL databases named after DATABASE_URL's: the benchmark's (100,000
synthetic cases by default) and `<name>_small` (100 cases); both are seeded by `seed_demo`,
which is idempotent, so only the first run waits for the seeding. Then, in a process of its
own for each database (tests/benchmarks/settings.py: DEBUG off, Django's test client, no
network), it requests every page several times, in rounds of every page in a shuffled
order, and reports the median:

- the case list of a caseworker filtered by nationality and status, its first and a deep
  page, beside the Django admin changelist of the same rows and filters, and beside the raw
  floor (one hand-written query, a bare table);
- the case list searched by a name, the case file, the liaison's queue, the registration
  of an arrival (posted, then rolled back so the data stay as seeded);
- the coordinator's dashboard computed (`?fresh=1`) beside the same aggregates in hand-written
  SQL, and with the figures kept from a previous visit (reporting.dashboards.snapshots);
- each page's number of queries at 100 and at 100,000 cases.

It prints a table and writes the same as JSON (var/bench/bench.json). The figures are
measurements, not assertions: the targets are reported, met or not. It fails only when a
page answers with an unexpected status.

    make bench                                  # DATABASE_URL defaults to .../intake_bench
    .venv/bin/python tests/benchmarks/bench.py --repeat 15 --cases 100000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.databases import database_ensure, database_name, url_with_database  # noqa: E402

DEEP_PAGE = 100  # offset 4,950: near the end of the ~5,600 Philippine active cases of the caseworker
FILTER = "nationality=PH&status=Active"


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    path: str  # a URL, or "" for a measured function (the dashboard's raw SQL)
    status: int = 200
    admin: str = ""  # the name of the admin page it is compared with
    floor: str = ""  # the name of the raw floor it is compared with
    ours: bool = True  # an application page (its queries must not grow with the data)


PAGES = [
    Page(
        "case list, page 1",
        "caseworker",
        f"/cases/?{FILTER}",
        admin="admin changelist, page 1",
        floor="raw floor, page 1",
    ),
    Page(
        f"case list, page {DEEP_PAGE}",
        "caseworker",
        f"/cases/?{FILTER}&page={DEEP_PAGE}",
        admin=f"admin changelist, page {DEEP_PAGE}",
        floor=f"raw floor, page {DEEP_PAGE}",
    ),
    Page(
        "admin changelist, page 1",
        "caseworker",
        "/bench/admin/cases/case/?status__exact=Active&person__nationalities__country=PH",
        ours=False,
    ),
    Page(
        f"admin changelist, page {DEEP_PAGE}",
        "caseworker",
        f"/bench/admin/cases/case/?status__exact=Active&person__nationalities__country=PH&p={DEEP_PAGE}",
        ours=False,
    ),
    Page("raw floor, page 1", "caseworker", f"/bench/floor/cases/?{FILTER}", ours=False),
    Page(
        f"raw floor, page {DEEP_PAGE}",
        "caseworker",
        f"/bench/floor/cases/?{FILTER}&page={DEEP_PAGE}",
        ours=False,
    ),
    Page("case list, name search", "caseworker", "/cases/"),
    Page("case file", "caseworker", "/cases/{case_id}/"),
    Page("liaison queue", "liaison_ph", "/repatriation/"),
    Page("registration POST", "caseworker", "/register/", status=302),
    Page("dashboard, computed", "coordinator", "/reports/?fresh=1", floor="dashboard aggregates, raw SQL"),
    Page("dashboard, figures kept", "coordinator", "/reports/"),
    Page("dashboard aggregates, raw SQL", "coordinator", "", ours=False),
]


# ---------------------------------------------------------------------------------------------
# Inside Django, on one database


def measure(repeat: int) -> dict:
    """Request every page `repeat` times (in shuffled rounds) and count each one's queries."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases.arrivals.views import CONTEXT_KEY
    from cases.models import Case, Site
    from tests.benchmarks import floor
    from tests.two_factor import session_verify

    clients: dict[str, Client] = {}

    def client_for(page: Page) -> Client:
        if page.name not in clients:  # one session per page: a search kept in one stays there
            client = Client()
            user = User.objects.get(username=page.persona)
            client.force_login(user)
            session_verify(client, user)
            if page.name == "case list, name search":  # the typed search is kept in the session
                client.post("/cases/", {"q": search})
            clients[page.name] = client
        return clients[page.name]

    caseworker = User.objects.get(username="caseworker")
    own_cases = Case.objects.visible_to(caseworker).order_by("id")
    case_id = own_cases[own_cases.count() // 2].pk
    # A name as spoken, found in any spelling through its phonetic codes: the first case's person,
    # the same in both databases (seed_demo draws each case from its seed and index alone).
    search = own_cases.select_related("person").first().person.full_name
    site = Site.objects.filter(is_active=True).order_by("id").first()
    serial = iter(range(1_000_000))

    def request(page: Page):
        if not page.path:
            return floor.dashboard_aggregates()
        client = client_for(page)
        if page.name == "registration POST":
            session = client.session
            session[CONTEXT_KEY] = {"site": site.pk, "arrived_on": timezone.localdate().isoformat()}
            session.save()
            data = {
                "given_name": f"Benchmark{next(serial)}",  # synthetic, and like no one seeded
                "family_name": "Arrival",
                "gender": "Feminine",
                "approximate_age": "30",
                "country": "PH",
                "document_type": "none",
            }
            with transaction.atomic():  # registered, then undone: the data stay as seeded
                response = client.post(page.path, data)
                transaction.set_rollback(True)
            return response
        return client.get(page.path.format(case_id=case_id))

    def check(page: Page, response) -> None:
        if page.path and response.status_code != page.status:
            Path(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
            (ROOT / "var" / "bench" / "unexpected.html").write_bytes(response.content)
            raise SystemExit(
                f"{page.name}: HTTP {response.status_code}, expected {page.status}; "
                "its page is in var/bench/unexpected.html"
            )

    for page in PAGES:  # warm-up: connections, caches, compiled templates
        for _ in range(2):
            check(page, request(page))
    queries = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as captured:
            check(page, request(page))
        queries[page.name] = len(captured)
    timings: dict[str, list[float]] = {page.name: [] for page in PAGES}
    for rep in range(repeat):
        # Each round in its own order: no page always follows the dashboard's scans of every table.
        for page in random.Random(rep).sample(PAGES, len(PAGES)):
            started = time.perf_counter()
            response = request(page)
            timings[page.name].append((time.perf_counter() - started) * 1000)
            check(page, response)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        (cases,) = cursor.fetchone()
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
    return {
        "cases": cases,
        "postgresql": server,
        "pages": {
            page.name: {
                "median_ms": statistics.median(timings[page.name]),
                "min_ms": min(timings[page.name]),
                "max_ms": max(timings[page.name]),
                "queries": queries[page.name],
            }
            for page in PAGES
        },
    }


# ---------------------------------------------------------------------------------------------
# The run: databases, one measuring process per database, the table


def prepare(url: str, cases: int) -> None:
    """Create the database if missing, migrate it and seed it with `cases` demo cases (idempotent)."""
    name = database_name(url)
    database_ensure(url)
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    print(f"Seeding {name} with {cases:,} cases (a few minutes the first time; then seconds)…", flush=True)
    subprocess.run([*manage, "seed_demo", "--cases", str(cases)], check=True, env=env, cwd=ROOT)
    print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)


def run_measure(url: str, repeat: int) -> dict:
    """Measure in a fresh process on `url` (Django is configured once per process)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings"}
        env.pop("REDIS_URL", None)  # nothing is committed that would notify; no broker is needed
        command = [sys.executable, __file__, "--measure", "--repeat", str(repeat), "--out", out.name]
        subprocess.run(command, check=True, env=env, cwd=ROOT)
        return json.loads(Path(out.name).read_text())


def ratio(measured: dict, page: str, other: str) -> float | None:
    if not other:
        return None
    return measured["pages"][page]["median_ms"] / measured["pages"][other]["median_ms"]


def report(big: dict, small: dict, repeat: int) -> dict:
    """Build the table's rows and the targets' verdicts."""
    rows = []
    for page in PAGES:
        figures = big["pages"][page.name]
        rows.append(
            {
                "page": page.name,
                "median_ms": round(figures["median_ms"], 1),
                "min_ms": round(figures["min_ms"], 1),
                "max_ms": round(figures["max_ms"], 1),
                "ratio_to_admin": ratio(big, page.name, page.admin),
                "ratio_to_floor": ratio(big, page.name, page.floor),
                "queries_small": small["pages"][page.name]["queries"],
                "queries_large": figures["queries"],
                "application_page": page.ours,
            }
        )
    case_lists = [row for row in rows if row["ratio_to_admin"] is not None]
    dashboard = next(row for row in rows if row["page"] == "dashboard, computed")
    targets = {
        "case list ≤ 0.5x the admin changelist": all(r["ratio_to_admin"] <= 0.5 for r in case_lists),
        "case list ≤ 2x the raw floor": all(r["ratio_to_floor"] <= 2 for r in case_lists),
        "dashboard ≤ 2x its aggregates in raw SQL": dashboard["ratio_to_floor"] <= 2,
        "no page's query count grows with the data": all(
            r["queries_small"] == r["queries_large"] for r in rows if r["application_page"]
        ),
    }
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "make bench",
        "cases": {"small": small["cases"], "large": big["cases"]},
        "repeat": repeat,
        "postgresql": big["postgresql"],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
        "rows": rows,
        "targets": targets,
    }


def table(result: dict) -> str:
    small, large = result["cases"]["small"], result["cases"]["large"]
    header = ("page", "median ms", "x admin", "x floor", f"queries @{small:,}", f"queries @{large:,}")
    lines = [header]
    for row in result["rows"]:
        lines.append(
            (
                row["page"],
                f"{row['median_ms']:.1f}",
                "" if row["ratio_to_admin"] is None else f"{row['ratio_to_admin']:.2f}",
                "" if row["ratio_to_floor"] is None else f"{row['ratio_to_floor']:.2f}",
                str(row["queries_small"]),
                str(row["queries_large"]),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "| "
        + " | ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        + " |"
        for line in lines
    ]
    text.insert(
        1,
        "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|",
    )
    text.append("")
    text.extend(f"{'met   ' if met else 'MISSED'}  {target}" for target, met in result["targets"].items())
    load = ", ".join(f"{value:.2f}" for value in result["machine"]["load"])
    text.append(
        f"\nMedians of {result['repeat']} requests each, in shuffled rounds; "
        f"PostgreSQL {result['postgresql']}, {result['machine']['cpus']} CPUs, load average {load}."
    )
    return "\n".join(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed requests per page (median reported)")
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the benchmark database")
    parser.add_argument(
        "--small", type=int, default=100, help="cases in the database that query counts are compared with"
    )
    parser.add_argument(
        "--json", default=str(ROOT / "var" / "bench" / "bench.json"), help="where the JSON goes"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        Path(args.out).write_text(json.dumps(measure(args.repeat)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise SystemExit("make bench measures on PostgreSQL: set DATABASE_URL=postgres://user@host:port/name")
    small_url = url_with_database(url, database_name(url) + "_small")
    prepare(small_url, args.small)
    prepare(url, args.cases)
    small = run_measure(small_url, repeat=1)
    big = run_measure(url, repeat=args.repeat)
    result = report(big, small, args.repeat)
    print()
    print(table(result))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {args.json}")


if __name__ == "__main__":
    main()
