"""The encryption and matching keys stand apart from SECRET_KEY, and each rotates with its command.

Why: were the keys derived from SECRET_KEY, rotating a leaked secret would make every narrative
unreadable and every duplicate invisible.
"""

import json
import os

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

from cases.duplicates import likely_matches
from intake.matching import Identity
from intake.models import Interview, Person
from tests.cases import test_arrivals
from tests.cases.test_arrivals import arrival
from tests.test_settings import settings_with

# The arrivals tests' fixtures: a site, and a caseworker signed in with a batch set.
site = test_arrivals.site
in_batch = test_arrivals.in_batch

pytestmark = pytest.mark.django_db

DOCUMENT = "K7766554"
PHONE = "+919812300456"
NARRATIVE = "Taken across at night; the broker kept my passport."


def settings_after_a_restart(**env: str) -> dict:
    """The keys the settings give in a new process with `env`, and the keys this process was given."""
    given = {
        name: os.environ[name]
        for name in ("FIELD_ENCRYPTION_KEYS", "IDENTITY_HASH_KEY")
        if name in os.environ
    }
    result = settings_with(**given, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def register(client, **overrides):
    """Register an arrival through the registration page; return the page shown."""
    return client.post(reverse("cases:register"), arrival(**overrides)).content.decode()


def registered_with_a_narrative(client, caseworker) -> Person:
    register(client, given_name="Arjun", family_name="Keytest", document_number=DOCUMENT, phone=PHONE)
    person = Person.objects.get(family_name="Keytest")
    Interview.objects.create(
        person=person, held_on="2026-10-25", place="Shelter", interviewer=caseworker, narrative=NARRATIVE
    )
    return person


def found_by_the_case_search(client, text: str, person: Person) -> bool:
    client.get(reverse("cases:case_list"))  # shows, and so clears, the "case opened" message naming it
    client.post(reverse("cases:case_list"), {"q": text})
    return person.case.reference in client.get(reverse("cases:case_list")).content.decode()


def is_flagged_as_a_duplicate(client, **overrides) -> bool:
    before = Person.objects.count()
    page = register(client, given_name="Someone", family_name="Else", **overrides)
    assert Person.objects.count() == before  # a likely duplicate is shown before anything is created
    return "This person may already be registered" in page


def test_a_new_secret_key_leaves_every_narrative_readable_and_every_duplicate_found(
    in_batch, caseworker, site, settings
):
    person = registered_with_a_narrative(in_batch, caseworker)

    # The application restarts with a new secret: its settings are read afresh, in a process of their own.
    new_secret = "a-brand-new-secret-after-a-leak-" + "x" * 30
    restarted = settings_after_a_restart(SECRET_KEY=new_secret)
    settings.SECRET_KEY = new_secret
    settings.FIELD_ENCRYPTION_KEYS = restarted["field_keys"]
    settings.IDENTITY_HASH_KEY = restarted["identity_key"]
    assert in_batch.get(reverse("cases:register")).status_code == 302  # the old session is no longer valid
    in_batch.force_login(caseworker)  # so the caseworker signs in again, and sets their batch again
    context = {"site": site.pk, "arrived_on": "2026-10-24", "crossed_on": "2026-10-24"}
    in_batch.post(
        reverse("cases:registration_context"), {**context, "crossing_point": "Moei", "means": "boat"}
    )

    assert Interview.objects.get(person=person).narrative == NARRATIVE
    assert Person.objects.get(pk=person.pk).phone == PHONE
    assert is_flagged_as_a_duplicate(in_batch, document_number=DOCUMENT.lower())
    assert is_flagged_as_a_duplicate(in_batch, phone=PHONE)
    assert found_by_the_case_search(in_batch, DOCUMENT, person)
    assert found_by_the_case_search(in_batch, "98123 00456", person)


def test_a_new_identity_key_finds_duplicates_again_once_the_match_keys_are_rebuilt(
    in_batch, caseworker, settings
):
    person = registered_with_a_narrative(in_batch, caseworker)

    settings.IDENTITY_HASH_KEY = "the-next-identity-key-" + "y" * 30
    same_document = Identity.of(given_name="Someone", family_name="Else", documents=(("IN", DOCUMENT),))
    assert not likely_matches(user=caseworker, identity=same_document)  # the stored digests no longer meet
    assert not found_by_the_case_search(in_batch, DOCUMENT, person)

    call_command("rebuild_match_keys", verbosity=0)

    assert is_flagged_as_a_duplicate(in_batch, document_number=DOCUMENT)
    assert is_flagged_as_a_duplicate(in_batch, phone=PHONE)
    assert found_by_the_case_search(in_batch, DOCUMENT, person)
    assert found_by_the_case_search(in_batch, PHONE, person)


def test_rotating_the_field_key_keeps_every_version_in_the_change_history(caseworker, settings):
    from tests.factories import PersonFactory

    interview = Interview.objects.create(
        person=PersonFactory(),
        held_on="2026-10-25",
        place="Shelter",
        interviewer=caseworker,
        narrative="first",
    )
    interview.narrative = "second"
    interview.save()
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old]
    call_command("rotate_field_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # the old key is gone

    versions = interview.history.order_by("history_date").values_list("narrative", flat=True)
    assert list(versions) == ["first", "second"]
    assert Interview.objects.get().narrative == "second"
