"""Enrolment needs an administrator's one-time code; recovery codes; no usable secret or code at rest."""

import datetime
from base64 import b32encode
from importlib import import_module
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuthenticatorDevice, EnrolmentCode, RecoveryCode, RecoveryDevice
from tests.accounts.signing_in import (
    enter_enrolment_code,
    recovery_codes_on,
    secret_on,
    sign_in_with_password,
    verify,
)
from tests.two_factor import code_for_secret, code_now, confirmed_device, enrolment_code

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:two_factor_enrol")
TWO_FACTOR = reverse("accounts:two_factor_verify")


def enrol(client, user) -> list[str]:
    """Sign in, type an issued enrolment code, confirm the app; return the recovery codes."""
    sign_in_with_password(client, user.username)
    enter_enrolment_code(client, enrolment_code(user))
    secret = secret_on(client.get(ENROL))
    return recovery_codes_on(client.post(ENROL, {"token": code_for_secret(secret)}))


def test_the_password_alone_shows_no_secret_and_creates_no_device(client, caseworker):
    sign_in_with_password(client, "caseworker")
    page = client.get(ENROL).content.decode()
    assert "Enrolment code" in page
    assert 'data-testid="secret"' not in page and "<svg" not in page
    # Posting a code from an app set up some other way enrols nothing either.
    assert client.post(ENROL, {"token": "123456"}).status_code == 200
    assert not AuthenticatorDevice.objects.exists()
    assert client.get(reverse("cases:home")).status_code == 302


def test_the_issued_code_opens_the_enrolment_and_is_used_up(client, caseworker):
    code = enrolment_code(caseworker)
    sign_in_with_password(client, "caseworker")
    response = enter_enrolment_code(client, code.lower().replace("-", " "))  # typed loosely
    assert response["Location"].startswith(ENROL)
    assert secret_on(client.get(ENROL))
    assert not EnrolmentCode.objects.exists()  # single use
    # Someone else with the password and the same code, in another browser, gets nothing.
    other = Client()
    sign_in_with_password(other, "caseworker")
    refused = enter_enrolment_code(other, code)
    assert "That enrolment code is not valid or has expired" in refused.content.decode()
    assert 'data-testid="secret"' not in other.get(ENROL).content.decode()


def test_a_code_issued_for_one_account_does_not_enrol_another(client, caseworker, caseworker2):
    code = enrolment_code(caseworker)
    sign_in_with_password(client, "caseworker2")
    refused = enter_enrolment_code(client, code)
    assert "That enrolment code is not valid or has expired" in refused.content.decode()
    assert not AuthenticatorDevice.objects.exists()
    assert EnrolmentCode.objects.get().user == caseworker  # still usable by its owner


def test_an_expired_code_is_refused_with_a_clear_message(client, caseworker):
    code = enrolment_code(caseworker)
    EnrolmentCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    sign_in_with_password(client, "caseworker")
    refused = enter_enrolment_code(client, code)
    assert refused.status_code == 200
    assert "That enrolment code is not valid or has expired" in refused.content.decode()
    assert 'data-testid="secret"' not in client.get(ENROL).content.decode()


def test_five_wrong_codes_void_the_issued_one_so_it_cannot_be_guessed(client, caseworker):
    code = enrolment_code(caseworker)
    sign_in_with_password(client, "caseworker")
    for _ in range(4):
        wrong = enter_enrolment_code(client, "ABCD-EFGH-JKMN")
        assert "That enrolment code is not valid" in wrong.content.decode()
    fifth = enter_enrolment_code(client, "ABCD-EFGH-JKMP")
    assert "Too many wrong enrolment codes: this code no longer works" in fifth.content.decode()
    # Even the right code is refused now, from this browser or a fresh one.
    assert "no longer works" in enter_enrolment_code(client, code).content.decode()
    fresh = Client()
    sign_in_with_password(fresh, "caseworker")
    assert "no longer works" in enter_enrolment_code(fresh, code).content.decode()
    assert not AuthenticatorDevice.objects.exists()
    # A new code from the administrator works.
    assert enter_enrolment_code(fresh, enrolment_code(caseworker))["Location"].startswith(ENROL)


def test_something_that_is_not_a_code_is_refused_beside_the_field_without_counting(client, caseworker):
    enrolment_code(caseworker)
    sign_in_with_password(client, "caseworker")
    for junk in ("x" * 5000, "1234", "ABCD-EFGH-JKM!", "", "\u0661" * 12):
        page = enter_enrolment_code(client, junk)
        assert page.status_code == 200
        assert "is-invalid" in page.content.decode()
    assert EnrolmentCode.objects.get().failed_attempts == 0


def test_the_secret_is_shown_only_to_the_session_that_typed_the_code(client, caseworker):
    sign_in_with_password(client, "caseworker")
    enter_enrolment_code(client, enrolment_code(caseworker))
    secret = secret_on(client.get(ENROL))
    thief = Client()
    sign_in_with_password(thief, "caseworker")
    page = thief.get(ENROL).content.decode()
    assert secret not in page and 'data-testid="secret"' not in page
    assert thief.post(ENROL, {"token": code_for_secret(secret)}).status_code == 200
    assert not AuthenticatorDevice.objects.filter(confirmed=True).exists()


