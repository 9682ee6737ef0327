"""Settings for `make bench`: the production settings (PRODUCTION on), plus the reference pages.

The benchmark serves the application as deployed (PRODUCTION, templates cached, no query
log), through Django's test client in one process, so that a median is the application's
own time and not the network's. Its URLconf adds the two pages the case list is compared
with: the Django admin changelist of cases and a bare view over one hand-written query.
"""

import os
from pathlib import Path

# The databases were seeded by manage.py with the same environment: without SECRET_KEY or the
# keys, with the local secret and keys in var/ (written by any development run of manage.py).
LOCAL = Path(__file__).resolve().parents[2] / "var"
for _name, _variable in (
    ("secret_key", "SECRET_KEY"),
    ("field_encryption_key", "FIELD_ENCRYPTION_KEYS"),
    ("identity_hash_key", "IDENTITY_HASH_KEY"),
):
    if not os.environ.get(_variable) and (LOCAL / _name).exists():
        os.environ[_variable] = (LOCAL / _name).read_text().strip()
os.environ.setdefault("PRODUCTION", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from config.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "tests.benchmarks.urls"
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
# Static files are not collected for a benchmark; their URLs need no manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# One sign-in per page's session: nothing to learn from django-axes's lines about them.
LOGGING = {**LOGGING, "loggers": {**LOGGING.get("loggers", {}), "axes": {"level": "WARNING"}}}  # noqa: F405
