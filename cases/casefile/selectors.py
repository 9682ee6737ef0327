"""Reads of the case list and the case file, each in a fixed number of queries."""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from cases.access import require_perm_or_404
from cases.models import Case, CaseEvent
from intake.interview_steps import STEPS
from intake.models import Consent, Exploitation, Interview, Nationality, Person
from intake.vocabularies import ConsentScope, SexExploitationType


def case_list_rows(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Add to a page of cases what each list row shows, fetched in a fixed number of queries.

    Only the columns a row shows are read: a person has some sixty, and building them all for
    fifty rows took longer than the database took to find them. Phones and document numbers
    are neither read nor decrypted. The nationalities come as a list (``nationality_list``):
    a prefetch into the related manager would build a queryset for every row.
    """
    return (
        queryset.select_related("person", "caseworker", "current_site")
        .only(*CASE_LIST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "person__nationalities",
                queryset=Nationality.objects.only("person_id", "country").order_by("-is_primary", "country"),
                to_attr="nationality_list",
            ),
            # The latest interview's saved steps, for the progress column ("3 of 8", "Not started").
            Prefetch(
                "person__interviews",
                queryset=Interview.objects.only("person_id", "held_on", "completed_steps").order_by(
                    "-held_on", "-id"
                ),
                to_attr="interview_list",
            ),
        )
    )


INTERVIEW_STEP_SLUGS = tuple(step.slug for step in STEPS)


def interview_progress(case: Case) -> tuple[int, int] | None:
    """Return (steps saved, steps in all) of the person's latest interview, or None if not started.

    Reads the interviews `case_list_rows` prefetched.
    """
    interviews = case.person.interview_list
    if not interviews:
        return None
    done = set(interviews[0].completed_steps) & set(INTERVIEW_STEP_SLUGS)
    return len(done), len(INTERVIEW_STEP_SLUGS)


# What a row of the case list shows (templates/cases/case_list.html), and nothing more.
CASE_LIST_COLUMNS = (
    "reference",
    "status",
    "repatriation_stage",
    "person__given_name",
    "person__family_name",
    "person__given_name_native",
    "person__family_name_native",
    "person__date_of_birth",
    "person__birth_year_estimated",
    "person__arrived_on",
    "person__needs_medical_care",
    "person__protection_risk",
    "caseworker__username",
    "caseworker__first_name",
    "caseworker__last_name",
    "current_site__name",
)


def case_file_get(*, user, case_id: int) -> Case:
    """Return the case with its whole record if `user` may read the case file; 404 otherwise."""
    queryset = Case.objects.visible_to(user).select_related(
        "person__primary_language",
        "person__arrival_group__came_from",
        "organisation",
        "caseworker",
        "current_site",
        "closed_by",
    )
    case = get_object_or_404(
        queryset.prefetch_related(
            "person__aliases",
            "person__other_languages",
            Prefetch(
                "person__nationalities", queryset=Nationality.objects.order_by("-is_primary", "country")
            ),
            "person__recruitments__channel",
            Prefetch(
                "person__exploitations",
                queryset=Exploitation.objects.select_related("compound").prefetch_related(
                    "types", "methods_of_control", "indicators"
                ),
            ),
            "person__debts",
            Prefetch(
                "person__consents",
                queryset=Consent.objects.select_related(
                    "recorded_by", "language", "text_version__language"
                ).order_by("scope", "-given_at"),
            ),
            Prefetch(
                "person__interviews",
                queryset=Interview.objects.select_related("interviewer", "language").order_by(
                    "-held_on", "-id"
                ),
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("-at", "-id")),
        ),
        pk=case_id,
    )
    require_perm_or_404(user, "cases.view_case_file", case)
    return case


def case_for_closure_get(*, user, case_id: int, perm: str) -> Case:
    """Return the case with its person if `user` may close or reopen it (`perm`); 404 otherwise."""
    case = get_object_or_404(Case.objects.visible_to(user).select_related("person"), pk=case_id)
    require_perm_or_404(user, perm, case)
    return case


def debt_totals(case: Case) -> list[tuple[str, Decimal, int]]:
    """Sum the person's debts per currency or crypto asset: (unit, total, how many), largest first."""
    totals: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    for debt in case.person.debts.all():
        totals[debt.unit][0] += debt.amount
        totals[debt.unit][1] += 1
    return sorted(((unit, total, n) for unit, (total, n) in totals.items()), key=lambda row: -row[1])


@dataclass(frozen=True)
class ChainEpisode:
    """One episode of the person's chain as the case file shows it, with the debts that arose in it."""

    number: int
    episode: Exploitation
    debts: list
    sold_on_after: bool  # the sale that ended it leads to the next episode shown
    sex_exploitation_types: list[str]  # their labels


@dataclass(frozen=True)
class Chain:
    episodes: list[ChainEpisode]
    loose_debts: list  # debts tied to no episode
    indicators: list  # the ILO indicators of the whole story (stored on the first episode)


def exploitation_chain(case: Case) -> Chain:
    """The person's episodes in order, each with its debts, from what `case_file_get` prefetched."""
    episodes = sorted(case.person.exploitations.all(), key=lambda e: (e.position, e.id))
    debts = list(case.person.debts.all())
    by_episode: dict[int | None, list] = defaultdict(list)
    for debt in debts:
        by_episode[debt.exploitation_id].append(debt)
    known = {episode.pk for episode in episodes}
    return Chain(
        episodes=[
            ChainEpisode(
                number=number,
                episode=episode,
                debts=by_episode.get(episode.pk, []),
                sold_on_after=episode.sold_on and number < len(episodes),
                sex_exploitation_types=[
                    str(dict(SexExploitationType.choices).get(value, value))
                    for value in episode.sex_exploitation_types or []
                ],
            )
            for number, episode in enumerate(episodes, start=1)
        ],
        loose_debts=[debt for debt in debts if debt.exploitation_id not in known],
        indicators=[indicator for episode in episodes for indicator in episode.indicators.all()],
    )


def consent_state(case: Case) -> list[tuple[str, str, Consent | None]]:
    """For each scope: (code, label, the consent in force or None), from the prefetched history."""
    in_force = {c.scope: c for c in case.person.consents.all() if c.in_force}
    return [(scope.value, scope.label, in_force.get(scope.value)) for scope in ConsentScope]


@dataclass(frozen=True)
class Change:
    at: datetime.datetime
    by: object
    fields: list[str]


# Bookkeeping and derived fields, not changes a person made (the history leaves the derived out).
_NOT_SHOWN = {"id", "version", "updated_at", "created_at", "name_phonetic", "phone_index"}


def person_changes(case: Case) -> list[Change]:
    """List who changed which of the person's fields, newest first (one query)."""
    fields = [f for f in Person._meta.concrete_fields if f.attname not in _NOT_SHOWN]
    changes = []
    records = Person.history.filter(id=case.person_id).select_related("history_user")
    for before, after in itertools.pairwise(records.order_by("history_date", "history_id")):
        changed = [
            str(f.verbose_name) for f in fields if getattr(before, f.attname) != getattr(after, f.attname)
        ]
        if changed:
            changes.append(Change(at=after.history_date, by=after.history_user, fields=changed))
    return changes[::-1]
