"""Erasure on request needs two people and leaves nothing of the person; retention anonymises closed cases."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.erasure.services import ANONYMISED_NAME, case_anonymise, retention_sweep
from cases.models import Case, CaseEvent, ErasureRequest, Role
from cases.tasks import retention_sweep as retention_task
from intake.models import Interview, MatchKey, Person
from intake.services import person_keys_refresh
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    DebtFactory,
    NationalityFactory,
    PersonFactory,
    StaffFactory,
)
from tests.intake.test_encryption import database_text

pytestmark = pytest.mark.django_db
NAME = "Zelqarin"


@pytest.fixture
def survivor_case(ngo_a, caseworker):
    person = PersonFactory(given_name=NAME, family_name="Vostrel", phone="+66812340000")
    case = CaseFactory(organisation=ngo_a, person=person)
    NationalityFactory(person=person, country="IN", document_number="ZZ7654321")
    DebtFactory(person=person)
    ConsentFactory(person=person)
    Interview.objects.create(
        person=person, held_on="2026-10-25", place="Shelter", interviewer=caseworker, narrative="x"
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, note=f"Called {NAME}'s sister")
    person.phone = "+66812349999"
    person.save()  # a change: the history now holds the old phone too
    person_keys_refresh(person=person)
    return case


@pytest.fixture
def second_manager(ngo_a):
    return StaffFactory(username="manager2", role=Role.COORDINATOR, organisation=ngo_a)


def ask(client, user, case, reference=None):
    client.force_login(user)
    return client.post(
        reverse("cases:erasure_list"),
        {"reference": reference or case.reference, "reason": "The person asked on 3 November"},
    )


def same_page(one: str, other: str) -> bool:
    """Whether two pages are the same but for their per-request CSRF tokens."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    return token.sub("", one) == token.sub("", other)


def decide(client, user, erasure, data):
    client.force_login(user)
    return client.post(reverse("cases:erasure_decide", args=[erasure.pk]), data)


def test_a_coordinator_asks_and_cannot_approve_their_own_request(client, manager, survivor_case):
    ask(client, manager, survivor_case)
    erasure = ErasureRequest.objects.get()
    response = decide(client, manager, erasure, {"confirm": survivor_case.reference})
    assert "a second person must decide it" in response.content.decode()
    assert Person.objects.filter(given_name=NAME).exists()


def test_the_caseworker_asks_and_their_coordinator_erases_every_trace_of_the_person(
    client, caseworker, manager, survivor_case
):
    ask(client, caseworker, survivor_case)
    erasure = ErasureRequest.objects.get()
    assert erasure.organisation == survivor_case.organisation
    wrong = decide(client, manager, erasure, {"confirm": "WRONG-REF"})
    assert "This is not the reference of the case to erase." in wrong.content.decode()
    assert Person.objects.filter(given_name=NAME).exists()
    decide(client, manager, erasure, {"confirm": survivor_case.reference.lower()})
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE and erasure.decided_by == manager
    assert erasure.erased_counts["debt"] == 1 and erasure.erased_counts["events"] == 1
    assert not Case.objects.exists() and not Person.objects.exists() and not MatchKey.objects.exists()
    assert not Person.history.exists() and not Case.history.exists()
    dump = database_text()
    for trace in (NAME, "Vostrel", "sister"):
        assert trace not in dump
    assert erasure.case_reference in dump  # the fact of the erasure remains
    # ... and stays on the organisation's list after the case is gone.
    client.force_login(manager)
    assert erasure.case_reference in client.get(reverse("cases:erasure_list")).content.decode()


def test_a_caseworker_cannot_decide_an_erasure(client, caseworker, manager, survivor_case):
    ask(client, manager, survivor_case)
    erasure = ErasureRequest.objects.get()
    response = decide(client, caseworker, erasure, {"confirm": survivor_case.reference})
    assert "A coordinator of your organisation decides this request." in response.content.decode()
    decide(client, caseworker, erasure, {"reject": ""})
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.PENDING
    assert Person.objects.filter(given_name=NAME).exists()


def test_a_request_can_be_rejected_and_nothing_is_erased(client, manager, second_manager, survivor_case):
    ask(client, manager, survivor_case)
    decide(client, second_manager, ErasureRequest.objects.get(), {"reject": ""})
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.REJECTED
    assert Person.objects.filter(given_name=NAME).exists()


def test_an_unknown_reference_and_a_second_pending_request_are_explained(client, manager, survivor_case):
    response = ask(client, manager, survivor_case, reference="NOPE-0000")
    assert "None of your organisation&#x27;s cases has this reference." in response.content.decode()
    ask(client, manager, survivor_case)
    again = ask(client, manager, survivor_case)
    assert "already waiting for approval" in again.content.decode()
    assert ErasureRequest.objects.count() == 1


