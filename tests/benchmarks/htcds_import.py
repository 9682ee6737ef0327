"""The HTCDS import's speed: the dry run and the apply of N full records, on SQLite or PostgreSQL.

For each N: a fresh throwaway database (Django's test database beside DATABASE_URL's, or a
temporary SQLite file), `seed_demo` with enough cases, the demo manager's HTCDS export (JSON
and CSV, through the export's own view) cut to its first N records, every case and person
wiped as tests/exchange/test_round_trip.py does, and then, per format, timed:

- read + store: the upload read and kept (exchange.htcds_files.file_read, services.upload_store);
- dry run: services.upload_plan, what each view of the dry-run page computes;
- apply: services.upload_apply, every row created in one transaction (rolled back afterwards,
  so that the other format imports into the same empty database).

With --queries it also counts the queries of the dry run and the apply
and with --profile writes the cProfile of the apply to var/bench/htcds_import_<db>_<n>.prof.
The row limit of the file (MAX_ROWS) is lifted for the measurement when N exceeds it.

    .venv/bin/python tests/benchmarks/htcds_import.py --rows 300 1500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_speed \\
        .venv/bin/python tests/benchmarks/htcds_import.py --rows 300 1500 --queries
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[300, 1500])
    parser.add_argument("--formats", nargs="+", default=["json", "csv"], choices=["json", "csv"])
    parser.add_argument("--queries", action="store_true", help="count the queries of dry run and apply")
    parser.add_argument("--verbose", action="store_true", help="with --queries: the most repeated queries")
    parser.add_argument("--profile", action="store_true", help="write the cProfile of each apply")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    scratch = tempfile.mkdtemp(prefix="htcds_import_")
    if sqlite:  # a file, as deployed, not the test runner's in-memory database
        settings.DATABASES["default"]["TEST"]["NAME"] = str(Path(scratch) / "bench.sqlite3")
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    vendor = "sqlite" if sqlite else "postgresql"
    print(f"database: {vendor}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(
        f"{'db':<10} {'fmt':<5} {'rows':>5} {'read+store':>11} {'dry run':>9} {'apply':>9} "
        f"{'ms/row':>7} {'q dry':>7} {'q apply':>8}"
    )
    for rows in args.rows:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            for line in measure(
                rows,
                formats=args.formats,
                queries=args.queries,
                profile=args.profile,
                vendor=vendor,
                verbose=args.verbose,
            ):
                print(line, flush=True)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


class QueryCount:
    """Count the queries run inside the block (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self, connection):
        self.connection = connection
        self.count = 0
        self.statements = collections.Counter()

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        self.statements[sql[:150]] += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def _file(client, fmt: str, rows: int) -> tuple[bytes, str]:
    """The manager's export in `fmt`, cut to its first `rows` records and written again."""
    import json

    from django.urls import reverse

    from reporting.htcds import fileformat

    response = client.get(reverse("reporting:export_htcds", args=[fmt]))
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content)
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    text = content.decode("utf-8")
    records = fileformat.json_records(text) if fmt == "json" else list(fileformat.csv_records(text))
    if len(records) < rows:
        raise SystemExit(f"the export holds {len(records)} records, fewer than {rows}: seed more")
    spool = fileformat.Spool(records[:rows])
    if fmt == "json":
        written = "".join(fileformat.json_chunks(spool, consent=json.loads(text)["consent"]))
    else:
        written = "".join(fileformat.csv_chunks(spool))
    return written.encode("utf-8"), name


def measure(rows: int, *, formats: list[str], queries: bool, profile: bool, vendor: str, verbose: bool):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from cases.models import Case
    from exchange import htcds_files, services
    from intake.models import Person
    from tests import two_factor

    # The demo manager exports about a fifth of the demo's cases (their NGO's, consented).
    cases = rows * 5 + 300
    started = time.perf_counter()
    call_command("seed_demo", cases=cases, seed=2026, verbosity=0)
    seeded = time.perf_counter() - started
    manager = User.objects.get(username="manager")
    client = Client()
    client.force_login(manager)
    two_factor.session_verify(client, manager)  # a finished sign-in, as tests/conftest.py's
    files = {fmt: _file(client, fmt, rows) for fmt in formats}
    for case in Case.objects.all():  # as tests/exchange/test_round_trip.py's case_data_flush
        case.events.all().delete()
        case.referrals.all().delete()
    Case.objects.all().delete()
    Person.objects.all().delete()
    htcds_files.MAX_ROWS = max(htcds_files.MAX_ROWS, rows)  # measure past the limit too
    yield f"(seeded {cases} demo cases in {seeded:.0f} s)"
    for fmt, (content, name) in files.items():
        started = time.perf_counter()
        raw = htcds_files.file_read(content, name=name)
        assert raw.readable, raw.problems[:3]
        upload = services.upload_store(raw=raw, uploaded_by=manager, size=len(content))
        stored = time.perf_counter() - started

        started = time.perf_counter()
        with QueryCount(connection) as dry_queries:
            plan = services.upload_plan(upload=upload, user=manager)
        dry = time.perf_counter() - started
        assert plan.importable, plan.every_problem[:3]
        assert plan.row_count == rows

        profiler = cProfile.Profile() if profile else None
        with transaction.atomic():
            started = time.perf_counter()
            with QueryCount(connection) as apply_queries:
                if profiler:
                    profiler.enable()
                result = services.upload_apply(
                    upload=upload, applied_by=manager, digest=upload.digest, create_anyway=set()
                )
                if profiler:
                    profiler.disable()
            applied = time.perf_counter() - started
            assert result.created == rows, result
            assert Case.objects.count() == rows
            transaction.set_rollback(True)  # the next format imports into the same empty database
        if profiler:
            out = ROOT / "var" / "bench" / f"htcds_import_{vendor}_{fmt}_{rows}.prof"
            out.parent.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(out)
        counts = f"{dry_queries.count:>7} {apply_queries.count:>8}" if queries else f"{'-':>7} {'-':>8}"
        if queries and verbose:
            for name, counted in (("dry run", dry_queries), ("apply", apply_queries)):
                for statement, times in counted.statements.most_common(5):
                    yield f"    {name}: {times} x {statement}"
        yield (
            f"{vendor:<10} {fmt:<5} {rows:>5} {stored:>10.2f}s {dry:>8.2f}s {applied:>8.2f}s "
            f"{applied * 1000 / rows:>7.1f} {counts}"
        )


if __name__ == "__main__":
    main()
