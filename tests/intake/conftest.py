"""Fixtures the interview's tests share: a case of the organisation, and its interview started."""

import pytest
from django.urls import reverse

from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, PersonFactory
from tests.html_forms import form_fields


def step_url(person, step: str) -> str:
    return reverse("intake:interview_step", args=[person.pk, step])


@pytest.fixture
def case(ngo_a):
    return CaseFactory(
        organisation=ngo_a, person=PersonFactory(given_name="Minh", family_name="Nguyen"), nationality="VN"
    )


@pytest.fixture
def interviewing(client, caseworker, case):
    """The caseworker has started the interview of the case's person."""
    client.force_login(caseworker)
    consent = form_fields(client.get(step_url(case.person, "consent")).content.decode(), having="version")
    consent.update({f"consent-{scope}": "no" for scope in ConsentScope.values})
    consent.update({"consent-record": "yes", "consent-method": "verbal", "save_and_continue": ""})
    response = client.post(step_url(case.person, "consent"), consent)
    assert response["Location"] == step_url(case.person, "details"), response.content.decode()[:2000]
    page = client.get(step_url(case.person, "details")).content.decode()
    data = form_fields(page, having="version")
    data.update(
        {
            "details-held_on": "2026-10-25",
            "details-place": "Mae Sot Safe House",
            "details-interpreter": "Staff",
        }
    )
    response = client.post(step_url(case.person, "details"), {**data, "save_and_continue": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
