"""The servers under load, each a subprocess of this script: gunicorn, the Celery worker, Celery beat.

They run the production settings (PRODUCTION on) on the scratch database and a Redis database
of their own, with the secret this script's own settings hold, so that fields the bench
database was seeded with decrypt. Two-factor sign-in is switched off: a load test cannot
type authenticator codes, and that step is one more page, not another load. HTTPS is
what the TLS proxy in front of gunicorn would speak; the users say so in X-Forwarded-Proto.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from tests.benchmarks.surge.options import ROOT, Options

BIN = Path(sys.executable).parent
# pid, status, method, path, microseconds: which worker answered what, and in how long.
ACCESS_LOG_FORMAT = "%(p)s %(s)s %(m)s %(U)s %(D)s"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(options: Options, *, database_url: str, settings, port: int) -> dict[str, str]:
    """The environment of every server process: production settings (keys from `settings`), local services."""
    work = options.work_dir
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.surge.settings",  # base, with STATIC_ROOT in work/
        "SURGE_STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{options.redis_db}",
        "PRODUCTION": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "IDENTITY_HASH_KEY": settings.IDENTITY_HASH_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TWO_FACTOR_REQUIRED": "false",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "EMAIL_URL": f"filemail:///{work / 'mail'}",  # one file per email, counted afterwards
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Servers:
    options: Options
    env: dict[str, str]
    port: int
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def collectstatic(self) -> None:
        """Collect static files into the run's folder: the manifest storage needs them in production."""
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            env=self.env,
            cwd=ROOT,
        )

    def _start(self, name: str, command: list[str], *, env: dict[str, str] | None = None) -> None:
        log = open(self.options.work_dir / f"{name}.out", "wb")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self) -> None:
        work = self.options.work_dir
        worker_env = {**self.env, "LOG_LEVEL": "INFO"}  # each task's outcome in the log, counted afterwards
        self._start(
            "celery-worker",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--concurrency",
                str(self.options.celery_concurrency),
                "--loglevel",
                "INFO",
                "--hostname",
                "surge@%h",
                "--without-gossip",
                "--without-mingle",
                "--logfile",
                str(work / "celery-worker.log"),
            ],
            env=worker_env,
        )
        # Beat re-queues what a lost task left undelivered (the notification sweep), as in production.
        self._start(
            "celery-beat",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(work / "celerybeat-schedule"),
                "--logfile",
                str(work / "celery-beat.log"),
            ],
        )
        gunicorn = [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.options.workers),
            "--worker-class",
            self.options.worker_class,
            "--no-control-socket",  # its default path is one per user: another gunicorn may hold it
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--access-logfile",
            str(work / "access.log"),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--error-logfile",
            str(work / "gunicorn.log"),
        ]
        if self.options.worker_class == "gthread":
            gunicorn += ["--threads", str(self.options.threads)]
        self._start("gunicorn", gunicorn)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited ({process.returncode}): see {self.options.work_dir}")
            try:
                response = requests.get(
                    f"{self.base_url}/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=5
                )
                if response.status_code == 200 and len(self.worker_pids()) == self.options.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: see {self.options.work_dir}")

    def worker_pids(self) -> list[int]:
        master = self.processes.get("gunicorn")
        if master is None:
            return []
        return sorted(child.pid for child in psutil.Process(master.pid).children())

    def worker_rss(self) -> dict[int, int]:
        """Resident size (VmRSS, bytes) of each gunicorn worker, by pid."""
        sizes = {}
        for pid in self.worker_pids():
            try:
                sizes[pid] = psutil.Process(pid).memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return sizes

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds (user + system) used so far: by this process (locust), each server, the machine."""
        used = {"locust (this process)": _cpu(psutil.Process())}
        for name, process in self.processes.items():
            try:
                tree = psutil.Process(process.pid)
                used[name] = _cpu(tree) + sum(_cpu(child) for child in tree.children(recursive=True))
            except psutil.NoSuchProcess:
                continue
        machine = psutil.cpu_times()  # PostgreSQL and anyone else's work are in here
        used["whole machine"] = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
        return used

    def stop(self) -> None:
        """Stop every server gracefully (SIGTERM), then for good after a while."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop within 30 s: killed", flush=True)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system
