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
