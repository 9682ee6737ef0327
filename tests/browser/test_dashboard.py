"""A coordinator opens the dashboard, reads a chart's table and narrows it to one nationality."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

# seed_demo needs the vocabularies the migrations load, which a transactional test flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-demo-password-for-browser-tests"


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", cases=120, seed=2026, verbosity=0)


def sign_in_as_coordinator(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")


def test_a_coordinator_lands_on_the_dashboard_and_narrows_it_to_one_nationality(
    page: Page, live_server, demo, screenshot
):
    sign_in_as_coordinator(page, live_server.url)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_test_id("total-persons")).to_have_text("120")
    # Chart.js drew the charts: a canvas with pixels, not an empty box.
    nationality_chart = page.locator('[data-panel="nationality"] canvas')
    expect(nationality_chart).to_be_visible()
    assert page.evaluate("() => window.Chart !== undefined && Object.keys(Chart.instances).length > 10")
    screenshot("dashboard-coordinator")

    page.get_by_label("Nationality", exact=True).select_option("PH")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"nationality=PH"))
    expect(page.get_by_test_id("narrowed")).to_be_visible()
    table = page.locator('[data-table="nationality"]')
    page.locator('[data-panel="nationality"] summary').click()
    expect(table.locator('tr[data-key="PH"] th')).to_have_text("Philippines")
    expect(table.locator('tr[data-key="CN"]')).to_have_count(0)
    screenshot("dashboard-coordinator-philippines")


def test_a_bad_date_range_is_explained_beside_the_field(page: Page, live_server, demo, screenshot):
    sign_in_as_coordinator(page, live_server.url)
    page.get_by_label("Arrived from").fill("2026-11-10")
    page.get_by_label("Arrived until").fill("2026-10-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("The end of the period is before its start.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Correct the filters")
    screenshot("dashboard-bad-filter")


def test_the_export_page_checks_the_research_extract_before_download(
    page: Page, live_server, demo, screenshot
):
    sign_in_as_coordinator(page, live_server.url)
    page.get_by_role("link", name="Reports and exports").first.click()
    page.get_by_role("button", name="Check what would be exported").click()
    expect(page.get_by_test_id("research-check")).to_be_visible()
    screenshot("exports-coordinator")
