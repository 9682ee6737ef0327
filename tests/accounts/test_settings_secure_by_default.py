"""With PRODUCTION=true and only SECRET_KEY, the two keys and ALLOWED_HOSTS set, the deployment checks
pass, and the accounts' defaults are the secure ones. Run in a subprocess, as tests/test_settings.py does."""

import json
import os
import subprocess
import sys

from tests.test_settings import CONFIG_VARS, PRODUCTION_KEYS, ROOT

# What the environment of this test run sets that a deployment would not: the browser tests'
# DJANGO_ALLOW_ASYNC_UNSAFE would fail the deployment checks.
ACCOUNT_VARS = (
    "TWO_FACTOR_REQUIRED",
    "TRUSTED_PROXY_COUNT",
    "TRUSTED_PROXIES",
    "ENROLMENT_CODE_LIFETIME_HOURS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
PRODUCTION = {
    "PRODUCTION": "true",
    "SECRET_KEY": "k" * 30 + "-Zq8#x!v2@Lr5$wN9^pT3&mY7*bK4(hJ",
    "ALLOWED_HOSTS": "intake.example.org",
    **PRODUCTION_KEYS,
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
try:
    validate_password("mae-sot-2026")  # 12 characters
    validate_password("mae-sot-202")  # 11 characters
    short_refused = False
except ValidationError:
    short_refused = True
print(json.dumps({
    "two_factor_required": settings.TWO_FACTOR_REQUIRED,
    "trusted_proxies": settings.TRUSTED_PROXY_COUNT,
    "trusted_proxy_addresses": settings.TRUSTED_PROXIES,
    "enrolment_code_hours": settings.ENROLMENT_CODE_LIFETIME_HOURS,
    "hash": make_password("correct-horse-battery").split("$")[0],
    "short_refused": short_refused,
    "idle": settings.SESSION_IDLE_TIMEOUT,
    "absolute": settings.SESSION_ABSOLUTE_TIMEOUT,
}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in (*CONFIG_VARS, *ACCOUNT_VARS)}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_with_only_a_secret_and_hosts_passes_the_deployment_checks():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_require_the_second_factor_and_trust_one_proxy():
    result = run(["-c", PROBE], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["two_factor_required"] is True
    assert values["trusted_proxies"] == 1
    assert values["trusted_proxy_addresses"] == ["127.0.0.0/8", "::1/128"]  # a proxy on this machine only
    assert values["enrolment_code_hours"] == 72
    assert values["idle"] == 30 * 60
    assert values["absolute"] == 8 * 60 * 60


def test_passwords_are_hashed_with_argon2_and_must_have_12_characters():
    values = json.loads(run(["-c", PROBE]).stdout)
    assert values["hash"] == "argon2"
    assert values["short_refused"] is True


def test_only_the_environment_switches_the_second_factor_off():
    assert json.loads(run(["-c", PROBE]).stdout)["two_factor_required"] is True  # the embedded default too
    assert json.loads(run(["-c", PROBE], TWO_FACTOR_REQUIRED="false").stdout)["two_factor_required"] is False


def test_the_proxies_addresses_are_read_from_the_environment_and_a_typo_stops_the_boot():
    values = json.loads(run(["-c", PROBE], **PRODUCTION, TRUSTED_PROXIES="172.31.250.1,10.0.0.0/8").stdout)
    assert values["trusted_proxy_addresses"] == ["172.31.250.1/32", "10.0.0.0/8"]
    result = run(["-c", PROBE], **PRODUCTION, TRUSTED_PROXIES="172.31.250.300")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
