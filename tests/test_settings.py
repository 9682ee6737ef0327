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
    "production": settings.PRODUCTION,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "field_keys": settings.FIELD_ENCRYPTION_KEYS,
    "identity_key": settings.IDENTITY_HASH_KEY,
    "database_users": {alias: db.get("USER") for alias, db in settings.DATABASES.items()},
    "migration_database": settings.MIGRATION_DATABASE,
}))
"""
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "PRODUCTION",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "FIELD_ENCRYPTION_KEYS",
    "IDENTITY_HASH_KEY",
    "DATABASE_OWNER_URL",
)
# Production's keys, apart from its secret: a Fernet key (32 bytes, URL-safe base64) and any long string.
PRODUCTION_KEYS = {
    "FIELD_ENCRYPTION_KEYS": "pGyJq4v7tXo0mYc3hZr1dQ8aW5sE2uK9bN6fL0iT3xA=",
    "IDENTITY_HASH_KEY": "identity-Vd93kQm2-xT7pLw8rZ4nY1bH6cJ0sF5g",
}


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
    assert values["production"] is False
    assert values["ssl_redirect"] is False
    assert values["session_cookie_secure"] is False
    assert values["allowed_hosts"] == ["127.0.0.1", "localhost"]
    assert values["static_storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"


def test_an_empty_database_url_means_the_embedded_default():
    result = settings_with(DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["engine"] == "django.db.backends.sqlite3"


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    result = settings_with(DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/3")
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"


def test_production_refuses_to_boot_without_a_secret_key():
    result = settings_with(PRODUCTION="true", ALLOWED_HOSTS="intake.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_a_secret_and_keys_is_secure():
    result = settings_with(
        PRODUCTION="true", SECRET_KEY="x" * 60, ALLOWED_HOSTS="intake.example.org", **PRODUCTION_KEYS
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False  # off unless asked, and asking is refused (below)
    assert values["ssl_redirect"] is True
    assert values["session_cookie_secure"] is True
    assert values["csrf_cookie_secure"] is True
    assert values["hsts_seconds"] == 365 * 24 * 60 * 60
    assert values["hsts_subdomains"] is True
    assert values["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["field_keys"] == [PRODUCTION_KEYS["FIELD_ENCRYPTION_KEYS"]]
    assert values["identity_key"] == PRODUCTION_KEYS["IDENTITY_HASH_KEY"]


def test_production_refuses_to_boot_with_debug_on():
    result = settings_with(
        PRODUCTION="true", DEBUG="true", SECRET_KEY="x" * 60, ALLOWED_HOSTS="h", **PRODUCTION_KEYS
    )
    assert result.returncode != 0
    assert "DEBUG must be off when PRODUCTION is on" in result.stderr


def test_debug_off_alone_is_not_production():
    values = json.loads(settings_with(DEBUG="false").stdout)
    assert (values["debug"], values["production"], values["ssl_redirect"]) == (False, False, False)


def test_production_refuses_to_boot_with_a_secret_but_no_encryption_or_matching_key():
    result = settings_with(PRODUCTION="true", SECRET_KEY="x" * 60, ALLOWED_HOSTS="intake.example.org")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and IDENTITY_HASH_KEY must be set" in result.stderr
    only_one = settings_with(
        PRODUCTION="true",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="intake.example.org",
        FIELD_ENCRYPTION_KEYS=PRODUCTION_KEYS["FIELD_ENCRYPTION_KEYS"],
    )
    assert only_one.returncode != 0
    assert "IDENTITY_HASH_KEY must be set" in only_one.stderr


def test_development_keys_are_kept_in_var_and_do_not_follow_the_secret_key():
    first = json.loads(settings_with(SECRET_KEY="first-secret-" * 4).stdout)
    second = json.loads(settings_with(SECRET_KEY="second-secret-" * 4).stdout)
    assert (
        first["field_keys"] == second["field_keys"] == [(ROOT / "var" / "field_encryption_key").read_text()]
    )
    assert first["identity_key"] == second["identity_key"] == (ROOT / "var" / "identity_hash_key").read_text()
    assert "secret" not in first["identity_key"]


def test_an_owner_url_makes_migrations_run_as_the_owner_and_the_application_as_its_own_role():
    two = json.loads(
        settings_with(
            DATABASE_URL="postgres://intake_app:a@db:5432/intake",
            DATABASE_OWNER_URL="postgres://intake:b@db:5432/intake",
        ).stdout
    )
    assert two["database_users"] == {"default": "intake_app", "owner": "intake"}
    assert two["migration_database"] == "owner"
    one = json.loads(settings_with(DATABASE_URL="postgres://intake:b@db:5432/intake").stdout)
    assert one["database_users"] == {"default": "intake"}
    assert one["migration_database"] == "default"


def test_migrate_runs_on_the_owner_alias_by_default_when_there_is_one(settings):
    from cases.management.commands.migrate import Command

    settings.MIGRATION_DATABASE = "owner"
    assert Command().create_parser("manage.py", "migrate").parse_args([]).database == "owner"
    settings.MIGRATION_DATABASE = "default"
    assert Command().create_parser("manage.py", "migrate").parse_args([]).database == "default"


def settings_in_folder(folder: Path, **env: str) -> dict:
    """The settings of a project folder holding `folder`/var/ (config/ copied there, the apps from here)."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.base", PYTHONPATH=str(ROOT), **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=folder, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_development_folder_made_before_the_keys_were_separate_still_reads_its_data(tmp_path):
    import base64
    import hashlib
    import shutil

    shutil.copytree(ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("old-development-secret")
    derived = base64.urlsafe_b64encode(hashlib.sha256(b"field-encryption:old-development-secret").digest())

    first = settings_in_folder(tmp_path)
    assert first["field_keys"] == [derived.decode()]  # what its database was encrypted with
    assert first["identity_key"] == "identity:old-development-secret"
    assert (tmp_path / "var" / "field_encryption_key").exists()
    # From then on the keys are the files', whatever the secret becomes.
    later = settings_in_folder(tmp_path, SECRET_KEY="a-new-secret-" * 5)
    assert (later["field_keys"], later["identity_key"]) == (first["field_keys"], first["identity_key"])


def test_a_new_development_folder_gets_random_keys(tmp_path):
    import shutil

    shutil.copytree(ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__"))
    values = settings_in_folder(tmp_path)
    secret = (tmp_path / "var" / "secret_key").read_text()
    assert secret not in values["identity_key"]
    assert values["field_keys"] == [(tmp_path / "var" / "field_encryption_key").read_text()]
    assert settings_in_folder(tmp_path)["field_keys"] == values["field_keys"]  # kept, not remade


def test_each_list_of_wiring_is_assigned_once_and_never_extended():
    """base.py reads top to bottom once: one definition each, then no +=, append, insert or vars()."""
    import ast

    tree = ast.parse((ROOT / "config" / "settings" / "base.py").read_text())
    once = {"INSTALLED_APPS", "MIDDLEWARE", "TEMPLATES", "AUTHENTICATION_BACKENDS", "CELERY_BEAT_SCHEDULE"}

    def root_name(node: ast.expr) -> str | None:
        while isinstance(node, ast.Subscript | ast.Attribute):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    assigned, changed = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name) and target.id in once:
                    assigned.append(target.id)
                    if isinstance(node, ast.AugAssign):
                        changed.append(ast.unparse(node))
                elif root_name(target) in once:  # TEMPLATES[0]["OPTIONS"][...] = ...
                    changed.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"append", "extend", "insert", "update"} or root_name(node.func) in once:
                changed.append(ast.unparse(node))
        elif isinstance(node, ast.Name) and node.id == "vars":
            changed.append("vars()")
    assert sorted(assigned) == sorted(once)  # each exactly once
    assert changed == []
