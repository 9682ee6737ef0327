"""Writes to the survivor record: each in one transaction, refused if the record changed meanwhile."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.matching import Identity, identity_keys, phonetic_text
from intake.models import (
    Alias,
    ArrivalGroup,
    Consent,
    Exploitation,
    IndicatorObservation,
    Interview,
    MatchKey,
    Person,
    chain_control_methods,
)
from intake.signals import record_changed


class StaleRecord(Exception):
    """The record was saved by someone else since the form was opened."""

    def __init__(self, current: Person):
        super().__init__(_("This record was changed by someone else while you were editing it."))
        self.current = current


def person_identity(person: Person, nationalities=None) -> Identity:
    """Return the person's identity as plain values, for matching (nationalities as given, or stored)."""
    nationalities = list(person.nationalities.all()) if nationalities is None else nationalities
    return Identity.of(
        given_name=person.given_name,
        family_name=person.family_name,
        given_name_native=person.given_name_native,
        family_name_native=person.family_name_native,
        birth_year=person.birth_year,
        countries=tuple(str(n.country) for n in nationalities),
        documents=tuple((str(n.country), n.document_number) for n in nationalities),
        phone=person.phone,
    )


def person_name_phonetic(person: Person, aliases: list[str]) -> str:
    """The searchable name codes of the person: every name and alias (`Person.name_phonetic`)."""
    return phonetic_text(
        person.given_name, person.family_name, person.given_name_native, person.family_name_native, *aliases
    )


def person_match_keys(person: Person, nationalities=None) -> list[MatchKey]:
    """The person's identity digests, unsaved (nationalities as given, or stored)."""
    return [
        MatchKey(person=person, kind=kind, digest=value)
        for kind, value in identity_keys(person_identity(person, nationalities))
    ]


def person_keys_refresh(*, person: Person) -> None:
    """Recompute the person's searchable name codes and their identity digests."""
    aliases = list(person.aliases.values_list("name", flat=True))
    person.name_phonetic = person_name_phonetic(person, aliases)
    Person.objects.filter(pk=person.pk).update(name_phonetic=person.name_phonetic)
    person.match_keys.all().delete()
    MatchKey.objects.bulk_create(person_match_keys(person))


