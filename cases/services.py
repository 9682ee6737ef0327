"""Writes of the case work: registering arrivals, notes, assignment. Each in one transaction."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import role_of, staff_profile
from cases.events import event_record
from cases.models import Case, CaseEvent, Organisation, Role, Site
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
    case.full_clean()
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
