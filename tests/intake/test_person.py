"""Who counts as a minor: the property a screen shows and the filter a list uses agree."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 22)


def test_a_seventeen_year_old_is_a_minor_and_an_eighteen_year_old_is_not():
    assert Person(date_of_birth=datetime.date(2008, 11, 23)).youngest_possible_age(ON) == 17
    assert Person(date_of_birth=datetime.date(2008, 11, 22)).youngest_possible_age(ON) == 18


def test_with_only_a_birth_year_the_person_gets_the_benefit_of_the_doubt():
    # Born in 2008 they may be 17 or 18 on 22 November 2026: treated as a minor.
    assert Person(birth_year_estimated=2008).youngest_possible_age(ON) == 17
    assert Person(birth_year_estimated=2007).youngest_possible_age(ON) == 18


def test_a_person_of_unknown_age_is_not_flagged_as_a_minor():
    assert Person().youngest_possible_age(ON) is None
    assert not Person().is_minor


@settings(max_examples=150, deadline=None)
@given(
    dob=st.one_of(
        st.none(), st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2026, 12, 31))
    ),
    year=st.integers(min_value=1950, max_value=2026),
    on=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31)),
)
def test_the_minor_filter_matches_the_age_rule_for_any_birth_date_and_day(dob, year, on):
    person = PersonFactory(date_of_birth=dob, birth_year_estimated=None if dob else year)
    age = person.youngest_possible_age(on)
    in_filter = Person.objects.minors(on=on).filter(pk=person.pk).exists()
    assert in_filter == (age is not None and age < 18)
    person.delete()


@pytest.mark.parametrize(
    ("given", "family", "written"),
    [
        ("राहुल", "वर्मा", "राहुल वर्मा"),  # Hindi: given name first
        ("สมชาย", "ใจดี", "สมชาย ใจดี"),  # Thai: given name first
        ("伟", "王", "王伟"),  # Chinese: family name first, no space
        ("太郎", "山田", "山田太郎"),  # Japanese
        ("민준", "김", "김 민준"),  # Korean: family name first, spaced
        ("Văn An", "Nguyễn", "Nguyễn Văn An"),  # Vietnamese: family name first
        ("အောင်", "", "အောင်"),  # Burmese: often no family name at all
        ("", "वर्मा", "वर्मा"),
    ],
)
def test_a_name_in_its_own_script_is_written_in_that_scripts_order(given, family, written):
    person = Person(given_name_native=given, family_name_native=family)
    assert person.native_name == written