def record_claim(*, person: Person, expected_version: int) -> None:
    """Take the next version of the record, or raise StaleRecord if it is no longer `expected_version`."""
    claimed = Person.objects.filter(pk=person.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleRecord(current=Person.objects.get(pk=person.pk))
    person.version = expected_version + 1


def current_interview(person: Person) -> Interview | None:
    """Return the person's latest interview, the one the steps add to."""
    return person.interviews.order_by("-held_on", "-id").first()


@transaction.atomic
def record_step_save(
    *,
    person: Person,
    expected_version: int,
    actor,
    step: str,
    save: Callable[[], None],
    identity_changed: bool,
) -> None:
    """Save one part of the record as one unit: all of it, or nothing if anything fails or is stale."""
    record_claim(person=person, expected_version=expected_version)
    save()
    if identity_changed:
        person_keys_refresh(person=person)
    interview = current_interview(person)
    if interview is not None and step not in interview.completed_steps:
        interview.completed_steps = [*interview.completed_steps, step]
        interview.save(update_fields=["completed_steps", "updated_at"])
    record_changed.send(sender=Person, person=person, actor=actor, part=step)


def identity_save(*, person: Person, form, nationalities) -> None:
    """Save the identity step: the person, their aliases and their nationalities with documents."""
    form.save()
    wanted = form.cleaned_aliases()
    person.aliases.exclude(name__in=wanted).delete()
    existing = set(person.aliases.values_list("name", flat=True))
    Alias.objects.bulk_create(Alias(person=person, name=name) for name in wanted if name not in existing)
    rows = nationalities.save(commit=False)
    for nationality in nationalities.deleted_objects:
        nationality.delete()
    # Demotions before promotions, so that the one-primary constraint holds at every statement.
    for nationality in sorted(rows, key=lambda n: n.is_primary):
        nationality.person = person
        nationality.save()


def exploitation_save(*, person: Person, episodes, indicators) -> None:
    """Save the exploitation step: the chain of episodes (added, reordered, removed) and the ILO
    indicators (those the methods of control of any episode show, and those ticked besides).

    Positions are renumbered 0..n-1 in the chain's order; an episode someone else added since
    the page was opened (kept by a save made knowingly over theirs) follows the chain. The
    indicators are stored on the first episode (see intake.forms.IndicatorsForm).
    """
    for form in episodes.deleted_forms:
        if form.instance.pk:
            form.instance.delete()  # its debts stay, no longer tied to an episode
    kept = episodes.kept_forms()
    for position, form in enumerate(kept):
        episode = form.save(commit=False)
        episode.person = person
        episode.position = position
        episode.full_clean()
        episode.save()
        form.save_m2m()
    kept_ids = [form.instance.pk for form in kept]
    others = person.exploitations.exclude(pk__in=kept_ids).order_by("position", "id")
    for position, episode in enumerate(others, start=len(kept)):
        if episode.position != position:
            Exploitation.objects.filter(pk=episode.pk).update(position=position)
    IndicatorObservation.objects.filter(exploitation__person=person).delete()
    first = person.exploitations.order_by("position", "id").first()
    observed = indicators.observations(chain_control_methods(person))
    if first is not None:
        IndicatorObservation.objects.bulk_create(
            IndicatorObservation(exploitation=first, indicator=indicator, notes=notes)
            for indicator, notes in observed.items()
        )


def recruitment_save(*, person: Person, form) -> None:
    """Save the recruitment or journey step (both are parts of the person's one recruitment record)."""
    recruitment = form.save(commit=False)
    recruitment.person = person
    recruitment.save()
    form.save_m2m()


def interview_start(*, person: Person, actor, language=None, interpreter: str = "") -> Interview:
    """Start an interview today with the consent question; where it takes place is the next step's."""
    return Interview.objects.create(
        person=person,
        held_on=timezone.localdate(),
        place="",
        interviewer=actor,
        language=language,
        interpreter=interpreter,
    )


def consent_save(*, person: Person, form, actor) -> None:
    """Record each scope agreed that is not yet in force, and withdraw each in force no longer agreed."""
    now = timezone.now()
    agreed = form.agreed()
    in_force = {c.scope: c for c in person.consents.in_force()}
    for scope, consent in in_force.items():
        if scope not in agreed:
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at"])
    Consent.objects.bulk_create(
        Consent(
            person=person,
            scope=scope,
            given_at=now,
            method=form.cleaned_data["method"],
            language=form.cleaned_data["language"],
            text_version=form.texts_read[scope],
            read_by_interpreter=form.cleaned_data["read_by_interpreter"],
            interpreter=form.cleaned_data["interpreter"].strip(),
            recorded_by=actor,
        )
        for scope in sorted(agreed - in_force.keys())
    )


def arrival_group_for(
    *, crossed_on, crossing_point: str, means: str, came_from, created_by, among
) -> ArrivalGroup:
    """The crossing a batch of arrivals shares: the group of `among` with the same day, point
    and origin (one per day, point and origin), or a new one.

    `among` is the groups the caseworker may see (the policy decides, in cases/access.py):
    a group of another organisation that the policy does not share is never joined.
    """
    crossing_point = " ".join((crossing_point or "").split())
    same = among.filter(
        crossed_on=crossed_on, crossing_point__iexact=crossing_point, came_from=came_from
    ).order_by("id")
    if group := same.first():
        if means and not group.means:
            group.means = means
            group.save(update_fields=["means"])
        return group
    group = ArrivalGroup(
        crossed_on=crossed_on,
        crossing_point=crossing_point,
        means=means or "",
        came_from=came_from,
        created_by=created_by,
    )
    group.full_clean()
    group.save()
    return group
