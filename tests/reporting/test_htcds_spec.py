"""The HTCDS spec, the standard's field list and docs/htcds.md agree: no field forgotten, none invented.

The standard's list is tests/reporting/standards/htcds-2.0-fields.csv (as published, stray spaces
and all). Each of its fields is exported, withheld on purpose or not held, in the spec and in the
docs' table alike; every column the spec writes is a standard field or an extension that the
docs list; every standard picklist the spec keeps is the standard's, value for value.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import CaseStatus, OrganisationType
from intake.vocabularies import (
    DebtImposer,
    DecisionMaker,
    ForcedLabourIndustry,
    Gender,
    Platform,
    RelationToRecruiter,
    Seller,
    SexExploitationType,
    TraffickingStatus,
)
from reporting.htcds import spec
from reporting.htcds.coverage import EXPORTED, NOT_HELD, WITHHELD, counts, disposition, standard_fields

STANDARD = Path(__file__).parent / "standards" / "htcds-2.0-fields.csv"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "htcds.md"


@pytest.fixture(scope="module")
def fields():
    return standard_fields(STANDARD)


def docs_section(title: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(section: str) -> dict[str, list[str]]:
    """The rows of a markdown table whose first cell is a `name`: name -> the other cells."""
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `([^`]+)` \|(.*)\|$", line)
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} is listed twice"
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def test_the_standard_lists_83_fields_40_of_them_core_3_deprecated(fields):
    assert len(fields) == 83
    assert sum(field.core for field in fields) == 40
    assert {field.name for field in fields if field.status == "DEPRECATED"} == {
        "vic_AgreementToManagePersonalData",
        "vic_Vulnerabilities",
        "vic_DetailsOfVulnerabilities",
    }


def test_every_field_of_the_standard_is_exported_withheld_or_not_held_and_only_one_of_them(fields):
    names = {field.name for field in fields}
    exported = spec.exported_standard_fields()
    assert exported <= names, exported - names  # no column passes itself off as a standard field
    assert set(spec.WITHHELD) <= names and set(spec.NOT_HELD) <= names
    for name in names:
        decided = [name in exported, name in spec.WITHHELD, name in spec.NOT_HELD]
        assert decided.count(True) == 1, (name, decided)


def test_the_fields_the_audit_found_missing_are_exported(fields):
    exported = spec.exported_standard_fields()
    assert {
        "vic_LocationOfExploitation",
        "vic_LocationOfRecruitment",
        "vic_ForcedLabourIndustry",
        "vic_TypeOfSexExploitation",
        "hte_Type",
        "hte_Country",
        "hte_Date",
        "cas_ReasonForCaseClosure",
    } <= exported
    assert "cas_CaseOwner" in spec.WITHHELD and "per_RoleInProcess" in spec.WITHHELD


def test_the_spec_keeps_each_standard_picklist_value_for_value(fields):
    by_name = {field.name: field for field in fields}
    for name, values in spec.STANDARD_PICKLISTS.items():
        assert values == set(by_name[name].values), name


def test_every_column_validates_against_a_list_the_spec_knows():
    code_lists = {spec.ISO3166, spec.ISO639_2, spec.ISO639_3, spec.ISO4217}
    for column in spec.all_columns():
        if column.kind in (spec.Kind.PICKLIST, spec.Kind.MULTISELECT):
            known = (
                column.picklist in spec.STANDARD_PICKLISTS
                or column.picklist in code_lists
                or column.picklist.startswith(("intake.", "referrals."))
            )
            assert known, (column.name, column.picklist)
        if not column.is_extension:
            assert column.standard == column.name


def test_the_docs_table_lists_every_field_of_the_standard_as_the_spec_decides(fields):
    rows = table_rows(docs_section("Every field of the standard"))
    assert set(rows) == {field.name for field in fields}, (
        "regenerate with manage.py htcds_coverage --markdown"
    )
    for field in fields:
        state, how = disposition(field.name)
        assert state in (EXPORTED, WITHHELD, NOT_HELD)
        assert rows[field.name][2] == state, field.name
        assert rows[field.name][3] == how.replace("|", "/"), field.name


def test_the_docs_list_every_extension_column_and_no_other():
    rows = table_rows(docs_section("Extension columns"))
    assert set(rows) == {column.name for column in spec.extension_columns()}
    assert all(name.startswith(spec.EXTENSION_PREFIX) for name in rows)


def test_the_docs_give_the_coverage_the_command_prints(fields, capsys):
    call_command("htcds_coverage")
    printed = capsys.readouterr().out
    assert "core fields not deprecated: 17 of 38 exported" in printed
    assert "all fields: 30 of 83 exported" in printed
    assert printed.strip() in DOCS.read_text(encoding="utf-8")
    assert counts(fields)["core fields"] == (17, 40)


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("org_Type", OrganisationType),
        ("prs_Gender", Gender),
        ("vic_TraffickingStatus", TraffickingStatus),
        ("vic_TraffickingStatusDecisionMakingOrg", DecisionMaker),
        ("vic_RelationshipToTrafficker", RelationToRecruiter),
        ("vic_RecruitmentWebsitesAndApps", Platform),
        ("vic_ForcedLabourIndustry", ForcedLabourIndustry),
        ("vic_TypeOfSexExploitation", SexExploitationType),
        ("per_RoleInProcess", Seller),  # x_SoldBy
        ("per_RoleInProcess", DebtImposer),  # x_ImposedBy
        ("cas_Status", CaseStatus),
    ],
)
def test_every_value_the_record_stores_for_a_standard_picklist_is_one_the_standard_defines(field, choices):
    # These are exported as stored: a value added to the vocabulary must be one of the standard's.
    assert set(choices.values) <= spec.STANDARD_PICKLISTS[field], (
        set(choices.values) - spec.STANDARD_PICKLISTS[field]
    )