def test_another_organisation_cannot_ask_to_erase_a_case_nor_learn_that_it_exists(
    client, coordinator, caseworker2, survivor_case
):
    """The task force (no cases) and NGO B name NGO A's case: the answer is an unknown reference's."""
    for stranger in (coordinator, caseworker2):
        existing = ask(client, stranger, survivor_case).content.decode()
        unknown = ask(client, stranger, survivor_case, reference="NOPE-0000").content.decode()
        message = "None of your organisation&#x27;s cases has this reference."
        assert message in existing and message in unknown
        assert same_page(existing.replace(survivor_case.reference, "NOPE-0000"), unknown)
    assert not ErasureRequest.objects.exists()


def test_another_organisation_neither_sees_nor_decides_a_request(
    client, caseworker, coordinator, ngo_b, survivor_case
):
    manager_b = StaffFactory(username="manager_b", role=Role.COORDINATOR, organisation=ngo_b)
    ask(client, caseworker, survivor_case)
    erasure = ErasureRequest.objects.get()
    for stranger in (coordinator, manager_b):
        client.force_login(stranger)
        assert survivor_case.reference not in client.get(reverse("cases:erasure_list")).content.decode()
        assert client.get(reverse("cases:erasure_decide", args=[erasure.pk])).status_code == 404
        assert decide(client, stranger, erasure, {"confirm": survivor_case.reference}).status_code == 404
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.PENDING
    assert Person.objects.filter(given_name=NAME).exists()


def test_an_administrator_neither_sees_asks_nor_decides(client, admin_user, caseworker, survivor_case):
    ask(client, caseworker, survivor_case)
    erasure = ErasureRequest.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("cases:erasure_list")).status_code == 404
    assert ask(client, admin_user, survivor_case).status_code == 404
    assert decide(client, admin_user, erasure, {"confirm": survivor_case.reference}).status_code == 404
    assert Person.objects.filter(given_name=NAME).exists()


@pytest.mark.parametrize("persona", ["liaison_in", "outsider"])
def test_erasure_is_not_for_liaisons_or_people_without_a_role(client, request, persona, survivor_case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:erasure_list")).status_code == 404
    assert ask(client, request.getfixturevalue(persona), survivor_case).status_code == 404


def test_retention_anonymises_cases_closed_longer_than_the_period(settings, survivor_case, ngo_a):
    settings.RETENTION_DAYS_AFTER_CLOSE = 365
    now = timezone.now()
    survivor_case.opened_at = now - datetime.timedelta(days=500)
    survivor_case.status, survivor_case.closed_at = "Closed", now - datetime.timedelta(days=400)
    survivor_case.save()
    recent = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Recentclosed"))
    recent.opened_at = now - datetime.timedelta(days=50)
    recent.status, recent.closed_at = "Closed", now - datetime.timedelta(days=10)
    recent.save()
    assert retention_sweep(now=now) == 1
    person = Person.objects.get(pk=survivor_case.person_id)
    assert (person.given_name, person.phone, person.aliases.count()) == (ANONYMISED_NAME, "", 0)
    assert (
        person.birth_year_estimated == 1995 and person.nationalities.get().country == "IN"
    )  # statistics stay
    assert person.nationalities.get().document_number == ""
    assert not MatchKey.objects.filter(person=person).exists()
    assert NAME not in database_text() and "Vostrel" not in database_text()
    assert Person.objects.filter(given_name="Recentclosed").exists()
    assert retention_sweep(now=now) == 0  # done once


def test_anonymising_a_case_closed_on_hold_clears_why_it_was_held_from_the_case_and_its_history(
    survivor_case,
):
    reason = f"Witness against {NAME}'s recruiter"
    survivor_case.repatriation_stage, survivor_case.repatriation_hold_reason = "on_hold", reason
    survivor_case.save()
    survivor_case.status, survivor_case.closed_at = "Closed", timezone.now()
    survivor_case.save()

    def held():  # encrypted: compared after decryption, not in the query
        return [h.repatriation_hold_reason for h in Case.history.filter(id=survivor_case.pk)]

    assert reason in held()
    case_anonymise(case=survivor_case)
    survivor_case.refresh_from_db()
    assert survivor_case.repatriation_stage == "on_hold"  # the stage is a code the figures count
    assert survivor_case.repatriation_hold_reason == ""
    assert set(held()) == {""}


def test_the_retention_sweep_is_a_periodic_task(settings):
    assert settings.CELERY_BEAT_SCHEDULE["retention-sweep"]["task"] == "cases.tasks.retention_sweep"
    assert retention_task.name == "cases.tasks.retention_sweep"


def test_rebuilding_match_keys_keeps_an_anonymised_person_unfindable(survivor_case):
    case_anonymise(case=survivor_case)
    call_command("rebuild_match_keys", verbosity=0)
    person = Person.objects.get(pk=survivor_case.person_id)
    assert " ZLKRN " not in person.name_phonetic
