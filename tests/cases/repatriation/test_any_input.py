"""Any input to the repatriation screens gives a page with a message, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import CaseEvent
from cases.repatriation.workflow import TRANSITIONS
from tests.cases.repatriation.conftest import national
from tests.fuzz import form_values, fuzz

pytestmark = pytest.mark.django_db
FUZZ = fuzz(25)
junk = form_values(*TRANSITIONS, "embassy", "on_hold", "1", "x" * 2000, text_size=300)


@FUZZ
@given(transition=junk, reason=junk, note=junk)
def test_any_step_posted_on_a_case_gives_a_page_and_an_event_only_when_saved(
    client, ngo_a, liaison_in, transition, reason, note
):
    case = national(ngo_a, "IN", stage="verification_requested")
    client.force_login(liaison_in)
    response = client.post(
        reverse("cases:repatriation_transition", args=[case.pk]),
        {"transition": transition, "reason": reason, "note": note},
    )
    assert response.status_code in (302, 422)
    saved = case.events.filter(kind=CaseEvent.Kind.REPATRIATION).count()
    assert saved == (1 if response.status_code == 302 else 0)


@FUZZ
@given(stage=junk, site=junk, page=junk)
def test_any_queue_filter_gives_a_page(client, liaison_in, indian_case, stage, site, page):
    client.force_login(liaison_in)
    assert (
        client.get(
            reverse("cases:repatriation_queue"), {"stage": stage, "site": site, "page": page}
        ).status_code
        == 200
    )


@FUZZ
@given(transition=junk, cases=st.lists(junk, max_size=3), note=junk)
def test_any_step_on_many_cases_gives_a_page(client, liaison_in, indian_case, transition, cases, note):
    client.force_login(liaison_in)
    data = {"transition": transition, "case": cases, "note": note}
    assert client.get(reverse("cases:repatriation_bulk"), data).status_code in (200, 404)
    assert client.post(reverse("cases:repatriation_bulk"), data).status_code in (302, 404, 422)


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999999", "1e3", " 1"])
def test_odd_numbers_for_a_case_are_refused_with_a_message(client, liaison_in, indian_case, value):
    client.force_login(liaison_in)
    data = {"transition": "verify_nationality", "case": value}
    assert client.get(reverse("cases:repatriation_bulk"), data).status_code in (200, 404)
    assert client.post(reverse("cases:repatriation_bulk"), data).status_code in (404, 422)


def test_a_case_number_too_large_for_the_database_is_simply_not_found(client, liaison_in):
    client.force_login(liaison_in)
    huge = 10**30  # typed into the address bar: no URL of the application is reversed with it
    assert client.get(f"/repatriation/cases/{huge}/").status_code == 404
    assert client.post(f"/repatriation/cases/{huge}/step/").status_code == 404


def test_a_place_number_too_large_for_the_database_is_a_message_beside_the_filter(client, liaison_in):
    client.force_login(liaison_in)
    response = client.get(reverse("cases:repatriation_queue"), {"site": "9" * 30})
    assert response.status_code == 200
    assert "site" in response.context["filters"].errors
