"""Who reaches the dashboard and exports, what bad filters do, and what the dashboard costs."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import ExchangeRate
from intake.models import Compound, Exploitation, ExploitationType, Recruitment, RecruitmentChannel
from intake.vocabularies import ConsentScope, DebtKind
from reporting.dashboards.panels import dashboard_figures
from reporting.dashboards.selectors import DashboardFilters
from tests.factories import CaseFactory, ConsentFactory, DebtFactory, PersonFactory
from tests.reporting.pages import charts, tables

pytestmark = pytest.mark.django_db

SCREENS = [
    ("reporting:dashboard", []),
    ("reporting:exports", []),
    ("reporting:export_case_list", ["csv"]),
    ("reporting:export_case_list", ["xlsx"]),
    ("reporting:export_htcds", ["csv"]),
    ("reporting:export_htcds", ["json"]),
]


@pytest.mark.parametrize(("name", "args"), SCREENS)
@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "admin_user", "outsider"])
def test_only_coordinators_reach_dashboards_and_exports_everyone_else_gets_404(
    client, request, persona, name, args
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize(("name", "args"), SCREENS)
def test_a_coordinator_reaches_every_dashboard_and_export_screen(client, coordinator, name, args):
    client.force_login(coordinator)
    assert client.get(reverse(name, args=args)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_export_format_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reporting:export_case_list", args=["pdf"])).status_code == 404
    assert client.get(reverse("reporting:export_htcds", args=["xml"])).status_code == 404


def test_the_coordinators_navigation_leads_to_the_dashboard_and_exports(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert f'href="{reverse("reporting:dashboard")}">Dashboard</a>' in page
    assert f'href="{reverse("reporting:exports")}">Reports and exports</a>' in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"arrived_after": "2026-13-45"}, "arrived_after", "Enter a valid date."),
        (
            {"arrived_after": "2026-11-10", "arrived_before": "2026-10-01"},
            "arrived_before",
            "before its start",
        ),
        ({"organisation": "abc"}, "organisation", "Choose an organisation from the list."),
        ({"organisation": "999999"}, "organisation", "Choose an organisation from the list."),
        ({"nationality": "ZZ"}, "nationality", "Choose a country from the list."),
        ({"nationality": "<script>"}, "nationality", "Choose a country from the list."),
    ],
)
@pytest.mark.parametrize("screen", ["reporting:dashboard", "reporting:exports"])
def test_bad_filters_get_a_message_beside_the_field_and_no_figures(
    client, coordinator, screen, query, field, message
):
    client.force_login(coordinator)
    response = client.get(reverse(screen), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")  # no file is downloaded
    page = response.content.decode()
    feedback = page.split(f'id="id_{field}"', 1)[1].split("</div>", 2)
    assert message in "".join(feedback[:2])
    assert "data-table=" not in page


def test_a_bad_case_list_filter_gives_the_export_page_with_the_error_not_a_file(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:export_case_list", args=["csv"]), {"status": "Lost"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def _recorded_case(organisation, *, country: str, channel: str, kind: str, currency: str) -> None:
    case = CaseFactory(organisation=organisation, nationality=country)
    Recruitment.objects.create(person=case.person, channel=RecruitmentChannel.objects.get(code=channel))
    exploitation = Exploitation.objects.create(person=case.person, compound=Compound.objects.first())
    exploitation.types.add(ExploitationType.objects.get(code="ForcedCriminalityRomanceScam"))
    ConsentFactory(person=case.person, scope=ConsentScope.RESEARCH)
    DebtFactory(person=case.person, kind=kind, currency=currency, amount=Decimal("12000"))


def _forty_more_cases(ngo_a, ngo_b) -> None:
    for index in range(37):
        _recorded_case(
            ngo_a if index % 2 else ngo_b,
            country=["IN", "PH", "CN"][index % 3],
            channel=["ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"][index % 2],
            kind=[DebtKind.INTRODUCTION, DebtKind.RESALE, DebtKind.FINE][index % 3],
            currency=["CNY", "USD", "THB"][index % 3],
        )


@pytest.fixture
def three_cases(ngo_a):
    ExchangeRate.objects.create(
        unit="CNY", valid_from=datetime.date(2025, 1, 1), usd_per_unit=Decimal("0.14")
    )
    for _ in range(3):
        _recorded_case(
            ngo_a, country="IN", channel="RecruitingAgentOrAgency", kind=DebtKind.RANSOM, currency="USD"
        )


def test_the_dashboards_figures_cost_21_queries_for_3_cases_or_40(
    coordinator, ngo_a, ngo_b, three_cases, django_assert_num_queries
):
    # The staff profile, the rates (read once, for debts and sale prices alike), one aggregate per
    # panel, two for consent and three for debts (the persons behind each sum, per kind and per
    # currency), two for referrals (counts, waits), two for resales (the totals, the compound pairs).
    user = User.objects.get(pk=coordinator.pk)  # as on each request: its staff profile not read yet
    with django_assert_num_queries(21):
        small = dashboard_figures(user=user, filters=DashboardFilters())
    _forty_more_cases(ngo_a, ngo_b)
    user = User.objects.get(pk=coordinator.pk)
    with django_assert_num_queries(21):
        large = dashboard_figures(user=user, filters=DashboardFilters())
    assert (small.totals["persons"].text, large.totals["persons"].text) == ("<5", "40")


def test_the_dashboard_page_costs_no_more_queries_for_40_cases_than_for_3(
    client, coordinator, ngo_a, ngo_b, three_cases, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(reverse("reporting:dashboard"))  # the session and the user are loaded once
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reporting:dashboard"))
    _forty_more_cases(ngo_a, ngo_b)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("reporting:dashboard"), {"nationality": "IN"})


def test_a_filter_narrows_every_panel(client, coordinator, ngo_a, ngo_b):
    for _ in range(6):
        _recorded_case(
            ngo_a, country="IN", channel="RecruitingAgentOrAgency", kind=DebtKind.RANSOM, currency="USD"
        )
    for _ in range(7):
        _recorded_case(ngo_b, country="PH", channel="AtWork", kind=DebtKind.FINE, currency="USD")
    CaseFactory(
        organisation=ngo_b, nationality="PH", person=PersonFactory(arrived_on=datetime.date(2026, 12, 1))
    )
    client.force_login(coordinator)
    shown = tables(client.get(reverse("reporting:dashboard"), {"organisation": ngo_b.pk}).content.decode())
    assert {key: cells[1] for key, cells in shown["nationality"].items()} == {"PH": "8"}
    assert {key: cells[1] for key, cells in shown["channel"].items()} == {"AtWork": "7"}
    assert set(shown["debts"]) == {"fine"}
    assert {key: cells[1] for key, cells in shown["consent"].items()}["research"] == "7"
    shown = tables(
        client.get(
            reverse("reporting:dashboard"), {"organisation": ngo_b.pk, "arrived_before": "2026-11-30"}
        ).content.decode()
    )
    assert {key: cells[1] for key, cells in shown["nationality"].items()} == {"PH": "7"}


def _persons(organisation, count: int, **person) -> list:
    return [
        CaseFactory(organisation=organisation, person=PersonFactory(**person)).person for _ in range(count)
    ]


def test_a_figure_that_would_give_a_hidden_count_back_by_subtraction_is_hidden_too(
    client, coordinator, ngo_a
):
    today = datetime.date.today()
    _persons(ngo_a, 3, birth_year_estimated=today.year - 15)  # minors
    adults = _persons(ngo_a, 9, birth_year_estimated=today.year - 30)
    _persons(ngo_a, 6, birth_year_estimated=None)  # age unknown
    for person in adults[:7]:
        ConsentFactory(person=person, scope=ConsentScope.RESEARCH)
    for person in adults[7:]:  # two withdrew
        ConsentFactory(
            person=person,
            scope=ConsentScope.RESEARCH,
            given_at=timezone.now() - datetime.timedelta(days=3),
            withdrawn_at=timezone.now(),
        )
    client.force_login(coordinator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    shown = tables(page)
    assert re.search(r'data-testid="total-persons"[^>]*>\s*18\s*<', page)
    # 18 persons less 6 of unknown age would give the 3 minors back, were the 9 adults shown.
    assert {key: cells[1] for key, cells in shown["minors"].items()} == {
        "minors": "<5",
        "adults": "—",
        "age-unknown": "6",
        "unaccompanied": "0",
    }
    # 18 less 7 in force would give the 2 who withdrew back, were the 9 who never gave it shown.
    assert shown["consent"]["research"][1:] == ["7", "<5", "—"]
    drawn = charts(page)["consent"]
    research = drawn["labels"].index(shown["consent"]["research"][0])
    assert [series["values"][research] for series in drawn["series"]] == [7, None, None]


def test_with_five_persons_or_more_in_every_group_nothing_is_hidden(client, coordinator, ngo_a):
    today = datetime.date.today()
    _persons(ngo_a, 5, birth_year_estimated=today.year - 15)
    _persons(ngo_a, 9, birth_year_estimated=today.year - 30)
    client.force_login(coordinator)
    shown = tables(client.get(reverse("reporting:dashboard")).content.decode())
    assert {key: cells[1] for key, cells in shown["minors"].items()} == {
        "minors": "5",
        "adults": "9",
        "age-unknown": "0",
        "unaccompanied": "0",
    }
    assert shown["consent"]["research"][1:] == ["0", "0", "14"]
