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


def secret_on(response) -> str:
    """Return the key the enrolment page shows as text."""
    match = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', response.content.decode())
    assert match, "no secret on the page"
    return match.group(1)
