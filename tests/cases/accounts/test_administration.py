"""Administrators reset a lost authenticator and lift a lockout, and never see or set a secret."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cases.accounts.signing_in import sign_in_with_password
from tests.two_factor import confirmed_device

pytestmark = pytest.mark.django_db


def test_an_administrator_resets_a_lost_authenticator_without_seeing_its_secret(
    client, admin_user, caseworker
):
    device = confirmed_device(caseworker)
    client.force_login(admin_user)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    assert (
        client.post(
            reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not TOTPDevice.objects.filter(user=caseworker).exists()  # enrolment again at the next sign-in


def test_an_administrator_cannot_give_anyone_an_authenticator(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_an_administrator_lifts_a_lockout(client, admin_user, caseworker):
    locked = Client()
    for _ in range(5):
        sign_in_with_password(locked, "caseworker", "not-the-password")
    attempt = AccessAttempt.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert sign_in_with_password(locked, "caseworker").status_code == 302
