"""`make surge`: load-test a surge of arrivals against the application as it is deployed.

Fifty caseworkers register arrivals, open each new case and browse the case list (now and
then asking an embassy to verify a nationality), while two embassy liaisons work their
queues, until exactly 1,500 arrivals are registered. The servers are real: gunicorn with
several workers (DEBUG off) on PostgreSQL, a Celery worker and beat on Redis. The users are
locust's, run headless in this process.

1. A scratch database `<name>_surge` beside DATABASE_URL's (which is never written): a copy
   of the bench database when it is seeded, else migrated and seeded with `--cases` cases.
2. The load test's caseworkers (surge_cw01…, the demo password) beside the demo's personas.
3. gunicorn, the Celery worker and beat on it, with Redis database 3 (flushed first).
4. A warm-up with a few users; the unloaded baseline: one user alone, each page 20 times;
   then the surge, every response time kept.
5. Afterwards, in the database: exactly N new cases, each registered once; every
   notification written for the right liaisons and delivered exactly once (inbox and email).
   The resident size of every gunicorn worker after start-up, after the warm-up and after.

It prints a table per page (throughput, median, p95, p99, unloaded median, errors, and the
p95 of the steady state: the requests after the last sign-in, as fifty password hashes at
the start weigh on the first seconds) and the checks, and writes the same to
var/bench/surge.json. It exits non-zero when a check fails or any request failed; the
latency target (p95 at most 3 times the unloaded median) is reported only.

    make surge                                                  # the full run: 50 users, 1,500 arrivals
    .venv/bin/python tests/benchmarks/surge.py --users 10 --arrivals 100 --cases 2000   # a quick one
"""

from __future__ import annotations

import itertools
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections import deque
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

# locust patches the standard library for gevent when imported: before anything opens a socket.
import locust  # noqa: E402, F401

from tests.benchmarks.databases import (  # noqa: E402
    SEEDED_AT_LEAST,
    database_name,
    scratch_create,
    scratch_drop,
    seeded_cases,
    url_with_database,
)
from tests.benchmarks.surge.options import Options, options_parse  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/intake_bench"
SMALL_SEED = 2000  # cases seeded when the bench database cannot be copied


def uptime() -> str:
    command = ["/usr/bin/uptime"]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env={"TZ": "UTC"}
    ).stdout.strip()


def say(text: str) -> None:
    print(text, flush=True)


def prepare_database(options: Options, scratch: str) -> dict:
    """Create the scratch database; return where its data came from."""
    url = options.database_url
    seeded = 0 if options.cases is not None else seeded_cases(url)
    if seeded >= SEEDED_AT_LEAST:
        say(f"Copying {database_name(url)} ({seeded:,} cases) into {scratch} …")
        seconds = scratch_create(url, scratch, template=database_name(url))
        return {"source": f"copy of {database_name(url)}", "cases": seeded, "seconds": round(seconds, 1)}
    cases = options.cases if options.cases is not None else SMALL_SEED
    say(f"Creating {scratch}, to be seeded with {cases:,} demo cases …")
    scratch_create(url, scratch, template=None)
    return {"source": "seed_demo", "cases": cases, "seconds": None}


