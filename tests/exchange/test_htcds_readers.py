"""The readers are the export's mapping read backwards: every field the export writes has one."""

import pytest

from exchange.htcds_readers import READERS, Vocabularies, record_read
from reporting.exports import htcds

pytestmark = pytest.mark.django_db


def test_every_field_the_export_writes_has_a_reader():
    # A field the export gains fails here until its reader is added to READERS, in its group.
    assert set(htcds.FIELDS) <= set(READERS)


def test_every_reader_is_a_field_of_the_standard():
    from tests.reporting.test_exports import htcds_fields

    assert set(READERS) <= set(htcds_fields())


def test_languages_are_read_as_iso_639_2_t_or_b_and_mapped_to_ours():
    vocabularies = Vocabularies()
    values, errors = record_read(
        {"prs_Citizenship": "CN", "prs_PrimaryLanguage": "zho", "prs_SecondaryLanguage": "chi"}, vocabularies
    )
    assert errors == {}
    assert htcds.iso639_2(values["prs_PrimaryLanguage"].code) == "zho"
    assert values["prs_SecondaryLanguage"] == values["prs_PrimaryLanguage"]


def test_a_picklist_error_hints_the_allowed_values_and_a_long_list_is_cut():
    _values, errors = record_read({"prs_Citizenship": "IN", "vic_MethodsOfControl": "Chains"}, Vocabularies())
    message = errors["vic_MethodsOfControl"]
    assert message.startswith('"Chains" is not one of the allowed values: DebtBondage, ')
    assert message.endswith(", ….")
