"""Every screen, as each persona reaches it, passes axe-core with no critical or serious finding.

One browser page per persona: it signs in (the sign-in and second-factor pages are checked on
the way), visits each screen its role has, and axe runs on each at 1366 px; the main screens
are checked again at 390 px, a phone held upright, where no page may scroll sideways. The test
fails once, at the end, listing every finding screen by screen, so a single run shows all there
is to fix.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import ErasureRequest, InboxItem, Notification, Site
from intake.models import Interview
from intake.vocabularies import ConsentScope
from reporting.exports.releases import release_publish
from tests.browser.axe import Finding, axe_findings, axe_install, findings_report
from tests.browser.test_sign_in import pass_second_factor
from tests.conftest import PASSWORD
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}


class Audit:
    """The screens one persona visited, and what axe found on each."""

    def __init__(self, page: Page, base_url: str, screenshot=None):
        self.page = page
        self.screenshot = screenshot
        self.base_url = base_url
        self.findings: dict[str, list[Finding]] = {}
        self.sideways: dict[str, int] = {}  # how many px a phone would have to scroll sideways
        page.set_viewport_size(WIDE)
        axe_install(page)

    def visit(self, name: str, path: str, *, narrow: bool = False, status: int = 200, exclude=()) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status == status, (
            f"{name}: {path} answered {response.status}"
        )
        self.check(name, narrow=narrow, exclude=exclude)

    def check(self, name: str, *, narrow: bool = False, exclude: tuple[str, ...] = ()) -> None:
        """Run axe on the page as it is now (after a submit, say); again at phone width if asked."""
        self.findings[name] = axe_findings(self.page, exclude=exclude)
        if self.screenshot:
            self.screenshot(f"a11y-{self.slug(name)}-1366")
        if narrow:
            self.page.set_viewport_size(NARROW)
            self.findings[f"{name} (390 px)"] = axe_findings(self.page, exclude=exclude)
            self.sideways[f"{name} (390 px)"] = self.page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            if self.screenshot:
                self.screenshot(f"a11y-{self.slug(name)}-390")
            self.page.set_viewport_size(WIDE)

    @staticmethod
    def slug(name: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")

    def sign_in(self, username: str) -> None:
        self.visit("sign-in", "/accounts/login/", narrow=True)
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.keyboard.press("Enter")
        expect(self.page).to_have_url(re.compile(r"/accounts/two-factor/"))
        self.check("second factor", narrow=True)
        pass_second_factor(self.page, username)

    def assert_clean(self) -> None:
        counts = {name: len(found) for name, found in self.findings.items()}
        print("\naxe critical+serious elements per screen:", counts)  # the figures for the report
        assert not any(counts.values()), "axe found:\n" + findings_report(self.findings)
        scrolls = {name: px for name, px in self.sideways.items() if px > 0}
        assert not scrolls, f"pages wider than a phone (px to scroll sideways): {scrolls}"


@pytest.fixture
def world(ngo_a, embassy_in, caseworker):
    """A small data set: a case of NGO A with an interview, an Indian national awaiting the
    embassy, an erasure request, an item in the liaison's inbox, a reception point."""
    Site.objects.create(name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot")
    case = CaseFactory(
        organisation=ngo_a,
        nationality="IN",
        repatriation_stage="verification_requested",
        person=PersonFactory(given_name="Arjun", family_name="Verma", birth_year_estimated=2009),
    )
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    Interview.objects.create(
        person=case.person,
        held_on="2026-10-25",
        place="Shelter",
        interviewer=caseworker,
        narrative="Recruited through a job advert.",
    )
    CaseFactory.create_batch(3, organisation=ngo_a)
    erasure = ErasureRequest.objects.create(
        case=CaseFactory(organisation=ngo_a),
        organisation=ngo_a,
        case_reference="ref",
        reason="The person asked for it.",
        requested_by=caseworker,
    )
    erasure.case_reference = erasure.case.reference
    erasure.save()
    event = case.events.create(kind="repatriation")
    return {"case": case, "erasure": erasure, "event": event}


def test_every_screen_of_a_caseworker(page: Page, live_server, world, screenshot):
    case, person = world["case"], world["case"].person
    audit = Audit(page, live_server.url, screenshot)  # the screens whose colours and markup changed
    audit.sign_in("caseworker")
    audit.visit("home", "/", narrow=True)
    audit.visit("case list", "/cases/", narrow=True)
    audit.visit("case list, searched", "/cases/?q=Verma")
    audit.visit("case file", f"/cases/{case.pk}/", narrow=True)
    for step in (
        "details",
        "identity",
        "recruitment",
        "journey",
        "exploitation",
        "debts",
        "needs",
        "consent",
    ):
        audit.visit(
            f"interview: {step}", f"/intake/persons/{person.pk}/interview/{step}/", narrow=step == "details"
        )
    audit.page.goto(f"{live_server.url}/intake/persons/{person.pk}/interview/details/")
    audit.page.get_by_role("button", name="Read the narrative").click()
    audit.check("interview: details, narrative refused without a reason")

    audit.visit("registration: the batch", "/register/batch/", narrow=True)
    audit.page.get_by_label("Where they are now").select_option(label="Riverside reception point")
    audit.page.get_by_label("Crossed on").fill("2026-10-23")
    audit.page.get_by_label("Crossing point").fill("Moei River landing 2")
    audit.page.get_by_label("How they crossed").select_option("raft")
    audit.page.get_by_role("button", name="Register arrivals").click()
    expect(audit.page).to_have_url(re.compile(r"/register/$"))
    audit.check("registration desk", narrow=True)
    audit.page.get_by_role("button", name="Register", exact=True).click()
    expect(audit.page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    audit.check("registration desk, after a failed submit", narrow=True)
    audit.visit("offline desk", "/desk/", narrow=True)
    audit.page.get_by_label("Given name (as spoken)").fill("")
    audit.page.get_by_role("button", name="Save", exact=True).click()
    errors = audit.page.get_by_test_id("desk-errors")
    expect(errors).to_be_focused()
    expect(errors).to_have_text("Needed: Given name (as spoken), Nationality (as claimed).")
    errors.get_by_role("link", name="Nationality (as claimed)").click()
    expect(audit.page.get_by_role("combobox", name=re.compile("^Nationality"))).to_be_focused()
    audit.check("offline desk, a save with a field missing", narrow=True)
    audit.visit("offline desk: arrivals to resolve", "/desk/resolve/", narrow=True)

    audit.visit("erasure", "/erasure/")
    audit.visit("erasure request", f"/erasure/{world['erasure'].pk}/")
    audit.visit("not found", "/cases/999999999/", status=404, narrow=True)
    audit.assert_clean()


def test_every_screen_of_a_caseworker_with_no_cases_yet(page: Page, live_server, caseworker2, world):
    audit = Audit(page, live_server.url)
    audit.sign_in("caseworker2")
    audit.visit("home, empty caseload", "/", narrow=True)
    audit.visit("case list, empty", "/cases/")
    audit.visit("case of another organisation", f"/cases/{world['case'].pk}/", status=404)
    audit.assert_clean()


def test_every_screen_of_an_embassy_liaison(page: Page, live_server, liaison_in, world):
    notification = Notification.objects.create(
        event=world["event"], case=world["case"], recipient=liaison_in, kind="awaits_embassy"
    )
    InboxItem.objects.create(notification=notification, recipient=liaison_in)
    audit = Audit(page, live_server.url)
    audit.sign_in("liaison_in")
    audit.visit("repatriation queue", "/repatriation/", narrow=True)
    audit.page.get_by_label("Select every case on this page").check()
    audit.check("repatriation queue, all selected")
    audit.visit("repatriation case", f"/repatriation/cases/{world['case'].pk}/", narrow=True)
    audit.visit("embassy history", "/repatriation/history/")
    audit.visit("notifications", "/notifications/", narrow=True)
    audit.visit("not found", "/cases/999999999/", status=404)
    audit.assert_clean()


def test_every_screen_of_the_task_force_coordinator(page: Page, live_server, coordinator, world):
    release_publish(published_by=coordinator)  # the releases table has a row to lay out on a phone
    audit = Audit(page, live_server.url)
    audit.sign_in("coordinator")
    audit.visit("dashboard", "/reports/", narrow=True)
    audit.visit("exports", "/reports/exports/", narrow=True)
    audit.visit("access log", "/audit/", narrow=True)
    audit.visit("erasure", "/erasure/")
    audit.assert_clean()


def test_every_screen_of_an_ngo_manager(page: Page, live_server, manager, world):
    audit = Audit(page, live_server.url)
    audit.sign_in("manager")
    audit.visit("dashboard", "/reports/")
    audit.visit("exports", "/reports/exports/")
    audit.visit("access log", "/audit/")
    audit.visit("erasure", "/erasure/")
    audit.visit("erasure request, to decide", f"/erasure/{world['erasure'].pk}/", narrow=True)
    audit.visit("case file", f"/cases/{world['case'].pk}/")
    audit.assert_clean()


def test_every_screen_of_an_administrator(page: Page, live_server, admin_user, caseworker):
    audit = Audit(page, live_server.url)
    audit.sign_in("admin")
    audit.visit("home", "/", narrow=True)
    audit.visit("administration", "/admin/", narrow=True)
    audit.visit("users", "/admin/auth/user/")
    # Django's own two-box selector for groups and permissions puts aria-label on a bare <span>
    # (admin/js/SelectFilter2.js, not a template of this project): left out, the rest is checked.
    audit.visit("a user", f"/admin/auth/user/{caseworker.pk}/change/", exclude=(".help-tooltip",))
    audit.visit("access log", "/audit/")
    audit.assert_clean()
