"""Dated exchange rates and the database median, on SQLite and PostgreSQL alike."""

import datetime
import statistics
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, ExchangeRate
from intake.models import Debt
from intake.vocabularies import DebtKind
from reporting.dashboards.debts import debt_figures, debts_in_usd
from reporting.dashboards.statistics import Median
from tests.factories import CaseFactory, DebtFactory, PersonFactory
from tests.reporting.pages import charts, tables

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("amounts", [[5], [1, 9], [3, 1, 2], [10, 40, 20, 30], [7, 7, 7, 100, 1]])
def test_the_database_median_equals_pythons(amounts):
    person = PersonFactory()
    for amount in amounts:
        DebtFactory(person=person, amount=Decimal(amount))
    result = Debt.objects.aggregate(median=Median("amount"), low=Median("amount", discrete=True))
    assert result["median"] == pytest.approx(statistics.median(amounts))
    assert result["low"] == statistics.median_low(amounts)


def test_the_discrete_median_of_dates_is_one_of_the_dates():
    days = [datetime.date(2026, 10, d) for d in (22, 23, 23, 30)]
    for day in days:
        PersonFactory(arrived_on=day)
    from intake.models import Person

    assert Person.objects.aggregate(m=Median("arrived_on", discrete=True))["m"] == statistics.median_low(days)


def rate(unit: str, day: str, value: str) -> ExchangeRate:
    return ExchangeRate.objects.create(
        unit=unit, valid_from=datetime.date.fromisoformat(day), usd_per_unit=Decimal(value)
    )


def test_a_debt_is_converted_at_the_rate_in_force_on_the_day_it_was_incurred(ngo_a):
    rate("CNY", "2026-01-01", "0.10")
    rate("CNY", "2026-07-01", "0.20")
    person = CaseFactory(organisation=ngo_a).person
    DebtFactory(
        person=person,
        kind=DebtKind.INTRODUCTION,
        currency="CNY",
        amount=Decimal("1000"),
        incurred_on=datetime.date(2026, 6, 30),
    )
    DebtFactory(
        person=person,
        kind=DebtKind.RESALE,
        currency="CNY",
        amount=Decimal("1000"),
        incurred_on=datetime.date(2026, 7, 1),
    )
    DebtFactory(person=person, kind=DebtKind.FINE, currency="USD", amount=Decimal("50"))
    figures = {row.kind: row for row in debt_figures(debts_in_usd(Case.objects.all())).by_kind}
    assert figures[DebtKind.INTRODUCTION].total_usd == Decimal("100")
    assert figures[DebtKind.RESALE].total_usd == Decimal("200")
    assert figures[DebtKind.FINE].total_usd == Decimal("50")  # dollars need no rate


def test_a_debt_without_the_date_is_converted_at_the_rate_of_the_arrival_day(ngo_a):
    rate("THB", "2026-01-01", "0.03")
    rate("THB", "2026-10-01", "0.02")
    person = CaseFactory(
        organisation=ngo_a, person=PersonFactory(arrived_on=datetime.date(2026, 10, 23))
    ).person
    DebtFactory(person=person, currency="THB", amount=Decimal("100000"), incurred_on=None)
    (row,) = debt_figures(debts_in_usd(Case.objects.all())).by_kind
    assert row.total_usd == Decimal("2000")


def test_a_debt_in_a_currency_without_a_rate_is_counted_but_not_guessed_and_keeps_its_currency(ngo_a):
    person = CaseFactory(organisation=ngo_a).person
    DebtFactory(person=person, kind=DebtKind.RANSOM, currency="", crypto_asset="USDT", amount=Decimal("3000"))
    figures = debt_figures(debts_in_usd(Case.objects.all()))
    (row,) = figures.by_kind
    assert (row.debts, row.unconverted, row.total_usd) == (1, 1, None)
    (original,) = figures.by_unit
    assert (original.unit, original.amount, original.unconverted) == (
        "USDT",
        Decimal("3000"),
        1,
    )


def test_a_rate_is_for_a_currency_or_a_crypto_asset_the_record_knows():
    ExchangeRate(unit="USDT", valid_from=datetime.date(2026, 1, 1), usd_per_unit=Decimal("1")).full_clean()
    with pytest.raises(ValidationError):
        ExchangeRate(unit="XYZ", valid_from=datetime.date(2026, 1, 1), usd_per_unit=Decimal("1")).full_clean()
    with pytest.raises(ValidationError):
        ExchangeRate(unit="CNY", valid_from=datetime.date(2026, 1, 1), usd_per_unit=Decimal("0")).full_clean()


def test_the_administrator_maintains_exchange_rates_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:cases_exchangerate_add"),
        {
            "unit": "INR",
            "valid_from": "2026-10-01",
            "usd_per_unit": "0.0111",
            "source": "Agreed network rate",
        },
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get(unit="INR").usd_per_unit == Decimal("0.0111")


def _debtors(organisation, count: int) -> list:
    return [CaseFactory(organisation=organisation).person for _ in range(count)]


def test_sums_and_medians_are_shown_over_five_persons_and_hidden_over_fewer_however_many_debts(
    client, coordinator, ngo_a
):
    rate("THB", "2026-01-01", "0.03")
    ransomed = _debtors(ngo_a, 6)
    for index, person in enumerate(ransomed):
        DebtFactory(person=person, kind=DebtKind.RANSOM, amount=Decimal("1111"), is_paid=index < 2)
    for person in _debtors(ngo_a, 5):  # all five paid: the paid sum is the total
        DebtFactory(person=person, kind=DebtKind.INTRODUCTION, amount=Decimal("2000"), is_paid=True)
    (fined,) = _debtors(ngo_a, 1)
    for _ in range(5):  # five debts, but of one person
        DebtFactory(person=fined, kind=DebtKind.FINE, currency="THB", amount=Decimal("7777"))
    client.force_login(coordinator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    shown = tables(page)

    assert shown["debts"][DebtKind.RANSOM][1:] == ["6,666 USD", "6", "1,111 USD", "—", "0"]
    assert shown["debts"][DebtKind.INTRODUCTION][1:] == ["10,000 USD", "5", "2,000 USD", "10,000 USD", "0"]
    assert shown["debts"][DebtKind.FINE][1:] == ["—", "5", "—", "—", "0"]
    assert shown["debts_by_currency"][f"{DebtKind.RANSOM}:USD"][1:] == ["6", "6,666 USD", "—", "0"]
    assert shown["debts_by_currency"][f"{DebtKind.FINE}:THB"][1:] == ["5", "—", "—", "0"]
    # Hidden sums are nowhere in the page: not the two who paid their ransom (2,222), not the one
    # person's fines in baht (38,885) or in dollars (1,167 in the median, 5,833 in all).
    for hidden in ("2,222", "2222", "38,885", "38885", "1,167", "1167", "5,833", "5833"):
        assert hidden not in page
    drawn = charts(page)["debts"]
    assert dict(zip(drawn["labels"], drawn["series"][0]["values"], strict=True)) == {
        "Ransom": 6666,
        "Introduction or recruitment debt": 10000,
        "Fine": None,
    }
