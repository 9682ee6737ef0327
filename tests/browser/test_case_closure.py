"""A caseworker closes a case from the keyboard alone, sees it closed on the case file, and reopens it;
the coordinator reads the resales between compounds on the dashboard."""

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, CaseStatus
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_referrals import press_tab_to
from tests.browser.test_repatriation_queue import sign_in
from tests.factories import CaseFactory, PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_broker")]

NOTE = "Back with her family in Iloilo; the IOM office follows up."


def both_widths(page: Page, name: str) -> list:
    """axe at 390 and 1366 px, a screenshot at each; on a phone nothing scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    findings = []
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, width)
        findings += axe_findings(page)
        page.screenshot(path=str(SCREENSHOTS / f"closure-{name}-{width}.png"), full_page=True)
    return findings


def test_a_caseworker_closes_a_case_by_keyboard_sees_it_closed_and_reopens_it(
    page: Page, live_server, ngo_a, caseworker
):
    case = CaseFactory(
        organisation=ngo_a, nationality="PH", caseworker=caseworker, person=PersonFactory(given_name="Maria")
    )
    findings = {}
    axe_install(page)
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    press_tab_to(page, "Close case")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Close case {case.reference} (Maria")).to_be_visible()
    # Closing without a reason is refused beside the field.
    press_tab_to(page, "Close the case")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Choose why the case is closed.")).to_be_visible()
    findings["closing page with an error"] = both_widths(page, "1-error")

    reason = page.get_by_label("Why is the case closed?")
    reason.focus()
    page.keyboard.type("Returned home and handed")  # a select picks the option typed, as a person does
    expect(reason).to_have_value("ReturnedHomeReferredForReintegration")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Note (optional)")).to_be_focused()
    page.keyboard.type(NOTE)
    findings["closing page"] = both_widths(page, "2-confirm")
    press_tab_to(page, "Close the case")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Case closed.", exact=True)).to_be_visible()
    closed = page.get_by_test_id("case-closed")
    expect(closed).to_contain_text("Case closed: Closed (referred)")
    expect(closed).to_contain_text("Returned home and handed to a reintegration partner")
    expect(closed).to_contain_text(NOTE)
    expect(page.get_by_test_id("timeline")).to_contain_text("Status changed: Closed (referred)")
    expect(page.get_by_test_id("case-close")).to_have_count(0)
    findings["case file, closed"] = both_widths(page, "3-closed")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED_REFERRED

    press_tab_to(page, "Reopen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Case reopened.")).to_be_visible()
    expect(page.get_by_test_id("case-closed")).to_have_count(0)
    expect(page.get_by_test_id("case-close")).to_be_visible()
    findings["case file, reopened"] = both_widths(page, "4-reopened")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
    assert not any(findings.values()), findings_report(findings)


def test_the_coordinator_reads_the_resales_between_compounds_as_a_chart_and_a_table(
    page: Page, live_server, settings
):
    from django.core.management import call_command

    from tests.browser.test_dashboard import PASSWORD, sign_in_as_coordinator

    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", cases=120, seed=2026, verbosity=0)
    axe_install(page)
    sign_in_as_coordinator(page, live_server.url)
    summary = page.locator('[data-panel="resales"]')
    expect(summary).to_contain_text("Persons sold on at least once")
    pairs = page.locator('[data-panel="resale_pairs"]')
    expect(pairs.locator("canvas")).to_be_visible()
    pairs.locator("summary").click()  # the table of the chart's numbers
    expect(page.locator('[data-table="resale_pairs"]')).to_contain_text("→ KK Park")
    findings = []
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        summary.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        summary.screenshot(path=str(SCREENSHOTS / f"resales-1-summary-{width}.png"))
        pairs.screenshot(path=str(SCREENSHOTS / f"resales-2-pairs-{width}.png"))
        findings += axe_findings(page)
    assert not findings, findings_report({"dashboard": findings})
