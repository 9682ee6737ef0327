"""Phones as people write them, stored in E.164: the registration desk and the interview alike."""

import pytest
from django.core.exceptions import ValidationError

from intake.forms import IdentityForm
from intake.phones import phone_e164
from tests.factories import NationalityFactory, PersonFactory


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("+91 98765 43210", "", "+919876543210"),
        ("098765 43210", "IN", "+919876543210"),
        ("(098) 765-43210", "IN", "+919876543210"),
        ("098.765.43210", "IN", "+919876543210"),
        ("0066 81 234 5678", "", "+66812345678"),
        ("081-234-5678", "TH", "+66812345678"),
        ("+91001234567", "", "+91001234567"),  # a stored value is kept as it is: its digests stay
        ("", "IN", ""),
    ],
)
def test_a_phone_is_read_as_written_and_stored_in_e164(typed, region, stored):
    assert phone_e164(typed, region) == stored


@pytest.mark.parametrize("typed", ["12", "call the shelter", "098765 43210", "+", "++91 98765"])
def test_what_is_not_a_readable_number_is_refused_with_a_message(typed):
    with pytest.raises(ValidationError, match="not a phone number we can read"):
        phone_e164(typed)  # without a region a number at home cannot be read


@pytest.mark.django_db
def test_the_interview_reads_a_number_at_home_in_the_persons_country():
    person = PersonFactory(given_name="Somchai", family_name="", gender="Masculine")
    NationalityFactory(person=person, country="TH")
    form = IdentityForm(
        data={
            "given_name": "Somchai",
            "gender": "Masculine",
            "birth_year_estimated": "1990",
            "phone": "081 234 5678",
        },
        instance=person,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+66812345678"
