"""The dashboard's resales: persons sold on, sales from one compound to the next, prices in dollars."""

import datetime
import statistics
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from cases.models import ExchangeRate
from intake.models import Compound, Exploitation
from intake.vocabularies import Seller
from reporting.dashboards.selectors import DashboardFilters
from reporting.dashboards.snapshots import dashboard_snapshot
from tests.factories import CaseFactory
from tests.reporting.pages import charts, number, shown_as, tables

pytestmark = pytest.mark.django_db


def dashboard(client, user, **filters) -> dict:
    client.force_login(user)
    response = client.get(reverse("reporting:dashboard"), filters)
    assert response.status_code == 200
    return tables(response.content.decode())


def _dollars(text: str) -> int:
    return number(text.removesuffix(" USD"))


def resold(organisation, *chain: str, price=Decimal("70000"), currency="CNY", nationality="IN", sold=None):
    """A person sold along `chain` (compound names), each sale at `price`; return the case."""
    case = CaseFactory(organisation=organisation, nationality=nationality)
    day = sold or datetime.date(2026, 3, 1)
    for position, name in enumerate(chain):
        last = position == len(chain) - 1
        Exploitation.objects.create(
            person=case.person,
            position=position,
            compound=Compound.objects.get(name=name),
            started_on=day + datetime.timedelta(days=30 * position),
            ended_on=day + datetime.timedelta(days=30 * (position + 1)),
            sold_on=not last,
            sold_by="" if last else Seller.BROKER,
            sale_price_amount=None if last else price,
            sale_price_currency="" if last else currency,
        )
    return case


@pytest.fixture
def cny_rate():
    return ExchangeRate.objects.create(
        unit="CNY", valid_from=datetime.date(2025, 1, 1), usd_per_unit=Decimal("0.14")
    )


def test_the_resales_equal_the_demos_chains_counted_episode_by_episode(client):
    call_command("seed_demo", cases=150, seed=2026, verbosity=0)
    shown = dashboard(client, User.objects.get(username="coordinator"))
    rates = defaultdict(list)
    for rate in ExchangeRate.objects.all():
        rates[rate.unit].append(rate)
    episodes = list(
        Exploitation.objects.select_related("compound", "person").order_by("person_id", "position")
    )
    following = {(e.person_id, e.position): e for e in episodes}
    pairs, pair_persons, dollars, persons = Counter(), defaultdict(set), [], set()
    for episode in episodes:
        if not episode.sold_on:
            continue
        persons.add(episode.person_id)
        buyer = following[(episode.person_id, episode.position + 1)]
        key = f"{episode.compound_id}:{buyer.compound_id}"
        pairs[key] += 1
        pair_persons[key].add(episode.person_id)
        unit, on = episode.sale_price_currency, episode.ended_on
        in_force = [rate for rate in rates[unit] if rate.valid_from <= on]
        if unit == "USD":
            dollars.append(episode.sale_price_amount)
        elif in_force:
            dollars.append(episode.sale_price_amount * max(in_force, key=lambda r: r.valid_from).usd_per_unit)
    assert len(persons) >= 5 and len(dollars) >= 5  # enough to be shown exactly
    summary = shown["resales"]
    assert summary["persons"][1] == shown_as(len(persons))
    assert summary["sales"][1] == shown_as(sum(pairs.values()))
    assert summary["converted"][1] == shown_as(len(dollars))
    assert summary["unconverted"][1] == "0"  # the demo seeds every rate its prices need
    assert abs(_dollars(summary["total_usd"][1]) - sum(dollars)) <= 1
    assert abs(_dollars(summary["median_usd"][1]) - statistics.median(dollars)) <= 1
    table = shown["resale_pairs"]
    assert set(table) == set(pairs)
    assert any(len(p) >= 5 for p in pair_persons.values()) and any(len(p) < 5 for p in pair_persons.values())
    for key, sales in pairs.items():
        label, sales_text, persons_text = table[key]
        assert " → " in label
        assert persons_text == shown_as(len(pair_persons[key]))
        assert sales_text == ("<5" if len(pair_persons[key]) < 5 else shown_as(sales))
    sales_shown = [number(cells[1]) for cells in table.values() if cells[1] != "<5"]
    assert sales_shown == sorted(sales_shown, reverse=True)  # the most frequent sales first


