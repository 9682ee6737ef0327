"""Sign-in, and the home page each role lands on."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from intake.models import Interview
from intake.vocabularies import ConsentScope
from tests.conftest import PASSWORD
from tests.factories import CaseFactory, ConsentFactory, PersonFactory
from tests.two_factor import code_now, confirmed_device

pytestmark = pytest.mark.django_db


def stat(response, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}">(\d+)<', response.content.decode())
    assert match, f"no {testid} figure on the page"
    return int(match.group(1))


def stage_count(response, stage: str) -> int:
    match = re.search(
        rf'data-stage="{stage}"[^>]*><td>(?:<a [^>]*>)?[^<]*(?:</a>)?</td><td class="text-end">(\d+)<',
        response.content.decode(),
    )
    assert match, f"no {stage} row on the page"
    return int(match.group(1))


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("cases:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signing_in_with_the_right_password_and_code_lands_on_home(client, caseworker):
    device = confirmed_device(caseworker)
    client.post(reverse("login"), {"username": "caseworker", "password": PASSWORD})
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code_now(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:home")
    assert "Caseload" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message_and_no_session(client, caseworker):
    response = client.post(reverse("login"), {"username": "caseworker", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session_and_says_so(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("cases:home")).status_code == 302


def test_caseworker_home_counts_only_their_organisations_open_cases(client, caseworker, ngo_a, ngo_b):
    CaseFactory.create_batch(3, organisation=ngo_a)
    CaseFactory(organisation=ngo_a, caseworker=caseworker, person=PersonFactory(needs_medical_care=True))
    CaseFactory(organisation=ngo_a, person=PersonFactory(birth_year_estimated=2010))
    CaseFactory.create_batch(4, organisation=ngo_b)
    client.force_login(caseworker)
    response = client.get(reverse("cases:home"))
    assert stat(response, "open") == 5
    assert stat(response, "mine") == 1
    assert stat(response, "urgent") == 1
    assert stat(response, "minors") == 1


def test_the_urgent_tile_counts_the_cases_the_urgent_needs_filter_lists(client, caseworker, ngo_a):
    for needs in ({"needs_medical_care": True}, {"protection_risk": True}, {"unaccompanied_minor": True}, {}):
        CaseFactory(organisation=ngo_a, person=PersonFactory(**needs))
    client.force_login(caseworker)
    home = client.get(reverse("cases:home"))
    listed = client.get(reverse("cases:case_list"), {"urgent": "on"}).context["page"].paginator.count
    assert stat(home, "urgent") == listed == 3
    assert "Urgent needs: medical care, protection risk or unaccompanied minor" in home.content.decode()


def test_liaison_home_counts_only_consenting_nationals_per_stage(client, liaison_in, ngo_a):
    for stage in ("identified", "identified", "verification_requested"):
        case = CaseFactory(organisation=ngo_a, nationality="IN", repatriation_stage=stage)
        ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    CaseFactory(organisation=ngo_a, nationality="IN")  # no consent to share
    CaseFactory(organisation=ngo_a, nationality="PH")
    client.force_login(liaison_in)
    response = client.get(reverse("cases:home"))
    assert stage_count(response, "identified") == 2
    assert stage_count(response, "verification_requested") == 1
    assert stage_count(response, "departed") == 0


def test_liaison_home_is_their_queue_of_consenting_nationals_only(client, liaison_in, ngo_a):
    case = CaseFactory(organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Zxqvname"))
    ConsentFactory(person=case.person)
    CaseFactory(organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Noconsentname"))
    CaseFactory(organisation=ngo_a, nationality="PH", person=PersonFactory(given_name="Filipinoname"))
    client.force_login(liaison_in)
    page = client.get(reverse("cases:home")).content.decode()
    assert "Zxqvname" in page
    assert "Noconsentname" not in page
    assert "Filipinoname" not in page


def test_coordinator_home_is_the_dashboard_counting_every_organisations_cases(
    client, coordinator, ngo_a, ngo_b
):
    # Five and more per group: fewer would read "<5" (reporting/small_counts.py).
    CaseFactory.create_batch(5, organisation=ngo_a, nationality="IN")
    CaseFactory.create_batch(6, organisation=ngo_b, nationality="PH")
    client.force_login(coordinator)
    response = client.get(reverse("cases:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reporting:dashboard")
    assert stat(response, "total-persons") == 11
    assert re.search(
        r'<tr data-key="PH"><th scope="row"[^>]*>Philippines</th><td class="text-end">6</td>',
        response.content.decode(),
    )


def test_administrator_home_links_to_administration_and_the_admin_opens(client, admin_user):
    client.force_login(admin_user)
    assert reverse("admin:auth_user_changelist") in client.get(reverse("cases:home")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:cases_organisation_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "coordinator"])
def test_only_administrators_reach_the_admin_site(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    # The site's 404, as for any page they may not see; not the admin's sign-in, which sent a
    # signed-in person back and forth between it and the application's.
    assert client.get(reverse("admin:index")).status_code == 404


def test_survivor_records_are_not_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Organisations" in page
    for absent in (
        "/admin/intake/person/",
        "/admin/cases/case/",
        "/admin/intake/debt/",
        "/admin/intake/interview/",
    ):
        assert absent not in page
        assert client.get(absent).status_code == 404


def test_a_user_without_a_role_is_told_to_ask_an_administrator(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("cases:home"))
    assert response.status_code == 403
    assert "no role yet" in response.content.decode()


def test_navigation_differs_per_role(client, caseworker, liaison_in, admin_user):
    client.force_login(caseworker)
    page = client.get(reverse("cases:home")).content.decode()
    assert "Caseload</a>" in page
    assert reverse("admin:index") not in page
    client.force_login(liaison_in)
    page = client.get(reverse("cases:home")).content.decode()
    assert "Repatriation queue</a>" in page
    assert "Caseload</a>" not in page
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("cases:home")).content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "coordinator", "admin_user"])
def test_each_home_page_costs_a_fixed_number_of_queries(
    client, request, persona, ngo_a, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    ConsentFactory(person=CaseFactory(organisation=ngo_a, nationality="IN").person)  # so rows are fetched
    client.force_login(user)
    client.get(reverse("cases:home"))
    # A liaison's home is their queue: its page and count, the stage counts, the places to
    # filter by, the unread notifications and the access log entry, after session and profile.
    with django_assert_max_num_queries(9 if persona == "liaison_in" else 8) as few:
        client.get(reverse("cases:home"))
    for _ in range(15):
        case = CaseFactory(organisation=ngo_a, nationality="IN")
        ConsentFactory(person=case.person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:home"))


@pytest.mark.parametrize("tile", ["open", "mine", "minors", "urgent", "arrived", "not-interviewed"])
def test_each_caseload_tile_links_to_the_list_showing_as_many_cases(client, caseworker, ngo_a, tile):
    today = timezone.localdate()
    recent, old = today - datetime.timedelta(days=6), today - datetime.timedelta(days=7)
    CaseFactory(organisation=ngo_a, caseworker=caseworker, person=PersonFactory(arrived_on=recent))
    CaseFactory(organisation=ngo_a, person=PersonFactory(arrived_on=old, needs_medical_care=True))
    young = today.year - 12
    CaseFactory(organisation=ngo_a, person=PersonFactory(arrived_on=old, birth_year_estimated=young))
    interviewed = CaseFactory(organisation=ngo_a, caseworker=caseworker, person=PersonFactory(arrived_on=old))
    Interview.objects.create(person=interviewed.person, held_on=today, place="Shelter")
    # Closed cases are counted by no tile, and listed by no tile's link.
    CaseFactory(
        organisation=ngo_a,
        caseworker=caseworker,
        status=CaseStatus.CLOSED,
        opened_at=timezone.now() - datetime.timedelta(days=1),
        closed_at=timezone.now(),
        person=PersonFactory(arrived_on=recent, needs_medical_care=True, birth_year_estimated=young),
    )
    client.force_login(caseworker)
    home = client.get(reverse("cases:home"))
    link = re.search(rf'href="([^"]+)" data-testid="{tile}-link"', home.content.decode())
    assert link, f"the {tile} tile is not a link"
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    assert stat(home, tile) == listed.context["page"].paginator.count > 0
