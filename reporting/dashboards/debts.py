"""Debts and fees imposed on survivors, added up in US dollars with the administrator's dated rates.

A debt keeps its own amount and currency (or crypto asset). To add debts up, each is
converted at the rate in force on the day it was incurred (the arrival day when that is
unknown). The rates table is small, so it is read once and written into the query as a
CASE expression: the database then converts every debt in the same pass that groups them,
without a lookup per debt. A debt in a unit with no rate in force is counted, listed under
its own currency, and left out of the dollar totals, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from cases.models import REPORTING_CURRENCY, ExchangeRate
from cases.models import Case as SurvivorCase
from intake.models import Debt
from intake.vocabularies import CryptoAsset
from reporting.dashboards.selectors import of_persons
from reporting.dashboards.statistics import Median

RATE_FIELD = DecimalField(max_digits=20, decimal_places=10)
# Upper edges of the distribution's bands, in US dollars; the last band is open-ended.
BAND_EDGES_USD = (1_000, 5_000, 10_000, 20_000, 50_000)


RatePeriods = dict[str, list[tuple]]


def rate_periods() -> RatePeriods:
    """Read the administrators' rates once: per unit, (valid from, US dollars per unit), latest first."""
    periods: RatePeriods = defaultdict(list)
    for code, valid_from, rate in ExchangeRate.objects.order_by("unit", "-valid_from").values_list(
        "unit", "valid_from", "usd_per_unit"
    ):
        periods[code].append((valid_from, rate))
    return periods


def usd_rate(
    *,
    on: str,
    periods: RatePeriods | None = None,
    currency: str = "currency",
    crypto_asset: str | None = "crypto_asset",
) -> Case:
    """Return an expression for an amount's dollar rate: the rate of its unit in force on date `on`.

    Reads the rates table once unless given its `periods`; the expression is None where no rate
    was in force yet. It tests the stored `currency` or `crypto_asset` fields directly (one of
    them is set), which the database evaluates faster than a derived unit. An amount with no
    crypto field (a sale price) gives `crypto_asset=None`.
    """
    if periods is None:
        periods = rate_periods()
    whens = [When(Q((currency, REPORTING_CURRENCY)), then=Value(Decimal(1)))]
    for code, dated in periods.items():
        if code == REPORTING_CURRENCY:
            continue
        is_crypto = code in CryptoAsset.values
        if is_crypto and crypto_asset is None:
            continue
        in_force = Case(
            *(When(Q((f"{on}__gte", valid_from)), then=Value(rate)) for valid_from, rate in dated),
            default=Value(None),
            output_field=RATE_FIELD,
        )
        whens.append(When(Q((crypto_asset if is_crypto else currency, code)), then=in_force))
    return Case(*whens, default=Value(None), output_field=RATE_FIELD)


def debts_in_usd(cases: QuerySet[SurvivorCase], *, periods: RatePeriods | None = None) -> QuerySet[Debt]:
    """Return the debts of the persons of `cases`, annotated with their unit, rate and dollar value."""
    return (
        Debt.objects.filter(of_persons(cases))
        .annotate(
            debt_unit=Case(When(currency="", then=F("crypto_asset")), default=F("currency")),
            debt_on=Coalesce("incurred_on", "person__arrived_on"),
        )
        .annotate(rate=usd_rate(on="debt_on", periods=periods))
        .annotate(usd=F("amount") * F("rate"))
        .order_by()
    )


@dataclass
class DebtKindFigures:
    kind: str
    debts: int = 0
    total_usd: Decimal | None = None
    median_usd: float | None = None
    paid_usd: Decimal | None = None
    unconverted: int = 0  # debts in a unit without a rate in force: not in the dollar figures
    # Distinct persons behind the dollar figures: whether a sum or median is of few people.
    persons: int = 0  # with a converted debt of this kind
    paid_persons: int = 0  # with a converted debt of this kind paid
    unpaid_persons: int = 0  # with one not paid: the total less the paid sum is their sum
    # Converted debts per band of BAND_EDGES_USD, plus one for the open end.
    bands: list[int] = field(default_factory=lambda: [0] * (len(BAND_EDGES_USD) + 1))


