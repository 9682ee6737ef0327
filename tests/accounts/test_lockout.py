"""Lockout after repeated failed sign-ins, per username and address, saying nothing about accounts."""

import datetime
import re

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases.client_address import client_address
from cases.models import AccessLog
from config.settings import base
from tests.accounts.signing_in import sign_in_with_password
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def fail(client, username: str, times: int, **extra):
    return [sign_in_with_password(client, username, WRONG, **extra) for _ in range(times)][-1]


def comparable(response, username: str) -> str:
    """The page with what legitimately differs blanked out: the CSRF token and the username typed."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page.replace(f'value="{username}"', 'value=""')


def test_five_wrong_passwords_pause_sign_in_for_that_username_from_that_address(client, caseworker):
    assert fail(client, "caseworker", 4).status_code == 200
    fifth = fail(client, "caseworker", 1)
    assert fifth.status_code == 429
    assert "Sign-in paused" in fifth.content.decode()
    # Even the right password is refused now, and no session is opened.
    refused = sign_in_with_password(client, "caseworker")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_ends_after_15_minutes(client, caseworker):
    fail(client, "caseworker", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in_with_password(client, "caseworker").status_code == 302


def test_the_lockout_page_says_what_to_do_and_nothing_about_the_account(client, caseworker):
    page = fail(client, "caseworker", 5).content.decode()
    assert "Wait 15 minutes, then sign in again" in page
    assert "ask an administrator of your organisation" in page
    assert "caseworker" not in page.split("<main")[1]  # neither the username nor who it belongs to


def test_an_unknown_username_gets_the_same_answers_as_a_wrong_password(client, caseworker):
    for attempt in range(1, 7):
        known = sign_in_with_password(client, "caseworker", WRONG)
        unknown = sign_in_with_password(client, "nobody-here", WRONG)
        assert known.status_code == unknown.status_code == (200 if attempt < 5 else 429), attempt
        assert comparable(known, "caseworker") == comparable(unknown, "nobody-here"), attempt


def test_a_deactivated_account_gets_the_same_answer_as_a_wrong_password(client, caseworker, outsider):
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    deactivated = sign_in_with_password(client, "caseworker")  # the right password
    wrong = sign_in_with_password(client, "outsider", WRONG)
    assert deactivated.status_code == wrong.status_code == 200
    assert comparable(deactivated, "caseworker") == comparable(wrong, "outsider")


def test_the_password_is_hashed_once_whether_or_not_the_account_exists(client, caseworker, monkeypatch):
    """Answering an unknown username faster than a wrong password would tell which accounts exist."""
    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a, **k: hashed.append(1) or encode(self, *a, **k)
    )
    sign_in_with_password(client, "caseworker", WRONG)
    known = len(hashed)
    sign_in_with_password(client, "nobody-here", WRONG)
    assert known == len(hashed) - known == 1


@pytest.mark.parametrize("length", [151, 255, 256, 5000])
def test_a_username_longer_than_any_account_is_refused_beside_the_field_not_with_a_server_error(
    client, caseworker, length
):
    """A 256-character username was a server error on PostgreSQL, for anyone."""
    response = sign_in_with_password(client, "x" * length, WRONG)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 150 characters" in page
    assert 'aria-invalid="true"' in page or "is-invalid" in page
    assert not AccessAttempt.objects.exists()  # refused before the lockout or the database saw it


def test_the_lockout_stores_no_more_of_a_username_than_its_column_holds(caseworker):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="198.51.100.7")
    request.session = {}
    assert authenticate(request, username="y" * 300, password=WRONG) is None
    assert [len(name) for name in AccessAttempt.objects.values_list("username", flat=True)] == [255]


def test_a_colleague_behind_the_same_office_address_can_still_sign_in(client, caseworker, caseworker2):
    fail(client, "caseworker", 5)
    assert sign_in_with_password(client, "caseworker2").status_code == 302


def test_the_same_username_from_another_address_can_still_sign_in(client, caseworker):
    fail(client, "caseworker", 5, REMOTE_ADDR="198.51.100.7")
    assert sign_in_with_password(client, "caseworker", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_successful_sign_in_clears_the_earlier_failures(client, caseworker):
    fail(client, "caseworker", 4)
    assert sign_in_with_password(client, "caseworker").status_code == 302
    client.post(reverse("logout"))
    assert fail(client, "caseworker", 4).status_code == 200  # four more mistakes allowed, not zero


def test_behind_the_proxy_offices_are_told_apart_by_the_address_the_proxy_saw(
    client, caseworker, caseworker2, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2/32"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    office_a = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    office_b = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    fail(client, "caseworker", 5, **office_a)
    assert sign_in_with_password(client, "caseworker", **office_a).status_code == 429
    assert sign_in_with_password(Client(), "caseworker", **office_b).status_code == 302
    # Writing a fresh address in front of the proxy's does not escape the pause.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.10"}
    assert sign_in_with_password(client, "caseworker", **forged).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.10"


def test_a_client_reaching_the_application_directly_gets_no_fresh_tries_by_writing_a_forwarded_address(
    client, caseworker, settings
):
    """Gunicorn reached without the proxy, with the production setting of one proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2/32"]
    attacker = {"REMOTE_ADDR": "198.51.100.66"}
    for n in range(5):
        fail(client, "caseworker", 1, **attacker, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    forged = sign_in_with_password(client, "caseworker", **attacker, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert forged.status_code == 429
    assert "_auth_user_id" not in client.session
    # The failures were counted against the address the attacker really came from.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.66"]


def test_the_access_log_records_the_address_the_lockout_counts(client, caseworker, ngo_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    case = CaseFactory(organisation=ngo_a)
    client.force_login(caseworker)
    url = reverse("cases:case_detail", args=[case.pk])
    # Not from the proxy: what the client wrote is not what the log keeps.
    client.get(url, REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="192.0.2.1")
    # Through the proxy: the address the proxy saw, for the log as for the lockout.
    client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.10")
    logged = list(
        AccessLog.objects.filter(case_id=case.pk).order_by("id").values_list("ip_address", flat=True)
    )
    assert logged == ["198.51.100.66", "203.0.113.10"]
    request = RequestFactory().get(
        url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.10"
    )
    assert get_client_ip_address(request) == logged[1]


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}, "203.0.113.5"),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "192.0.2.1,203.0.113.5, 10.0.0.2"},
            "203.0.113.5",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),  # proxy missing: the peer's address
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not-an-address"}, "10.0.0.2"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        # Not from a declared proxy: the header is not read, whatever it says.
        (1, {"REMOTE_ADDR": "198.51.100.66", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "198.51.100.66"),
        (2, {"REMOTE_ADDR": "198.51.100.66", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 10.0.0.2"}, "198.51.100.66"),
        # Two proxies declared in number, but the hop between them is not one of them.
        (2, {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.9"}, "10.0.0.3"),
        (1, {"REMOTE_ADDR": "::ffff:10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "203.0.113.5"),
    ],
)
def test_the_client_address_is_read_where_only_a_trusted_proxy_could_write_it(
    settings, proxies, meta, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.TRUSTED_PROXIES = ["10.0.0.0/29"]
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_by_default_only_a_proxy_on_this_machine_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = base.TRUSTED_PROXIES
    assert base.TRUSTED_PROXIES == ["127.0.0.0/8", "::1/128"]
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **forwarded)) == "203.0.113.5"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="::1", **forwarded)) == "203.0.113.5"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="172.18.0.1", **forwarded)) == "172.18.0.1"
