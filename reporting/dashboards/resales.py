"""Resales between compounds: who was sold on, from which compound to which, and at what price.

A person's exploitation is a chain of episodes; an episode marked sold on ended in a sale to
the compound of the next episode (the next position in the person's chain). Sale prices are
converted to US dollars exactly as debts are (reporting/dashboards/debts.py): at the rate in
force on the day of the sale (the episode's last day; the arrival day when that is unknown),
and a price in a currency without a rate in force is counted but left out of the dollar
figures, never guessed. Two queries, whatever the caseload.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from cases.models import Case
from intake.models import Exploitation
from reporting.dashboards.debts import RatePeriods, usd_rate
from reporting.dashboards.selectors import of_persons
from reporting.dashboards.statistics import Median


@dataclass(frozen=True)
class ResaleTotals:
    persons: int  # sold on at least once
    sales: int
    priced: int  # sales with a price recorded
    converted: int  # of those, with a rate in force: in the dollar figures
    converted_persons: int  # distinct persons behind the dollar figures
    total_usd: Decimal | None
    median_usd: float | None

    @property
    def unconverted(self) -> int:
        return self.priced - self.converted


@dataclass(frozen=True)
class ResalePair:
    from_id: int | None
    from_name: str | None
    to_id: int | None
    to_name: str | None
    sales: int
    persons: int


@dataclass(frozen=True)
class ResaleFigures:
    totals: ResaleTotals
    pairs: list[ResalePair]


def _sales(cases: QuerySet[Case]) -> QuerySet[Exploitation]:
    return Exploitation.objects.filter(of_persons(cases), sold_on=True).order_by()


def resale_figures(cases: QuerySet[Case], *, periods: RatePeriods | None = None) -> ResaleFigures:
    """Count the persons of `cases` sold on, their sales per pair of compounds, and the prices in dollars."""
    priced = Q(sale_price_amount__isnull=False)
    in_usd = (
        _sales(cases)
        .annotate(sale_on=Coalesce("ended_on", "person__arrived_on"))
        .annotate(
            rate=usd_rate(on="sale_on", periods=periods, currency="sale_price_currency", crypto_asset=None)
        )
        .annotate(usd=F("sale_price_amount") * F("rate"))
    )
    converted = Q(usd__isnull=False)
    row = in_usd.aggregate(
        persons=Count("person_id", distinct=True),
        sales=Count("pk"),
        priced=Count("pk", filter=priced),
        converted=Count("pk", filter=converted),
        converted_persons=Count("person_id", distinct=True, filter=converted),
        total_usd=Sum("usd"),
        median_usd=Median("usd"),
    )
    following = Exploitation.objects.filter(
        person_id=OuterRef("person_id"), position__gt=OuterRef("position")
    ).order_by("position", "id")
    pairs = (
        _sales(cases)
        .values(
            "compound_id",
            "compound__name",
            to_id=Subquery(following.values("compound_id")[:1]),
            to_name=Subquery(following.values("compound__name")[:1]),
        )
        .annotate(sales=Count("pk"), persons=Count("person_id", distinct=True))
        .order_by("-sales", "compound__name", "to_name")
    )
    return ResaleFigures(
        totals=ResaleTotals(**row),
        pairs=[
            ResalePair(
                from_id=pair["compound_id"],
                from_name=pair["compound__name"],
                to_id=pair["to_id"],
                to_name=pair["to_name"],
                sales=pair["sales"],
                persons=pair["persons"],
            )
            for pair in pairs
        ],
    )
