"""Erasure on request needs two people and leaves nothing of the person; retention anonymises closed cases."""

import datetime

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
def second_coordinator(task_force):
    return StaffFactory(username="coordinator2", role=Role.COORDINATOR, organisation=task_force)


def ask(client, user, case):
    client.force_login(user)
    return client.post(
        reverse("cases:erasure_list"),
        {"reference": case.reference, "reason": "The person asked on 3 November"},
    )


def test_a_coordinator_asks_and_cannot_approve_their_own_request(client, coordinator, survivor_case):
    ask(client, coordinator, survivor_case)
    erasure = ErasureRequest.objects.get()
    response = client.post(
        reverse("cases:erasure_decide", args=[erasure.pk]), {"confirm": survivor_case.reference}
    )
    assert "a second person must decide it" in response.content.decode()
    assert Person.objects.filter(given_name=NAME).exists()


def test_a_second_person_erases_every_trace_of_the_person(client, coordinator, admin_user, survivor_case):
    ask(client, coordinator, survivor_case)
    erasure = ErasureRequest.objects.get()
    client.force_login(admin_user)
    wrong = client.post(reverse("cases:erasure_decide", args=[erasure.pk]), {"confirm": "WRONG-REF"})
    assert "This is not the reference of the case to erase." in wrong.content.decode()
    assert Person.objects.filter(given_name=NAME).exists()
    client.post(
        reverse("cases:erasure_decide", args=[erasure.pk]), {"confirm": survivor_case.reference.lower()}
    )
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE and erasure.decided_by == admin_user
    assert erasure.erased_counts["debt"] == 1 and erasure.erased_counts["events"] == 1
    assert not Case.objects.exists() and not Person.objects.exists() and not MatchKey.objects.exists()
    assert not Person.history.exists() and not Case.history.exists()
    dump = database_text()
    for trace in (NAME, "Vostrel", "sister"):
        assert trace not in dump
    assert erasure.case_reference in dump  # the fact of the erasure remains


def test_a_request_can_be_rejected_and_nothing_is_erased(
    client, coordinator, second_coordinator, survivor_case
):
    ask(client, coordinator, survivor_case)
    client.force_login(second_coordinator)
    client.post(reverse("cases:erasure_decide", args=[ErasureRequest.objects.get().pk]), {"reject": ""})
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.REJECTED
    assert Person.objects.filter(given_name=NAME).exists()


def test_an_unknown_reference_and_a_second_pending_request_are_explained(client, coordinator, survivor_case):
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:erasure_list"), {"reference": "NOPE-0000", "reason": "The person asked today"}
    )
    assert "No case has this reference." in response.content.decode()
    ask(client, coordinator, survivor_case)
    again = ask(client, coordinator, survivor_case)
    assert "already waiting for approval" in again.content.decode()
    assert ErasureRequest.objects.count() == 1


@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "outsider"])
def test_erasure_is_only_for_coordinators_and_administrators(client, request, persona, survivor_case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:erasure_list")).status_code == 404
    assert ask(client, request.getfixturevalue(persona), survivor_case).status_code == 404


def test_an_administrator_may_approve_but_not_ask(client, admin_user, survivor_case):
    client.force_login(admin_user)
    assert "Ask for erasure" not in client.get(reverse("cases:erasure_list")).content.decode()
    assert ask(client, admin_user, survivor_case).status_code == 404


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


def test_the_retention_sweep_is_a_periodic_task(settings):
    assert settings.CELERY_BEAT_SCHEDULE["retention-sweep"]["task"] == "cases.tasks.retention_sweep"
    assert retention_task.name == "cases.tasks.retention_sweep"


def test_rebuilding_match_keys_keeps_an_anonymised_person_unfindable(survivor_case):
    case_anonymise(case=survivor_case)
    call_command("rebuild_match_keys", verbosity=0)
    person = Person.objects.get(pk=survivor_case.person_id)
    assert " ZLKRN " not in person.name_phonetic
