"""Closing a case with an HTCDS reason, and opening it again: who may, what it refuses, what is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.erasure.services import case_anonymise
from cases.models import (
    CLOSURE_STATUS,
    AccessLog,
    Case,
    CaseEvent,
    CaseStatus,
    ClosureReason,
    RepatriationStage,
)
from intake.vocabularies import ConsentScope
from referrals.models import OrganisationService, Service
from referrals.services import referral_make
from tests.factories import CaseFactory, ConsentFactory, OrganisationFactory
from tests.intake.test_encryption import database_text

pytestmark = pytest.mark.django_db

NOTE = "Canaryclosure: gone to her uncle in Tak, phone 081"


@pytest.fixture
def case(ngo_a, caseworker):
    return CaseFactory(organisation=ngo_a, caseworker=caseworker, nationality="IN")


def close_page(client, case):
    return client.get(reverse("cases:case_close", args=[case.pk]))


def close(client, case, **data):
    return client.post(reverse("cases:case_close", args=[case.pk]), data)


def test_every_reason_closes_with_an_htcds_status_and_the_codes_stay_as_they_are():
    assert set(CLOSURE_STATUS) == set(ClosureReason)
    assert set(CLOSURE_STATUS.values()) == {CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED}
    # The export maps these codes: changing one breaks it (the lead's HTCDS export reads them).
    assert {reason.value: CLOSURE_STATUS[reason].value for reason in ClosureReason} == {
        "ReturnedHomeReferredForReintegration": "ClosedReferred",
        "ReturnedHome": "Closed",
        "ReferredToAnotherOrganisation": "ClosedReferred",
        "TransferredToAnotherOrganisation": "ClosedReferred",
        "NoLongerWantsServices": "Closed",
        "LostContact": "Closed",
        "Deceased": "Closed",
        "DuplicateRecord": "Closed",
        "Other": "Closed",
    }


def test_a_caseworker_closes_a_case_and_the_case_file_says_when_by_whom_and_why(client, caseworker, case):
    client.force_login(caseworker)
    page = close_page(client, case).content.decode()
    assert "Why is the case closed?" in page and "Returned home and handed to a reintegration partner" in page
    response = close(client, case, reason=ClosureReason.RETURNED_HOME_REFERRED, note=NOTE)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:case_detail", args=[case.pk]
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_REFERRED
    assert case.closed_at is not None and case.closed_by == caseworker
    assert case.closure_reason == ClosureReason.RETURNED_HOME_REFERRED and case.closure_note == NOTE
    event = case.events.get(kind=CaseEvent.Kind.STATUS_CHANGED)
    assert event.actor == caseworker and event.note == NOTE
    assert event.data == {
        "from": "Active",
        "to": "ClosedReferred",
        "reason": "ReturnedHomeReferredForReintegration",
    }
    page = client.get(response["Location"]).content.decode()
    closed = page.split('data-testid="case-closed"', 1)[1].split("</section>", 1)[0]
    assert "Case closed: Closed (referred)" in closed
    assert "Returned home and handed to a reintegration partner" in closed
    assert NOTE in closed
    assert f"by {caseworker.get_full_name() or caseworker.username}" in closed
    assert 'data-testid="case-reopen"' in closed
    assert 'data-testid="case-close"' not in page
    timeline = page.split('data-testid="timeline"', 1)[1]
    assert (
        "Status changed: Closed (referred) · Returned home and handed to a reintegration partner" in timeline
    )


def test_reopening_makes_the_case_active_again_and_the_timeline_keeps_why_it_was_closed(
    client, caseworker, case
):
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.LOST_CONTACT, note=NOTE)
    client.force_login(caseworker)
    response = client.post(reverse("cases:case_reopen", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.closed_at is None and case.closed_by is None
    assert case.closure_reason == "" and case.closure_note == ""
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Case reopened." in page and 'data-testid="case-closed"' not in page
    timeline = page.split('data-testid="timeline"', 1)[1]
    assert "Status changed: Active" in timeline and "Status changed: Closed · Lost contact" in timeline
    assert NOTE in timeline  # the note of the closing stays on its event


def test_the_reason_is_required_and_other_needs_a_note_beside_the_field_nothing_saved(
    client, caseworker, case
):
    client.force_login(caseworker)
    response = close(client, case, reason="", note="")
    assert response.status_code == 422
    assert "Choose why the case is closed." in response.content.decode()
    response = close(client, case, reason=ClosureReason.OTHER, note="   ")
    assert response.status_code == 422
    assert "Say why the case is closed." in response.content.decode()
    response = close(client, case, reason="Vanished", note="")
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    response = close(client, case, reason=ClosureReason.DECEASED, note="x" * 501)
    assert response.status_code == 422
    case.refresh_from_db()
    assert (
        case.status == CaseStatus.ACTIVE
        and not case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).exists()
    )


@pytest.mark.parametrize(
    "stage",
    [
        RepatriationStage.VERIFICATION_REQUESTED,
        RepatriationStage.TRAVEL_DOCUMENT_ISSUED,
        RepatriationStage.DEPARTURE_SCHEDULED,
    ],
)
def test_a_case_whose_repatriation_is_in_progress_is_not_closed_and_the_page_says_why(
    client, caseworker, case, stage
):
    Case.objects.filter(pk=case.pk).update(repatriation_stage=stage)
    client.force_login(caseworker)
    page = close_page(client, case).content.decode()
    assert "The repatriation is in progress" in page and 'name="reason"' not in page
    response = close(client, case, reason=ClosureReason.NO_LONGER_WANTS_SERVICES)
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    with pytest.raises(ValidationError, match="repatriation is in progress"):
        services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.DECEASED)


@pytest.mark.parametrize(
    "stage", [RepatriationStage.IDENTIFIED, RepatriationStage.ON_HOLD, RepatriationStage.DEPARTED]
)
def test_a_case_not_yet_asked_of_an_embassy_on_hold_or_departed_may_be_closed(caseworker, case, stage):
    reason = "a trial" if stage == RepatriationStage.ON_HOLD else ""
    Case.objects.filter(pk=case.pk).update(repatriation_stage=stage, repatriation_hold_reason=reason)
    closed = services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.TRANSFERRED)
    assert closed.status == CaseStatus.CLOSED_REFERRED


def test_open_referrals_are_named_on_the_closing_page_and_stay_open_after_closing(client, caseworker, case):
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
    shelter = OrganisationFactory(name="Shelter")
    service = Service.objects.get(code="shelter")
    OrganisationService.objects.create(organisation=shelter, service=service, place="Mae Sot")
    referral = referral_make(case=case, receiver=shelter, service=service, parts=[], made_by=caseworker)
    client.force_login(caseworker)
    page = close_page(client, case).content.decode()
    assert "1 referral of this case is still open" in page
    close(client, case, reason=ClosureReason.REFERRED)
    referral.refresh_from_db()
    assert referral.state == "requested"


def test_closing_twice_or_reopening_an_open_case_says_so_and_changes_nothing(client, caseworker, case):
    client.force_login(caseworker)
    response = client.post(reverse("cases:case_reopen", args=[case.pk]), follow=True)
    assert "This case is open." in response.content.decode()
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.DUPLICATE)
    response = close_page(client, case)
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="already closed"):
        services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.DECEASED)
    assert case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).count() == 1


@pytest.mark.parametrize(
    "persona", ["caseworker2", "liaison_in", "manager", "coordinator", "admin_user", "outsider"]
)
def test_nobody_but_the_cases_own_caseworkers_may_close_or_reopen_it(
    client, request, persona, caseworker, case
):
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)  # the liaison reads the case
    client.force_login(request.getfixturevalue(persona))
    assert close_page(client, case).status_code == 404
    assert close(client, case, reason=ClosureReason.DECEASED).status_code == 404
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.DECEASED)
    assert client.post(reverse("cases:case_reopen", args=[case.pk])).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_closing_page_is_a_logged_read_of_the_case(client, caseworker, case):
    client.force_login(caseworker)
    close_page(client, case)
    entry = AccessLog.objects.get(case_id=case.pk, action=AccessLog.Action.VIEW)
    assert entry.detail == {"part": "close"} and entry.user == caseworker


def test_the_closing_note_is_encrypted_at_rest_history_included(caseworker, case):
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.OTHER, note=NOTE)
    assert Case.history.filter(id=case.pk, status=CaseStatus.CLOSED).exists()
    assert NOTE.split(":")[0] not in database_text()


def test_anonymisation_clears_the_closing_note_everywhere_and_keeps_the_reason(caseworker, case):
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.RETURNED_HOME, note=NOTE)
    case_anonymise(case=Case.objects.get(pk=case.pk))
    case.refresh_from_db()
    assert case.closure_note == "" and case.closure_reason == ClosureReason.RETURNED_HOME
    assert not Case.history.filter(id=case.pk).exclude(closure_note="").exists()
    assert not case.events.exclude(note="").exists()
    with pytest.raises(ValidationError, match="anonymised"):
        services.case_reopen(case=case, reopened_by=caseworker)


def test_the_case_list_filters_closed_cases_by_status(client, caseworker, case, ngo_a):
    other = CaseFactory(organisation=ngo_a)
    services.case_close(case=case, closed_by=caseworker, reason=ClosureReason.REFERRED)
    services.case_close(case=other, closed_by=caseworker, reason=ClosureReason.LOST_CONTACT)
    client.force_login(caseworker)
    referred = client.get(reverse("cases:case_list"), {"status": "ClosedReferred"}).content.decode()
    assert case.reference in referred and other.reference not in referred
    closed = client.get(reverse("cases:case_list"), {"status": "Closed"}).content.decode()
    assert other.reference in closed and case.reference not in closed
