"""Exports open in Python's csv module and openpyxl, speak HTCDS 2.0, stay anonymous, and are logged."""

import csv
import io
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import openpyxl
import pycountry
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from iso639 import Language

from cases.exports.research import COLUMN_NAMES, K, k_anonymous
from cases.exports.writers import spreadsheet_safe
from cases.models import AccessLog, Case
from intake.models import Exploitation, ExploitationType, Person
from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db

STANDARD = Path(__file__).parent / "standards" / "htcds-2.0-fields.csv"
# What the research extract may hold: CTDC-style columns, none of them a name, a date or text.
RESEARCH_WHITELIST = {
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
} | {name for name in COLUMN_NAMES if name.startswith("meansOfControl")}


@cache
def htcds_fields() -> dict[str, dict]:
    """The standard's fields: name -> {type, values}, values stripped of the file's stray spaces."""
    with STANDARD.open(newline="", encoding="utf-8") as handle:
        return {
            row["Field Name"].strip(): {
                "type": row["Field Type"].strip(),
                "values": {value.strip() for value in row["Value Names"].splitlines() if value.strip()},
            }
            for row in csv.DictReader(handle)
        }


def download(client, name: str, *args, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def coordinators_cases(coordinator, task_force, ngo_a):
    """Four cases of the coordinator's own organisation (two Indian, two Filipino) and one of NGO A's."""
    cases = [
        CaseFactory(
            organisation=task_force, nationality=country, person=PersonFactory(given_name=f"Secretname{i}")
        )
        for i, country in enumerate(["IN", "IN", "PH", "PH"])
    ]
    CaseFactory(organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Othername"))
    return cases


def test_the_case_list_csv_holds_the_cases_the_coordinator_may_read_with_the_filters_and_no_names(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    rows = read_csv(download(client, "cases:export_case_list", "csv"))
    assert sorted(row["Reference"] for row in rows) == sorted(case.reference for case in coordinators_cases)
    filtered = read_csv(download(client, "cases:export_case_list", "csv", nationality="PH"))
    assert {row["Primary nationality (ISO 3166)"] for row in filtered} == {"PH"}
    assert len(filtered) == 2
    content = download(client, "cases:export_case_list", "csv").content.decode()
    assert "Secretname" not in content and "Othername" not in content


def test_the_case_list_xlsx_opens_in_openpyxl_with_the_same_rows(client, coordinator, coordinators_cases):
    client.force_login(coordinator)
    response = download(client, "cases:export_case_list", "xlsx", nationality="IN")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = list(sheet.values)
    assert header[0] == "Reference"
    assert sorted(row[0] for row in rows) == sorted(c.reference for c in coordinators_cases[:2])
    assert rows[0][header.index("Arrived on")].date() == coordinators_cases[0].person.arrived_on


def test_a_value_that_looks_like_a_formula_is_written_as_text():
    assert spreadsheet_safe('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert spreadsheet_safe("+66 81 234 5678") == "'+66 81 234 5678"
    assert spreadsheet_safe("Mae Sot") == "Mae Sot"
    assert spreadsheet_safe(42) == 42


@pytest.fixture
def coordinator_of_demo():
    call_command("seed_demo", cases=300, seed=2026, verbosity=0)
    user = User.objects.get(username="coordinator")
    # The demo's cases belong to the NGOs; give the task force some, so that it holds records to export.
    Case.objects.filter(reference__endswith="1").update(organisation=user.staff_profile.organisation)
    return user


def test_htcds_csv_and_json_use_only_the_standards_field_names_and_values(client, coordinator_of_demo):
    client.force_login(coordinator_of_demo)
    rows = read_csv(download(client, "cases:export_htcds", "csv"))
    records = json.loads(download(client, "cases:export_htcds", "json").content)["records"]
    assert len(rows) == len(records) == Case.objects.visible_to(coordinator_of_demo).count() > 0
    fields = htcds_fields()
    assert set(rows[0]) <= set(fields)
    assert {"prs_Gender", "prs_Citizenship", "vic_MethodsOfControl", "vic_TypeOfExploitation"} <= set(rows[0])
    for record in records:
        for name, value in record.items():
            kind, allowed = fields[name]["type"], fields[name]["values"]
            values = value if isinstance(value, list) else [value]
            if name in ("prs_Citizenship",):
                assert all(pycountry.countries.get(alpha_2=code) for code in values), values
            elif name in ("prs_PrimaryLanguage", "prs_SecondaryLanguage"):
                assert all(Language.from_part2t(code) for code in values if code), values
            elif kind in ("Picklist", "Multiselect Picklist"):
                assert set(values) - {""} <= allowed, (name, values)
            elif kind == "Checkbox":
                assert isinstance(value, bool)
            elif kind == "Number":
                assert value is None or isinstance(value, int)
    csv_control = {value for row in rows for value in row["vic_MethodsOfControl"].split(";") if value}
    assert "DebtBondage" in csv_control and csv_control <= fields["vic_MethodsOfControl"]["values"]


def test_htcds_exports_forced_criminality_as_forced_labour(client, coordinator, task_force):
    case = CaseFactory(organisation=task_force, nationality="IN")
    exploitation = Exploitation.objects.create(person=case.person)
    exploitation.types.add(ExploitationType.objects.get(code="ForcedCriminalityRomanceScam"))
    client.force_login(coordinator)
    (record,) = json.loads(download(client, "cases:export_htcds", "json").content)["records"]
    assert record["vic_TypeOfExploitation"] == ["ForcedLabour"]
    assert record["prs_Citizenship"] == ["IN"]


def k_of(rows: list[dict]) -> int:
    return min(Counter(tuple(row.values()) for row in rows).values())


def test_the_research_extract_is_k_anonymous_with_k_at_least_11_and_only_whitelisted_columns(
    client, coordinator_of_demo
):
    client.force_login(coordinator_of_demo)
    response = download(client, "cases:export_research")
    rows = read_csv(response)
    assert rows, "the demo should leave some rows after suppression"
    assert set(rows[0]) <= RESEARCH_WHITELIST
    assert k_of(rows) >= K == 11
    consenting = Person.objects.filter(
        consents__scope=ConsentScope.RESEARCH, consents__withdrawn_at__isnull=True
    ).count()
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.detail["rows"] == len(rows)
    assert entry.detail["eligible"] == consenting
    assert entry.detail["suppressed"] == consenting - len(rows) > 0
    content = response.content.decode()
    for person in Person.objects.all()[:50]:
        assert person.given_name not in content
    assert "KK Park" not in content
    assert not re.search(r"\d{4}-\d{2}-\d{2}", content)  # years, never dates


def test_every_chosen_combination_of_research_columns_keeps_k_at_least_11(client, coordinator_of_demo):
    client.force_login(coordinator_of_demo)
    for columns in (["citizenship"], ["gender", "ageBroad", "meansOfControlDebtBondage"], COLUMN_NAMES):
        rows = read_csv(download(client, "cases:export_research", columns=columns))
        assert not rows or k_of(rows) >= 11
        assert not rows or set(rows[0]) == set(columns)


def test_a_column_outside_the_whitelist_cannot_be_asked_for(client, coordinator_of_demo):
    client.force_login(coordinator_of_demo)
    response = client.get(reverse("cases:export_research"), {"columns": ["given_name"]})
    assert response["Content-Type"].startswith("text/html")
    assert "is not a column the extract may hold" in response.content.decode()


def test_only_persons_whose_research_consent_is_in_force_are_in_the_extract(client, coordinator, ngo_a):
    for index in range(12):
        case = CaseFactory(organisation=ngo_a, nationality="IN")
        consent = ConsentFactory(person=case.person, scope=ConsentScope.RESEARCH)
        if index == 0:
            consent.withdrawn_at = timezone.now()
            consent.save()
    client.force_login(coordinator)
    rows = read_csv(download(client, "cases:export_research"))
    assert len(rows) == 11  # the twelfth withdrew: the other eleven share every value
    assert k_of(rows) == 11


def test_suppression_keeps_only_combinations_shared_by_k_records():
    records = [{"citizenship": "IN"}] * 11 + [{"citizenship": "PH"}] * 10
    extract = k_anonymous(records, ["citizenship"], k=11)
    assert extract.rows == [("IN",)] * 11
    assert (extract.eligible, extract.suppressed, extract.k) == (21, 10, 11)


def test_every_export_is_recorded_with_its_filters_format_and_row_count(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    download(client, "cases:export_case_list", "xlsx", nationality="PH")
    download(client, "cases:export_htcds", "json", nationality="IN")
    download(client, "cases:export_research", nationality="IN")
    entries = list(AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("at", "id"))
    assert [(e.detail["export"], e.detail["format"], e.detail["rows"]) for e in entries] == [
        ("case_list", "xlsx", 2),
        ("htcds", "json", 2),
        ("research", "csv", 0),
    ]
    assert [e.detail["filters"] for e in entries] == [{"nationality": "PH"}, {"nationality": "IN"}] * 1 + [
        {"nationality": "IN"}
    ]
    assert {e.user for e in entries} == {coordinator}
    assert "Secretname" not in str([e.detail for e in entries])


def test_the_export_page_checks_the_research_extract_without_downloading_or_logging(
    client, coordinator_of_demo
):
    client.force_login(coordinator_of_demo)
    page = client.get(reverse("cases:exports"), {"check": "1"}).content.decode()
    assert 'data-testid="research-rows"' in page
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
