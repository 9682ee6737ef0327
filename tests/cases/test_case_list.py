"""The case list as people use it: exact documents and phones, fuzzy names, labelled filters, progress."""

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.interview_steps import STEPS
from intake.models import Interview
from intake.services import person_keys_refresh
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def registered(organisation, document="", **person):
    case = CaseFactory(organisation=organisation, person=PersonFactory(**person), nationality="MM")
    if document:
        nationality = case.person.nationalities.get()
        nationality.document_number = document
        nationality.save()
    person_keys_refresh(person=case.person)
    return case


def search(client, text: str) -> list[str]:
    response = client.post(reverse("cases:case_list"), {"q": text}, follow=True)
    assert response.status_code == 200
    return sorted(case.person.full_name for case in response.context["page"].object_list)


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_a_document_number_finds_only_the_case_holding_it_not_names_that_sound_like_it(signed_in, ngo_a):
    registered(ngo_a, document="MA1234567", given_name="Aung", family_name="Kyaw")
    # Names whose sound ("M", "MA", "N") the letters of the number would have matched.
    registered(ngo_a, given_name="Ma", family_name="May")
    registered(ngo_a, given_name="Mya", family_name="Ma")
    registered(ngo_a, document="MA7654321", given_name="Other", family_name="Holder")
    assert search(signed_in, "MA1234567") == ["Aung Kyaw"]
    assert search(signed_in, "ma 123 4567") == ["Aung Kyaw"]  # however it is spaced or cased
    assert search(signed_in, "MA123") == []  # a part of a number is not the number


def test_a_phone_finds_only_the_case_holding_it(signed_in, ngo_a):
    registered(ngo_a, phone="+66812345678", given_name="Phone", family_name="Holder")
    registered(ngo_a, phone="+66899999999", given_name="Another", family_name="Phone")
    assert search(signed_in, "081 234 5678") == ["Phone Holder"]
    assert search(signed_in, "+66 81-234-5678") == ["Phone Holder"]


def test_names_stay_fuzzy(signed_in, ngo_a):
    registered(ngo_a, given_name="Muhammad", family_name="Khan")
    registered(ngo_a, given_name="Mohamed", family_name="Ali")
    registered(ngo_a, given_name="Somchai", family_name="Ruangsri")
    assert search(signed_in, "mohammed") == ["Mohamed Ali", "Muhammad Khan"]


def test_every_filter_says_what_it_is_not_dashes(signed_in, ngo_a):
    registered(ngo_a, given_name="Any", family_name="One")
    page = signed_in.get(reverse("cases:case_list")).content.decode()
    assert "---------" not in page
    for placeholder in ("Any nationality", "Any status", "Any stage", "Any organisation", "Anyone"):
        assert placeholder in page


def test_each_row_shows_how_far_the_interview_has_come(signed_in, ngo_a):
    started = registered(ngo_a, given_name="Started", family_name="One")
    Interview.objects.create(
        person=started.person,
        held_on=timezone.localdate(),
        place="Shelter",
        completed_steps=["details", "identity", "recruitment"],
    )
    registered(ngo_a, given_name="Waiting", family_name="Two")
    response = signed_in.get(reverse("cases:case_list"), {"order": "name"})
    page = response.content.decode()
    assert f"3 of {len(STEPS)}" in page and "Not started" in page
    waiting = signed_in.get(reverse("cases:case_list"), {"not_interviewed": "on"})
    assert [c.person.full_name for c in waiting.context["page"].object_list] == ["Waiting Two"]
