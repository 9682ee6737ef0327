"""Administrators issue enrolment codes (a lost phone is reset so) and lift a lockout; never see a secret."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuthenticatorDevice, EnrolmentCode, RecoveryDevice
from cases.models import AccessLog
from tests.accounts.signing_in import sign_in_with_password
from tests.two_factor import confirmed_device

pytestmark = pytest.mark.django_db

ISSUE = reverse("admin:accounts_enrolmentcode_add")


def code_on(response) -> str:
    match = re.search(r'data-testid="enrolment-code">([A-Z0-9-]+)<', response.content.decode())
    assert match, "no enrolment code on the page"
    return match.group(1)


def test_an_administrator_issues_an_enrolment_code_from_the_persons_account_page(
    client, admin_user, caseworker
):
    client.force_login(admin_user)
    account_page = client.get(reverse("admin:auth_user_change", args=[caseworker.pk])).content.decode()
    assert f'href="{ISSUE}?user={caseworker.pk}"' in account_page
    form = client.get(ISSUE, {"user": caseworker.pk})
    assert form.status_code == 200
    issued = client.post(ISSUE, {"user": caseworker.pk})
    assert issued.status_code == 200
    code = code_on(issued)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    stored = EnrolmentCode.objects.get(user=caseworker)
    assert code.replace("-", "") not in stored.digest and code not in stored.digest  # only a hash is kept
    assert check_password(code.replace("-", ""), stored.digest)
    assert stored.issued_by == admin_user
    assert timezone.now() + datetime.timedelta(hours=71) < stored.expires_at
    assert stored.expires_at <= timezone.now() + datetime.timedelta(hours=72)
    # The list of outstanding codes never shows one.
    listing = client.get(reverse("admin:accounts_enrolmentcode_changelist")).content.decode()
    assert "caseworker" in listing
    assert code not in listing


def test_issuing_a_code_is_logged_without_the_code(client, admin_user, caseworker):
    client.force_login(admin_user)
    code = code_on(client.post(ISSUE, {"user": caseworker.pk}, REMOTE_ADDR="198.51.100.4"))
    entry = AccessLog.objects.get(action=AccessLog.Action.ENROLMENT)
    assert entry.user == admin_user
    assert entry.ip_address == "198.51.100.4"
    assert entry.detail["account"] == "caseworker"
    assert entry.detail["account_id"] == caseworker.pk
    assert code not in str(entry.detail) and code.replace("-", "") not in str(entry.detail)


def test_a_new_code_voids_the_old_one_and_removes_a_lost_authenticator(client, admin_user, caseworker):
    confirmed_device(caseworker)
    RecoveryDevice.objects.create(user=caseworker, name="Recovery codes")
    client.force_login(admin_user)
    first = code_on(client.post(ISSUE, {"user": caseworker.pk}))
    assert not AuthenticatorDevice.objects.filter(user=caseworker).exists()
    assert not RecoveryDevice.objects.filter(user=caseworker).exists()
    second = code_on(client.post(ISSUE, {"user": caseworker.pk}))
    assert first != second
    stored = EnrolmentCode.objects.get(user=caseworker)  # one per account
    assert not check_password(first.replace("-", ""), stored.digest)
    assert AccessLog.objects.filter(action=AccessLog.Action.ENROLMENT).count() == 2


def test_an_administrator_cannot_issue_a_code_for_their_own_account(client, admin_user):
    """Whoever holds an administrator's open session must not move the second factor to their own phone."""
    device = confirmed_device(admin_user)
    client.force_login(admin_user)
    refused = client.post(ISSUE, {"user": admin_user.pk})
    assert refused.status_code == 200
    assert "You cannot issue an enrolment code for your own account" in refused.content.decode()
    assert not EnrolmentCode.objects.exists()
    assert AuthenticatorDevice.objects.filter(pk=device.pk).exists()
    own_page = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).content.decode()
    assert f"{ISSUE}?user=" not in own_page


def test_staff_without_the_permission_cannot_issue_codes(client, caseworker, coordinator):
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    client.force_login(coordinator)
    assert client.post(ISSUE, {"user": caseworker.pk}).status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_no_one_edits_an_issued_code_or_gives_anyone_an_authenticator(client, admin_user, caseworker):
    client.force_login(admin_user)
    client.post(ISSUE, {"user": caseworker.pk})
    stored = EnrolmentCode.objects.get()
    client.post(
        reverse("admin:accounts_enrolmentcode_change", args=[stored.pk]),
        {"user": admin_user.pk, "failed_attempts": 0, "expires_at": "2099-01-01 00:00"},
    )
    assert EnrolmentCode.objects.get() == stored
    assert EnrolmentCode.objects.get().user == caseworker
    assert not [
        url
        for url in ("accounts_authenticatordevice", "otp_totp")
        if url in client.get("/admin/").content.decode()
    ]


def test_the_server_command_issues_a_code_for_the_first_administrator(admin_user, capsys):
    call_command("issue_enrolment_code", "admin")
    printed = capsys.readouterr().out
    code = re.search(r"Enrolment code for admin: ([A-Z0-9-]+)", printed).group(1)
    assert check_password(code.replace("-", ""), EnrolmentCode.objects.get(user=admin_user).digest)
    entry = AccessLog.objects.get(action=AccessLog.Action.ENROLMENT)
    assert entry.user is None
    assert entry.detail["via"] == "manage.py issue_enrolment_code"
    assert code not in str(entry.detail)


def test_an_administrator_lifts_a_lockout(client, admin_user, caseworker):
    locked = Client()
    for _ in range(5):
        sign_in_with_password(locked, "caseworker", "not-the-password")
    attempt = AccessAttempt.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert sign_in_with_password(locked, "caseworker").status_code == 302


def test_the_demo_logins_say_how_to_get_an_enrolment_code_when_the_second_factor_is_on(settings, capsys):
    call_command("demo_logins")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines if line.startswith("  ")] == [
        "caseworker",
        "caseworker2",
        "liaison_in",
        "liaison_ph",
        "coordinator",
        "admin",
        "manager",
        "shelter_worker",
        "clinic_worker",
        "legal_worker",
    ]
    assert any("python manage.py issue_enrolment_code <username>" in line for line in lines)
    settings.TWO_FACTOR_REQUIRED = False
    call_command("demo_logins")
    off = capsys.readouterr().out
    assert "issue_enrolment_code" not in off and "OFF for this demo" in off
