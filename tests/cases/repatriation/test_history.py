"""What the embassy has done: its own steps on the cases still shared with it, and no one else's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.repatriation.services import repatriation_transition
from tests.cases.repatriation.conftest import national
from tests.factories import NationalityFactory

pytestmark = pytest.mark.django_db

HISTORY = reverse("cases:repatriation_history")


def test_the_history_shows_the_embassys_own_steps_newest_first(client, ngo_a, caseworker, liaison_in):
    first = national(ngo_a, "IN", stage="verification_requested", given_name="First", family_name="")
    second = national(ngo_a, "IN", stage="travel_document_requested", given_name="Second", family_name="")
    repatriation_transition(
        case=first, transition="verify_nationality", actor=liaison_in, note="Records match"
    )
    repatriation_transition(case=second, transition="issue_travel_document", actor=liaison_in)
    repatriation_transition(
        case=first, transition="request_travel_document", actor=caseworker, note="NGO note"
    )
    client.force_login(liaison_in)
    page = client.get(HISTORY).content.decode()
    assert page.index("Issue an emergency travel document") < page.index("Verify nationality")
    assert "Records match" in page
    assert "NGO note" not in page and "Request a travel document" not in page


def test_another_embassys_steps_on_a_dual_national_are_not_in_the_history(
    client, ngo_a, liaison_in, liaison_ph
):
    case = national(ngo_a, "IN", stage="verification_requested")
    NationalityFactory(person=case.person, country="PH", is_primary=False)
    repatriation_transition(
        case=case, transition="verify_nationality", actor=liaison_ph, note="Manila checked"
    )
    client.force_login(liaison_in)
    assert "Manila checked" not in client.get(HISTORY).content.decode()
    client.force_login(liaison_ph)
    assert "Manila checked" in client.get(HISTORY).content.decode()


def test_the_history_forgets_a_case_whose_consent_is_withdrawn(client, ngo_a, liaison_in):
    case = national(ngo_a, "IN", stage="verification_requested", given_name="Withdrawn", family_name="")
    repatriation_transition(case=case, transition="verify_nationality", actor=liaison_in)
    case.person.consents.update(withdrawn_at=timezone.now())
    client.force_login(liaison_in)
    assert "Withdrawn" not in client.get(HISTORY).content.decode()


def test_a_caseworker_sees_every_step_on_their_case_page(client, ngo_a, caseworker, liaison_in):
    case = national(ngo_a, "IN", stage="verification_requested")
    repatriation_transition(
        case=case, transition="verify_nationality", actor=liaison_in, note="Verified by phone"
    )
    repatriation_transition(
        case=case, transition="request_travel_document", actor=caseworker, note="Photos sent"
    )
    client.force_login(caseworker)
    page = client.get(reverse("cases:repatriation_case", args=[case.pk])).content.decode()
    assert "Verified by phone" in page and "Photos sent" in page


def test_the_history_costs_a_fixed_number_of_queries(
    client, ngo_a, liaison_in, django_assert_max_num_queries
):
    def act(n):
        for _ in range(n):
            case = national(ngo_a, "IN", stage="verification_requested")
            repatriation_transition(case=case, transition="verify_nationality", actor=liaison_in)

    act(2)
    client.force_login(liaison_in)
    client.get(HISTORY)
    with django_assert_max_num_queries(9) as few:
        client.get(HISTORY)
    act(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(HISTORY).content.decode()
    assert page.count("Verify nationality") >= 27


def test_the_case_page_costs_a_fixed_number_of_queries_however_long_its_history(
    client, ngo_a, caseworker, liaison_in, django_assert_max_num_queries
):
    case = national(ngo_a, "IN", stage="identified")
    url = reverse("cases:repatriation_case", args=[case.pk])
    client.force_login(liaison_in)
    client.get(url)
    with django_assert_max_num_queries(9) as few:
        client.get(url)
    for _ in range(5):  # ten steps, half of them the embassy's
        repatriation_transition(case=case, transition="put_on_hold", actor=liaison_in, reason="Clinic")
        repatriation_transition(case=case, transition="resume", actor=caseworker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Put on hold") >= 5


def test_the_note_field_says_truly_who_reads_the_note(client, ngo_a, caseworker, liaison_in):
    """A liaison sees only their embassy's steps, so an NGO note is not promised to the embassy."""
    case = national(ngo_a, "IN", stage="verification_requested")
    url = reverse("cases:repatriation_case", args=[case.pk])
    client.force_login(caseworker)
    assert "Seen by your organisation, not by the embassy." in client.get(url).content.decode()
    repatriation_transition(
        case=case, transition="verify_nationality", actor=liaison_in, note="Verified by phone"
    )
    case.refresh_from_db()
    client.force_login(liaison_in)
    page = client.get(url).content.decode()
    assert "Seen by your embassy and by the organisation caring for the person." in page
    assert "Seen by the NGO and the embassy" not in page
