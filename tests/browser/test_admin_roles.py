"""An administrator changes another person's role on its own page; a caseworker finds no admin site."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import AccessLog, Role, StaffProfile
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_changes_a_caseworkers_role_on_the_change_role_page(
    page: Page, live_server, admin_user, caseworker, ngo_b, screenshot
):
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/auth/user/{caseworker.pk}/change/")
    expect(page.get_by_text("Caseworker · NGO A")).to_be_visible()
    page.get_by_role("link", name="Change role").click()
    expect(page.get_by_role("heading", name="Change role: caseworker")).to_be_visible()
    page.get_by_label("Role").select_option(Role.COORDINATOR)
    page.get_by_label("Organisation").select_option(label="NGO B")
    screenshot("admin-change-role")
    page.get_by_role("button", name="Change role").click()
    expect(page.get_by_text("Role changed.")).to_be_visible()
    profile = StaffProfile.objects.get(user=caseworker)
    assert (profile.role, profile.organisation_id) == (Role.COORDINATOR, ngo_b.pk)
    assert AccessLog.objects.filter(action=AccessLog.Action.ROLE_CHANGE, user=admin_user).count() == 1


def test_an_administrators_own_account_offers_no_change_of_access(
    page: Page, live_server, admin_user, screenshot
):
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/auth/user/{admin_user.pk}/change/")
    expect(page.locator('input[name="is_superuser"]')).to_have_count(0)
    expect(page.locator('select[name="groups"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Change role")).to_have_count(0)
    expect(page.get_by_text("only another administrator changes your own")).to_be_visible()
    screenshot("admin-own-account")
    page.goto(f"{live_server.url}/admin/auth/user/{admin_user.pk}/role/")  # typed, since no link leads there
    expect(page.get_by_text("Nobody changes their own role")).to_be_visible()


def test_a_caseworker_who_opens_the_admin_site_gets_the_not_found_page(page: Page, live_server, caseworker):
    sign_in(page, live_server.url, "caseworker")
    response = page.goto(f"{live_server.url}/admin/")
    assert response.status == 404
    expect(page).to_have_url(re.compile(r"/admin/$"))
