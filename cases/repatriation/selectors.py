"""Read queries of the repatriation screens: the queue, one case's step, the embassy's history.

What a liaison may see of a survivor is listed once, in LIAISON_CASE_FIELDS and
LIAISON_EVENT_FIELDS: the queries below fetch those columns and nothing else (`values()`,
never model instances), so a template cannot show what was never fetched, and the tests
check every liaison page against the same lists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_countries import countries

from cases.access import staff_profile
from cases.models import CLOSED_STATUSES, Case, CaseEvent, RepatriationStage
from cases.repatriation.permissions import side_of
from cases.repatriation.workflow import NEXT_ACTION, STAGES_WAITING_ON_EMBASSY, TRANSITIONS, WAITING_ON, Side
from intake.models import Nationality, Person, full_name, minor_condition, native_name
from intake.vocabularies import DocumentCustody, Gender

# The only facts about a survivor that a liaison's screens show: what an embassy needs to act
# (DOMAIN.md, repatriation). Row attribute -> where it comes from. Never the interview, recruitment,
# exploitation, debts, aliases, phone, document number or the reason of a hold.
LIAISON_CASE_FIELDS: dict[str, str] = {
    "case_id": "pk",
    "reference": "reference",
    "given_name": "person__given_name",
    "family_name": "person__family_name",
    "given_name_native": "person__given_name_native",
    "family_name_native": "person__family_name_native",
    "gender": "person__gender",
    "date_of_birth": "person__date_of_birth",
    "birth_year_estimated": "person__birth_year_estimated",
    "arrived_on": "person__arrived_on",
    "needs_medical_care": "person__needs_medical_care",
    "site": "current_site__name",
    "stage": "repatriation_stage",
    "stage_since": "repatriation_stage_since",
    # The identity document of the embassy's own country (for others: the primary nationality's).
    "document_country": "person__nationalities__country",
    "document_custody": "person__nationalities__document_custody",
}
# Of the timeline, a liaison sees only the repatriation steps their own embassy took.
LIAISON_EVENT_FIELDS: dict[str, str] = {
    "event_id": "pk",
    "at": "at",
    "actor": "actor__username",
    "note": "note",  # written by the embassy itself
    "transition": "data__transition",
    "to_stage": "data__to",
    "case_id": "case_id",
    "reference": "case__reference",
    "given_name": "case__person__given_name",
    "family_name": "case__person__family_name",
}

QUEUE_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
WAITING_ON_EMBASSY = "embassy"  # the stage filter's value for "every stage waiting on the embassy"


def _days_between(earlier: datetime.date | None, later: datetime.date) -> int | None:
    return (later - earlier).days if earlier else None


@dataclass(frozen=True)
class CaseRow:
    """One case as a liaison's screens show it: LIAISON_CASE_FIELDS, and what follows from them."""

    case_id: int
    reference: str
    given_name: str
    family_name: str
    given_name_native: str
    family_name_native: str
    gender: str
    date_of_birth: datetime.date | None
    birth_year_estimated: int | None
    arrived_on: datetime.date
    needs_medical_care: bool
    site: str | None
    stage: str
    stage_since: datetime.datetime
    document_country: str | None
    document_custody: str | None
    is_minor: bool = False
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def native_name(self) -> str:
        return native_name(self.given_name_native, self.family_name_native)

    @property
    def age(self) -> int | None:
        """The age, or with only a birth year the youngest it may be (the rule of Person)."""
        person = Person(date_of_birth=self.date_of_birth, birth_year_estimated=self.birth_year_estimated)
        return person.youngest_possible_age(on=self.today)

    @property
    def gender_label(self) -> str:
        return Gender(self.gender).label

    @property
    def stage_label(self) -> str:
        return RepatriationStage(self.stage).label

    @property
    def custody_label(self) -> str:
        return DocumentCustody(self.document_custody or DocumentCustody.UNKNOWN).label

    @property
    def document_country_name(self) -> str:
        return countries.name(self.document_country) if self.document_country else ""

    @property
    def days_in_stage(self) -> int:
        return _days_between(timezone.localdate(self.stage_since), self.today) or 0

    @property
    def days_since_arrival(self) -> int:
        return _days_between(self.arrived_on, self.today) or 0

    @property
    def next_action(self) -> str:
        return NEXT_ACTION[self.stage]

    @property
    def waits_on_embassy(self) -> bool:
        return WAITING_ON[self.stage] == Side.EMBASSY


