"""A person sold from KK Park to Shwe Kokko, recorded in a real browser and read on the case file."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from intake.models import Debt, Exploitation, Interview
from intake.vocabularies import ConsentScope
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_intake_flow import choose
from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHWE_KOKKO = "Shwe Kokko (Yatai New City)"  # as seeded (intake/migrations/0002_reference_vocabularies.py)


def episode(page: Page, number: int):
    """The fieldset of the chain's episode `number`, as a screen reader names it."""
    return page.get_by_role("group", name=re.compile(f"^Episode {number}(:| |$)"))


@pytest.fixture
def interviewed(ngo_a, caseworker):
    """A case whose interview has begun: consent asked, the details saved."""
    case = CaseFactory(
        organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Arjun", family_name="Nair")
    )
    ConsentFactory(person=case.person, scope=ConsentScope.RECORD)
    Interview.objects.create(
        person=case.person,
        held_on=timezone.localdate(),
        place="Mae Sot Safe House",
        interviewer=caseworker,
        completed_steps=["consent", "details"],
    )
    return case


def test_a_caseworker_records_a_resale_from_kk_park_to_shwe_kokko_and_reads_it_on_the_case_file_and_dashboard(
    page: Page, live_server, interviewed, coordinator, screenshot
):
    person = interviewed.person
    findings = {}
    axe_install(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/intake/persons/{person.pk}/interview/exploitation/")
    expect(page.get_by_role("heading", name="Exploitation", exact=True)).to_be_visible()

    first = episode(page, 1)
    first.get_by_label("Compound", exact=True).select_option(label="KK Park")
    first.get_by_label("From", exact=True).fill("2025-03-01")
    first.get_by_label("To", exact=True).fill("2025-06-30")
    first.get_by_label("Hours worked per day").fill("16")
    first.get_by_role("checkbox", name=re.compile("romance")).check()
    first.get_by_label("Takes earnings").check()
    first.get_by_label("Sold on to another compound").check()
    first.get_by_label("Sold on by").select_option(label="Broker or agent")
    first.get_by_label("Sale price", exact=True).fill("80000")
    choose(first, "Sale price currency", "CNY")

    # Adding an episode from the keyboard: the page comes back with what was typed, the focus on
    # the new episode, and nothing saved yet.
    add = page.get_by_role("button", name=re.compile("^Add an episode"))
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("An episode was added at the end")
    second = episode(page, 2)
    expect(second.get_by_role("heading", name=re.compile("^Episode 2"))).to_be_focused()
    expect(first.get_by_label("Sale price", exact=True)).to_have_value("80000")
    assert not Exploitation.objects.filter(person=person).exists()
    second.get_by_label("Compound", exact=True).select_option(label=SHWE_KOKKO)
    second.get_by_label("From", exact=True).fill("2025-07-01")
    second.get_by_label("Hours worked per day").fill("18")

    # Moving it earlier and back, by the keyboard alone; the focus follows the episode.
    second.get_by_role("button", name=re.compile("^Move earlier")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Episode moved earlier, to number 1")
    moved = episode(page, 1)
    expect(moved.get_by_label("Compound", exact=True).locator("option:checked")).to_have_text(SHWE_KOKKO)
    expect(moved.get_by_role("heading", name="Episode 1")).to_be_focused()  # at the top: its heading
    page.keyboard.press("Tab")  # to "Move earlier" (disabled, skipped) then "Move later"
    expect(moved.get_by_role("button", name=re.compile("^Move later"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Episode moved later, to number 2")
    second = episode(page, 2)
    expect(second.get_by_label("Compound", exact=True).locator("option:checked")).to_have_text(SHWE_KOKKO)
    screenshot("resale-chain-1-step-before-save-1366")
    findings["step, two episodes, 1366 px"] = axe_findings(page)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Exploitation saved")
    assert [
        (e.position, e.compound.name, e.sold_on)
        for e in Exploitation.objects.filter(person=person).select_related("compound").order_by("position")
    ] == [(0, "KK Park", True), (1, SHWE_KOKKO, False)]
    expect(page.get_by_role("checkbox", name="Withholding of wages")).to_be_checked()  # derived once

    # The resale price is a debt of the second episode, where the buyer held the person.
    page.get_by_role("link", name=re.compile("^Debts and fees")).click()
    row = page.get_by_test_id("formset-row").nth(0)
    row.get_by_label("Kind").select_option("resale")
    row.get_by_label("Episode").select_option(label=f"2. {SHWE_KOKKO} (Myanmar), Jul 2025 \u2013 ?")
    row.get_by_label("Amount").fill("80000")
    choose(row, "Currency", "CNY")
    other = page.get_by_test_id("formset-row").nth(1)
    other.get_by_label("Kind").select_option("ransom")
    other.get_by_label("Amount").fill("1200")
    choose(other, "Currency", "USD")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Debts and fees saved")
    assert Debt.objects.get(person=person, kind="resale").exploitation.compound.name == SHWE_KOKKO

    page.goto(f"{live_server.url}/cases/{interviewed.pk}/")
    chain = page.get_by_test_id("episode-chain")
    episodes = chain.get_by_test_id("chain-episode")
    expect(episodes).to_have_count(2)
    expect(episodes.nth(0).get_by_role("heading")).to_have_text("1. KK Park (Myanmar)")
    expect(episodes.nth(0)).to_contain_text("Mar 2025 \u2013 Jun 2025 · 16 hours a day")
    expect(episodes.nth(0).get_by_test_id("chain-sale")).to_have_text(
        re.compile(r"^\s*Sold on by Broker or agent, for 80,000 CNY\s*$")
    )
    expect(episodes.nth(1).get_by_role("heading")).to_have_text(f"2. {SHWE_KOKKO} (Myanmar)")
    expect(episodes.nth(1).get_by_test_id("episode-debts")).to_contain_text("Resale price: 80,000 CNY")
    expect(page.get_by_role("region", name=re.compile("Not tied to an episode"))).to_contain_text("Ransom")
    expect(page.get_by_test_id("debt-totals")).to_contain_text("80,000 CNY · 1,200 USD")
    page.get_by_role("heading", name="Exploitation", exact=True).scroll_into_view_if_needed()
    screenshot("resale-chain-2-case-file-1366")
    findings["case file, 1366 px"] = axe_findings(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/intake/persons/{person.pk}/interview/exploitation/")
    expect(episode(page, 2)).to_be_visible()
    screenshot("resale-chain-3-step-390")
    episode(page, 2).get_by_role("heading").scroll_into_view_if_needed()
    page.mouse.wheel(0, -300)  # the end of episode 1 and the start of episode 2, as a phone shows them
    page.screenshot(
        path=str(screenshot("resale-chain-3-step-390").with_name("resale-chain-3b-step-390-view.png"))
    )
    findings["step, saved chain, 390 px"] = axe_findings(page)
    # Enter in a field saves the step, as on every step, and never presses a "Move" button.
    episode(page, 2).get_by_label("Company inside the compound").fill("Yatai")
    episode(page, 2).get_by_label("Company inside the compound").press("Enter")
    expect(page.get_by_role("heading", name="Debts and fees")).to_be_visible()
    assert [
        (e.compound.name, e.company)
        for e in Exploitation.objects.filter(person=person).select_related("compound").order_by("position")
    ] == [("KK Park", ""), (SHWE_KOKKO, "Yatai")]
    page.goto(f"{live_server.url}/cases/{interviewed.pk}/")
    expect(page.get_by_test_id("chain-sale")).to_be_visible()
    expect(page.get_by_test_id("chain-episode").nth(1).get_by_role("heading")).to_contain_text("Yatai")
    screenshot("resale-chain-4-case-file-390")
    findings["case file, 390 px"] = axe_findings(page)

    # The coordinator's dashboard counts the resale: one person sold on, from KK Park to Shwe Kokko
    # (a count this small is shown as "<5").
    dashboard = page.context.browser.new_page(viewport={"width": 1366, "height": 900})
    axe_install(dashboard)
    sign_in(dashboard, live_server.url, coordinator.username)
    dashboard.goto(f"{live_server.url}/reports/?fresh=1")
    resales = dashboard.locator('[data-panel="resales"]')
    expect(resales.get_by_role("row", name=re.compile("^Persons sold on at least once"))).to_contain_text(
        "<5"
    )
    pairs = dashboard.locator('[data-panel="resale_pairs"]')
    pairs.locator("summary").click()  # the table of the chart's numbers
    pair = dashboard.locator('[data-table="resale_pairs"]').get_by_role("row", name=re.compile("KK Park"))
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text(f"KK Park → {SHWE_KOKKO}")
    pairs.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pairs.screenshot(path=str(SCREENSHOTS / "resale-chain-5-dashboard-1366.png"))
    findings["dashboard, 1366 px"] = axe_findings(dashboard)
    dashboard.close()
    assert not any(findings.values()), findings_report(findings)
