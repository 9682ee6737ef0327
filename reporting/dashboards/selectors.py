"""What the coordinator's dashboard counts: arrivals, who arrived, how they were recruited and
exploited, minors and consent. Every function is one aggregate query, whatever the caseload.

The dashboard counts the cases a user may count (``Case.objects.countable_by``: every case
for a coordinator), narrowed by the filters. Debts are in ``debts.py`` and repatriation in
``repatriation.py``; the numbers are turned into panels with small counts hidden in
``panels.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case, Organisation
from intake.models import Consent, Exploitation, Nationality, Recruitment, minor_condition


@dataclass(frozen=True)
class DashboardFilters:
    """The narrowing every panel and export applies: arrival dates, organisation, nationality."""

    arrived_after: datetime.date | None = None
    arrived_before: datetime.date | None = None
    organisation: Organisation | None = None
    nationality: str = ""  # ISO 3166-1 alpha-2: persons holding it, primary or not

    @property
    def narrowed(self) -> bool:
        """Whether any filter is set (small counts are hidden whether or not: reporting/small_counts.py)."""
        return bool(self.arrived_after or self.arrived_before or self.organisation or self.nationality)

    def as_codes(self) -> dict[str, str]:
        """Return the filters as query-string codes (dates, an id, a country code; never survivor data)."""
        codes = {
            "arrived_after": self.arrived_after.isoformat() if self.arrived_after else "",
            "arrived_before": self.arrived_before.isoformat() if self.arrived_before else "",
            "organisation": str(self.organisation.pk) if self.organisation else "",
            "nationality": self.nationality,
        }
        return {key: value for key, value in codes.items() if value}


def cases_narrowed(cases: QuerySet[Case], filters: DashboardFilters) -> QuerySet[Case]:
    """Narrow `cases` by `filters`."""
    if filters.arrived_after:
        cases = cases.filter(person__arrived_on__gte=filters.arrived_after)
    if filters.arrived_before:
        cases = cases.filter(person__arrived_on__lte=filters.arrived_before)
    if filters.organisation:
        cases = cases.filter(organisation=filters.organisation)
    if filters.nationality:
        cases = cases.filter(
            Exists(Nationality.objects.filter(person_id=OuterRef("person_id"), country=filters.nationality))
        )
    return cases.order_by()


def of_persons(cases: QuerySet[Case]) -> Q:
    """Return the condition on a `person_id` column that keeps the persons of `cases`.

    Every person has exactly one case (registration creates both in one transaction), so when
    `cases` is every case the condition is empty: at 100,000 cases that spares each panel over
    debts, consents, recruitments and exploitations a semi-join of the whole case table.
    """
    if not cases.query.has_filters():
        return Q()
    return Q(person_id__in=cases.values("person_id"))


def dashboard_totals(cases: QuerySet[Case]) -> dict[str, int]:
    """Count persons, open cases, minors (or possibly minors), unaccompanied minors and unknown ages."""
    return cases.aggregate(
        persons=Count("pk"),
        open=Count("pk", filter=~Q(status__in=CLOSED_STATUSES)),
        minors=Count("pk", filter=minor_condition(timezone.localdate(), via="person__")),
        unaccompanied_minors=Count("pk", filter=Q(person__unaccompanied_minor=True)),
        age_unknown=Count(
            "pk", filter=Q(person__date_of_birth__isnull=True, person__birth_year_estimated__isnull=True)
        ),
    )


def arrivals_per_day(cases: QuerySet[Case]) -> list[tuple[datetime.date, int]]:
    """Count arrivals per calendar day, in date order (days without arrivals are left out)."""
    return list(
        cases.values_list("person__arrived_on").annotate(n=Count("pk")).order_by("person__arrived_on")
    )


def persons_by_primary_nationality(cases: QuerySet[Case]) -> list[tuple[str | None, int]]:
    """Count persons per primary nationality (None: no primary nationality recorded), largest first."""
    return list(
        cases.annotate(
            primary_nationality=FilteredRelation(
                "person__nationalities", condition=Q(person__nationalities__is_primary=True)
            )
        )
        .values_list("primary_nationality__country")
        .annotate(n=Count("pk"))
        .order_by("-n", "primary_nationality__country")
    )


def _persons_by(related: QuerySet, cases: QuerySet[Case], *fields: str) -> list[tuple]:
    """Count the distinct persons of `cases` per value of `fields` of a table of their records, largest first.

    A person with two recruitments (or exploitations) counts once under each value they have.
    """
    return list(
        related.filter(of_persons(cases))
        .values_list(*fields)
        .annotate(n=Count("person_id", distinct=True))
        .order_by("-n", *fields)
    )


def persons_by_recruitment_channel(cases: QuerySet[Case]) -> list[tuple[str | None, str | None, int]]:
    """Count persons per recruitment channel: (code, label, n); None for a recruitment without one."""
    return _persons_by(Recruitment.objects.all(), cases, "channel__code", "channel__label")


def persons_by_recruitment_platform(cases: QuerySet[Case]) -> list[tuple[str, int]]:
    """Count persons per platform or app they were recruited through: (HTCDS value or "", n)."""
    return _persons_by(Recruitment.objects.all(), cases, "platform")


def persons_by_compound(cases: QuerySet[Case]) -> list[tuple[int | None, str | None, int]]:
    """Count persons per compound they were exploited in: (id, name, n)."""
    return _persons_by(Exploitation.objects.all(), cases, "compound_id", "compound__name")


def persons_by_exploitation_type(cases: QuerySet[Case]) -> list[tuple[str | None, str | None, int]]:
    """Count persons per type of exploitation (our terms, forced criminality included): (code, label, n)."""
    return _persons_by(Exploitation.objects.all(), cases, "types__code", "types__label")


def consent_states(cases: QuerySet[Case]) -> dict[str, dict[str, int]]:
    """Count per consent scope the persons whose consent is in force and those who withdrew it.

    A person who withdrew and later gave the consent again counts as in force. Two queries:
    only one consent per person and scope is in force (a constraint), so those are counted
    without the sort a distinct count needs; the withdrawn ones are few.
    """
    consents = Consent.objects.filter(of_persons(cases))
    in_force = dict(
        consents.filter(withdrawn_at__isnull=True).values_list("scope").annotate(n=Count("pk")).order_by()
    )
    again = Consent.objects.filter(
        person_id=OuterRef("person_id"), scope=OuterRef("scope"), withdrawn_at__isnull=True
    )
    withdrawn = dict(
        consents.filter(~Exists(again), withdrawn_at__isnull=False)
        .values_list("scope")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {
        scope: {"in_force": in_force.get(scope, 0), "withdrawn": withdrawn.get(scope, 0)}
        for scope in in_force.keys() | withdrawn.keys()
    }


def organisations_with_cases() -> QuerySet[Organisation]:
    """Return the organisations that hold at least one case, by name: the organisation filter's choices."""
    return Organisation.objects.filter(Exists(Case.objects.filter(organisation_id=OuterRef("pk")))).order_by(
        "name"
    )
