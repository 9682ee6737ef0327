"""Signing in through the real forms, as a person does (not force_login)."""

import re

from django.urls import reverse

from tests.conftest import PASSWORD


def sign_in_with_password(client, username: str, password: str = PASSWORD, **extra):
    """Post the sign-in form; return its response, not followed."""
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def verify(client, token: str, **extra):
    """Post a code to the second-factor page; return its response, not followed."""
    return client.post(reverse("accounts:two_factor_verify"), {"token": token}, **extra)


def enter_enrolment_code(client, code: str, **extra):
    """Post an enrolment code to the enrolment page; return its response, not followed."""
    return client.post(reverse("accounts:two_factor_enrol"), {"code": code}, **extra)


def secret_on(response) -> str:
    """Return the key the enrolment page shows as text."""
    match = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', response.content.decode())
    assert match, "no secret on the page"
    return match.group(1)


def recovery_codes_on(response) -> list[str]:
    """Return the recovery codes the page after enrolment shows."""
    codes = re.findall(
        r"<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode()
    )
    assert codes, "no recovery codes on the page"
    return codes
