"""A coordinator opens the dashboard, narrows it to one nationality, and publishes an anonymised release."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.test_sign_in import pass_second_factor

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
    pass_second_factor(page, "coordinator")


def choose(page: Page, label: str, text: str) -> None:
    """Pick from a type-to-search list as a person does: type, then Enter."""
    field = page.get_by_role("combobox", name=re.compile(f"^{re.escape(label)}"))
    field.focus()
    field.press_sequentially(text)
    expect(page.locator(f"#{field.get_attribute('aria-controls')} .option.active")).to_contain_text(text)
    field.press("Enter")


def test_a_coordinator_lands_on_the_dashboard_and_narrows_it_to_one_nationality(
    page: Page, live_server, demo, screenshot
):
    page.set_viewport_size({"width": 1366, "height": 900})  # a common laptop screen
    sign_in_as_coordinator(page, live_server.url)
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.get_by_test_id("total-persons")).to_have_text("120")
    expect(page.get_by_test_id("small-counts")).to_contain_text("Counts of 1 to 4 persons are shown as <5")
    # Chart.js drew every chart from the numbers the page passed it.
    expect(page.locator('[data-panel="nationality"] canvas')).to_be_visible()
    charts = page.locator("canvas[data-chart]").count()
    assert charts > 10
    # The scripts are deferred: wait until they ran (the wait fails the test if they never draw all).
    page.wait_for_function(f"() => window.Chart && Object.keys(Chart.instances).length === {charts}")
    assert_no_chart_draws_a_count_of_one_to_four(page)
    # The demo gives every nationality one person first: unfiltered, they read <5 too.
    page.locator('[data-panel="nationality"] summary').click()
    expect(page.locator('[data-table="nationality"] tr[data-key="JP"] td')).to_have_text("<5")
    screenshot("dashboard-coordinator")

    choose(page, "Nationality", "Philippines")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"nationality=PH"))
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length > 10")
    assert_no_chart_draws_a_count_of_one_to_four(page)
    page.locator('[data-panel="nationality"] summary').click()
    table = page.locator('[data-table="nationality"]')
    expect(table.locator('tr[data-key="PH"] th')).to_have_text("Philippines")
    expect(table.locator('tr[data-key="CN"]')).to_have_count(0)
    screenshot("dashboard-coordinator-philippines")

    page.get_by_label("Arrived from").fill("2026-11-10")
    page.get_by_label("Arrived until").fill("2026-10-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("The end of the period is before its start.")).to_be_visible()
    expect(page.locator("canvas[data-chart]")).to_have_count(0)


def assert_no_chart_draws_a_count_of_one_to_four(page: Page) -> None:
    """Read back what Chart.js holds: no count of 1 to 4 persons reached the browser (the debts
    chart draws dollars, not persons)."""
    small = page.evaluate(
        """() => Object.values(Chart.instances)
            .filter((chart) => chart.canvas.dataset.chart !== "chart-data-debts")
            .flatMap((chart) => chart.data.datasets.flatMap((dataset) => dataset.data))
            .filter((value) => value >= 1 && value <= 4)"""
    )
    assert small == []


@pytest.fixture
def demo_of_default_size(settings):
    """The demo as `make run` seeds it: enough consenting persons for a release to publish groups."""
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", cases=600, seed=2026, verbosity=0)


def test_the_task_force_coordinator_publishes_an_anonymised_release_and_downloads_it(
    page: Page, live_server, demo_of_default_size, screenshot
):
    sign_in_as_coordinator(page, live_server.url)
    page.get_by_role("link", name="Reports and exports").first.click()
    expect(page.get_by_test_id("research-check")).to_be_visible()
    expect(page.get_by_test_id("research-eligible")).not_to_have_text("0")
    expect(page.get_by_text("No release published yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Check what would be exported")).to_have_count(0)
    page.get_by_role("button", name="Publish the next release").click()
    expect(page.get_by_role("status")).to_contain_text("Release 1 is published.")
    releases = page.get_by_test_id("releases")
    expect(releases.locator("tbody tr")).to_have_count(1)
    screenshot("exports-releases")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download release 1 (CSV)").click()
    assert download.value.suggested_filename.startswith("anonymised-release-1-")
    header = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",count") and "yearOfRegistration" in header


NAV_ONE_LINE = """() => {
  const nav = document.querySelector("nav.navbar");
  const link = nav.querySelector(".nav-link");
  return nav.getBoundingClientRect().height < 2 * link.getBoundingClientRect().height + 24;
}"""


@pytest.mark.parametrize("persona", ["coordinator", "liaison_in", "caseworker", "admin"])
def test_the_navigation_holds_on_one_line_at_1366_for_every_role(
    page: Page, live_server, demo, persona, screenshot
):
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(persona)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page, persona)
    links = page.locator("nav .navbar-nav .nav-link")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, f"the links of {persona} sit on {len(tops)} lines"
    assert page.evaluate(NAV_ONE_LINE)
    page.get_by_test_id("account-menu").click()
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    screenshot(f"nav-1366-{persona}")


def test_the_dashboard_fits_a_laptop_and_a_phone_without_cutting_labels_or_tables(
    page: Page, live_server, demo, screenshot
):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_as_coordinator(page, live_server.url)
    charts = page.locator("canvas[data-chart]").count()
    page.wait_for_function(f"() => window.Chart && Object.keys(Chart.instances).length === {charts}")
    # Axes name days as the rest of the app does (1 Dec 2026), never 12/01/2026.
    day_labels = page.evaluate(
        "() => Object.values(Chart.instances).find(c => c.canvas.dataset.chart.includes('arrivals_day'))"
        ".data.labels"
    )
    assert day_labels and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", label) for label in day_labels)
    # The debts by currency: every column inside its card, none scrolled out of sight.
    table = page.locator('[data-table="debts_by_currency"]')
    expect(table).to_be_visible()  # it has no chart: its table is open
    assert page.evaluate(
        """() => { const t = document.querySelector('[data-table="debts_by_currency"]');
                   return t.offsetWidth > 0 && t.scrollWidth <= t.parentElement.clientWidth; }"""
    )
    screenshot("dashboard-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_function(f"() => window.Chart && Object.keys(Chart.instances).length === {charts}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("dashboard-390")


def test_an_administrator_reads_the_access_log_in_plain_language(page: Page, live_server, demo, screenshot):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page, "admin")
    page.get_by_role("link", name="Access log").click()
    page.reload()  # the first reading of the log is in it now
    details = page.get_by_test_id("entry-details")
    expect(details.first).to_be_visible()
    for text in details.all_inner_texts():
        assert "case_ids" not in text and "screen:" not in text and "None" not in text
    screenshot("access-log-1366")
