"""The command line of the surge load test."""

import argparse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Options:
    database_url: str
    arrivals: int
    users: int
    liaisons: int
    cases: int | None
    workers: int
    worker_class: str
    threads: int
    celery_concurrency: int
    think: tuple[float, float]
    verify_every: int
    repeats: int
    spawn_rate: float
    redis_db: int
    port: int
    keep: bool
    time_limit: float
    drain_timeout: float
    json_path: Path
    work_dir: Path


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    values = (float(low), float(high or low))
    if values[0] < 0 or values[1] < values[0]:
        raise argparse.ArgumentTypeError("give MIN,MAX seconds with 0 <= MIN <= MAX")
    return values


def options_parse(argv: list[str], *, database_url: str) -> Options:
    """Read the options; every default is the full run the issue asks for."""
    parser = argparse.ArgumentParser(
        prog="tests/benchmarks/surge.py",
        description="Load-test a surge: caseworkers register arrivals while liaisons work their queues.",
    )
    add = parser.add_argument
    add("--arrivals", type=int, default=1500, help="arrivals to register under load (default 1500)")
    add("--users", type=int, default=50, help="concurrent caseworkers (default 50)")
    add("--liaisons", type=int, default=2, choices=[0, 1, 2], help="liaisons working queues (default 2)")
    add(
        "--cases",
        type=int,
        default=None,
        help="seed a fresh database with N demo cases instead of copying the bench database "
        "(used anyway, with 2000, when the bench database is missing or not seeded)",
    )
    add("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    add("--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn worker class")
    add("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    add("--celery-concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    add(
        "--think",
        type=_think,
        default=(1.0, 3.0),
        metavar="MIN,MAX",
        help="seconds a user waits between two pages, uniformly drawn (default 1,3)",
    )
    add(
        "--verify-every",
        type=int,
        default=3,
        help="a caseworker asks an embassy to verify a nationality every Nth arrival (default 3)",
    )
    add("--repeats", type=int, default=20, help="requests of each page for the unloaded baseline")
    add("--spawn-rate", type=float, default=2.0, help="users signing in per second at the start (default 2)")
    add("--redis-db", type=int, default=3, help="Redis database of the broker, flushed first (default 3)")
    add("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    add("--keep", action="store_true", help="keep the scratch database afterwards")
    add("--time-limit", type=float, default=30.0, help="minutes the surge may take at most (default 30)")
    add("--drain-timeout", type=float, default=300.0, help="seconds to wait for notifications afterwards")
    add("--json", type=Path, default=ROOT / "var" / "bench" / "surge.json", help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.arrivals < 1 or args.users < 1 or args.workers < 1 or args.repeats < 1 or args.verify_every < 1:
        parser.error("--arrivals, --users, --workers, --repeats and --verify-every must be at least 1")
    if args.redis_db == 0:
        parser.error("--redis-db 0 is the development broker's: choose another, it is flushed")
    return Options(
        database_url=database_url,
        arrivals=args.arrivals,
        users=args.users,
        liaisons=args.liaisons,
        cases=args.cases,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        celery_concurrency=args.celery_concurrency,
        think=args.think,
        verify_every=args.verify_every,
        repeats=args.repeats,
        spawn_rate=args.spawn_rate,
        redis_db=args.redis_db,
        port=args.port,
        keep=args.keep,
        time_limit=args.time_limit,
        drain_timeout=args.drain_timeout,
        json_path=args.json,
        work_dir=ROOT / "var" / "bench" / "surge-run",
    )
