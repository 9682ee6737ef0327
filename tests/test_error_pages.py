"""Errors as a person meets them: the app's own pages, in the demo too, never Django's debug pages."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.factories import CaseFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_a_record_the_user_may_not_see_gives_a_friendly_not_found_page(client, caseworker, ngo_b):
    elsewhere = CaseFactory(organisation=ngo_b)
    client.force_login(caseworker)
    response = client.get(reverse("cases:case_detail", args=[elsewhere.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page is not here, or it is not yours to see" in page
    assert "Go to your home page" in page and 'aria-label="Main navigation"' in page
    assert "URLconf" not in page and "urlpatterns" not in page.lower()


@pytest.mark.django_db
def test_an_unknown_address_gives_the_same_page(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "This page is not here" in response.content.decode()


@pytest.mark.django_db
def test_a_refusal_gives_a_friendly_page(rf: RequestFactory, caseworker):
    request = rf.get("/")
    request.user = caseworker
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Your account may not do this" in response.content.decode()


def test_a_server_error_gives_a_friendly_page_without_any_context(rf: RequestFactory):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "Traceback" not in page


def test_make_run_serves_the_demo_with_debug_off_and_emails_pointing_to_its_port():
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is needed to read the Makefile's run target")
    dry_run = subprocess.run(
        [make, "-n", "-o", "setup", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert "DEBUG=false" in serve and "SITE_URL=http://127.0.0.1:8123" in serve
    assert serve.rstrip().endswith("runserver 127.0.0.1:8123")

    # The settings the demo gets from that environment: debug pages off, static files still served.
    probe = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.DEBUG, settings.SITE_URL, settings.WHITENOISE_USE_FINDERS]))"
    )
    unset = ("DEBUG", "PRODUCTION", "SITE_URL", "DATABASE_URL")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "SITE_URL": "http://127.0.0.1:8123",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, "http://127.0.0.1:8123", True]