def test_a_sale_is_counted_from_its_compound_to_the_next_episodes_and_a_second_sale_too(
    client, coordinator, ngo_a, cny_rate
):
    for _ in range(5):
        resold(ngo_a, "Sihanoukville compounds", "Shwe Kokko (Yatai New City)", "KK Park")
    for _ in range(2):
        resold(ngo_a, "Dongmei Park", "KK Park")
    shown = dashboard(client, coordinator)
    by_label = {cells[0]: cells[1:] for cells in shown["resale_pairs"].values()}
    assert by_label == {
        "Sihanoukville compounds → Shwe Kokko (Yatai New City)": ["5", "5"],
        "Shwe Kokko (Yatai New City) → KK Park": ["5", "5"],
        "Dongmei Park → KK Park": ["<5", "<5"],
    }
    summary = shown["resales"]
    assert summary["persons"][1] == "7"
    assert summary["sales"][1] == "12"
    assert summary["total_usd"][1] == "117,600 USD"  # 12 sales of 70,000 CNY at 0.14
    assert summary["median_usd"][1] == "9,800 USD"


def test_fewer_than_five_persons_sold_on_show_as_under_five_with_no_price_and_nothing_drawn(
    client, coordinator, ngo_a, cny_rate
):
    for _ in range(3):
        resold(ngo_a, "KK Park", "Taizhang", "Dongmei Park")
    CaseFactory.create_batch(4, organisation=ngo_a)  # persons never sold on
    client.force_login(coordinator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    summary = tables(page)["resales"]
    assert [summary[row][1] for row in ("persons", "sales", "converted")] == ["<5", "<5", "<5"]
    assert summary["total_usd"][1] == summary["median_usd"][1] == "—"
    assert tables(page)["resale_pairs"]["{}:{}".format(*_ids("KK Park", "Taizhang"))][1:] == ["<5", "<5"]
    drawn = charts(page)["resale_pairs"]
    assert drawn["series"][0]["values"] == [None, None]
    assert "6" not in page.split('data-table="resales"')[1].split("</table>")[0]  # six sales, not shown


def _ids(*names: str) -> list[int]:
    return [Compound.objects.get(name=name).pk for name in names]


def test_a_price_in_a_currency_without_a_rate_is_counted_but_left_out_of_the_dollars(
    client, coordinator, ngo_a, cny_rate
):
    for _ in range(5):
        resold(ngo_a, "KK Park", "Shwe Kokko (Yatai New City)", price=Decimal("10000"), currency="USD")
    for _ in range(5):
        resold(ngo_a, "KK Park", "Shwe Kokko (Yatai New City)", price=Decimal("500000"), currency="THB")
    # A CNY price of a sale before the first CNY rate: no rate in force, not guessed either.
    resold(ngo_a, "KK Park", "Taizhang", sold=datetime.date(2024, 6, 1))
    summary = dashboard(client, coordinator)["resales"]
    assert summary["sales"][1] == "11"
    assert summary["converted"][1] == "5"
    assert summary["unconverted"][1] == "6"
    assert summary["total_usd"][1] == "50,000 USD"
    assert summary["median_usd"][1] == "10,000 USD"


def test_the_filters_narrow_the_resales_like_every_panel(client, coordinator, ngo_a, ngo_b, cny_rate):
    for _ in range(5):
        resold(ngo_a, "KK Park", "Taizhang", nationality="IN")
    for _ in range(6):
        resold(ngo_b, "Golden Triangle Special Economic Zone", "KK Park", nationality="PH")
    assert dashboard(client, coordinator)["resales"]["persons"][1] == "11"
    philippines = dashboard(client, coordinator, nationality="PH")
    assert philippines["resales"]["persons"][1] == "6"
    assert set(philippines["resale_pairs"]) == {
        "{}:{}".format(*_ids("Golden Triangle Special Economic Zone", "KK Park"))
    }
    of_ngo_a = dashboard(client, coordinator, organisation=ngo_a.pk)
    assert of_ngo_a["resales"]["persons"][1] == "5"
    late = dashboard(client, coordinator, arrived_after="2100-01-01")
    assert late["resales"]["persons"][1] == "0"
    assert "resale_pairs" not in late  # nothing recorded for these filters: no table


def test_kept_figures_hold_the_resales_too(coordinator, ngo_a, cny_rate, settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    for _ in range(5):
        resold(ngo_a, "KK Park", "Taizhang")
    kept = dashboard_snapshot(user=coordinator, filters=DashboardFilters())
    assert kept.kept
    resold(ngo_a, "KK Park", "Taizhang")
    again = dashboard_snapshot(user=coordinator, filters=DashboardFilters())
    assert again.figures.by_key["resales"].rows[0].cells[0].text == "5"  # the kept figures
    fresh = dashboard_snapshot(user=coordinator, filters=DashboardFilters(), fresh=True)
    assert fresh.figures.by_key["resales"].rows[0].cells[0].text == "6"
    assert fresh.figures.by_key["resale_pairs"].rows[0].cells[1].text == "6"
    cache.clear()
