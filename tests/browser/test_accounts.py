"""Enrolment codes, the second factor, the lockout page and the demo notice, in a browser."""

import datetime
import re

import pytest
from django.db.models import F
from playwright.sync_api import Page, expect

from accounts.models import AuthenticatorDevice
from tests.browser.test_sign_in import pass_second_factor
from tests.conftest import PASSWORD
from tests.two_factor import code_for_secret, confirmed_device, enrolment_code, unused_code

pytestmark = pytest.mark.django_db(transaction=True)


def enter_password(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")


def test_a_new_person_enrols_their_authenticator_app_with_the_code_an_administrator_gave(
    page: Page, live_server, caseworker, screenshot
):
    code = enrolment_code(caseworker)
    enter_password(page, live_server.url, "caseworker")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    # The password alone shows no secret: first the enrolment code.
    expect(page.get_by_test_id("qr-code")).to_have_count(0)
    page.get_by_label("Enrolment code").fill("ABCD-EFGH-JKMN")
    page.keyboard.press("Enter")
    expect(page.get_by_text("That enrolment code is not valid or has expired")).to_be_visible()
    screenshot("two-factor-enrolment-code-wrong")
    page.get_by_label("Enrolment code").fill(code.lower())
    page.keyboard.press("Enter")

    qr_code = page.get_by_test_id("qr-code").locator("svg")
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 150  # big enough for a phone's camera
    # Only the sign-out button in the bar: no link to pages the second factor would refuse.
    expect(page.get_by_role("navigation", name="Main navigation").get_by_role("link")).to_have_count(1)
    screenshot("two-factor-enrol")

    page.get_by_label("Six-digit code").fill(code_for_secret(page.get_by_test_id("secret").inner_text()))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Two-factor authentication is set up")
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
    screenshot("two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()


def test_an_administrator_issues_an_enrolment_code_from_the_persons_account_page(
    page: Page, live_server, admin_user, caseworker, screenshot
):
    enter_password(page, live_server.url, "admin")
    pass_second_factor(page, "admin")
    page.goto(f"{live_server.url}/admin/auth/user/{caseworker.pk}/change/")
    page.get_by_role("link", name="Issue an enrolment code").click()
    expect(page.get_by_label("Account")).to_have_value(str(caseworker.pk))
    page.get_by_role("button", name="Issue the code").click()
    code = page.get_by_test_id("enrolment-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    screenshot("admin-enrolment-code-issued")

    # The person, in their own browser, enrols with it.
    other = page.context.browser.new_context()
    person = other.new_page()
    enter_password(person, live_server.url, "caseworker")
    person.get_by_label("Enrolment code").fill(code)
    person.keyboard.press("Enter")
    expect(person.get_by_test_id("secret")).to_be_visible()
    other.close()


def test_an_enrolled_person_types_the_code_their_app_shows(page: Page, live_server, caseworker, screenshot):
    device = confirmed_device(caseworker)
    enter_password(page, live_server.url, "caseworker")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    screenshot("two-factor-verify")

    page.get_by_label("Six-digit code").fill("000000" if unused_code(device) != "000000" else "111111")
    page.keyboard.press("Enter")
    expect(page.get_by_text("That code is not valid or was already used")).to_be_visible()
    screenshot("two-factor-wrong-code")
    # A person takes a few seconds to read the next code; django-otp made them wait one.
    AuthenticatorDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(seconds=5)
    )
    page.get_by_label("Six-digit code").fill(unused_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()


def test_five_wrong_passwords_show_what_to_do(page: Page, live_server, caseworker, screenshot):
    for _ in range(4):
        enter_password(page, live_server.url, "caseworker", "not-the-password")
        expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    enter_password(page, live_server.url, "caseworker", "not-the-password")
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    expect(page.get_by_text("Wait 15 minutes, then sign in again")).to_be_visible()
    screenshot("sign-in-paused")
    page.get_by_role("link", name="Back to sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_the_demo_sign_in_page_says_that_two_factor_authentication_is_off(
    page: Page, live_server, caseworker, settings, screenshot
):
    settings.TWO_FACTOR_REQUIRED = False
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("note")).to_contain_text("Two-factor authentication is switched off for this")
    screenshot("sign-in-demo")
    enter_password(page, live_server.url, "caseworker")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
