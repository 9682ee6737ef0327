"""The admin site: no sign-in loop for a signed-in non-administrator, no server error from a bulk action."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.enrolment import enrolment_code_issue
from accounts.models import EnrolmentCode
from cases.models import Organisation

pytestmark = pytest.mark.django_db

# Changelists of the site's own models and of third-party ones registered on it.
CHANGELISTS = [
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:accounts_enrolmentcode_changelist",
    "admin:cases_organisation_changelist",
    "admin:intake_language_changelist",
]
IMPOSSIBLE_IDS = ["abc", "99999999999999999999", "9223372036854775808", "1.5", "", "1e3"]


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/auth/user/", "/admin/cases/organisation/1/change/", "/admin/login/"]
)
def test_a_signed_in_caseworker_gets_the_sites_404_on_the_admin_not_a_loop(client, caseworker, url):
    client.force_login(caseworker)
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert len(response.redirect_chain) <= 2


def test_a_signed_in_caseworker_posting_to_the_admin_gets_404(client, caseworker, caseworker2):
    client.force_login(caseworker)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [caseworker2.pk]},
    )
    assert response.status_code == 404
    assert User.objects.filter(pk=caseworker2.pk).exists()


def test_an_anonymous_visitor_of_the_admin_is_sent_to_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def test_the_administrator_still_reaches_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("changelist", CHANGELISTS)
@pytest.mark.parametrize("selected", IMPOSSIBLE_IDS)
def test_a_bulk_action_on_ids_no_model_can_have_selects_nothing(client, admin_user, changelist, selected):
    client.force_login(admin_user)
    response = client.post(
        reverse(changelist),
        {"action": "delete_selected", "_selected_action": [selected], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    if changelist != "admin:auth_group_changelist":  # groups have no bulk action at all
        assert "Items must be selected in order to perform actions on them" in response.content.decode()


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_a_bulk_action_on_ids_nothing_has_asks_about_nothing(client, admin_user, changelist):
    client.force_login(admin_user)
    response = client.post(
        reverse(changelist), {"action": "delete_selected", "_selected_action": ["0", "-1", "\uff10"]}
    )
    assert response.status_code in (200, 302)


def test_a_bulk_action_acts_on_the_possible_ids_among_impossible_ones(client, admin_user, caseworker):
    attempt = AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", failures_since_start=5)
    enrolment_code_issue(account=caseworker)
    code = EnrolmentCode.objects.get(user=caseworker)
    client.force_login(admin_user)
    for changelist, pk in [
        ("admin:axes_accessattempt_changelist", attempt.pk),
        ("admin:accounts_enrolmentcode_changelist", code.pk),
    ]:
        response = client.post(
            reverse(changelist),
            {
                "action": "delete_selected",
                "_selected_action": ["abc", str(pk), "99999999999999999999"],
                "post": "yes",
            },
        )
        assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert not EnrolmentCode.objects.filter(pk=code.pk).exists()


def test_an_organisation_bulk_deletion_with_impossible_ids_deletes_nothing(client, admin_user, ngo_a):
    client.force_login(admin_user)
    client.post(
        reverse("admin:cases_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": ["abc", "99999999999999999999"], "post": "yes"},
    )
    assert Organisation.objects.filter(pk=ngo_a.pk).exists()


@pytest.mark.parametrize("account", ["abc", "99999999999999999999", "-1", "0"])
@pytest.mark.parametrize("page", ["change", "password", "role"])
def test_an_account_page_for_an_id_no_account_can_have_is_not_an_error(client, admin_user, account, page):
    client.force_login(admin_user)
    response = client.get(f"/admin/auth/user/{account}/{page}/", follow=True)
    assert response.status_code in (200, 404)
