"""Where people are in their return home, and where each embassy's queue is stuck."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case, Organisation, RepatriationStage
from cases.repatriation.workflow import MAIN_LINE
from reporting.dashboards.statistics import Median

Stage = RepatriationStage

# Off the main line (SIDE_STATES), how far a case had come is not recorded on the case.
# Still in Thailand and waiting for something: the stages an embassy's queue is made of.
WAITING = [*MAIN_LINE[: MAIN_LINE.index(Stage.DEPARTED)], Stage.ON_HOLD, Stage.LEGAL_PROCEEDINGS]


def repatriation_stage_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """Count `cases` (open or closed) per repatriation stage."""
    return dict(cases.values_list("repatriation_stage").annotate(n=Count("pk")).order_by())


def funnel(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    """Turn counts per stage into the funnel of the main line: (stage, now at it, reached it or beyond)."""
    rows = []
    beyond = 0
    for stage in reversed(MAIN_LINE):
        beyond += counts.get(stage, 0)
        rows.append((stage, counts.get(stage, 0), beyond))
    return rows[::-1]


@dataclass(frozen=True)
class QueueCell:
    waiting: int
    median_days: int | None  # median days since the persons waiting entered this stage


def embassy_queues(cases: QuerySet[Case]) -> dict[str | None, dict[str, QueueCell]]:
    """Count the open cases waiting at each stage per primary nationality, with the median days waited.

    The days are counted from when each person entered the stage they are at now, so a stage
    where people sit long is where a queue is stuck. None: no primary nationality recorded.
    """
    now = timezone.now()
    rows = (
        cases.exclude(status__in=CLOSED_STATUSES)
        .filter(repatriation_stage__in=WAITING)
        .annotate(
            primary_nationality=FilteredRelation(
                "person__nationalities", condition=Q(person__nationalities__is_primary=True)
            )
        )
        .values_list("primary_nationality__country", "repatriation_stage")
        .annotate(n=Count("pk"), since=Median("repatriation_stage_since", discrete=True))
        .order_by()
    )
    queues: dict[str | None, dict[str, QueueCell]] = {}
    for country, stage, waiting, since in rows:
        queues.setdefault(country, {})[stage] = QueueCell(
            waiting=waiting, median_days=_days_since(since, now)
        )
    return queues


def _days_since(moment: datetime.datetime | None, now: datetime.datetime) -> int | None:
    return max((now - moment).days, 0) if moment else None


def embassies_by_country() -> dict[str, str]:
    """Return the name of the embassy serving each country's nationals (names joined if several)."""
    names: dict[str, list[str]] = {}
    for country, name in (
        Organisation.objects.filter(is_active=True)
        .exclude(represents_country="")
        .order_by("name")
        .values_list("represents_country", "name")
    ):
        names.setdefault(country, []).append(name)
    return {country: " · ".join(embassy_names) for country, embassy_names in names.items()}
