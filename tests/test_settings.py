"""Configuration comes from the environment: an embedded default, or PostgreSQL and Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "email": settings.EMAIL_BACKEND,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""
CONFIG_VARS = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL")


def settings_with(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_nothing_set_the_project_runs_embedded():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True  # Celery tasks run in-process
    assert values["debug"] is True
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    result = settings_with(DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/3")
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"


def test_production_refuses_to_boot_without_a_secret_key():
    result = settings_with(DEBUG="false", ALLOWED_HOSTS="intake.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_a_secret_redirects_to_https():
    result = settings_with(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="intake.example.org")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ssl_redirect"] is True
