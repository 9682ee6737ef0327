"""A coordinator of an NGO downloads its HTCDS 2.0 records from the exports page, CSV and JSON."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from reporting.htcds import fileformat
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.test_dashboard import PASSWORD
from tests.browser.test_sign_in import pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", cases=120, seed=2026, verbosity=0)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_ngo_manager_downloads_htcds_records_that_read_back_the_same_in_csv_and_json(
    page: Page,
    live_server,
    demo,
    width,
    screenshot,
):
    axe_install(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page, "manager")
    page.goto(f"{live_server.url}/reports/exports/")
    card = page.locator('section[aria-labelledby="htcds-title"]')
    expect(card).to_contain_text("with ours beside it in a column starting x_")
    card.scroll_into_view_if_needed()
    screenshot(f"exports-htcds-{width}")
    assert findings_report({"exports": axe_findings(page)}) == ""
    files = {}
    for fmt in ("CSV", "JSON"):
        link = card.get_by_role("link", name=fmt, exact=True)
        link.focus()  # from the keyboard, as a person without a mouse does
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        files[fmt] = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename.endswith(f".{fmt.lower()}")
    records = json.loads(files["JSON"])["records"]
    assert records and list(fileformat.csv_records(files["CSV"])) == records
    assert "hte_Events.1.hte_Type" in files["CSV"].splitlines()[0]