@dataclass(frozen=True)
class EventRow:
    """One repatriation step on a case's timeline: LIAISON_EVENT_FIELDS."""

    event_id: int
    at: datetime.datetime
    actor: str | None
    note: str
    transition: str | None
    to_stage: str | None
    case_id: int
    reference: str
    given_name: str
    family_name: str

    @property
    def name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def action(self) -> str:
        transition = TRANSITIONS.get(self.transition or "")
        if transition is not None:
            return transition.label
        return RepatriationStage(self.to_stage).label if self.to_stage in RepatriationStage.values else ""

    @property
    def to_stage_label(self) -> str:
        return RepatriationStage(self.to_stage).label if self.to_stage in RepatriationStage.values else ""


def liaison_urgent_condition(on: datetime.date, *, via: str = "") -> Q:
    """What comes first in a liaison's queue and digest: a minor (or possibly one), or a person
    needing medical care, on `on`.

    Not the caseload's `urgent_condition` (intake.models): an embassy is shown neither a
    protection risk nor whether a minor travels alone (LIAISON_CASE_FIELDS), and it acts first
    for any minor, accompanied or not.
    """
    return minor_condition(on, via=via) | Q(**{f"{via}needs_medical_care": True})


def _document_country(user) -> str | None:
    """The country whose document a row shows: the liaison's own; None means the primary nationality."""
    profile = staff_profile(user)
    return profile.served_country or None if profile else None


