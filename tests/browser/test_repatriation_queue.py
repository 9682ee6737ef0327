"""A liaison verifies the nationality of several people at once; the caseworker sees the new stage."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case
from intake.vocabularies import ConsentScope
from tests.browser.test_sign_in import pass_second_factor
from tests.conftest import PASSWORD
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_broker")]


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)


def national(organisation, name: str, stage: str, **person) -> Case:
    case = CaseFactory(
        organisation=organisation,
        nationality="IN",
        repatriation_stage=stage,
        person=PersonFactory(given_name=name, family_name="Testperson", **person),
    )
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    return case


def test_a_liaison_verifies_several_nationalities_at_once_and_the_caseworker_sees_it(
    page: Page, live_server, liaison_in, caseworker, ngo_a, no_broker, screenshot
):
    waiting = [
        national(ngo_a, "Arjun", "verification_requested", needs_medical_care=True),
        national(ngo_a, "Ravi", "verification_requested", birth_year_estimated=2010),
        national(ngo_a, "Sunil", "verification_requested"),
        national(ngo_a, "Deepa", "verification_requested", gender="Feminine"),
    ]
    national(ngo_a, "Kiran", "identified")

    sign_in(page, live_server.url, "liaison_in")
    expect(page.get_by_role("heading", name="Your nationals awaiting return")).to_be_visible()
    expect(page.get_by_test_id("queue").locator("tbody tr")).to_have_count(5)
    # Minors and people needing medical care first.
    rows = page.get_by_test_id("queue").locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Arjun")  # needs medical care
    expect(rows.nth(1)).to_contain_text("Ravi")  # a minor
    screenshot("repatriation-queue")
    # On a phone each case is a card: nothing scrolls sideways, and the stage and the next
    # action sit within the screen's width, named.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first = rows.nth(0)
    for cell in (first.get_by_test_id("stage"), first.locator("td").last):
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(first.get_by_test_id("stage")).to_have_attribute("data-label", "Stage")
    screenshot("repatriation-queue-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot("repatriation-queue-1366")

    page.get_by_label("Stage").select_option(label="Waiting on your embassy")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("queue").locator("tbody tr")).to_have_count(4)
    page.get_by_label("Select every case on this page").check()
    page.get_by_label("Select Sunil Testperson").uncheck()
    page.get_by_label("With the selected cases").select_option(label="Verify nationality")
    page.get_by_role("button", name="Review the selected cases").click()

    expect(page.get_by_role("heading", name="Confirm: Verify nationality")).to_be_visible()
    expect(page.get_by_test_id("ready").locator("tbody tr")).to_have_count(3)
    page.get_by_label("Note for every case").fill("Checked against the passport office's records")
    screenshot("repatriation-bulk-confirm")
    page.get_by_role("button", name="Verify nationality for 3 cases").click()

    expect(page.get_by_role("status").first).to_contain_text("Verify nationality: done for 3 cases.")
    expect(page).to_have_url(re.compile(r"/repatriation/"))
    screenshot("repatriation-queue-after-bulk")
    stages = dict(Case.objects.values_list("person__given_name", "repatriation_stage"))
    assert stages == {
        "Arjun": "nationality_verified",
        "Ravi": "nationality_verified",
        "Deepa": "nationality_verified",
        "Sunil": "verification_requested",
        "Kiran": "identified",
    }

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/repatriation/cases/{waiting[0].pk}/")
    expect(page.get_by_test_id("stage")).to_have_text("Nationality verified")
    expect(page.get_by_test_id("history")).to_contain_text("Checked against the passport office's records")
    expect(page.get_by_label("Request a travel document")).to_be_visible()
    screenshot("repatriation-case-caseworker")


def test_a_liaison_sees_the_unread_count_and_opens_the_inbox(
    page: Page, live_server, liaison_in, caseworker, ngo_a, screenshot
):
    from cases.notifications.services import notification_deliver
    from cases.repatriation.services import repatriation_transition

    for name in ("Meena", "Lakshmi"):
        case = national(ngo_a, name, "identified")
        repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    for notification in liaison_in.notifications.all():
        notification_deliver(notification_id=notification.pk)

    sign_in(page, live_server.url, "liaison_in")
    expect(page.get_by_test_id("inbox-unread")).to_have_text(re.compile(r"^2"))
    page.get_by_test_id("nav-inbox").click()
    expect(page.get_by_test_id("inbox").locator("a")).to_have_count(2)
    screenshot("notifications-inbox")
    page.get_by_test_id("inbox").locator("a").first.click()
    expect(page.get_by_test_id("stage")).to_have_text("Nationality verification requested")
    expect(page.get_by_test_id("inbox-unread")).to_have_text(re.compile(r"^1"))
    screenshot("repatriation-case-liaison")