def main(argv: list[str]) -> int:
    options = options_parse(argv, database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    command = shlex.join([".venv/bin/python", "tests/benchmarks/surge.py", *argv])
    scratch = f"{database_name(options.database_url)}_surge"
    scratch_url = url_with_database(options.database_url, scratch)
    shutil.rmtree(options.work_dir, ignore_errors=True)
    (options.work_dir / "mail").mkdir(parents=True)
    load_before = uptime()
    say(f"{command}\n{load_before}")

    started = time.perf_counter()
    database = prepare_database(options, scratch)
    os.environ["DATABASE_URL"] = scratch_url  # this process's Django, for set-up and checks only
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from intake.models import Language
    from tests.benchmarks.surge import checks, phases, report, staff, users
    from tests.benchmarks.surge.arrivals import names_check
    from tests.benchmarks.surge.servers import Servers, free_port, server_environment

    call_command("migrate", "--noinput", verbosity=0)
    if database["source"] == "seed_demo":
        call_command("seed_demo", cases=database["cases"], verbosity=0)
        database["seconds"] = round(time.perf_counter() - started, 1)
    else:
        _secret_check()
    caseworkers, liaisons = staff.staff_create(caseworkers=options.users, liaisons=options.liaisons)
    warm_up_arrivals = options.workers * 10
    per_organisation = (warm_up_arrivals + options.repeats + options.arrivals) // options.verify_every + 10
    pool = {
        org: deque(ids) for org, ids in staff.verification_pool(per_organisation=per_organisation).items()
    }
    languages = dict(Language.objects.offered().values_list("code", "pk"))
    names_check(warm_up_arrivals + options.repeats + options.arrivals + 1)
    numbers = itertools.count(1)
    today = timezone.localdate()
    say(
        f"Database ready in {time.perf_counter() - started:.0f} s: {database}; "
        f"{sum(map(len, pool.values()))} cases to send to an embassy"
    )

    def plan(arrivals: int, think: tuple[float, float], verify_every: int) -> users.Plan:
        return users.Plan(
            caseworkers=caseworkers,
            liaisons=liaisons,
            password=settings.DEMO_PASSWORD,
            arrivals=arrivals,
            think=think,
            verify_every=verify_every,
            languages=languages,
            today=today,
            numbers=numbers,
            pool=pool,
        )

    port = options.port or free_port()
    env = server_environment(options, database_url=scratch_url, settings=settings, port=port)
    servers = Servers(options=options, env=env, port=port)
    try:
        servers.collectstatic()
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
        servers.start()
        rss_started = servers.worker_rss()
        pids_started = servers.worker_pids()
        say(f"Servers up at {servers.base_url}: gunicorn workers {pids_started}")
        since_setup = checks.Snapshot.take()

        warm_env, warm = phases.environment(servers.base_url)
        warm_plan = plan(warm_up_arrivals, (0.0, 0.2), 3)
        phases.run_users(
            warm_env,
            warm_plan,
            caseworkers=min(options.users, options.workers * 2),
            liaisons=options.liaisons,
            spawn_rate=options.spawn_rate,
            time_limit=300,
        )
        rss_warm = servers.worker_rss()
        say(f"Warm-up: {sum(map(len, warm.times.values()))} requests, {warm.error_count} errors")
        for message, count in _errors(warm).items():
            say(f"  {count} x {message}")

        base_env, base = phases.environment(servers.base_url)
        base_plan = plan(options.repeats, (0.0, 0.0), 1)
        phases.baseline(base_env, base_plan, repeats=options.repeats)
        say(f"Baseline: {sum(map(len, base.times.values()))} requests, {base.error_count} errors")

        since_load = checks.Snapshot.take()
        load_env, load = phases.environment(servers.base_url)
        load_plan = plan(options.arrivals, options.think, options.verify_every)
        say(f"Surge: {options.users} caseworkers, {options.liaisons} liaisons, {options.arrivals} arrivals …")
        timeline = []
        access_log = options.work_dir / "access.log"
        access_log_start = access_log.stat().st_size
        cpu_before = servers.cpu_seconds()

        def memory_sample(seconds: float) -> None:
            timeline.append({"seconds": round(seconds), "registered": load_plan.registered, **_rss(servers)})

        surge_began = time.monotonic()
        seconds = phases.run_users(
            load_env,
            load_plan,
            caseworkers=options.users,
            liaisons=options.liaisons,
            spawn_rate=options.spawn_rate,
            time_limit=options.time_limit * 60,
            on_tick=memory_sample,
        )
        rss_after = servers.worker_rss()
        memory_sample(seconds)
        cpu_after = servers.cpu_seconds()
        pids_after = servers.worker_pids()
        load_after = uptime()
        say(f"Surge done in {seconds:.0f} s; waiting for the notifications to be delivered …")
        # Its steady state: once the last caseworker has signed in (each sign-in hashes a password).
        steady_from = load.everyone_signed_in_at or surge_began
        drain = checks.drain(since=since_setup, redis_url=env["REDIS_URL"], timeout=options.drain_timeout)
        time.sleep(2)  # the last task's log line
        result = {
            "command": command,
            "database_url": options.database_url,
            "database": {**database, "scratch": scratch},
            "options": {
                k: v for k, v in asdict(options).items() if k not in ("json_path", "work_dir", "database_url")
            },
            "servers": {
                "gunicorn": f"{options.workers} {options.worker_class} workers",
                "celery": f"worker --concurrency {options.celery_concurrency}, beat",
                "settings": "config.settings.base, DEBUG off (STATIC_ROOT in the run's folder)",
                "two_factor": "off (TWO_FACTOR_REQUIRED=false)",
                "proxy": "none: users send X-Forwarded-Proto and X-Forwarded-For as the TLS proxy would",
            },
            "machine": {"cpus": os.cpu_count(), "load_before": load_before, "load_after": load_after},
            "pages": report.page_rows(load, base, seconds, steady=load.after(steady_from)),
            "totals": {**_totals(load, load_plan, seconds), "steady_from_seconds": steady_from - surge_began},
            "warm_up": {"requests": sum(map(len, warm.times.values())), "errors": dict(_errors(warm))},
            "baseline": {"requests": sum(map(len, base.times.values())), "errors": dict(_errors(base))},
            "checks": {
                "cases": checks.cases_check(since=since_load, expected=options.arrivals),
                "notifications": checks.notifications_check(
                    since=since_setup,
                    mail_dir=options.work_dir / "mail",
                    worker_log=options.work_dir / "celery-worker.log",
                ),
                "drain": drain,
            },
            "memory": {
                "workers": report.memory_rows(rss_started, rss_warm, rss_after),
                "same_workers": pids_started == pids_after,
                "during_surge": timeline,
            },
            "access_log": report.access_log_summary(access_log.read_text()),
            "server_side": report.server_times(access_log.read_bytes()[access_log_start:].decode()),
            "cpu_seconds_during_surge": {
                name: round(cpu_after.get(name, 0.0) - used, 1) for name, used in cpu_before.items()
            },
            "notes": warm_plan.notes + base_plan.notes + load_plan.notes,
            "logs": str(options.work_dir),
        }
    finally:
        servers.stop()
        connections.close_all()
        if not options.keep:
            scratch_drop(options.database_url, scratch)
    say("")
    say(report.table(result))
    options.json_path.parent.mkdir(parents=True, exist_ok=True)
    options.json_path.write_text(json.dumps(result, indent=2, default=str))
    say(f"\nWritten to {options.json_path}; server logs in {options.work_dir}")
    failed = [
        reason
        for reason, bad in (
            ("requests failed under load", result["totals"]["errors"]),
            ("requests failed in the warm-up or baseline", warm.error_count + base.error_count),
            ("the new cases are not as expected", not result["checks"]["cases"]["ok"]),
            ("notifications were not delivered exactly once", not result["checks"]["notifications"]["ok"]),
            ("a gunicorn worker was replaced", not result["memory"]["same_workers"]),
        )
        if bad
    ]
    for reason in failed:
        say(f"FAILED: {reason}")
    return 1 if failed else 0


def _secret_check() -> None:
    """Stop early unless this environment's keys are those the bench database was seeded with."""
    from intake.matching import phone_index
    from intake.models import Person

    try:
        person = Person.objects.exclude(phone_index="").first()  # the phone is decrypted on loading
        same_keys = person is None or phone_index(person.phone) == person.phone_index
    except Exception:
        same_keys = False
    if not same_keys:
        raise SystemExit(
            "The bench database was seeded with other keys (its phones do not decrypt or match "
            "their index): run with the environment it was seeded in."
        )


def _rss(servers) -> dict:
    sizes = [size / 2**20 for size in servers.worker_rss().values()]
    return {"mean_mb": round(sum(sizes) / len(sizes), 1), "max_mb": round(max(sizes), 1)} if sizes else {}


def _errors(recorder) -> dict[str, int]:
    return {f"{name}: {message}": n for name, c in recorder.errors.items() for message, n in c.items()}


def _totals(load, plan, seconds: float) -> dict:
    import statistics

    from tests.benchmarks.surge.phases import percentile

    every = [t for times in load.times.values() for t in times]
    return {
        "requests": len(every),
        "per_second": len(every) / seconds,
        "median_ms": statistics.median(every) if every else None,
        "p95_ms": percentile(every, 0.95) if every else None,
        "p99_ms": percentile(every, 0.99) if every else None,
        "errors": load.error_count,
        "seconds": seconds,
        "arrivals_registered": plan.registered,
        "arrivals_per_minute": plan.registered / seconds * 60,
        "verification_requests": plan.verification_requests,
        "embassy_steps": plan.embassy_steps,
        "verification_pool_exhausted": plan.pool_exhausted,
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
