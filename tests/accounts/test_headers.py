"""Every page forbids caching and carries a content-security policy with no third-party origin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.signing_in import enter_enrolment_code, secret_on, sign_in_with_password
from tests.factories import CaseFactory
from tests.two_factor import code_for_secret, enrolment_code

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


def assert_not_stored(response) -> None:
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def assert_strict_policy(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    sources = {source for values in csp.values() for source in values}
    assert sources <= {"'self'", "'none'", "data:"}  # no third-party origin, nothing inline


def test_the_sign_in_page_is_not_stored_and_has_the_policy(client):
    response = client.get(reverse("login"))
    assert_not_stored(response)
    assert_strict_policy(response)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("caseworker", "cases:home"),
        ("caseworker", "cases:case_list"),
        ("caseworker", "cases:registration_context"),
        ("liaison_in", "cases:home"),
        ("coordinator", "reporting:dashboard"),
        ("admin_user", "admin:index"),
    ],
)
def test_every_signed_in_page_is_not_stored_and_has_the_policy(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert_not_stored(response)
    assert_strict_policy(response)


def test_a_case_file_is_not_stored(client, caseworker, ngo_a):
    case = CaseFactory(organisation=ngo_a)
    client.force_login(caseworker)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_second_factor_and_lockout_pages_are_not_stored(client, caseworker):
    sign_in_with_password(client, "caseworker")
    enrol_url = reverse("accounts:two_factor_enrol")
    for_code = client.get(enrol_url)
    enter_enrolment_code(client, enrolment_code(caseworker))
    enrol = client.get(enrol_url)  # it shows the authenticator's secret
    recovery_codes = client.post(enrol_url, {"token": code_for_secret(secret_on(enrol))})  # shown once
    assert "Your recovery codes" in recovery_codes.content.decode()
    for page in (for_code, enrol, recovery_codes):
        assert_not_stored(page)
        assert_strict_policy(page)
    other = client.__class__()
    for _ in range(5):
        locked = sign_in_with_password(other, "caseworker", "wrong-password")
    assert locked.status_code == 429
    assert_not_stored(locked)
    assert_strict_policy(locked)


def test_redirects_are_not_stored_either(client, caseworker):
    assert_not_stored(client.get(reverse("cases:home")))  # to the sign-in page


def test_no_template_has_inline_script_style_or_event_handler_the_policy_would_block():
    blocked = re.compile(
        r"<script(?![^>]*(?:\bsrc=|type=\"application/json\"))[^>]*>"  # a script written in the page
        r"|\sstyle=\"|<style"  # a style attribute or element
        r"|\son[a-z]+=\""  # an event handler
    )
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in blocked.finditer(path.read_text())
    ]
    assert offenders == []
