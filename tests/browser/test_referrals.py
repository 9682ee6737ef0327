"""A referral walked across two organisations: NGO A asks the shelter, which accepts, reads only the
part shared, and marks it done; a second referral revoked by the sender is a 404 to the shelter."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import Role
from intake.models import Interview
from intake.vocabularies import ConsentScope
from referrals.models import OrganisationService, Referral, Service
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_repatriation_queue import sign_in
from tests.factories import CaseFactory, ConsentFactory, OrganisationFactory, PersonFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("no_broker")]

CANARY = "CANARY-narrative-in-the-browser"


def offering(organisation, code: str) -> None:
    service = Service.objects.get_or_create(code=code, defaults={"label": code.title()})[0]
    OrganisationService.objects.create(organisation=organisation, service=service, place="Mae Sot")


def press_tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Move the focus with Tab alone until it is on the control named `name` (keyboard use)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.innerText.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def both_widths(page: Page, name: str) -> None:
    """Screenshots of `page` (either side) at 390 and 1366 px; on a phone nothing scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, width)
        page.screenshot(path=str(SCREENSHOTS / f"referrals-{name}-{width}.png"), full_page=True)


def test_a_referral_from_request_to_done_and_another_revoked(
    page: Page, live_server, ngo_a, caseworker, screenshot
):
    shelter = OrganisationFactory(name="Test Safe House")
    offering(shelter, "shelter")
    offering(shelter, "psychosocial")
    StaffFactory(username="shelter_worker", role=Role.CASEWORKER, organisation=shelter)
    case = CaseFactory(
        organisation=ngo_a, nationality="IN", caseworker=caseworker, person=PersonFactory(given_name="Arjun")
    )
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", interviewer=caseworker, narrative=CANARY
    )
    findings = {}
    axe_install(page)

    # NGO A's caseworker refers the case to the shelter, sharing identity and contact only.
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_test_id("case-referrals").click()
    expect(page.get_by_role("heading", name=f"Referrals of case {case.reference}")).to_be_visible()
    for box in page.get_by_role("checkbox").all():
        expect(box).not_to_be_checked()  # the least is preselected: nothing
    page.get_by_label("Service and organisation").select_option(label="Test Safe House · Mae Sot")
    page.get_by_label("Identity and contact").check()
    page.get_by_label("Note to the organisation").fill("Arriving tomorrow morning with our driver.")
    findings["sender panel"] = axe_findings(page)
    both_widths(page, "1-sender-panel")
    page.get_by_test_id("send-referral").click()
    expect(page.get_by_text("Referral sent.")).to_be_visible()
    expect(page.get_by_test_id("referrals")).to_contain_text("Requested")
    expect(page.get_by_test_id("referrals")).to_contain_text("waiting 0 days to be accepted")

    # The shelter's caseworker, in another browser: the list, then the referral before accepting.
    receiver = page.context.browser.new_context().new_page()
    axe_install(receiver)
    sign_in(receiver, live_server.url, "shelter_worker")
    receiver.get_by_test_id("nav-referrals").click()
    expect(receiver.get_by_test_id("incoming")).to_contain_text(case.reference)
    findings["incoming list"] = axe_findings(receiver)
    both_widths(receiver, "2-incoming")
    receiver.get_by_role("link", name=case.reference).click()
    expect(receiver.get_by_test_id("parts-after-accepting")).to_contain_text("Identity and contact")
    expect(receiver.locator("main")).not_to_contain_text("Arjun")
    findings["referral requested"] = axe_findings(receiver)
    both_widths(receiver, "3-requested")

    # Accept with the keyboard, through the confirmation.
    receiver.get_by_test_id("accept").click()
    expect(receiver.get_by_test_id("confirm-accept")).to_be_visible()  # the page loaded before axe reads it
    findings["accept confirmation"] = axe_findings(receiver)
    press_tab_to(receiver, "Yes, accept")
    receiver.keyboard.press("Enter")
    expect(receiver.get_by_text("Referral accepted.")).to_be_visible()
    receiver.get_by_role("link", name="Identity and contact").click()
    expect(receiver.get_by_test_id("part")).to_contain_text("Arjun")
    assert CANARY not in receiver.content()
    findings["shared part"] = axe_findings(receiver)
    both_widths(receiver, "4-shared-part")
    # The narrative was not shared: asking for it by address finds nothing.
    narrative = receiver.goto(f"{live_server.url}/referrals/{Referral.objects.get().pk}/parts/narrative/")
    assert narrative.status == 404 and CANARY not in receiver.content()

    # Done, with an outcome (required).
    receiver.goto(f"{live_server.url}/referrals/{Referral.objects.get().pk}/")
    receiver.get_by_test_id("complete").click()
    receiver.get_by_test_id("confirm-complete").click()
    expect(receiver.get_by_text("This field is required.")).to_be_visible()
    findings["done form with an error"] = axe_findings(receiver)
    both_widths(receiver, "5-done-error")
    receiver.get_by_label("Provided", exact=True).check()
    receiver.get_by_test_id("confirm-complete").click()
    expect(receiver.get_by_test_id("state").first).to_have_text("Done")
    expect(receiver.get_by_test_id("clock").first).to_contain_text("done after 0 days")

    # The sender sees it done, then refers for another service, and revokes it.
    page.reload()
    expect(page.get_by_test_id("referrals")).to_contain_text("Provided")
    page.get_by_label("Service and organisation").select_option(
        value=str(OrganisationService.objects.get(service__code="psychosocial").pk)
    )
    page.get_by_test_id("send-referral").click()
    second = Referral.objects.get(service__code="psychosocial")
    receiver.goto(f"{live_server.url}/referrals/{second.pk}/")
    expect(receiver.get_by_test_id("parts-none")).to_be_visible()
    page.locator(f'[data-referral="{second.pk}"]').get_by_test_id("revoke").click()
    # The confirmation page loaded before axe reads it (a page still navigating has no document).
    expect(page.get_by_role("button", name="Yes, revoke")).to_be_visible()
    findings["revoke confirmation"] = axe_findings(page)
    both_widths(page, "6-revoke")
    press_tab_to(page, "Yes, revoke")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Referral revoked.")).to_be_visible()
    expect(page.locator(f'[data-referral="{second.pk}"]')).to_contain_text("Revoked")
    both_widths(page, "7-sender-after")

    # The case file's Referrals panel shows both, with their states.
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_test_id("case-referral-list")).to_contain_text("Done")
    expect(page.get_by_test_id("case-referral-list")).to_contain_text("Revoked")
    findings["case file"] = axe_findings(page)
    both_widths(page, "0-case-file")

    gone = receiver.goto(f"{live_server.url}/referrals/{second.pk}/")
    assert gone.status == 404
    receiver.goto(f"{live_server.url}/referrals/")
    expect(receiver.get_by_test_id("incoming")).not_to_contain_text(re.compile("Psychosocial", re.I))
    assert not any(findings.values()), findings_report(findings)


def test_the_coordinator_sees_the_referrals_panel_on_the_dashboard(page: Page, live_server, settings):
    from django.core.management import call_command

    from tests.browser.test_dashboard import PASSWORD, sign_in_as_coordinator

    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", cases=120, seed=2026, verbosity=0)
    axe_install(page)
    sign_in_as_coordinator(page, live_server.url)
    panel = page.locator('[data-panel="referrals"]')
    expect(panel).to_contain_text("Referrals per receiving organisation and service")
    panel.locator("summary").click()  # the table of the chart's numbers
    table = page.locator('[data-table="referrals"]')
    expect(table).to_contain_text("Mae Sot Border Clinic")
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        panel.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(SCREENSHOTS / f"referrals-8-dashboard-{width}.png"))
        page.locator('[data-panel="referral_outcomes"]').screenshot(
            path=str(SCREENSHOTS / f"referrals-9-outcomes-{width}.png")
        )
    findings = axe_findings(page)
    assert not findings, findings_report({"dashboard": findings})
