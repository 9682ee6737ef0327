"""Settings for `make bench`: the production settings (DEBUG off), plus the reference pages.

The benchmark serves the application as deployed (DEBUG off, templates cached, no query
log), through Django's test client in one process, so that a median is the application's
own time and not the network's. Its URLconf adds the two pages the case list is compared
with: the Django admin changelist of cases and a bare view over one hand-written query.
"""

import os
from pathlib import Path

# The databases were seeded by manage.py with the same environment: without SECRET_KEY, with
# the local secret in var/ (from which the field-encryption and matching keys are derived).
LOCAL_SECRET = Path(__file__).resolve().parents[2] / "var" / "secret_key"
if not os.environ.get("SECRET_KEY") and LOCAL_SECRET.exists():
    os.environ["SECRET_KEY"] = LOCAL_SECRET.read_text().strip()
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from config.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "tests.benchmarks.urls"
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
# Static files are not collected for a benchmark; their URLs need no manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# One sign-in per page's session: nothing to learn from django-axes's lines about them.
LOGGING = {**LOGGING, "loggers": {**LOGGING.get("loggers", {}), "axes": {"level": "WARNING"}}}  # noqa: F405
