"""Two-factor authentication: enrolment with an administrator's code, a code at every sign-in, no replay."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from accounts.models import AuthenticatorDevice
from tests.accounts.signing_in import enter_enrolment_code, secret_on, sign_in_with_password, verify
from tests.two_factor import code_at, code_for_secret, code_now, confirmed_device, enrolment_code

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")


def seconds_pass(device: AuthenticatorDevice, seconds: int) -> None:
    """Move the device's last failure back in time, as if `seconds` had passed (no sleeping)."""
    AuthenticatorDevice.objects.filter(pk=device.pk, throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(seconds=seconds)
    )


def test_the_right_password_alone_leads_to_enrolment_not_to_any_record(client, caseworker):
    response = sign_in_with_password(client, "caseworker", follow=True)
    assert [url for url, _ in response.redirect_chain] == [
        reverse("cases:home"),
        f"{TWO_FACTOR}?next=/",
        f"{ENROL}?next=%2F",
    ]
    assert "Set up two-factor authentication" in response.content.decode()
    assert "enrolment code an administrator gave you" in response.content.decode()
    assert 'data-testid="secret"' not in response.content.decode()  # no secret for a password alone
    # Every page behind the sign-in sends them back here until they have passed a code.
    for url in (reverse("cases:home"), reverse("cases:case_list"), reverse("cases:register")):
        page = client.get(url)
        assert page.status_code == 302
        assert page["Location"] == f"{TWO_FACTOR}?next={quote(url)}"


def test_the_enrolment_page_draws_the_qr_code_itself_and_shows_the_key_as_text(client, caseworker):
    sign_in_with_password(client, "caseworker")
    enter_enrolment_code(client, enrolment_code(caseworker))
    page = client.get(ENROL).content.decode()
    device = AuthenticatorDevice.objects.get(user=caseworker)
    assert not device.confirmed
    assert re.search(r'<svg viewBox="[0-9 ]+" class="qr-code', page)  # inline SVG, drawn by the server
    assert "<img" not in page  # no image fetched from anywhere, least of all a QR code service
    assert code_for_secret(secret_on(client.get(ENROL))) == code_now(device)
    # Reloading shows the same key: a person who scanned it already need not scan again.
    assert secret_on(client.get(ENROL)) == secret_on(client.get(ENROL))
    assert AuthenticatorDevice.objects.filter(user=caseworker).count() == 1


def test_the_apps_first_code_confirms_the_device_and_opens_the_records(client, caseworker):
    sign_in_with_password(client, "caseworker")
    enter_enrolment_code(client, enrolment_code(caseworker))
    secret = secret_on(client.get(ENROL))
    response = client.post(ENROL, {"token": code_for_secret(secret), "next": "/cases/"})
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    assert 'href="/cases/"' in response.content.decode()  # then on to where they were going
    assert AuthenticatorDevice.objects.get(user=caseworker).confirmed
    assert client.get(reverse("cases:case_list")).status_code == 200


def test_a_wrong_code_does_not_enrol_the_device(client, caseworker):
    sign_in_with_password(client, "caseworker")
    enter_enrolment_code(client, enrolment_code(caseworker))
    secret = secret_on(client.get(ENROL))
    wrong = f"{(int(code_for_secret(secret)) + 1) % 1000000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert not AuthenticatorDevice.objects.get(user=caseworker).confirmed
    assert client.get(reverse("cases:home")).status_code == 302


def test_an_enrolled_person_is_asked_for_a_code_and_cannot_enrol_another_app(client, caseworker):
    device = confirmed_device(caseworker)
    response = sign_in_with_password(client, "caseworker", follow=True)
    assert response.redirect_chain[-1][0] == f"{TWO_FACTOR}?next=/"
    assert "Enter your code" in response.content.decode()
    # A stolen password must not be enough to put the thief's own app in place of the person's.
    assert client.get(ENROL)["Location"].startswith(TWO_FACTOR)
    assert client.post(ENROL, {"token": "123456"})["Location"].startswith(TWO_FACTOR)
    assert list(AuthenticatorDevice.objects.filter(user=caseworker)) == [device]


