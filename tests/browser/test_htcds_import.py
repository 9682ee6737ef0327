"""The HTCDS import in a real browser: upload, a dry run with one error and one match, fix, confirm."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case
from intake.services import person_keys_refresh
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.test_sign_in import sign_in
from tests.exchange.files import csv_bytes, record
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

PRIYA = {"prs_FirstName": "Priya", "prs_SecondName": "Sharma", "prs_Birthdate": "1998-04-02"}
HEADER = [*record(), *PRIYA]


def partner_file(gender_of_row_3: str) -> bytes:
    return csv_bytes(
        [
            record(prs_Citizenship="PH", prs_PrimaryLanguage="tgl", prs_Gender="Masculine"),
            record(**PRIYA),
            record(prs_Citizenship="MM", prs_PrimaryLanguage="mya", prs_Gender=gender_of_row_3),
        ],
        header=HEADER,
    )


def choose(page: Page, content: bytes) -> None:
    page.get_by_label("HTCDS file (CSV or JSON)").set_input_files(
        files=[{"name": "partner-shelter.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and check").click()


def test_a_manager_imports_a_partners_file_after_fixing_the_error_the_dry_run_showed(
    page: Page, live_server, manager, ngo_a, screenshot
):
    registered = CaseFactory(
        organisation=ngo_a,
        nationality="IN",
        person=PersonFactory(
            given_name="Priya",
            family_name="Sharma",
            date_of_birth=datetime.date(1998, 4, 2),
            birth_year_estimated=None,
        ),
    )
    person_keys_refresh(person=registered.person)
    axe_install(page)
    findings = {}
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "manager")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Reports and exports"
    ).click()
    page.get_by_role("link", name="Import HTCDS").click()
    expect(page.get_by_role("heading", name="Import HTCDS records")).to_be_visible()
    expect(page.get_by_text("What the file must hold")).to_be_visible()
    findings["upload 1366"] = axe_findings(page)
    screenshot("htcds-import-upload-1366")

    choose(page, partner_file("Female"))
    expect(page.get_by_role("heading", name="Dry run of an HTCDS import")).to_be_visible()
    problems = page.get_by_test_id("problem")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text(
        'Row 3, prs_Gender: "Female" is not one of the allowed values: Feminine'
    )
    expect(page.get_by_test_id("match-row")).to_have_count(1)
    expect(page.get_by_test_id("match-row")).to_contain_text(registered.reference)
    expect(page.get_by_test_id("confirm")).to_have_count(0)  # a file with an error cannot be imported
    findings["dry run with an error 1366"] = axe_findings(page)
    screenshot("htcds-import-dry-run-error-1366")
    page.get_by_role("button", name="Cancel and delete the upload").click()
    expect(page.get_by_text("The upload was cancelled")).to_be_visible()

    choose(page, partner_file("Feminine"))
    expect(page.get_by_test_id("problem")).to_have_count(0)
    confirm = page.get_by_role("button", name="Create 2 cases, skip 1 match")
    expect(confirm).to_be_visible()
    findings["dry run 1366"] = axe_findings(page)
    screenshot("htcds-import-dry-run-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    findings["dry run 390"] = axe_findings(page)
    screenshot("htcds-import-dry-run-390")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    confirm.focus()  # from the keyboard, as a person tabbing to it
    page.keyboard.press("Enter")

    expect(page.get_by_text("Imported: 2 cases created, 1 match skipped.")).to_be_visible()
    assert Case.objects.filter(organisation=ngo_a).count() == 3
    findings["case list 390"] = axe_findings(page)
    screenshot("htcds-import-done-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/imports/htcds/")
    findings["upload again 1366"] = axe_findings(page)
    assert not any(findings.values()), findings_report(findings)
