"""Where one page's time goes: its total, the database's share and each query, on the bench database.

A tool for finding what to fix next, beside `make bench` (which compares pages): it requests
one page as one persona many times, in this process, with the benchmark's settings (DEBUG
off, Django's test client), and prints the median and the fastest request, the time spent
in the database, the rest (Python: middleware, forms, templates), and each query's median.

    .venv/bin/python tests/benchmarks/page_profile.py caseworker "/cases/?nationality=PH&status=Active"
    .venv/bin/python tests/benchmarks/page_profile.py liaison_ph /repatriation/ --repeat 41

DATABASE_URL defaults to the bench database (postgres://postgres@127.0.0.1:5432/intake_bench).
The fastest request is the steadier figure on a shared machine; the median is the typical one.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("persona", help="a demo username: caseworker, liaison_ph, coordinator, …")
    parser.add_argument("path", help="the page, with its query string")
    parser.add_argument("--repeat", type=int, default=21, help="timed requests (default 21)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intake_bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from tests.two_factor import session_verify

    client = Client()
    user = User.objects.get(username=args.persona)
    client.force_login(user)
    session_verify(client, user)
    for _ in range(3):  # connections, caches, compiled templates
        response = client.get(args.path)
        if response.status_code != 200:
            raise SystemExit(f"{args.path}: HTTP {response.status_code} for {args.persona}")

    queries: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    totals, in_database, per_query = [], [], {}
    for _ in range(args.repeat):
        queries.clear()
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            client.get(args.path)
            totals.append((time.perf_counter() - started) * 1000)
        in_database.append(sum(ms for ms, _ in queries))
        for i, (ms, sql) in enumerate(queries):
            per_query.setdefault(i, (sql, []))[1].append(ms)
    rest = [total - db for total, db in zip(totals, in_database, strict=True)]
    print(f"{args.persona} {args.path}: {args.repeat} requests, {len(queries)} queries each")
    for name, values in (("total", totals), ("database", in_database), ("the rest", rest)):
        print(f"  {name:<9} median {statistics.median(values):7.1f} ms   fastest {min(values):7.1f} ms")
    print("  each query's median (ms):")
    for sql, values in per_query.values():
        print(f"  {statistics.median(values):7.2f}  {' '.join(sql.split())[:150]}")


if __name__ == "__main__":
    main()
