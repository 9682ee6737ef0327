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
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from cases.dashboards.statistics import Median
from cases.models import REPORTING_CURRENCY, ExchangeRate
from cases.models import Case as SurvivorCase
from intake.models import Debt

RATE_FIELD = DecimalField(max_digits=20, decimal_places=10)
# Upper edges of the distribution's bands, in US dollars; the last band is open-ended.
BAND_EDGES_USD = (1_000, 5_000, 10_000, 20_000, 50_000)


def usd_rate(*, unit: str, on: str) -> Case:
    """Return an expression for the dollar rate of the unit in annotation `unit` in force on date `on`.

    Reads the rates table once; the expression is None where no rate was in force yet.
    """
    periods: dict[str, list[tuple]] = defaultdict(list)
    for code, valid_from, rate in ExchangeRate.objects.order_by("unit", "-valid_from").values_list(
        "unit", "valid_from", "usd_per_unit"
    ):
        periods[code].append((valid_from, rate))
    whens = [When(Q((unit, REPORTING_CURRENCY)), then=Value(Decimal(1)))]
    for code, dated in periods.items():
        if code == REPORTING_CURRENCY:
            continue
        in_force = Case(
            *(When(Q((f"{on}__gte", valid_from)), then=Value(rate)) for valid_from, rate in dated),
            default=Value(None),
            output_field=RATE_FIELD,
        )
        whens.append(When(Q((unit, code)), then=in_force))
    return Case(*whens, default=Value(None), output_field=RATE_FIELD)


def debts_in_usd(cases: QuerySet[SurvivorCase]) -> QuerySet[Debt]:
    """Return the debts of the persons of `cases`, annotated with their unit, rate and dollar value."""
    return (
        Debt.objects.filter(person_id__in=cases.values("person_id"))
        .annotate(
            debt_unit=Case(When(currency="", then=F("crypto_asset")), default=F("currency")),
            debt_on=Coalesce("incurred_on", "person__arrived_on"),
        )
        .annotate(rate=usd_rate(unit="debt_unit", on="debt_on"))
        .annotate(usd=F("amount") * F("rate"))
        .order_by()
    )


@dataclass(frozen=True)
class DebtKindFigures:
    kind: str
    debts: int
    total_usd: Decimal | None
    median_usd: float | None
    paid_usd: Decimal | None
    unconverted: int  # debts in a unit without a rate in force: not in the dollar figures
    bands: tuple[int, ...]  # converted debts per band of BAND_EDGES_USD, plus one for the open end


def _band_of_usd() -> Case:
    """Return the index of the dollar band a converted debt falls in (its first edge above the value)."""
    return Case(
        *(When(usd__lt=edge, then=Value(index)) for index, edge in enumerate(BAND_EDGES_USD)),
        default=Value(len(BAND_EDGES_USD)),
        output_field=IntegerField(),
    )


def debts_by_kind(debts: QuerySet[Debt]) -> list[DebtKindFigures]:
    """Add up `debts` (from `debts_in_usd`) per kind: counts, dollar total, median, paid and distribution.

    Two queries: the figures per kind, and the counts per kind and band (grouping by the band
    converts each debt once, where a filtered count per band would convert it once per band).
    """
    bands: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BAND_EDGES_USD) + 1))
    per_band = (
        debts.filter(usd__isnull=False)
        .values("kind", band=_band_of_usd())
        .annotate(n=Count("pk"))
        .values_list("kind", "band", "n")
    )
    for kind, band, count in per_band:
        bands[kind][band] = count
    rows = (
        debts.values("kind")
        .annotate(
            debts=Count("pk"),
            total_usd=Sum("usd"),
            median_usd=Median("usd"),
            paid_usd=Sum("usd", filter=Q(is_paid=True)),
            unconverted=Count("pk", filter=Q(rate__isnull=True)),
        )
        .order_by("kind")
    )
    return [DebtKindFigures(**row, bands=tuple(bands[row["kind"]])) for row in rows]


def debts_by_unit(debts: QuerySet[Debt]) -> list[dict]:
    """Add up `debts` (from `debts_in_usd`) per kind and original currency, in that currency."""
    return list(
        debts.values("kind", "debt_unit")
        .annotate(
            debts=Count("pk"),
            amount_total=Sum("amount"),
            amount_paid=Sum("amount", filter=Q(is_paid=True)),
            unconverted=Count("pk", filter=Q(rate__isnull=True)),
        )
        .order_by("kind", "debt_unit")
    )
