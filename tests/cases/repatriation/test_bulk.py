"""A step on many cases at once: review, confirm, and only the cases that allow it move."""

import re

import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent
from tests.cases.repatriation.conftest import national

pytestmark = pytest.mark.django_db

BULK = reverse("cases:repatriation_bulk")


@pytest.fixture
def ten_awaiting_verification(ngo_a, ngo_b):
    return [national(ngo_a if i % 2 else ngo_b, "IN", stage="verification_requested") for i in range(10)]


def test_reviewing_a_step_on_many_cases_lists_them_and_changes_nothing(
    client, liaison_in, ten_awaiting_verification, indian_case
):
    client.force_login(liaison_in)
    ids = [c.pk for c in ten_awaiting_verification] + [indian_case.pk]
    response = client.get(BULK, {"transition": "verify_nationality", "case": ids})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Verify nationality for 10 cases" in page
    ready = re.search(r'data-testid="ready".*?</table>', page, re.S).group(0)
    assert len(re.findall(r"data-case=", ready)) == 10
    assert re.search(rf'data-testid="not-ready">.*data-case="{indian_case.pk}"', page, re.S)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPATRIATION).exists()


def test_a_liaison_verifies_the_nationality_of_ten_people_in_one_go(
    client, liaison_in, ten_awaiting_verification, indian_case
):
    client.force_login(liaison_in)
    ids = [c.pk for c in ten_awaiting_verification]
    response = client.post(
        BULK, {"transition": "verify_nationality", "case": ids, "note": "Checked against passport records"}
    )
    assert response["Location"] == reverse("cases:repatriation_queue")
    assert set(Case.objects.filter(pk__in=ids).values_list("repatriation_stage", flat=True)) == {
        "nationality_verified"
    }
    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.REPATRIATION)
    assert events.count() == 10
    assert {(e.actor_id, e.note, e.data["embassy"]) for e in events} == {
        (liaison_in.pk, "Checked against passport records", "IN")
    }
    page = client.get(response["Location"]).content.decode()
    assert "Verify nationality: done for 10 cases." in page


def test_a_case_that_moved_since_the_review_is_left_as_it_is_and_named(
    client, liaison_in, ten_awaiting_verification
):
    moved = ten_awaiting_verification[0]
    moved.repatriation_stage = "on_hold"
    moved.repatriation_hold_reason = "Medical"
    moved.save()
    client.force_login(liaison_in)
    response = client.post(
        BULK,
        {"transition": "verify_nationality", "case": [c.pk for c in ten_awaiting_verification]},
        follow=True,
    )
    page = response.content.decode()
    assert "done for 9 cases" in page
    assert f"{moved.reference} left as it was: Cannot verify nationality" in page
    moved.refresh_from_db()
    assert moved.repatriation_stage == "on_hold"


def test_reviewing_without_ticking_a_case_says_so_beside_the_list(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    response = client.get(BULK, {"transition": "verify_nationality"})
    assert response.status_code == 200
    assert "Tick at least one case in the list." in response.content.decode()
    assert "Arjun Testperson" in response.content.decode()  # the queue, to tick from


def test_reviewing_without_choosing_a_step_says_so_beside_the_choice(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    response = client.get(BULK, {"case": indian_case.pk})
    assert "transition" in response.context["bulk_form"].errors


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", ""])
def test_a_malformed_case_id_gets_a_message_not_a_server_error(client, liaison_in, indian_case, bad):
    client.force_login(liaison_in)
    response = client.post(BULK, {"transition": "verify_nationality", "case": bad})
    assert response.status_code in (422, 404)


def test_a_step_of_the_ngo_is_not_offered_to_a_liaison_for_many_cases(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    page = client.get(reverse("cases:repatriation_queue")).content.decode()
    assert 'value="verify_nationality"' in page
    assert 'value="request_verification"' not in page
    response = client.post(BULK, {"transition": "request_verification", "case": indian_case.pk})
    assert response.status_code == 422
    indian_case.refresh_from_db()
    assert indian_case.repatriation_stage == "identified"


def test_the_review_page_costs_a_fixed_number_of_queries(
    client, ngo_a, liaison_in, django_assert_max_num_queries
):
    cases = [national(ngo_a, "IN", stage="verification_requested") for _ in range(3)]
    client.force_login(liaison_in)
    data = {"transition": "verify_nationality", "case": [c.pk for c in cases]}
    with django_assert_max_num_queries(12) as few:
        client.get(BULK, data)
    cases += [national(ngo_a, "IN", stage="verification_requested") for _ in range(20)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(BULK, {"transition": "verify_nationality", "case": [c.pk for c in cases]})


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "outsider"])
def test_only_liaisons_act_on_many_cases_from_the_queue(client, request, persona, indian_case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(BULK, {"transition": "verify_nationality", "case": indian_case.pk}).status_code == 404
