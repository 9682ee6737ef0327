"""Free text typed about a survivor is not readable from a database dump.

Case notes, repatriation step notes, hold reasons, the interview's indicator notes and a
crossing's notes are encrypted like the narrative; the case list's last search is kept in the
session encrypted. The screens still show what was typed.
"""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from cases.filters import SEARCH_SESSION_KEY
from cases.models import Case
from cases.repatriation import services as repatriation
from intake.models import ArrivalGroup, Exploitation, IndicatorObservation, Interview, Recruitment
from intake.vocabularies import ForcedLabourIndicator
from tests.factories import CaseFactory, ConsentFactory
from tests.intake.test_encryption import database_text

pytestmark = pytest.mark.django_db

NOTE = "Canarynote: the recruiter phoned his sister"
STEP_NOTE = "Canarystep: escort booked with Ko Min"
HOLD = "Canaryhold: witness in the Tak trial"
INDICATOR = "Canaryindicator: passport kept by Boss Li"
CROSSING = "Canarycrossing: twelve from KK Park"
PLACE = "Canaryplace: house of Auntie Noi, Soi 3"
INTERPRETER = "Canaryinterpreter: cousin Thura"
ORIGIN = "Canaryorigin: Pyin Oo Lwin, ward 5"


@pytest.fixture
def written(client, caseworker, ngo_a):
    """A case with a note typed on its page, put on hold with a reason, and interview notes."""
    case = CaseFactory(organisation=ngo_a, caseworker=caseworker, nationality="IN")
    client.force_login(caseworker)
    response = client.post(reverse("cases:case_note_add", args=[case.pk]), {"text": NOTE})
    assert response.status_code == 302
    repatriation.repatriation_transition(
        case=case, transition="put_on_hold", actor=caseworker, note=STEP_NOTE, reason=HOLD
    )
    interview = Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker
    )
    interview.place, interview.interpreter = PLACE, INTERPRETER  # a second version in the history
    interview.save()
    ConsentFactory(person=case.person, interpreter=INTERPRETER)
    Recruitment.objects.create(person=case.person, origin_place=ORIGIN)
    exploitation = Exploitation.objects.create(person=case.person)
    IndicatorObservation.objects.create(
        exploitation=exploitation, indicator=ForcedLabourIndicator.values[0], notes=INDICATOR
    )
    ArrivalGroup.objects.create(crossed_on="2026-10-23", crossing_point="Moei", means="boat", notes=CROSSING)
    return case


def test_notes_hold_reasons_and_indicator_notes_are_not_in_the_database_in_clear(written):
    assert Case.history.filter(id=written.pk, repatriation_stage="on_hold").exists()  # the history too
    dump = database_text()
    for typed in (NOTE, STEP_NOTE, HOLD, INDICATOR, CROSSING, PLACE, INTERPRETER, ORIGIN):
        assert typed.split(":")[0] not in dump


def test_the_screens_still_show_the_notes_and_the_hold_reason(client, written):
    written.refresh_from_db()
    assert written.repatriation_hold_reason == HOLD
    page = client.get(reverse("cases:case_detail", args=[written.pk])).content.decode()
    assert NOTE in page and STEP_NOTE in page and HOLD in page
    step = reverse("intake:interview_step", args=[written.person_id, "exploitation"])
    assert INDICATOR in client.get(step).content.decode()
    details = client.get(
        reverse("intake:interview_step", args=[written.person_id, "details"])
    ).content.decode()
    assert PLACE in details and INTERPRETER in details
    journey = client.get(
        reverse("intake:interview_step", args=[written.person_id, "journey"])
    ).content.decode()
    assert ORIGIN in journey


def test_resuming_from_a_hold_clears_the_reason_and_the_history_keeps_it_encrypted(written, caseworker):
    repatriation.repatriation_transition(
        case=written, transition="resume", actor=caseworker, note="", reason=""
    )
    written.refresh_from_db()
    assert written.repatriation_hold_reason == ""
    kept = written.history.filter(repatriation_stage="on_hold").latest("history_date")
    assert kept.repatriation_hold_reason == HOLD


def test_the_last_search_is_kept_in_the_session_encrypted_and_still_applied(client, caseworker, ngo_a):
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    nationality = case.person.nationalities.get()
    nationality.document_number = "Z7730019"
    nationality.save()
    other = CaseFactory(organisation=ngo_a, nationality="IN")
    client.force_login(caseworker)
    client.post(reverse("cases:case_list"), {"q": "Z7730019"})

    page = client.get(reverse("cases:case_list")).content.decode()
    assert case.reference in page and other.reference not in page  # the search still filters
    assert 'value="Z7730019"' in page  # and is shown in the search box
    stored = Session.objects.get()
    assert "Z7730019" not in stored.session_data
    decoded = stored.get_decoded()  # what anyone with a dump and the code can decode
    assert SEARCH_SESSION_KEY in decoded and "7730019" not in str(decoded)

    client.get(reverse("cases:case_list"), {"clear": "1"})
    assert SEARCH_SESSION_KEY not in Session.objects.get().get_decoded()


def test_a_search_kept_in_clear_by_an_older_version_is_ignored_not_shown(client, caseworker, ngo_a):
    client.force_login(caseworker)
    session = client.session
    session[SEARCH_SESSION_KEY] = "+66812345678"
    session.save()
    page = client.get(reverse("cases:case_list"))
    assert page.status_code == 200
    assert "+66812345678" not in page.content.decode()