def test_confirming_the_app_shows_ten_recovery_codes_once(client, caseworker):
    codes = enrol(client, caseworker)
    assert len(codes) == len(set(codes)) == 10
    assert client.get(reverse("cases:home")).status_code == 200
    # Back to the enrolment page: verified, so on to the records; the codes are not shown again.
    again = client.get(ENROL, follow=True).content.decode()
    assert not any(code in again for code in codes)


def test_a_recovery_code_signs_in_once_instead_of_the_apps_code(client, caseworker):
    codes = enrol(client, caseworker)
    client.post(reverse("logout"))
    sign_in_with_password(client, "caseworker")
    response = verify(client, codes[3].upper())
    assert response.status_code == 302
    page = client.get(reverse("cases:home"))
    assert page.status_code == 200
    assert (
        "You signed in with a recovery code; it will not work again. 9 codes are left."
        in page.content.decode()
    )
    client.post(reverse("logout"))
    sign_in_with_password(client, "caseworker")
    replayed = verify(client, codes[3])
    assert replayed.status_code == 200
    assert "That code is not valid or was already used" in replayed.content.decode()


def test_wrong_recovery_codes_are_throttled_like_wrong_app_codes(client, caseworker):
    codes = enrol(client, caseworker)
    client.post(reverse("logout"))
    sign_in_with_password(client, "caseworker")
    for _ in range(3):
        verify(client, "aaaa-bbbb-cccc-dddd")
    refused = verify(client, codes[0])
    assert "Too many wrong codes. Wait" in refused.content.decode()
    assert client.get(reverse("cases:home")).status_code == 302


def test_a_reset_removes_the_recovery_codes_too(client, caseworker):
    codes = enrol(client, caseworker)
    client.post(reverse("logout"))
    enrolment_code(caseworker)  # an administrator resets a lost phone
    sign_in_with_password(client, "caseworker")
    assert client.get(TWO_FACTOR)["Location"].startswith(ENROL)
    assert verify(client, codes[0]).status_code == 302  # sent to enrolment, not signed in
    assert client.get(reverse("cases:home")).status_code == 302


def database_rows(table: str) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - a table name of this test
        return "\n".join(str(row) for row in cursor.fetchall())


def test_a_database_dump_holds_no_authenticator_secret_and_no_usable_code(client, caseworker, caseworker2):
    codes = enrol(client, caseworker)
    pending = enrolment_code(caseworker2)
    device = AuthenticatorDevice.objects.get(user=caseworker)
    hex_secret = device.key
    base32_secret = b32encode(device.bin_key).decode().rstrip("=")
    dump = "\n".join(
        database_rows(table)
        for table in (
            "accounts_authenticatordevice",
            "accounts_recoverydevice",
            "accounts_recoverycode",
            "accounts_enrolmentcode",
            "django_session",
        )
    )
    assert hex_secret not in dump and hex_secret.upper() not in dump
    assert base32_secret not in dump and base32_secret.lower() not in dump
    assert pending not in dump and pending.replace("-", "") not in dump
    assert RecoveryCode.objects.count() == 10
    for code in codes:
        assert code.replace("-", "") not in dump and code not in dump


def test_the_authenticators_secret_is_rotated_with_the_other_encrypted_fields(caseworker, settings):
    device = confirmed_device(caseworker)
    code = code_now(device)
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_field_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert code_now(AuthenticatorDevice.objects.get(pk=device.pk)) == code


def test_authenticators_django_otp_kept_in_clear_are_moved_and_encrypted(caseworker):
    migration = import_module("accounts.migrations.0002_authenticators_from_django_otp")
    secret = "3132333435363738393031323334353637383930"  # RFC 6238's test key, as django-otp kept it
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer, name varchar(64),"
            " confirmed boolean, key varchar(80), step integer, t0 bigint, digits integer, tolerance integer,"
            " drift integer, last_t bigint, throttling_failure_timestamp timestamp with time zone NULL,"
            " throttling_failure_count integer, created_at timestamp with time zone NULL,"
            " last_used_at timestamp with time zone NULL)"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES"
            " (7, %s, 'Phone', %s, %s, 30, 0, 6, 1, 0, 123, NULL, 0, NULL, NULL)",
            [caseworker.pk, True, secret],
        )
    migration.authenticators_move(apps, SimpleNamespace(connection=connection))
    moved = AuthenticatorDevice.objects.get(user=caseworker)
    assert moved.key == secret and moved.confirmed and moved.last_t == 123
    assert secret not in database_rows("accounts_authenticatordevice")
    assert database_rows("otp_totp_totpdevice") == ""  # the plaintext rows are gone
    assert RecoveryDevice.objects.count() == 0
