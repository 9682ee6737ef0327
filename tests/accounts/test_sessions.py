"""Sessions end after 30 idle minutes, 8 hours after sign-in, at sign-out, and when access changes."""

from urllib.parse import quote

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.session_policy import FINGERPRINT, SEEN_AT, STARTED_AT
from accounts.tasks import sessions_clear
from cases.models import Organisation, Role, StaffProfile
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HOME = reverse("cases:home")
SENT_TO_SIGN_IN = f"{reverse('login')}?next={quote(HOME)}"


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    assert client.get(HOME).status_code == 200
    return client


def stamps_moved_back(client, *, seen: int = 0, started: int = 0) -> None:
    """Move the session's timestamps back by that many seconds, as if the time had passed."""
    session = client.session
    session[SEEN_AT] -= seen
    session[STARTED_AT] -= started
    session.save()


def ended(client, response) -> bool:
    """The request was refused and sent to sign in, and the session is gone from the store."""
    key = client.cookies["sessionid"].value
    return (
        response.status_code == 302
        and response["Location"] == SENT_TO_SIGN_IN
        and not Session.objects.filter(session_key=key).exists()
    )


def test_a_session_idle_for_30_minutes_is_ended_and_the_person_told_why(signed_in):
    key = signed_in.session.session_key
    stamps_moved_back(signed_in, seen=30 * 60, started=30 * 60)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == SENT_TO_SIGN_IN
    assert not Session.objects.filter(session_key=key).exists()
    assert "after 30 minutes without activity" in signed_in.get(response["Location"]).content.decode()


def test_a_session_idle_for_29_minutes_goes_on_and_counts_as_active_again(signed_in):
    stamps_moved_back(signed_in, seen=29 * 60, started=29 * 60)
    before = signed_in.session[SEEN_AT]
    assert signed_in.get(HOME).status_code == 200
    assert signed_in.session[SEEN_AT] >= before + 29 * 60


def test_activity_is_written_to_the_session_at_most_once_a_minute(signed_in):
    stamps_moved_back(signed_in, seen=30)
    before = signed_in.session[SEEN_AT]
    signed_in.get(HOME)
    assert signed_in.session[SEEN_AT] == before  # not every request writes the session


def test_a_session_ends_8_hours_after_sign_in_however_active(signed_in):
    key = signed_in.session.session_key
    stamps_moved_back(signed_in, started=8 * 60 * 60)  # last seen just now
    response = signed_in.get(HOME)
    assert response["Location"] == SENT_TO_SIGN_IN
    assert not Session.objects.filter(session_key=key).exists()
    assert "at most 8 hours" in signed_in.get(response["Location"]).content.decode()


def test_a_session_that_no_sign_in_stamped_is_ended(signed_in):
    session = signed_in.session
    del session[STARTED_AT]
    session.save()
    assert ended(signed_in, signed_in.get(HOME))


def test_signing_out_deletes_the_session_so_its_cookie_opens_nothing(signed_in):
    key = signed_in.session.session_key
    signed_in.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    signed_in.cookies["sessionid"] = key  # someone kept a copy of the cookie
    assert signed_in.get(HOME)["Location"] == SENT_TO_SIGN_IN


def test_deactivating_an_account_ends_its_session_at_the_next_request(signed_in, caseworker):
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])
    assert ended(signed_in, signed_in.get(HOME))
    # Reactivated, the account needs a new sign-in: the old session is gone for good.
    caseworker.is_active = True
    caseworker.save(update_fields=["is_active"])
    assert signed_in.get(HOME)["Location"] == SENT_TO_SIGN_IN


def test_changing_a_persons_role_ends_their_session_at_the_next_request(signed_in, caseworker):
    StaffProfile.objects.filter(user=caseworker).update(role=Role.COORDINATOR)
    response = signed_in.get(HOME)
    assert ended(signed_in, response)
    assert "Your account or its access changed" in signed_in.get(response["Location"]).content.decode()


def test_moving_a_person_to_another_organisation_ends_their_session(signed_in, caseworker):
    StaffProfile.objects.filter(user=caseworker).update(organisation=OrganisationFactory(name="NGO C"))
    assert ended(signed_in, signed_in.get(HOME))


def test_removing_a_persons_role_ends_their_session(signed_in, caseworker):
    StaffProfile.objects.filter(user=caseworker).delete()
    assert ended(signed_in, signed_in.get(HOME))


def test_giving_or_taking_the_admin_site_ends_the_session(signed_in, caseworker):
    caseworker.is_staff = True
    caseworker.save(update_fields=["is_staff"])
    assert ended(signed_in, signed_in.get(HOME))


def test_a_change_that_access_does_not_rest_on_leaves_the_session_alone(signed_in, caseworker):
    caseworker.first_name = "Renamed"
    caseworker.save(update_fields=["first_name"])
    Organisation.objects.filter(pk=caseworker.staff_profile.organisation_id).update(city="Tak")
    assert signed_in.get(HOME).status_code == 200
    assert signed_in.session[FINGERPRINT][3] == Role.CASEWORKER


def test_a_form_posted_after_the_session_ended_is_not_replayed_after_sign_in(signed_in, caseworker):
    stamps_moved_back(signed_in, seen=31 * 60, started=31 * 60)
    response = signed_in.post(reverse("cases:register"), {"anything": "typed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_the_hourly_sweep_deletes_expired_sessions_and_keeps_live_ones(signed_in, settings):
    abandoned = SessionStore()
    abandoned["anything"] = "left behind"
    abandoned.create()
    Session.objects.filter(session_key=abandoned.session_key).update(expire_date=timezone.now())
    sessions_clear()
    assert not Session.objects.filter(session_key=abandoned.session_key).exists()
    assert Session.objects.filter(session_key=signed_in.session.session_key).exists()
    assert settings.CELERY_BEAT_SCHEDULE["sessions-clear"]["task"] == sessions_clear.name
