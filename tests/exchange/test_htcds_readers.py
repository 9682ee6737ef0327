"""The readers are the export's mapping read backwards: every field the export writes has one."""

import pytest

from exchange.htcds_readers import GROUPS, READERS, Vocabularies, record_read
from reporting.htcds import spec
from reporting.htcds.coverage import standard_fields
from reporting.htcds.export import iso639_2
from tests.reporting.test_htcds_spec import STANDARD

pytestmark = pytest.mark.django_db


def test_every_column_the_export_writes_has_a_reader():
    # Driven by the export's spec: a column it gains is read by its kind and list at once.
    assert {column.name for column in spec.PERSON_COLUMNS} <= set(READERS)
    assert set(spec.GROUP_NAMES) == set(GROUPS)


def test_every_reader_is_a_field_of_the_standard_or_an_extension_of_the_spec():
    standard = {name for name in READERS if not name.startswith(spec.EXTENSION_PREFIX)}
    assert standard <= {field.name for field in standard_fields(STANDARD)}
    assert set(READERS) - standard <= {column.name for column in spec.extension_columns()}


def test_languages_are_read_as_iso_639_2_t_or_b_and_mapped_to_ours():
    vocabularies = Vocabularies()
    values, errors = record_read(
        {"prs_Citizenship": "CN", "prs_PrimaryLanguage": "zho", "prs_SecondaryLanguage": "chi"}, vocabularies
    )
    assert errors == {}
    assert iso639_2(values["prs_PrimaryLanguage"].code) == "zho"
    assert values["prs_SecondaryLanguage"] == values["prs_PrimaryLanguage"]


def test_a_picklist_error_hints_the_allowed_values_and_a_long_list_is_cut():
    _values, errors = record_read({"prs_Citizenship": "IN", "vic_MethodsOfControl": "Chains"}, Vocabularies())
    message = errors["vic_MethodsOfControl"]
    assert message.startswith('"Chains" is not one of the allowed values: DebtBondage, ')
    assert message.endswith(", ….")
