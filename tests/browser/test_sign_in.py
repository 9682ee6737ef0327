"""A person signs in with the keyboard and lands on their role's home page."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from intake.vocabularies import ConsentScope
from tests.conftest import PASSWORD
from tests.factories import CaseFactory, ConsentFactory
from tests.two_factor import code_for_secret, confirmed_device, enrolment_code, unused_code

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in as a person does: password, then the code their authenticator app shows."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")
    pass_second_factor(page, username)


def pass_second_factor(page: Page, username: str) -> None:
    """On the page that asks for the second factor, enrol the app if asked, and type its code."""
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    enrolling = "/enrol/" in page.url
    if enrolling:  # first sign-in: the code an administrator issued, then the app reads the key
        page.get_by_label("Enrolment code").fill(enrolment_code(User.objects.get(username=username)))
        page.keyboard.press("Enter")
        code = code_for_secret(page.get_by_test_id("secret").inner_text())
    else:
        code = unused_code(confirmed_device(User.objects.get(username=username)))
    page.get_by_label("Six-digit code").fill(code)
    page.keyboard.press("Enter")
    if enrolling:  # the recovery codes, shown once
        page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/two-factor/"))


def test_a_caseworker_signs_in_and_sees_their_caseload(
    page: Page, live_server, caseworker, ngo_a, screenshot
):
    CaseFactory.create_batch(3, organisation=ngo_a)
    sign_in(page, live_server.url, "caseworker")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(page.get_by_test_id("open")).to_have_text("3")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("caseworker")
    # Bootstrap is served by the app itself: the navigation bar is styled, not a bare list.
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "flex"
    screenshot("home-caseworker")


def test_a_wrong_password_shows_an_error_and_keeps_the_person_on_sign_in(page: Page, live_server, caseworker):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_liaison_sees_their_queue_per_stage_and_can_sign_out(
    page: Page, live_server, liaison_in, ngo_a, screenshot
):
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    sign_in(page, live_server.url, "liaison_in")
    expect(page.get_by_role("heading", name="Your nationals awaiting return")).to_be_visible()
    expect(page.locator('tr[data-stage="identified"] td').nth(1)).to_have_text("1")
    screenshot("home-liaison")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_sign_in_page(page: Page, live_server, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot("sign-in")
