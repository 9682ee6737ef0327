"""Erasure on request (two people) and anonymisation after the retention period."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.erasure.signals import case_anonymised
from cases.models import CLOSED_STATUSES, Case, ErasureRequest
from intake.models import (
    Consent,
    Debt,
    Exploitation,
    IndicatorObservation,
    Interview,
    MatchKey,
    Nationality,
    Person,
    Recruitment,
)

# Every survivor table with its history table: erasure leaves no copy behind.
_PERSON_PARTS = [Nationality, Recruitment, Exploitation, Debt, Interview, Consent]
ANONYMISED_NAME = "Anonymised"


def erasure_request_create(*, case: Case, requested_by, reason: str) -> ErasureRequest:
    """Ask for a person's data to be erased; a second person must approve."""
    if case.erasure_requests.filter(status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError({"reference": _("An erasure of this case is already waiting for approval.")})
    request = ErasureRequest(
        case=case,
        organisation_id=case.organisation_id,
        case_reference=case.reference,
        reason=reason,
        requested_by=requested_by,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def erasure_reject(*, request: ErasureRequest, decided_by) -> ErasureRequest:
    _check_second_person(request, decided_by)
    request.status, request.decided_by, request.decided_at = (
        ErasureRequest.Status.REJECTED,
        decided_by,
        timezone.now(),
    )
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


@transaction.atomic
def erasure_approve(*, request: ErasureRequest, decided_by) -> ErasureRequest:
    """Approve and carry out the erasure: the person, every part of their record, its history, the case."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    _check_second_person(request, decided_by)
    if request.status != ErasureRequest.Status.PENDING or request.case is None:
        raise ValidationError(_("This erasure was already decided."))
    counts = person_erase(case=request.case)
    request.case = None  # the case is gone; its reference stays on the request
    request.status, request.decided_by, request.decided_at = (
        ErasureRequest.Status.DONE,
        decided_by,
        timezone.now(),
    )
    request.erased_counts = counts
    request.save(update_fields=["status", "decided_by", "decided_at", "erased_counts"])
    return request


def _check_second_person(request: ErasureRequest, decided_by) -> None:
    if decided_by.pk == request.requested_by_id:
        raise PermissionDenied(_("The person who asked for an erasure cannot also decide it."))


def person_erase(*, case: Case) -> dict[str, int]:
    """Delete the person's record, its history, the case, its events and notifications; return the counts."""
    person_id, case_id = case.person_id, case.pk
    counts = {}
    # Rows first, then their history: deleting a row writes one more history row.
    for model in _PERSON_PARTS:
        counts[model._meta.model_name] = model.objects.filter(person_id=person_id).delete()[0]
        model.history.filter(person_id=person_id).delete()
    counts["events"] = case.events.count()
    MatchKey.objects.filter(person_id=person_id).delete()
    case.erasure_requests.update(case=None)
    case.delete()  # its events and notifications go with it
    Case.history.filter(id=case_id).delete()
    Person.objects.filter(pk=person_id).delete()
    Person.history.filter(id=person_id).delete()
    return counts


@transaction.atomic
def case_anonymise(*, case: Case) -> None:
    """Remove what identifies the person of a closed case; keep what statistics need (nationality, year)."""
    person = case.person
    if person.date_of_birth:
        person.birth_year_estimated, person.date_of_birth = person.date_of_birth.year, None
    person.given_name, person.family_name = ANONYMISED_NAME, ""
    person.given_name_native = person.family_name_native = ""
    person.phone = ""
    person.save()
    person.aliases.all().delete()
    Nationality.objects.filter(person=person).update(document_number="", document_number_index="")
    # Free text can name anyone: the narrative, notes, interpreters, places.
    Interview.objects.filter(person=person).update(narrative="", interpreter="", place="")
    Consent.objects.filter(person=person).update(interpreter="")
    Recruitment.objects.filter(person=person).update(origin_place="")
    IndicatorObservation.objects.filter(exploitation__person=person).update(notes="")
    case.events.exclude(note="").update(note="")  # the closing note's copy on the timeline too
    # Why the case was closed stays (a code, for the figures); the note typed beside it goes, with
    # the copies the case's change history holds (the save below writes one more, without it).
    # A case closed while on hold keeps why it was held ("witness against the recruiter in X"):
    # free text like the note, so it goes too, from the case and its history.
    case.closure_note = case.repatriation_hold_reason = ""
    Case.history.filter(id=case.pk).update(closure_note="", repatriation_hold_reason="")
    case_anonymised.send(sender=Case, case=case)  # the apps above clear their own free text (referrals)
    MatchKey.objects.filter(person=person).delete()
    for model in _PERSON_PARTS:  # the history holds the old names and numbers
        model.history.filter(person_id=person.pk).delete()
    Person.history.filter(id=person.pk).delete()
    Person.objects.filter(pk=person.pk).update(name_phonetic="")
    case.anonymised_at = timezone.now()
    case.save(update_fields=["anonymised_at", "closure_note", "repatriation_hold_reason"])


def retention_sweep(*, now: datetime.datetime | None = None) -> int:
    """Anonymise every case closed longer ago than RETENTION_DAYS_AFTER_CLOSE; return how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.RETENTION_DAYS_AFTER_CLOSE)
    due = Case.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff, anonymised_at__isnull=True)
    done = 0
    for case in due.select_related("person").iterator(chunk_size=200):
        case_anonymise(case=case)
        done += 1
    return done
