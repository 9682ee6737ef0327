"""Arrivals to resolve: register anyway, the same person (linked), discard; each confirmed first."""

import json
import uuid

import pytest
from django.urls import reverse

from cases.models import AccessLog, Case, CaseEvent
from intake.models import Person
from intake.services import person_keys_refresh
from offline_desk.models import SyncedArrival
from offline_desk.sealing import seal, sealing_key_current
from tests.factories import CaseFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(ngo_a):
    case = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=case.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=case.person)
    return case


def sync(client, site, **fields):
    device = uuid.uuid4()
    client.post(reverse("offline_desk:devices"), {"device": str(device)}, content_type="application/json")
    value = {
        "fields": {
            "given_name": "Ravi",
            "gender": "Masculine",
            "approximate_age": "30",
            "country": "IN",
            "document_type": "passport",
            "document_number": "Z99 11223",
            **fields,
        },
        "batch": {"site": str(site.pk), "arrived_on": "2026-10-23", "group": ""},
    }
    key = str(uuid.uuid4())
    body = {
        "key": key,
        "device": str(device),
        "sealed": seal(value, key=sealing_key_current(), idempotency_key=key, device_id=str(device)),
    }
    client.post(reverse("offline_desk:sync"), json.dumps(body), content_type="application/json")
    return SyncedArrival.objects.latest("id")


@pytest.fixture
def waiting(client, caseworker, site, existing):
    client.force_login(caseworker)
    return sync(client, site)


def test_the_list_shows_the_match_as_the_online_desk_does(client, waiting, existing):
    page = client.get(reverse("offline_desk:to_resolve"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ravi" in text
    assert existing.reference in text and "same identity document" in text
    assert f"It is the same person as {existing.reference}" in text


def test_a_match_in_another_organisation_shows_only_the_organisation(client, caseworker, site, ngo_b):
    other = CaseFactory(organisation=ngo_b, person=PersonFactory(given_name="Hiddenname", family_name="Uniq"))
    NationalityFactory(person=other.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=other.person)
    client.force_login(caseworker)
    sync(client, site)
    text = client.get(reverse("offline_desk:to_resolve")).content.decode()
    assert "A possible match is registered by" in text and "NGO B" in text
    assert "Hiddenname" not in text


def test_registering_anyway_asks_first_then_opens_a_new_case(client, waiting):
    url = reverse("offline_desk:resolve_register", args=[waiting.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 200  # no confirmation: asked again, nothing done
    assert Case.objects.count() == 1
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Case.objects.count() == 2
    waiting.refresh_from_db()
    assert (waiting.status, waiting.typed) == ("registered_anyway", "")
    assert waiting.case.person.given_name == "Ravi"
    assert waiting.case.events.filter(kind=CaseEvent.Kind.OPENED).count() == 1


def test_the_same_person_links_to_the_case_without_opening_one(client, waiting, existing):
    url = reverse("offline_desk:resolve_same", args=[waiting.pk, existing.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"confirm": "True", "seen_version": existing.person.version})
    assert response.status_code == 302
    assert Case.objects.count() == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.case) == ("linked", existing)
    assert existing.events.filter(kind=CaseEvent.Kind.NOTE, data__offline_desk="linked").count() == 1
    assert Person.objects.get(pk=existing.person_id).given_name == "Zqxname"  # nothing overwritten


def test_linking_is_refused_when_the_record_changed_since_it_was_looked_at(client, waiting, existing):
    url = reverse("offline_desk:resolve_same", args=[waiting.pk, existing.pk])
    seen = existing.person.version
    Person.objects.filter(pk=existing.person_id).update(version=seen + 1)  # someone saved it meanwhile
    response = client.post(url, {"confirm": "True", "seen_version": seen}, follow=True)
    assert "changed since you looked" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "to_resolve"


def test_only_a_likely_match_can_be_linked(client, waiting, ngo_a):
    unrelated = CaseFactory(organisation=ngo_a)
    url = reverse("offline_desk:resolve_same", args=[waiting.pk, unrelated.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "True", "seen_version": 1}).status_code == 404


def test_discarding_asks_first_then_erases_what_was_typed(client, waiting):
    url = reverse("offline_desk:resolve_discard", args=[waiting.pk])
    assert client.post(url, {}).status_code == 200
    assert client.post(url, {"confirm": "on"}).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.typed) == ("discarded", "")
    assert Case.objects.count() == 1
    again = client.post(url, {"confirm": "on"}, follow=True)
    assert "already resolved" in again.content.decode()


def test_an_arrival_that_needs_correcting_is_corrected_and_registered(client, caseworker, site):
    client.force_login(caseworker)
    row = sync(client, site, document_number="", phone="call the shelter")
    assert row.problem == "invalid"
    url = reverse("offline_desk:resolve_register", args=[row.pk])
    page = client.get(url).content.decode()
    assert "not a phone number we can read" in page
    fields = {
        "given_name": "Ravi",
        "gender": "Masculine",
        "approximate_age": "30",
        "country": "IN",
        "document_type": "passport",
        "phone": "+91 98765 43210",
    }
    assert client.post(url, {"confirm": "on", **fields}).status_code == 302
    row.refresh_from_db()
    assert row.status == "registered_anyway"
    assert row.case.person.phone == "+919876543210"


def test_another_organisations_caseworker_gets_404_on_each_waiting_arrival(
    client, waiting, caseworker2, existing
):
    client.force_login(caseworker2)
    assert "Ravi" not in client.get(reverse("offline_desk:to_resolve")).content.decode()
    for url in (
        reverse("offline_desk:resolve_register", args=[waiting.pk]),
        reverse("offline_desk:resolve_same", args=[waiting.pk, existing.pk]),
        reverse("offline_desk:resolve_discard", args=[waiting.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "to_resolve"


def test_the_list_reads_in_a_bounded_number_of_queries(
    client, caseworker, site, existing, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for _ in range(14):
        sync(client, site)
    with django_assert_max_num_queries(120):  # at most 10 shown, each with its duplicate check
        page = client.get(reverse("offline_desk:to_resolve"))
    assert page.content.decode().count('data-testid="waiting"') == 10
    assert "And 4 more" in page.content.decode()
    # Each duplicate check shown is logged, as at the online desk.
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH).count() >= 14 + 10
