"""Exports open in the csv module and openpyxl, speak HTCDS 2.0, hold only consenting persons, are logged.

The anonymised releases have their own tests, with the differencing attack: test_releases.py.
"""

import csv
import io
import json
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog
from intake.vocabularies import ConsentScope
from reporting.exports.writers import spreadsheet_safe
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def download(client, name: str, *args, **query):
    """Download a file; its bytes are `.body` (the HTCDS files are streamed, the others not)."""
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.body.decode("utf-8"))))


def consenting(case, *scopes):
    """Give `case`'s person each consent scope, in force; return the case."""
    for scope in scopes:
        ConsentFactory(person=case.person, scope=scope)
    return case


def withdraw(case, scope) -> None:
    consent = case.person.consents.get(scope=scope, withdrawn_at__isnull=True)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])


BOTH_FILES = (ConsentScope.RECORD, ConsentScope.SHARE_PARTNERS)


@pytest.fixture
def coordinators_cases(coordinator, task_force, ngo_a):
    """Four consenting cases of the coordinator's organisation (two Indian, two Filipino), one of NGO A's."""
    cases = [
        consenting(
            CaseFactory(
                organisation=task_force,
                nationality=country,
                person=PersonFactory(given_name=f"Secretname{i}"),
            ),
            *BOTH_FILES,
        )
        for i, country in enumerate(["IN", "IN", "PH", "PH"])
    ]
    consenting(
        CaseFactory(organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Othername")),
        *BOTH_FILES,
    )
    return cases


def test_the_case_list_csv_holds_the_consenting_cases_the_coordinator_may_read_with_the_filters_and_no_names(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    rows = read_csv(download(client, "reporting:export_case_list", "csv"))
    assert sorted(row["Reference"] for row in rows) == sorted(case.reference for case in coordinators_cases)
    filtered = read_csv(download(client, "reporting:export_case_list", "csv", nationality="PH"))
    assert {row["Primary nationality (ISO 3166)"] for row in filtered} == {"PH"}
    assert len(filtered) == 2
    content = download(client, "reporting:export_case_list", "csv").body.decode()
    assert "Secretname" not in content and "Othername" not in content


def test_the_case_list_xlsx_opens_in_openpyxl_with_the_same_rows(client, coordinator, coordinators_cases):
    client.force_login(coordinator)
    response = download(client, "reporting:export_case_list", "xlsx", nationality="IN")
    sheet = openpyxl.load_workbook(io.BytesIO(response.body), read_only=True).active
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
def manager_of_demo():
    """The demo's manager: the coordinator of the demo caseworker's NGO, which holds cases."""
    call_command("seed_demo", cases=300, seed=2026, verbosity=0)
    return User.objects.get(username="manager")


# The HTCDS files' columns, values, episodes and format: test_htcds_export.py.


def test_every_export_is_recorded_with_its_filters_format_row_count_and_consent(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    download(client, "reporting:export_case_list", "xlsx", nationality="PH")
    download(client, "reporting:export_htcds", "json", nationality="IN")
    entries = list(AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("at", "id"))
    assert [(e.detail["export"], e.detail["format"], e.detail["rows"]) for e in entries] == [
        ("case_list", "xlsx", 2),
        ("htcds", "json", 2),
    ]
    assert [e.detail["filters"] for e in entries] == [{"nationality": "PH"}, {"nationality": "IN"}]
    assert [e.detail["consent"] for e in entries] == ["record", "share_partners"]
    assert {e.user for e in entries} == {coordinator}
    assert "Secretname" not in str([e.detail for e in entries])


# --- Case-level files carry only persons whose consent covers the sharing -------------


def htcds_citizenships(client) -> list[str]:
    records = json.loads(download(client, "reporting:export_htcds", "json").body)["records"]
    return sorted(code for record in records for code in record["prs_Citizenship"])


def test_a_person_without_consent_to_share_with_partners_never_appears_in_the_htcds_files(
    client, coordinator, task_force
):
    # Every scope but the partners' one, and even consent to research: still not in the file.
    others = [scope for scope in ConsentScope if scope != ConsentScope.SHARE_PARTNERS]
    consenting(CaseFactory(organisation=task_force, nationality="KE"), *others)
    consenting(CaseFactory(organisation=task_force, nationality="IN"), ConsentScope.SHARE_PARTNERS)
    client.force_login(coordinator)
    assert htcds_citizenships(client) == ["IN"]
    rows = read_csv(download(client, "reporting:export_htcds", "csv"))
    assert [row["prs_Citizenship"] for row in rows] == ["IN"]
    for query in ({"nationality": "KE"}, {"organisation": str(task_force.pk)}):
        assert "KE" not in download(client, "reporting:export_htcds", "csv", **query).body.decode()


def test_withdrawing_consent_to_share_with_partners_removes_the_person_from_the_next_htcds_export(
    client, coordinator, task_force
):
    leaving = consenting(CaseFactory(organisation=task_force, nationality="PH"), ConsentScope.SHARE_PARTNERS)
    consenting(CaseFactory(organisation=task_force, nationality="IN"), ConsentScope.SHARE_PARTNERS)
    client.force_login(coordinator)
    assert htcds_citizenships(client) == ["IN", "PH"]
    withdraw(leaving, ConsentScope.SHARE_PARTNERS)
    assert htcds_citizenships(client) == ["IN"]
    response = download(client, "reporting:export_htcds", "csv")
    assert "share_partners" in response["Content-Disposition"]  # the CSV names its consent


def test_the_case_list_file_holds_only_persons_whose_consent_to_record_is_in_force_and_says_so(
    client, coordinator, task_force
):
    kept = consenting(CaseFactory(organisation=task_force, nationality="IN"), ConsentScope.RECORD)
    never = consenting(CaseFactory(organisation=task_force, nationality="IN"), ConsentScope.RESEARCH)
    leaving = consenting(CaseFactory(organisation=task_force, nationality="IN"), ConsentScope.RECORD)
    client.force_login(coordinator)
    rows = read_csv(download(client, "reporting:export_case_list", "csv"))
    assert sorted(row["Reference"] for row in rows) == sorted([kept.reference, leaving.reference])
    assert {row["Consent in force for this file"] for row in rows} == {"Record my information"}
    withdraw(leaving, ConsentScope.RECORD)
    for fmt in ("csv", "xlsx"):
        content = download(client, "reporting:export_case_list", fmt).body
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
            references = [row[0] for row in list(sheet.values)[1:]]
        else:
            references = [row["Reference"] for row in csv.DictReader(io.StringIO(content.decode()))]
        assert references == [kept.reference]
        assert never.reference not in str(references)


def test_the_export_page_says_which_consent_each_case_level_file_needs(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    assert "Record my information" in page.split('data-testid="case-list-consent"')[1].split("</p>")[0]
    htcds_note = page.split('data-testid="htcds-consent"')[1].split("</p>")[0]
    assert "Share my case, without my name, with partner organisations" in htcds_note


# --- No CSRF token in a URL ------------------------------------------------------------------


def test_the_export_page_has_no_get_form_carrying_a_csrf_token(client, coordinator, coordinators_cases):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    for form in re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S):
        if 'method="post"' not in form.split(">", 1)[0].lower():
            assert "csrfmiddlewaretoken" not in form
    assert "Check what would be exported" not in page  # the per-request extract is gone


# --- The demo: every export gives its intended user data ----------------------------------


def test_the_demo_manager_exports_their_own_ngos_cases_and_the_task_force_coordinator_the_releases(
    client, manager_of_demo
):
    client.force_login(manager_of_demo)
    rows = read_csv(download(client, "reporting:export_case_list", "csv"))
    organisation = manager_of_demo.staff_profile.organisation
    assert rows and {row["Organisation"] for row in rows} == {organisation.name}
    assert len(read_csv(download(client, "reporting:export_htcds", "csv"))) > 0
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    assert client.post(reverse("reporting:release_create")).status_code == 302
    release = read_csv(download(client, "reporting:release_download", 1))
    assert release and min(int(row["count"]) for row in release) >= 11


# --- An organisation without cases is told so, not offered files of 0 cases -------------------


def test_a_task_force_coordinator_is_told_case_level_files_are_of_their_own_cases_and_pointed_to_releases(
    client, coordinator, task_force, ngo_a
):
    consenting(CaseFactory(organisation=ngo_a, nationality="IN"), *BOTH_FILES)  # cases exist, not theirs
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    note = page.split('data-testid="no-own-cases"')[1].split("</p>")[0]
    assert "files of your own organisation's cases, and Task force holds none" in note
    assert 'href="#releases-title">anonymised releases</a>' in note
    assert 'id="releases-title"' in page
    assert 'data-testid="case-list-count"' not in page and 'data-testid="htcds-count"' not in page
    assert reverse("reporting:export_case_list", args=["csv"]) not in page


def test_an_organisation_holding_cases_gets_the_case_level_files_even_when_the_filters_match_none(
    client, coordinator, coordinators_cases
):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports"), {"nationality": "KE"}).content.decode()
    assert 'data-testid="no-own-cases"' not in page
    assert "0 cases your organisation holds match these filters" in page
    assert reverse("reporting:export_case_list", args=["csv"]) in page
    page = client.get(reverse("reporting:exports")).content.decode()
    # The organisation's own cases, which the coordinator may open one by one: counted exactly.
    assert "4 cases your organisation holds match these filters" in page
