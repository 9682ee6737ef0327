"""Narratives, document numbers and phones are encrypted at rest, found by blind index, and rotatable."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from intake.matching import document_index, phone_index
from intake.models import Interview, Nationality, Person
from tests.factories import NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db

CANARIES = {
    "phone": "+66812349876",
    "document": "CANARY991122",
    "narrative": "Canary narrative: river at dawn",
}


def database_text() -> str:
    """Everything every table holds, as text: what a dump or a stolen backup would show."""
    quote = connection.ops.quote_name
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names from the database itself
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def canary_person(caseworker):
    person = PersonFactory(phone=CANARIES["phone"])
    NationalityFactory(person=person, country="TH", document_number=CANARIES["document"])
    Interview.objects.create(
        person=person,
        held_on="2026-10-25",
        place="Shelter",
        interviewer=caseworker,
        narrative=CANARIES["narrative"],
    )
    return person


def test_the_database_and_the_change_history_hold_none_of_the_plaintext(canary_person):
    assert canary_person.history.exists() and Interview.history.exists()  # the history is in the dump too
    dump = database_text()
    for canary in CANARIES.values():
        assert canary not in dump
    assert "812349876" not in dump and "991122" not in dump


def test_the_application_reads_the_values_back(canary_person):
    person = Person.objects.get(pk=canary_person.pk)
    assert person.phone == CANARIES["phone"]
    assert person.nationalities.get().document_number == CANARIES["document"]
    assert person.interviews.get().narrative == CANARIES["narrative"]


def test_encrypted_values_are_found_by_their_blind_index_whatever_the_spacing(canary_person):
    assert Nationality.objects.filter(document_number_index=document_index("canary-991 122")).exists()
    assert Person.objects.filter(phone_index=phone_index("081 234 9876")).get() == canary_person


def test_filtering_on_the_ciphertext_is_refused_rather_than_silently_empty():
    with pytest.raises(FieldError):
        list(Person.objects.filter(phone__contains="812"))


def test_keys_rotate_without_losing_a_value(canary_person, settings):
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_field_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    person = Person.objects.get(pk=canary_person.pk)
    assert person.phone == CANARIES["phone"]
    assert person.interviews.get().narrative == CANARIES["narrative"]
    settings.FIELD_ENCRYPTION_KEYS = old
    with pytest.raises(ValueError, match="cannot be decrypted"):
        Person.objects.get(pk=canary_person.pk)  # under the old key alone the rotated values stay closed