@dataclass
class DebtUnitFigures:
    kind: str
    unit: str  # ISO 4217 code or crypto asset, as recorded
    debts: int = 0
    amount: Decimal = Decimal(0)
    paid: Decimal | None = None
    unconverted: int = 0
    persons: int = 0  # distinct persons with a debt of this kind in this unit
    paid_persons: int = 0
    unpaid_persons: int = 0


@dataclass
class DebtFigures:
    by_kind: list[DebtKindFigures]
    by_unit: list[DebtUnitFigures]


def _band_of_usd() -> Case:
    """Return the index of the dollar band a debt falls in (its first edge above it); None unconverted."""
    return Case(
        When(usd__isnull=True, then=Value(None)),
        *(When(usd__lt=edge, then=Value(index)) for index, edge in enumerate(BAND_EDGES_USD)),
        default=Value(len(BAND_EDGES_USD)),
        output_field=IntegerField(),
    )


def _add(total, value):
    return value if total is None else total if value is None else total + value


def debt_figures(debts: QuerySet[Debt]) -> DebtFigures:
    """Add `debts` (from `debts_in_usd`) up per kind, in dollars, and per kind and original currency.

    Three queries: the medians and the persons per kind, the persons per kind and currency,
    and the counts and sums per kind, currency and dollar band, which are then added up by
    kind and by currency (a few dozen rows at most). The persons are counted distinct (one
    person may owe several debts of a kind) so that a sum or median of fewer than five people
    can be told apart from one of many (reporting/small_counts.py).
    """
    paid = Q(is_paid=True)
    converted = Q(usd__isnull=False)
    per_kind = {
        row["kind"]: row
        for row in debts.values("kind")
        .annotate(
            median=Median("usd"),
            persons=Count("person_id", distinct=True, filter=converted),
            paid_persons=Count("person_id", distinct=True, filter=converted & paid),
            unpaid_persons=Count("person_id", distinct=True, filter=converted & ~paid),
        )
        .order_by()
    }
    per_unit = {
        (row["kind"], row["debt_unit"]): row
        for row in debts.values("kind", "debt_unit")
        .annotate(
            persons=Count("person_id", distinct=True),
            paid_persons=Count("person_id", distinct=True, filter=paid),
            unpaid_persons=Count("person_id", distinct=True, filter=~paid),
        )
        .order_by()
    }
    groups = (
        debts.values("kind", "debt_unit", band=_band_of_usd())
        .annotate(
            n=Count("pk"),
            amount_total=Sum("amount"),
            amount_paid=Sum("amount", filter=paid),
            usd_total=Sum("usd"),
            usd_paid=Sum("usd", filter=paid),
        )
        .order_by("kind", "debt_unit")
    )
    by_kind: dict[str, DebtKindFigures] = {}
    by_unit: dict[tuple[str, str], DebtUnitFigures] = {}
    for group in groups:
        if group["kind"] not in by_kind:
            of_kind = per_kind[group["kind"]]
            by_kind[group["kind"]] = DebtKindFigures(
                group["kind"],
                median_usd=of_kind["median"],
                persons=of_kind["persons"],
                paid_persons=of_kind["paid_persons"],
                unpaid_persons=of_kind["unpaid_persons"],
            )
        kind = by_kind[group["kind"]]
        key = (group["kind"], group["debt_unit"])
        if key not in by_unit:
            of_unit = per_unit[key]
            by_unit[key] = DebtUnitFigures(
                *key,
                persons=of_unit["persons"],
                paid_persons=of_unit["paid_persons"],
                unpaid_persons=of_unit["unpaid_persons"],
            )
        unit = by_unit[key]
        kind.debts += group["n"]
        unit.debts += group["n"]
        unit.amount += group["amount_total"]
        unit.paid = _add(unit.paid, group["amount_paid"])
        if group["band"] is None:
            kind.unconverted += group["n"]
            unit.unconverted += group["n"]
            continue
        kind.bands[group["band"]] += group["n"]
        kind.total_usd = _add(kind.total_usd, group["usd_total"])
        kind.paid_usd = _add(kind.paid_usd, group["usd_paid"])
    return DebtFigures(by_kind=list(by_kind.values()), by_unit=list(by_unit.values()))
