"""The case list in a real browser: a list too long to count, paged with the keyboard to its end."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_caseworker_pages_through_a_list_too_long_to_count(
    page: Page, live_server, caseworker, ngo_a, monkeypatch, screenshot
):
    monkeypatch.setattr("cases.pagination.COUNT_CAP", 60)  # as 1,000 is, with fewer cases
    for _ in range(101):
        CaseFactory(organisation=ngo_a, nationality="PH")
    sign_in(page, live_server.url, "caseworker")
    page.get_by_role("link", name="Cases", exact=True).click()

    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"More than 60 cases"))
    expect(page.locator("tbody tr")).to_have_count(50)
    expect(page.get_by_text("Page 1", exact=True)).to_be_visible()
    screenshot("case-list-capped")
    next_page = page.get_by_role("link", name="Next")
    next_page.focus()  # as when tabbing to it
    next_page.press("Enter")
    expect(page.get_by_text("Page 2", exact=True)).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page.locator("tbody tr")).to_have_count(1)  # case 101: the end, found without a count
    expect(page.get_by_role("link", name="Next")).to_have_count(0)

    page.goto(f"{live_server.url}/cases/?page=9")
    expect(page.get_by_text("This page is past the end of the list.")).to_be_visible()
    screenshot("case-list-past-the-end")
    page.get_by_role("link", name="Go to the first page").click()
    expect(page.get_by_text("Page 1", exact=True)).to_be_visible()


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_the_list_is_cards_with_the_filters_folded(
    page: Page, live_server, caseworker, ngo_a, screenshot
):
    for _ in range(6):
        CaseFactory(organisation=ngo_a, nationality="MM", caseworker=caseworker)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "caseworker")
    screenshot("home-390")
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("tbody tr")).to_have_count(6)
    assert no_sideways_scroll(page)
    # Folded: the search box shows, the filters wait behind one button.
    expect(page.get_by_label("Search", exact=True)).to_be_visible()
    expect(page.get_by_text("More filters")).to_be_hidden()
    first = page.locator("tbody tr").first
    for label in ("Reference", "Stage", "Caseworker", "Interview"):
        cell = first.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    expect(first.get_by_role("link")).to_be_visible()  # the name opens the case
    screenshot("case-list-390")
    page.get_by_test_id("filters-toggle").click()
    expect(page.get_by_text("More filters")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot("case-list-390-filters-open")


def test_at_1366_the_list_is_a_table_and_the_nav_one_line(
    page: Page, live_server, caseworker, ngo_a, screenshot
):
    for _ in range(6):
        CaseFactory(organisation=ngo_a, nationality="MM", caseworker=caseworker)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server.url, "caseworker")
    screenshot("home-1366")
    page.get_by_role("link", name="Open cases").click()  # a tile is a link to what it counts
    expect(page.locator("tbody tr")).to_have_count(6)
    expect(page.get_by_role("columnheader", name="Interview")).to_be_visible()
    expect(page.get_by_test_id("filters-toggle")).to_be_hidden()
    expect(page.get_by_role("combobox", name="Nationality")).to_be_visible()  # not folded on a laptop
    assert no_sideways_scroll(page)
    screenshot("case-list-1366")


def test_a_case_of_another_organisation_shows_the_friendly_not_found_page(
    page: Page, live_server, caseworker, ngo_b, screenshot
):
    elsewhere = CaseFactory(organisation=ngo_b)
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, live_server.url, "caseworker")
    response = page.goto(f"{live_server.url}/cases/{elsewhere.pk}/")
    assert response.status == 404
    heading = page.get_by_role("heading", name="This page is not here, or it is not yours to see")
    expect(heading).to_be_visible()
    expect(page.get_by_text("URLconf")).to_have_count(0)
    screenshot("not-found-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_sideways_scroll(page)
    screenshot("not-found-390")
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
