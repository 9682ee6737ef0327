"""Break-glass: a recorded narrative is read only after a reason is given, and the reason is logged."""

import pytest
from django.urls import reverse

from cases.models import AccessLog
from intake.models import Interview
from tests.factories import CaseFactory, PersonFactory
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db
STORY = "Kept in building C for four months"


@pytest.fixture
def interviewed(client, caseworker, ngo_a):
    case = CaseFactory(organisation=ngo_a, person=PersonFactory())
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker, narrative=STORY
    )
    client.force_login(caseworker)
    return case.person


def details(client, person):
    return client.get(reverse("intake:interview_step", args=[person.pk, "details"])).content.decode()


def test_the_narrative_is_hidden_until_a_reason_is_given(client, interviewed):
    page = details(client, interviewed)
    assert STORY not in page
    assert "The narrative is protected" in page


def test_a_reason_opens_the_narrative_and_is_logged(client, interviewed, caseworker):
    response = client.post(
        reverse("intake:narrative_open", args=[interviewed.pk]),
        {"reason": "Preparing the legal aid referral"},
    )
    assert response.status_code == 302
    assert STORY in details(client, interviewed)
    entry = AccessLog.objects.get(action=AccessLog.Action.VIEW_NARRATIVE)
    assert (entry.user, entry.detail) == (caseworker, {"reason": "Preparing the legal aid referral"})


def test_a_too_short_reason_opens_nothing(client, interviewed):
    client.post(reverse("intake:narrative_open", args=[interviewed.pk]), {"reason": "need"}, follow=True)
    assert STORY not in details(client, interviewed)
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW_NARRATIVE).exists()


def test_saving_the_details_without_opening_the_narrative_keeps_it(client, interviewed):
    data = form_fields(details(client, interviewed), having="version")
    assert "details-narrative" not in data
    data["details-place"] = "Moved to the drop-in centre"
    assert (
        client.post(reverse("intake:interview_step", args=[interviewed.pk, "details"]), data).status_code
        == 302
    )
    interview = Interview.objects.get(person=interviewed)
    assert (interview.place, interview.narrative) == ("Moved to the drop-in centre", STORY)


@pytest.mark.parametrize("persona", ["caseworker2", "liaison_in", "coordinator"])
def test_others_cannot_open_the_narrative(client, request, persona, interviewed):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("intake:narrative_open", args=[interviewed.pk]), {"reason": "Just curious about it"}
    )
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW_NARRATIVE).exists()