def test_the_code_the_app_shows_signs_the_person_in_and_keeps_where_they_were_going(client, caseworker):
    device = confirmed_device(caseworker)
    sign_in_with_password(client, "caseworker")
    response = client.post(TWO_FACTOR, {"token": code_now(device), "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert client.get(reverse("cases:case_list")).status_code == 200


def test_a_code_typed_with_spaces_is_accepted(client, caseworker):
    device = confirmed_device(caseworker)
    sign_in_with_password(client, "caseworker")
    code = code_now(device)
    assert verify(client, f"{code[:3]} {code[3:]}")["Location"] == reverse("cases:home")


def test_an_address_elsewhere_is_not_followed_after_the_code(client, caseworker):
    device = confirmed_device(caseworker)
    sign_in_with_password(client, "caseworker")
    response = client.post(TWO_FACTOR, {"token": code_now(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("cases:home")


def test_a_code_that_was_used_is_refused_at_the_next_sign_in(client, caseworker):
    device = confirmed_device(caseworker)
    code = code_now(device)
    sign_in_with_password(client, "caseworker")
    assert verify(client, code).status_code == 302
    client.post(reverse("logout"))

    # Someone who watched the code being typed, and knows the password, tries it again.
    sign_in_with_password(client, "caseworker")
    replayed = verify(client, code)
    assert replayed.status_code == 200
    assert "That code is not valid or was already used" in replayed.content.decode()
    assert client.get(reverse("cases:home")).status_code == 302
    # A moment later the app's next code is accepted: the refusal does not lock the person out.
    seconds_pass(device, 2)
    device.refresh_from_db()
    assert verify(client, code_at(device, (device.last_t + 1) * device.step)).status_code == 302


def test_a_code_cannot_verify_two_sessions_at_once(client, caseworker):
    device = confirmed_device(caseworker)
    code = code_now(device)
    other = Client()
    sign_in_with_password(client, "caseworker")
    sign_in_with_password(other, "caseworker")
    assert verify(client, code).status_code == 302
    assert verify(other, code).status_code == 200


def test_wrong_codes_make_the_next_attempt_wait_longer_each_time(client, caseworker):
    device = confirmed_device(caseworker)
    sign_in_with_password(client, "caseworker")
    right = code_now(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for _ in range(3):
        verify(client, wrong)
        seconds_pass(device, 3)
    # Three wrong codes: the next attempt must wait 4 seconds, and 3 have passed.
    refused = verify(client, right)
    assert refused.status_code == 200
    assert "Too many wrong codes. Wait 1 second," in refused.content.decode()
    assert client.get(reverse("cases:home")).status_code == 302
    seconds_pass(device, 1)
    assert verify(client, right).status_code == 302


def test_the_admin_site_asks_for_the_second_factor_too(client, admin_user):
    device = confirmed_device(admin_user)
    sign_in_with_password(client, "admin")
    response = client.get(reverse("admin:index"))
    assert response["Location"] == f"{TWO_FACTOR}?next=/admin/"
    client.post(TWO_FACTOR, {"token": code_now(device), "next": "/admin/"})
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sites_own_sign_in_form_sends_to_the_applications(client):
    response = client.get(reverse("admin:login") + "?next=/admin/auth/user/")
    assert response["Location"] == reverse("login") + "?next=/admin/auth/user/"


def test_removing_a_persons_device_sends_their_session_back_to_the_second_factor(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("cases:home")).status_code == 200
    AuthenticatorDevice.objects.filter(user=caseworker).delete()  # an administrator resets a lost phone
    response = client.get(reverse("cases:home"))
    assert response["Location"] == f"{TWO_FACTOR}?next=/"


def test_verifying_gives_the_session_a_new_key(client, caseworker):
    device = confirmed_device(caseworker)
    sign_in_with_password(client, "caseworker")
    before = client.session.session_key
    verify(client, code_now(device))
    assert client.session.session_key != before


def test_the_second_factor_check_adds_no_query_to_a_page(client, caseworker, django_assert_max_num_queries):
    client.force_login(caseworker)
    client.get(reverse("cases:home"))
    with django_assert_max_num_queries(50) as page:
        client.get(reverse("cases:home"))
    sql = [query["sql"] for query in page.captured_queries]
    # One query loads the session's device with the person's staff profile and organisation...
    assert len([q for q in sql if "accounts_authenticatordevice" in q]) == 1
    # ...so the page asks for the staff profile no second time.
    assert not [q for q in sql if q.startswith('SELECT "cases_staffprofile"')]


def test_with_the_second_factor_switched_off_the_password_is_enough_and_the_sign_in_page_says_so(
    client, caseworker, settings
):
    settings.TWO_FACTOR_REQUIRED = False
    page = client.get(reverse("login")).content.decode()
    assert "Two-factor authentication is switched off for this demo." in page
    response = sign_in_with_password(client, "caseworker")
    assert response["Location"] == reverse("cases:home")
    assert client.get(reverse("cases:home")).status_code == 200


def test_with_the_second_factor_required_the_sign_in_page_has_no_demo_notice(client):
    assert "switched off" not in client.get(reverse("login")).content.decode()
