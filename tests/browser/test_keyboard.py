"""A caseworker with no mouse: registration and the first interview steps with Tab, Shift+Tab,
Enter and Space only, and an outline around every control the keyboard lands on."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from cases.models import Case, Site
from intake.models import Interview
from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The outline of the focused control, or of the type-to-search box around a focused search input.
_FOCUS_OUTLINE = """() => {
  const focused = document.activeElement;
  const drawn = focused.closest(".ts-control") || focused;
  const style = getComputedStyle(drawn);
  return {
    element: focused.outerHTML.slice(0, 120),
    focused: focused.matches(":focus, :focus-within"),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
  };
}"""


def focus_outline_check(page: Page) -> None:
    """The control the keyboard is on is drawn with an outline at least 2 px wide."""
    focus = page.evaluate(_FOCUS_OUTLINE)
    assert focus["focused"], f"the keyboard left nothing focused: {focus['element']}"
    assert focus["outline"] >= 2, f"no outline around {focus['element']}"


def tab_to(page: Page, target: Locator, *, key: str = "Tab", limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, checking the outline at each stop."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
        if page.evaluate("document.activeElement !== document.body"):
            focus_outline_check(page)
    raise AssertionError(f"{key} never reached {target}")


@pytest.fixture
def reception(ngo_a):
    return Site.objects.create(
        name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot"
    )


def test_a_caseworker_registers_an_arrival_with_the_keyboard_only(
    page: Page, live_server, caseworker, reception
):
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/")
    tab_to(
        page,
        page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Register arrivals"),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Start a batch of arrivals")).to_be_visible()

    tab_to(page, page.get_by_label("Where they are now"))
    page.keyboard.press("ArrowDown")  # a closed select takes the next option from the arrow keys
    expect(page.get_by_label("Where they are now")).to_have_value(str(reception.pk))
    tab_to(page, page.get_by_role("button", name="Register arrivals"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/register/$"))

    tab_to(page, page.get_by_label("Family name (as spoken)"))
    page.keyboard.type("Otieno")
    tab_to(page, page.get_by_label("Given name (as spoken)"), key="Shift+Tab")  # back up a field
    page.keyboard.type("Grace")
    tab_to(page, page.get_by_label("Or approximate age"))
    page.keyboard.type("31")
    tab_to(page, page.get_by_role("combobox", name=re.compile("^Nationality")))
    page.keyboard.type("Kenya")
    # The nationality box's highlighted option (the language box keeps its own dropdown).
    expect(page.locator("[id^='id_country-opt'].active")).to_contain_text("Kenya")
    page.keyboard.press("Enter")  # picks the highlighted country
    tab_to(page, page.get_by_role("button", name="Register", exact=True))
    page.keyboard.press("Space")

    expect(page.get_by_role("status")).to_contain_text("opened")
    case = Case.objects.get(person__family_name="Otieno")
    assert case.person.given_name == "Grace"
    assert list(case.person.nationalities.values_list("country", flat=True)) == ["KE"]


def test_a_caseworker_saves_the_first_interview_steps_with_the_keyboard_only(
    page: Page, live_server, caseworker, ngo_a
):
    case = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Van Minh", family_name="Nguyen"))
    Interview.objects.create(
        person=case.person,
        held_on="2026-10-25",
        place="Shelter",
        interviewer=caseworker,
        completed_steps=["consent"],  # consent was asked first, before the story
    )
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    tab_to(page, page.get_by_role("link", name="Continue the interview"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Interview and account")).to_be_visible()

    tab_to(page, page.get_by_label("Place"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Mae Sot Safe House")
    tab_to(page, page.get_by_label("Interpreter"))
    page.keyboard.type("Staff interpreter")
    tab_to(page, page.get_by_role("button", name=re.compile("^Save and continue")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Identity and documents")).to_be_visible()

    tab_to(page, page.get_by_role("button", name=re.compile("^Save and continue")))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Recruitment")).to_be_visible()

    interview = Interview.objects.get(person=case.person)
    assert interview.place == "Mae Sot Safe House"
    assert interview.interpreter == "Staff interpreter"