def _case_rows(cases: QuerySet[Case], *, user) -> QuerySet:
    """Annotate and reduce `cases` to LIAISON_CASE_FIELDS (plus the minor flag), as dicts."""
    country = _document_country(user)
    nationality = Nationality.objects.filter(person_id=OuterRef("person_id"))
    nationality = (
        nationality.filter(country=country) if country else nationality.order_by("-is_primary", "pk")
    )
    plain = [lookup for name, lookup in LIAISON_CASE_FIELDS.items() if not lookup.startswith("person__nat")]
    return cases.annotate(
        row_document_country=Subquery(nationality.values("country")[:1]),
        row_document_custody=Subquery(nationality.values("document_custody")[:1]),
        row_is_minor=CaseWhen(
            When(minor_condition(timezone.localdate(), via="person__"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values(*plain, "row_document_country", "row_document_custody", "row_is_minor")


def _row_from(values: dict, today: datetime.date) -> CaseRow:
    row = {name: values[lookup] for name, lookup in LIAISON_CASE_FIELDS.items() if lookup in values}
    row["document_country"] = values["row_document_country"]
    row["document_custody"] = values["row_document_custody"]
    return CaseRow(**row, is_minor=values["row_is_minor"], today=today)


def _open_cases(user) -> QuerySet[Case]:
    return Case.objects.visible_to(user).exclude(status__in=CLOSED_STATUSES)


def _stages_chosen(stage: str) -> list[str]:
    """The stages the queue's stage filter keeps: one, those waiting on the embassy, or every one."""
    if stage == WAITING_ON_EMBASSY:
        return list(STAGES_WAITING_ON_EMBASSY)
    return [stage] if stage else [s.value for s in RepatriationStage]


def queue_page(
    *,
    user,
    stage: str = "",
    site_id: int | None = None,
    page: int | str = 1,
    stages: list[tuple[str, str, int]] | None = None,
) -> tuple[Page, list]:
    """Return one page of the open cases `user` may read, most urgent first, and its rows.

    Urgent first (liaison_urgent_condition), then the longest in their current stage. Two
    queries whatever the caseload: the count and the page; one when `stages` (from
    stage_counts, shown beside the queue anyway) already count the chosen stages, which they
    do unless the queue is filtered by site.
    """
    chosen = _stages_chosen(stage)
    cases = _open_cases(user)
    if stage:
        cases = cases.filter(repatriation_stage__in=chosen)
    if site_id:
        cases = cases.filter(current_site_id=site_id)
    rows = (
        _case_rows(cases, user=user)
        .annotate(
            urgency=CaseWhen(
                When(liaison_urgent_condition(timezone.localdate(), via="person__"), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "repatriation_stage_since", "person__arrived_on", "pk")
    )
    paginator = Paginator(rows, QUEUE_PAGE_SIZE)
    if stages is not None and not site_id:
        paginator.count = sum(n for value, _, n in stages if value in chosen)
    else:  # the same cases, counted without the rows' joins and annotations
        paginator.count = cases.count()
    paginated = paginator.get_page(page)
    today = timezone.localdate()
    return paginated, [_row_from(values, today) for values in paginated.object_list]


def case_row_get(*, user, case_id: int) -> CaseRow:
    """Return the row of one case `user` may read; 404 otherwise, so its existence is not revealed."""
    values = _case_rows(Case.objects.visible_to(user).filter(pk=case_id), user=user).first()
    if values is None:
        raise Http404
    return _row_from(values, timezone.localdate())


def case_get_for_repatriation(*, user, case_id: int) -> Case:
    """Return the case for a transition if `user` may read it; 404 otherwise."""
    return get_object_or_404(Case.objects.visible_to(user), pk=case_id)


def cases_get_for_repatriation(*, user, case_ids: list[int]) -> list[Case]:
    """Return these cases, in queue order, if `user` may read every one; 404 if any is out of reach."""
    wanted = set(case_ids)
    cases = list(
        Case.objects.visible_to(user).filter(pk__in=wanted).order_by("repatriation_stage_since", "pk")
    )
    if len(cases) != len(wanted):
        raise Http404
    return cases


def case_rows_for(*, user, case_ids: list[int]) -> list[CaseRow]:
    """Return the rows of these cases `user` may read (for a confirmation page), in queue order."""
    today = timezone.localdate()
    values = _case_rows(
        Case.objects.visible_to(user).filter(pk__in=case_ids).order_by("repatriation_stage_since", "pk"),
        user=user,
    )
    return [_row_from(v, today) for v in values]


def stage_counts(*, user) -> list[tuple[str, str, int]]:
    """Count the open cases `user` may read per stage, in workflow order: (stage, label, n)."""
    counts = dict(_open_cases(user).values_list("repatriation_stage").annotate(n=Count("pk")).order_by())
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in RepatriationStage]


def _event_rows(events: QuerySet[CaseEvent]) -> list[EventRow]:
    return [
        EventRow(**{name: values[lookup] for name, lookup in LIAISON_EVENT_FIELDS.items()})
        for values in events.values(*LIAISON_EVENT_FIELDS.values())
    ]


def _repatriation_events(user) -> QuerySet[CaseEvent]:
    """The repatriation steps `user` may see: for a liaison, those of their own embassy only."""
    events = CaseEvent.objects.filter(
        kind=CaseEvent.Kind.REPATRIATION, case__in=Case.objects.visible_to(user)
    )
    if side_of(user) == Side.EMBASSY:
        events = events.filter(data__embassy=_document_country(user))
    return events.order_by("-at", "-pk")


def case_history(*, user, case_id: int) -> list[EventRow]:
    """Return the repatriation steps of one case that `user` may see, newest first."""
    return _event_rows(_repatriation_events(user).filter(case_id=case_id))


def embassy_history_page(*, user, page: int | str = 1) -> tuple[Page, list[EventRow]]:
    """Return one page of what the liaison's embassy has done, newest first (cases still shared with it)."""
    paginated = Paginator(
        _repatriation_events(user).values_list("pk", flat=True), HISTORY_PAGE_SIZE
    ).get_page(page)
    ids = list(paginated.object_list)
    return paginated, _event_rows(CaseEvent.objects.filter(pk__in=ids).order_by("-at", "-pk"))


@dataclass(frozen=True)
class QueueSummary:
    """Counts of a liaison's queue, for the daily digest: no survivor data."""

    open: int
    waiting_on_embassy: int
    urgent: int
    longest_wait_days: int
    stages: list[tuple[str, int]]


def queue_summary(*, user) -> QueueSummary:
    """Count the open cases `user` may read: in all, waiting on the embassy, urgent; the longest wait."""
    today = timezone.localdate()
    figures = _open_cases(user).aggregate(
        open=Count("pk"),
        waiting=Count("pk", filter=Q(repatriation_stage__in=STAGES_WAITING_ON_EMBASSY)),
        urgent=Count("pk", filter=liaison_urgent_condition(today, via="person__")),
        oldest=Min("repatriation_stage_since"),
    )
    oldest = figures["oldest"]
    return QueueSummary(
        open=figures["open"],
        waiting_on_embassy=figures["waiting"],
        urgent=figures["urgent"],
        longest_wait_days=(today - timezone.localdate(oldest)).days if oldest else 0,
        stages=[(label, n) for _, label, n in stage_counts(user=user)],
    )
