"""The PostgreSQL databases of `make bench` and `make surge`, beside the one DATABASE_URL names.

- `make bench` measures in that database (seeded with 100,000 cases) and `<name>_small`;
- `make surge` writes only in a scratch database `<name>_surge`: a copy of the bench database
  (`CREATE DATABASE … TEMPLATE`) when it exists and is seeded, so that the surge lands on
  100,000 cases; otherwise an empty one, migrated and seeded by the caller with `seed_demo`.
"""

import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

TEMPLATE_RETRY_SECONDS = 120  # the template may be in use by the benchmark for a while
SEEDED_AT_LEAST = 1000  # cases that make a database worth copying


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def url_with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url_with_database(url, "postgres"), autocommit=True)


def database_ensure(url: str) -> None:
    """Create the database `url` names if it does not exist yet."""
    name = database_name(url)
    with _admin(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def seeded_cases(url: str) -> int:
    """Return how many cases the database at `url` holds; 0 if it is missing or not migrated."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SELECT to_regclass('cases_case') IS NOT NULL").fetchone()
            if not row[0]:
                return 0
            return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except psycopg.OperationalError:
        return 0


def scratch_create(url: str, scratch: str, *, template: str | None) -> float:
    """Drop and create the scratch database, as a copy of `template` if given; return the seconds taken."""
    started = time.perf_counter()
    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        if template is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
            return time.perf_counter() - started
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(scratch), sql.Identifier(template)
        )
        deadline = time.monotonic() + TEMPLATE_RETRY_SECONDS
        while True:
            try:
                conn.execute(statement)
                return time.perf_counter() - started
            except psycopg.errors.ObjectInUse:
                # Someone (the benchmark) is connected to the template: wait, never force them out.
                if time.monotonic() > deadline:
                    raise
                print(f"  {template} is in use; waiting to copy it …", flush=True)
                time.sleep(5)


def scratch_drop(url: str, scratch: str) -> None:
    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
