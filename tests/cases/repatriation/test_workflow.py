"""The repatriation state machine: every valid and invalid transition, and who may make which."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, RepatriationStage
from cases.repatriation import services
from cases.repatriation.workflow import (
    NEXT_ACTION,
    SIDE_STATES,
    TRANSITIONS,
    WAITING_ON,
    RepatriationRefused,
    Side,
    transitions_from,
)
from intake.vocabularies import DocumentCustody
from tests.cases.repatriation.conftest import national, put_aside
from tests.factories import NationalityFactory

pytestmark = pytest.mark.django_db

RESUME_TO = RepatriationStage.NATIONALITY_VERIFIED  # where a case put aside in these tests stood before
VALID = [(t.name, stage) for t in TRANSITIONS.values() for stage in sorted(t.sources)]
INVALID = [
    (t.name, stage)
    for t in TRANSITIONS.values()
    for stage in RepatriationStage.values
    if stage not in t.sources
]


def case_at(organisation, stage: str):
    case = national(organisation, "IN", stage=stage)
    if stage in (RepatriationStage.ON_HOLD, RepatriationStage.LEGAL_PROCEEDINGS):
        put_aside(case, stage=stage, resume_to=RESUME_TO)
    elif stage == RepatriationStage.DECLINED:
        put_aside(case, stage=stage, resume_to="")
    return case


def actor_for(transition, caseworker, liaison_in):
    return caseworker if Side.NGO in TRANSITIONS[transition].sides else liaison_in


def repatriation_events(case):
    return CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REPATRIATION)


def test_every_stage_has_a_next_action_and_whoever_acts_next():
    assert set(NEXT_ACTION) == set(WAITING_ON) == set(RepatriationStage.values)


def test_every_stage_has_a_way_forward_except_the_last():
    stuck = {stage for stage in RepatriationStage.values if not transitions_from(stage)}
    assert stuck == {RepatriationStage.REINTEGRATION}


@pytest.mark.parametrize(("transition", "stage"), VALID)
def test_a_valid_transition_moves_the_case_and_records_who_when_and_why(
    transition, stage, ngo_a, caseworker, liaison_in
):
    case = case_at(ngo_a, stage)
    actor = actor_for(transition, caseworker, liaison_in)
    step = TRANSITIONS[transition]
    before = timezone.now()

    event = services.repatriation_transition(
        case=case, transition=transition, actor=actor, note="Called the shelter", reason="Witness in a trial"
    )

    case.refresh_from_db()
    expected = step.target or RESUME_TO
    assert case.repatriation_stage == expected
    assert case.repatriation_stage_since >= before
    assert case.repatriation_hold_reason == ("Witness in a trial" if expected == "on_hold" else "")
    assert event.actor == actor
    assert event.at >= before
    assert event.data["transition"] == transition
    assert (event.data["from"], event.data["to"]) == (stage, expected)
    assert "Called the shelter" in event.note
    assert repatriation_events(case).latest("at", "pk") == event


@pytest.mark.parametrize(("transition", "stage"), INVALID)
def test_an_invalid_transition_is_refused_with_a_clear_message_and_changes_nothing(
    transition, stage, ngo_a, caseworker, liaison_in
):
    case = case_at(ngo_a, stage)
    events_before = repatriation_events(case).count()

    with pytest.raises(RepatriationRefused) as refusal:
        services.repatriation_transition(
            case=case,
            transition=transition,
            actor=actor_for(transition, caseworker, liaison_in),
            reason="Some reason",
        )

    message = " ".join(refusal.value.messages)
    assert f"the case is at “{RepatriationStage(stage).label}”" in message
    assert str(TRANSITIONS[transition].label).lower() in message
    case.refresh_from_db()
    assert case.repatriation_stage == stage
    assert repatriation_events(case).count() == events_before


def test_an_unknown_step_is_refused_by_name(ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    with pytest.raises(RepatriationRefused, match="“fly_home” is not a step"):
        services.repatriation_transition(case=case, transition="fly_home", actor=caseworker)


PERSONAS = ["caseworker", "caseworker2", "liaison_in", "liaison_ph", "coordinator", "admin_user", "outsider"]
# Who acts for which side, on which case: NGO A's caseworker and the embassy of India, on an
# Indian national of NGO A who consented to share with that embassy.
SIDE_OF = {"caseworker": Side.NGO, "liaison_in": Side.EMBASSY}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_only_the_side_a_transition_belongs_to_may_make_it_on_a_case_it_may_read(
    transition, persona, request, ngo_a
):
    step = TRANSITIONS[transition]
    stage = sorted(step.sources)[0]
    case = case_at(ngo_a, stage)
    user = request.getfixturevalue(persona)
    allowed = SIDE_OF.get(persona) in step.sides

    if allowed:
        services.repatriation_transition(case=case, transition=transition, actor=user, reason="A reason")
        case.refresh_from_db()
        assert case.repatriation_stage != stage
    else:
        with pytest.raises((RepatriationRefused, PermissionDenied)):
            services.repatriation_transition(case=case, transition=transition, actor=user, reason="A reason")
        case.refresh_from_db()
        assert case.repatriation_stage == stage


def test_a_caseworker_is_told_only_the_embassy_verifies_nationality(ngo_a, caseworker):
    case = case_at(ngo_a, "verification_requested")
    with pytest.raises(RepatriationRefused, match="Only the embassy can verify nationality"):
        services.repatriation_transition(case=case, transition="verify_nationality", actor=caseworker)


def test_a_liaison_is_told_only_the_ngo_requests_a_travel_document(ngo_a, liaison_in):
    case = case_at(ngo_a, "nationality_verified")
    with pytest.raises(RepatriationRefused, match="Only the NGO can request a travel document"):
        services.repatriation_transition(case=case, transition="request_travel_document", actor=liaison_in)


def test_a_liaison_for_another_country_may_not_act_on_the_case(ngo_a, liaison_ph):
    case = case_at(ngo_a, "verification_requested")
    with pytest.raises(PermissionDenied):
        services.repatriation_transition(case=case, transition="verify_nationality", actor=liaison_ph)


def test_a_closed_case_changes_stage_no_more(ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
    case.save()
    with pytest.raises(RepatriationRefused, match="The case is closed"):
        services.repatriation_transition(case=case, transition="request_verification", actor=caseworker)


def test_a_hold_needs_a_reason(ngo_a, caseworker):
    case = case_at(ngo_a, "exit_clearance")
    with pytest.raises(RepatriationRefused, match="Give a reason for the hold"):
        services.repatriation_transition(case=case, transition="put_on_hold", actor=caseworker, reason="  ")
    case.refresh_from_db()
    assert case.repatriation_stage == "exit_clearance"


def test_resuming_a_hold_returns_to_the_stage_where_the_case_stopped_and_clears_the_reason(
    ngo_a, caseworker, liaison_in
):
    case = case_at(ngo_a, "travel_document_requested")
    services.repatriation_transition(
        case=case, transition="put_on_hold", actor=liaison_in, reason="Identity disputed"
    )
    assert case.repatriation_hold_reason == "Identity disputed"
    services.repatriation_transition(case=case, transition="resume", actor=caseworker)
    case.refresh_from_db()
    assert case.repatriation_stage == "travel_document_requested"
    assert case.repatriation_hold_reason == ""


def test_legal_proceedings_started_during_a_hold_end_where_the_case_stood_before_the_hold(ngo_a, caseworker):
    case = case_at(ngo_a, "exit_clearance")
    services.repatriation_transition(
        case=case, transition="put_on_hold", actor=caseworker, reason="Trial soon"
    )
    services.repatriation_transition(case=case, transition="start_legal_proceedings", actor=caseworker)
    services.repatriation_transition(case=case, transition="end_legal_proceedings", actor=caseworker)
    case.refresh_from_db()
    assert case.repatriation_stage == "exit_clearance"


def test_a_case_put_on_hold_before_the_workflow_recorded_its_stage_resumes_from_the_start(ngo_a, caseworker):
    case = national(ngo_a, "IN", stage="on_hold")
    case.repatriation_hold_reason = "Awaiting medical clearance"
    case.save()  # as the demo data has it: no event says where the case stood
    services.repatriation_transition(case=case, transition="resume", actor=caseworker)
    assert case.repatriation_stage == "identified"


def test_a_person_who_declined_and_changes_their_mind_starts_again_from_identification(ngo_a, caseworker):
    case = case_at(ngo_a, "travel_document_issued")
    services.repatriation_transition(case=case, transition="record_declined", actor=caseworker)
    services.repatriation_transition(case=case, transition="reopen", actor=caseworker)
    assert case.repatriation_stage == "identified"


def test_issuing_the_travel_document_records_the_emergency_document_for_the_embassys_country_only(
    ngo_a, liaison_in
):
    case = case_at(ngo_a, "travel_document_requested")
    NationalityFactory(person=case.person, country="PH", is_primary=False, document_custody="confiscated")
    indian = case.person.nationalities.get(country="IN")
    indian.document_custody = DocumentCustody.CONFISCATED
    indian.save()

    event = services.repatriation_transition(case=case, transition="issue_travel_document", actor=liaison_in)

    custody = dict(case.person.nationalities.values_list("country", "document_custody"))
    assert custody == {"IN": DocumentCustody.EMERGENCY_DOCUMENT, "PH": DocumentCustody.CONFISCATED}
    assert event.data["custody"] == {"country": "IN", "from": "confiscated", "to": "emergency_document"}
    assert event.data["embassy"] == "IN"


def test_the_stage_does_not_change_when_its_event_cannot_be_written(ngo_a, caseworker, monkeypatch):
    case = case_at(ngo_a, "identified")

    def broken(**kwargs):
        raise RuntimeError("the outbox is unreachable")

    monkeypatch.setattr("cases.events.notification_outbox_write", broken)
    with pytest.raises(RuntimeError):
        services.repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    case.refresh_from_db()
    assert case.repatriation_stage == "identified"
    assert not repatriation_events(case).exists()


def test_a_transition_restarts_the_days_in_stage(ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    case.repatriation_stage_since = timezone.now() - datetime.timedelta(days=9)
    case.save()
    services.repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    case.refresh_from_db()
    assert timezone.now() - case.repatriation_stage_since < datetime.timedelta(minutes=1)


def test_the_workflow_has_three_side_states():
    assert {
        RepatriationStage.ON_HOLD,
        RepatriationStage.DECLINED,
        RepatriationStage.LEGAL_PROCEEDINGS,
    } == set(SIDE_STATES)


# --- The same rules through the screen -------------------------------------------------------


def test_a_refused_step_is_explained_beside_the_choice_not_as_a_server_error(client, ngo_a, caseworker):
    case = case_at(ngo_a, "verification_requested")
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:repatriation_transition", args=[case.pk]), {"transition": "verify_nationality"}
    )
    assert response.status_code == 422
    assert "Only the embassy can verify nationality" in response.content.decode()
    case.refresh_from_db()
    assert case.repatriation_stage == "verification_requested"


def test_a_hold_without_a_reason_is_explained_beside_the_reason(client, ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:repatriation_transition", args=[case.pk]), {"transition": "put_on_hold", "reason": ""}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["reason"] == ["Give a reason for the hold."]


def test_a_caseworker_takes_a_step_from_the_case_page_and_sees_the_new_stage(client, ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    client.force_login(caseworker)
    page = client.get(reverse("cases:repatriation_case", args=[case.pk])).content.decode()
    assert "Request nationality verification" in page
    assert "Verify nationality<" not in page  # the embassy's step is not offered to the NGO
    response = client.post(
        reverse("cases:repatriation_transition", args=[case.pk]),
        {"transition": "request_verification", "note": "Passport copy sent"},
        follow=True,
    )
    page = response.content.decode()
    assert "Nationality verification requested" in page
    assert "Passport copy sent" in page


def test_a_stale_page_cannot_repeat_a_step_someone_else_already_took(client, ngo_a, liaison_in):
    case = case_at(ngo_a, "verification_requested")
    client.force_login(liaison_in)
    url = reverse("cases:repatriation_transition", args=[case.pk])
    assert client.post(url, {"transition": "verify_nationality"}).status_code == 302
    response = client.post(url, {"transition": "verify_nationality"})
    assert response.status_code == 422
    assert "the case is at “Nationality verified”" in response.content.decode()
    assert repatriation_events(case).count() == 1


def test_an_overlong_note_gets_a_message_not_a_server_error(client, ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:repatriation_transition", args=[case.pk]),
        {"transition": "request_verification", "note": "x" * 5000},
    )
    assert response.status_code == 422
    assert "note" in response.context["form"].errors


def test_saving_without_choosing_a_step_says_so_beside_the_choice(client, ngo_a, caseworker):
    case = case_at(ngo_a, "identified")
    client.force_login(caseworker)
    response = client.post(reverse("cases:repatriation_transition", args=[case.pk]), {"note": "Forgot"})
    assert response.status_code == 422
    assert response.context["form"].errors["transition"] == ["Choose the step to record."]
