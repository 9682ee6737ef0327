"""The admin's sections are named as people call them, not by package names."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_index_names_sections_as_people_call_them(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Sign-in lockouts" in page and "Staff accounts and groups" in page
    assert ">Axes<" not in page and "AXES" not in page and "OTP_TOTP" not in page
    assert "Authentication and Authorization" not in page
