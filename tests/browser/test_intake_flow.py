"""A caseworker's surge day in a real browser: a group of arrivals, a duplicate, an interview, a search."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, Site
from intake.models import Consent, Debt, IndicatorObservation
from intake.services import person_keys_refresh
from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reception(ngo_a):
    site = Site.objects.create(
        name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot"
    )
    known = CaseFactory(
        organisation=ngo_a,
        person=PersonFactory(given_name="Muhammad", family_name="Khan", birth_year_estimated=1990),
        nationality="PK",
    )
    person_keys_refresh(person=known.person)
    return site


def choose(scope, label: str, text: str) -> None:
    """Pick from a type-to-search list as a person does: type, then Enter."""
    field = scope.get_by_role("combobox", name=re.compile(f"^{re.escape(label)}"))
    field.focus()  # as when tabbing into it
    field.press_sequentially(text)
    dropdown = field.page.locator(f"#{field.get_attribute('aria-controls')}")
    expect(dropdown.locator(".option.active")).to_contain_text(text)  # the list has narrowed to it
    field.press("Enter")


def register(page: Page, given: str, family: str, age: str, country: str) -> None:
    page.get_by_label("Given name (as spoken)").fill(given)
    page.get_by_label("Family name (as spoken)").fill(family)
    page.get_by_label("Or approximate age").fill(age)
    choose(page, "Nationality (as claimed)", country)
    page.get_by_label("Or approximate age").press("Enter")  # the keyboard alone submits


def test_a_caseworker_registers_a_group_finds_a_duplicate_interviews_and_searches(
    page: Page, live_server, caseworker, reception, screenshot
):
    sign_in(page, live_server.url, "caseworker")
    page.get_by_role("link", name="Register arrivals").click()
    expect(page.get_by_role("heading", name="Start a batch of arrivals")).to_be_visible()
    page.get_by_label("Where they are now").select_option(label="Riverside reception point")
    page.get_by_label("Crossed on").fill("2026-10-23")
    page.get_by_label("Crossing point").fill("Moei River landing 2")
    page.get_by_label("How they crossed").select_option("raft")
    choose(page, "Came from", "KK Park")
    screenshot("intake-1-batch")
    page.get_by_role("button", name="Register arrivals").click()

    for given, family, age, country in [
        ("Van Minh", "Nguyen", "27", "Vietnam"),
        ("Grace", "Otieno", "31", "Kenya"),
        ("Arjun", "Verma", "17", "India"),
    ]:
        register(page, given, family, age, country)
        expect(page.get_by_role("status")).to_contain_text("opened")
        expect(page.get_by_test_id("batch")).to_contain_text("Moei River landing 2")
    screenshot("intake-2-registered")
    assert Case.objects.count() == 4
    assert Case.objects.filter(person__arrival_group__crossing_point="Moei River landing 2").count() == 3

    # The fourth arrival was registered before, under another spelling.
    page.get_by_label("Date of birth").fill("1990-03-01")
    register(page, "Mohammed", "Khan", "", "Pakistan")
    matches = page.get_by_test_id("matches")
    expect(matches).to_contain_text("This person may already be registered")
    expect(matches).to_contain_text("Muhammad Khan")
    screenshot("intake-3-duplicate")
    matches.get_by_role("link", name="Muhammad Khan").click()
    expect(page.get_by_role("heading", name=re.compile("Muhammad Khan"))).to_be_visible()
    assert Case.objects.count() == 4  # nobody registered twice

    # Find Nguyen's case by the name written with its diacritics, and interview him.
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Cases").click()
    page.get_by_label("Search", exact=True).fill("Nguyễn Minh")
    page.get_by_label("Search", exact=True).press("Enter")
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"1 case\b"))
    screenshot("intake-4-search")
    page.get_by_role("link", name="Van Minh Nguyen").click()
    page.get_by_role("link", name="Start the interview").click()
    # Consent comes first, before the person tells their story.
    expect(page.get_by_role("heading", name="Consent")).to_be_visible()
    answer_consent(page)
    screenshot("intake-5-consent-first")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name="Interview and account")).to_be_visible()
    page.get_by_label("Place").fill("Mae Sot Safe House")
    page.get_by_label("Interpreter").fill("Staff interpreter")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name="Identity and documents")).to_be_visible()

    page.get_by_test_id("steps").get_by_role("link", name="Debts and fees").click()
    rows = page.get_by_test_id("formset-row")
    rows.nth(0).get_by_label("Kind").select_option("introduction")
    rows.nth(0).get_by_label("Amount").fill("80000")
    choose(rows.nth(0), "Currency", "CNY")
    rows.nth(1).get_by_label("Kind").select_option("contract_termination")
    rows.nth(1).get_by_label("Amount").fill("3500")
    choose(rows.nth(1), "Currency", "USD")
    rows.nth(1).get_by_label("Paid", exact=True).check()
    rows.nth(1).get_by_label("Paid by").select_option("family")
    screenshot("intake-6-debts")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name="Needs")).to_be_visible()
    page.get_by_test_id("steps").get_by_role("link", name="Debts and fees").click()
    expect(page.get_by_test_id("formset-row").nth(0).get_by_label("Amount")).to_have_value("80000")

    page.get_by_role("link", name="Van Minh Nguyen").click()
    expect(page.get_by_test_id("debt-totals")).to_contain_text("80,000 CNY")
    expect(page.get_by_test_id("debt-totals")).to_contain_text("3,500 USD")
    expect(page.get_by_test_id("consent")).to_contain_text("Share with my embassy")
    expect(page.get_by_role("link", name="Continue the interview")).to_be_visible()
    screenshot("intake-7-case-file")
    person = Case.objects.get(person__family_name="Nguyen").person
    assert Debt.objects.filter(person=person).count() == 2
    assert set(Consent.objects.in_force().filter(person=person).values_list("scope", flat=True)) == {
        "record",
        "share_embassy",
    }


def answer_consent(page: Page) -> None:
    """Ask each scope of consent on its own, as the step asks: two agreed, the others not."""
    page.get_by_role("group", name=re.compile("^Record my information")).get_by_label("Agrees").check()
    page.get_by_role("group", name=re.compile("^Share with my embassy")).get_by_label("Agrees").check()
    for scope in (
        "Share with law enforcement",
        "Share my case, without my name, with partner organisations",
        "Share with organisations that help me",
        "Use anonymised for research",
        "Contact me later",
    ):
        page.get_by_role("group", name=re.compile(f"^{scope}")).get_by_label("Does not agree").check()
    page.get_by_label("How consent was given").select_option("verbal")


WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.mark.parametrize("screen", sorted(WIDTHS))
def test_an_interview_from_consent_to_the_last_step_and_the_case_file_it_fills(
    page: Page, live_server, caseworker, ngo_a, screen, screenshot
):
    page.set_viewport_size({"width": WIDTHS[screen], "height": 900})
    case = CaseFactory(
        organisation=ngo_a,
        nationality="IN",
        person=PersonFactory(
            given_name="Rahul",
            family_name="Verma",
            given_name_native="राहुल",
            family_name_native="वर्मा",
            birth_year_estimated=1996,
        ),
    )
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Rahul Verma")).to_contain_text("राहुल वर्मा")
    page.get_by_role("link", name="Start the interview").click()
    expect(page.get_by_role("heading", name="Consent")).to_be_visible()
    expect(page.get_by_test_id("steps").get_by_role("link").first).to_have_text(re.compile("Consent"))
    screenshot(f"interview-1-consent-first-{WIDTHS[screen]}")
    answer_consent(page)
    page.get_by_role("button", name="Save and continue to Interview and account").click()

    expect(page.get_by_role("heading", name="Interview and account")).to_be_visible()
    page.get_by_label("Place").fill("Mae Sot Safe House")
    page.get_by_label("Narrative").fill("Promised a job in a hotel in Bangkok; taken to a compound.")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    page.get_by_role("button", name=re.compile("Save and continue")).click()  # identity, as registered

    expect(page.get_by_role("heading", name="Recruitment")).to_be_visible()
    page.get_by_label("Promised monthly salary").fill("25000")
    choose(page, "Salary currency", "THB")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    page.get_by_role("button", name=re.compile("Save and continue")).click()  # journey

    expect(page.get_by_role("heading", name="Exploitation")).to_be_visible()
    page.get_by_label("Takes earnings").check()
    page.get_by_label("False promises").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Exploitation saved")
    wages = page.get_by_role("checkbox", name="Withholding of wages")
    expect(wages).to_be_checked()
    expect(wages).to_be_disabled()  # derived from the methods of control, not asked again
    expect(page.get_by_text("From the methods of control: Takes earnings")).to_be_visible()
    page.get_by_role("checkbox", name="Isolation").check()
    page.locator('[name="ilo-withholding_of_wages_notes"]').fill("Paid nothing for five months")
    screenshot(f"interview-2-exploitation-derived-{WIDTHS[screen]}")
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    expect(page.get_by_role("heading", name="Debts and fees")).to_be_visible()
    row = page.get_by_test_id("formset-row").nth(0)
    row.get_by_label("Kind").select_option("introduction")
    row.get_by_label("Amount").fill("80000")
    choose(row, "Currency", "CNY")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name="Needs")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("8 of 8 steps saved")).to_be_visible()
    screenshot(f"interview-3-last-step-{WIDTHS[screen]}")

    page.get_by_role("link", name="Back to the case").click()
    expect(page.get_by_role("heading", name="Rahul Verma")).to_contain_text("राहुल वर्मा")
    expect(page.get_by_text("25,000 THB a month")).to_be_visible()
    expect(page.get_by_test_id("debt-totals")).to_contain_text("80,000 CNY")
    expect(page.get_by_role("link", name="Continue the interview")).to_have_count(0)
    expect(page.get_by_test_id("interview-review")).to_be_visible()
    expect(page.get_by_text("Every step saved")).to_be_visible()
    screenshot(f"interview-4-case-file-{WIDTHS[screen]}")
    assert dict(IndicatorObservation.objects.values_list("indicator", "notes")) == {
        "withholding_of_wages": "Paid nothing for five months",
        "deception": "",
        "isolation": "",
    }
