"""Writes of the case work: registering arrivals, notes, assignment, closing. Each in one transaction."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import role_of, staff_profile
from cases.closure import repatriation_blocks_closing
from cases.events import event_record
from cases.models import CLOSURE_STATUS, Case, CaseEvent, CaseStatus, ClosureReason, Organisation, Role, Site
from intake.models import ArrivalGroup, Compound, Exploitation, Language, Nationality, Person
from intake.services import person_keys_refresh


@dataclass(frozen=True)
class Arrival:
    """What a caseworker types to register one arrival (RegistrationForm's cleaned data)."""

    given_name: str
    family_name: str
    given_name_native: str
    family_name_native: str
    gender: str
    date_of_birth: datetime.date | None
    birth_year_estimated: int | None
    country: str
    document_type: str
    document_number: str
    primary_language: Language | None
    phone: str
    needs_medical_care: bool
    protection_risk: bool
    unaccompanied_minor: bool
    came_from: Compound | None = None  # the compound they left, carried into the interview


# Fields a registration leaves at their defaults (open, not closed, not on hold); see case_register.
_NOT_SET_AT_REGISTRATION = [
    "closed_at",
    "closure_reason",
    "closure_note",
    "closed_by",
    "repatriation_hold_reason",
]


@transaction.atomic
def case_register(
    *,
    arrival: Arrival,
    organisation: Organisation,
    registered_by: User,
    arrived_on: datetime.date,
    site: Site | None,
    arrival_group: ArrivalGroup | None,
) -> Case:
    """Register an arrival: the person, their nationality, their identity keys and the case, at once."""
    person = Person(
        given_name=arrival.given_name,
        family_name=arrival.family_name,
        given_name_native=arrival.given_name_native,
        family_name_native=arrival.family_name_native,
        gender=arrival.gender,
        date_of_birth=arrival.date_of_birth,
        birth_year_estimated=arrival.birth_year_estimated,
        primary_language=arrival.primary_language,
        phone=arrival.phone,
        needs_medical_care=arrival.needs_medical_care,
        protection_risk=arrival.protection_risk,
        unaccompanied_minor=arrival.unaccompanied_minor,
        arrived_on=arrived_on,
        arrival_group=arrival_group,
    )
    person.full_clean()
    person.save()
    nationality = Nationality(
        person=person,
        country=arrival.country,
        is_primary=True,
        document_type=arrival.document_type,
        document_number=arrival.document_number,
    )
    nationality.full_clean()
    nationality.save()
    if arrival.came_from is not None:
        # Where they were exploited, as told at the desk: the interview's exploitation step
        # opens on this record, its compound filled in.
        exploitation = Exploitation(person=person, compound=arrival.came_from)
        exploitation.full_clean()
        exploitation.save()
    person_keys_refresh(person=person)
    case = Case(person=person, organisation=organisation, caseworker=registered_by, current_site=site)
    # A new case is open, with no closure and no hold: the constraints on those fields hold by
    # construction (and the database keeps them). Django checks each one with a query of its own,
    # five per arrival at the surge desk, so they are left out of this check, not out of the rule.
    case.full_clean(exclude=_NOT_SET_AT_REGISTRATION)
    case.save()
    event_record(case=case, actor=registered_by, kind=CaseEvent.Kind.OPENED)
    return case


@transaction.atomic
def case_note_add(*, case: Case, author: User, text: str) -> CaseEvent:
    """Add a note to the case's timeline."""
    return event_record(case=case, actor=author, kind=CaseEvent.Kind.NOTE, note=text)


@transaction.atomic
def case_assign(*, case: Case, caseworker: User | None, assigned_by: User) -> Case:
    """Give the case to a caseworker of its own organisation (or to nobody)."""
    if caseworker is not None and not (
        role_of(caseworker) == Role.CASEWORKER  # active, and no admin-site account (cases.access)
        and staff_profile(caseworker).organisation_id == case.organisation_id
    ):
        raise ValidationError({"caseworker": _("Choose an active caseworker of the case's organisation.")})
    previous = case.caseworker_id
    case.caseworker = caseworker
    case.save(update_fields=["caseworker"])
    event_record(
        case=case,
        actor=assigned_by,
        kind=CaseEvent.Kind.ASSIGNED,
        data={"from": previous, "to": caseworker.pk if caseworker else None},
    )
    return case


@transaction.atomic
def case_close(*, case: Case, closed_by: User, reason: str, note: str = "") -> Case:
    """Close the case for `reason` (its HTCDS status follows from it), with an optional note."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # two people closing at once: one wins
    if case.is_closed:
        raise ValidationError(_("This case is already closed."))
    if repatriation_blocks_closing(case):
        raise ValidationError(
            _(
                "The repatriation is in progress (%(stage)s): an embassy is acting on it. Finish it, or "
                "put it on hold or declined with its reason, before closing the case."
            )
            % {"stage": case.stage_label}
        )
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    note = note.strip()
    if reason == ClosureReason.OTHER and not note:
        raise ValidationError({"note": _("Say why the case is closed.")})
    previous = case.status
    case.status = CLOSURE_STATUS[ClosureReason(reason)]
    case.closed_at = timezone.now()
    case.closed_by = closed_by
    case.closure_reason = reason
    case.closure_note = note
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "closed_by", "closure_reason", "closure_note"])
    # The reason's code goes in the event's data; the note, free text, in its encrypted note.
    event_record(
        case=case,
        actor=closed_by,
        kind=CaseEvent.Kind.STATUS_CHANGED,
        note=note,
        data={"from": previous, "to": case.status, "reason": reason},
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, reopened_by: User) -> Case:
    """Open a closed case again: active, its closure cleared (the timeline keeps why it was closed)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_closed:
        raise ValidationError(_("This case is open."))
    if case.anonymised_at is not None:
        raise ValidationError(_("This case was anonymised: what identified the person is gone."))
    previous = case.status
    case.status = CaseStatus.ACTIVE
    case.closed_at = None
    case.closed_by = None
    case.closure_reason = ""
    case.closure_note = ""
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "closed_by", "closure_reason", "closure_note"])
    event_record(
        case=case,
        actor=reopened_by,
        kind=CaseEvent.Kind.STATUS_CHANGED,
        data={"from": previous, "to": case.status},
    )
    return case
