"""Writes of the offline desk: devices, receiving a synced arrival once, resolving what waits.

An arrival synced from a device goes through the same steps as one typed at /register/
(cases.arrivals.registration): the same form validates it, the same duplicate check (and its
access-log row) runs, and cases.services.case_register opens the case and writes its event.

What can conflict: a synced arrival never writes to an existing record. A new person opens
a new case; a likely duplicate waits to be resolved by a caseworker; "it is the same person"
only adds an event to the existing case (its Person row, and so its version, is untouched).
The link is refused if the existing record changed (Person.version) since the caseworker
looked at it, so that nobody links on what they no longer see.
"""

import datetime
import json
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from cases.access import filter_visible_arrival_groups, staff_profile
from cases.arrivals.forms import RegistrationForm
from cases.arrivals.registration import arrival_matches, arrival_of
from cases.events import event_record
from cases.models import Case, CaseEvent, Site
from cases.services import case_register
from intake.models import ArrivalGroup
from offline_desk.models import DeskDevice, SyncedArrival

# The registration form's fields a device may send; anything else is ignored.
TYPED_FIELDS = tuple(RegistrationForm.base_fields)


class StaleMatch(Exception):
    """The existing record changed since the caseworker looked at it."""


@transaction.atomic
def device_register(*, user, public_id: uuid.UUID) -> DeskDevice | None:
    """Register the browser a caseworker opened the desk in, for their organisation, under the id
    it made itself (so that it can seal arrivals before it ever reached the server).

    Registering again is harmless; None if the id is another organisation's.
    """
    organisation = staff_profile(user).organisation
    device = DeskDevice.objects.filter(public_id=public_id).first()
    if device is not None:
        return device if device.organisation_id == organisation.pk else None
    device = DeskDevice(public_id=public_id, user=user, organisation=organisation)
    device.full_clean(validate_unique=False)
    device.save()
    return device


@transaction.atomic
def device_revoke(*, device: DeskDevice) -> None:
    """Revoke a device (lost, seized): it can sync nothing more."""
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])


def typed_clean(value: dict) -> dict:
    """Keep of an opened arrival only the registration's fields and the batch's ids, as strings."""
    fields = value.get("fields") if isinstance(value.get("fields"), dict) else {}
    batch = value.get("batch") if isinstance(value.get("batch"), dict) else {}
    return {
        "fields": {name: str(fields[name])[:200] for name in TYPED_FIELDS if name in fields},
        "batch": {name: str(batch.get(name) or "")[:40] for name in ("site", "arrived_on", "group")},
    }


def batch_of(*, typed: dict, user) -> dict | None:
    """The batch an arrival names (site, day, crossing), if the user may register in it; else None."""
    batch = typed["batch"]
    site = Site.objects.filter(pk=batch["site"], is_active=True).first() if batch["site"].isdigit() else None
    try:
        arrived_on = parse_date(batch["arrived_on"])
    except ValueError:
        arrived_on = None
    if site is None or arrived_on is None or arrived_on > timezone.localdate():
        return None
    group = None
    if batch["group"]:
        visible = filter_visible_arrival_groups(ArrivalGroup.objects.all(), user)
        group = visible.filter(pk=batch["group"]).first() if batch["group"].isdigit() else None
        if group is None:
            return None
    return {"site": site, "arrived_on": arrived_on, "group": group}


def _form(typed: dict) -> RegistrationForm:
    return RegistrationForm(typed["fields"])


def _register(*, form: RegistrationForm, batch: dict, user) -> Case:
    return case_register(
        arrival=arrival_of(form),
        organisation=staff_profile(user).organisation,
        registered_by=user,
        arrived_on=batch["arrived_on"],
        site=batch["site"],
        arrival_group=batch["group"],
    )


@transaction.atomic
def arrival_receive(
    *,
    request: HttpRequest,
    device: DeskDevice,
    idempotency_key: uuid.UUID,
    saved_at: datetime.datetime,
    typed: dict,
) -> SyncedArrival:
    """Receive one arrival from a device, once: register it, or keep it to be resolved.

    The row that claims the idempotency key is written first: a second request with the same
    key (a repeat, a sync cut halfway) fails on the unique constraint and rolls back whole,
    and the caller answers it with this row's result. `request` is the signed-in caseworker's,
    for the duplicate check's access-log row, as at the online desk.
    """
    user = request.user
    row = SyncedArrival(
        idempotency_key=idempotency_key,
        device=device,
        organisation=device.organisation,
        synced_by=user,
        saved_at=saved_at,
        status=SyncedArrival.Status.REGISTERED,
    )
    row.full_clean(validate_unique=False)  # the constraint decides, atomically
    row.save()
    device.last_sync_at = timezone.now()
    device.save(update_fields=["last_sync_at"])
    form, batch = _form(typed), batch_of(typed=typed, user=user)
    if batch is None or not form.is_valid():
        return _keep(row, typed=typed, problem=SyncedArrival.Problem.INVALID)
    if arrival_matches(request=request, form=form):
        return _keep(row, typed=typed, problem=SyncedArrival.Problem.LIKELY_DUPLICATE)
    row.case = _register(form=form, batch=batch, user=user)
    row.save(update_fields=["case"])
    return row


def _keep(row: SyncedArrival, *, typed: dict, problem: str) -> SyncedArrival:
    row.status = SyncedArrival.Status.TO_RESOLVE
    row.problem = problem
    row.typed = json.dumps(typed)
    row.save(update_fields=["status", "problem", "typed"])
    return row


def sync_result(row: SyncedArrival) -> dict:
    """What a sync answers about a row: the same every time the device sends it again."""
    if row.problem:
        return {"status": "to_resolve", "problem": row.problem}
    return {"status": "registered", "reference": row.case.reference if row.case else ""}


def typed_of(row: SyncedArrival) -> dict:
    return json.loads(row.typed) if row.typed else {"fields": {}, "batch": {}}


def _resolved(row: SyncedArrival, *, status: str, by, case: Case | None = None) -> SyncedArrival:
    row.status = status
    row.case = case
    row.typed = ""  # resolved: what was typed now lives in the record, or nowhere
    row.resolved_by = by
    row.resolved_at = timezone.now()
    row.save(update_fields=["status", "case", "typed", "resolved_by", "resolved_at"])
    return row


@transaction.atomic
def arrival_register_anyway(*, request: HttpRequest, row: SyncedArrival, typed: dict) -> SyncedArrival:
    """Register a waiting arrival as a new person, as "Not the same person: register as new" does online.

    `typed` is what was stored, or what the caseworker corrected; if it had not validated
    before, it is checked for duplicates now, as at the online desk, and may wait again.
    """
    row = SyncedArrival.objects.select_for_update().get(pk=row.pk)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        raise ValidationError(_("This arrival was already resolved."))
    form, batch = _form(typed), batch_of(typed=typed, user=request.user)
    if batch is None:
        raise ValidationError(
            _("The batch of this arrival is no longer open to you: discard it and register it again.")
        )
    if not form.is_valid():
        raise ValidationError(_("Correct what is marked below."))
    if row.problem == SyncedArrival.Problem.INVALID and arrival_matches(request=request, form=form):
        return _keep(row, typed=typed, problem=SyncedArrival.Problem.LIKELY_DUPLICATE)
    case = _register(form=form, batch=batch, user=request.user)
    return _resolved(row, status=SyncedArrival.Status.REGISTERED_ANYWAY, by=request.user, case=case)


@transaction.atomic
def arrival_link(*, row: SyncedArrival, case: Case, seen_version: int, by) -> SyncedArrival:
    """Record that a waiting arrival is a person already registered: no new case, an event on theirs."""
    row = SyncedArrival.objects.select_for_update().get(pk=row.pk)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        raise ValidationError(_("This arrival was already resolved."))
    if case.person.version != seen_version:
        raise StaleMatch
    typed = typed_of(row)
    batch = batch_of(typed=typed, user=by)
    event_record(
        case=case,
        actor=by,
        kind=CaseEvent.Kind.NOTE,
        note=_("Registered again at the offline desk, at %(site)s on %(day)s; no new case opened.")
        % {
            "site": batch["site"] if batch else "?",
            "day": batch["arrived_on"].isoformat() if batch else "?",
        },
        data={"offline_desk": "linked", "synced_arrival": row.pk},
    )
    return _resolved(row, status=SyncedArrival.Status.LINKED, by=by, case=case)


@transaction.atomic
def arrival_discard(*, row: SyncedArrival, by) -> SyncedArrival:
    """Discard a waiting arrival: nothing is registered, and what was typed is erased."""
    row = SyncedArrival.objects.select_for_update().get(pk=row.pk)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        raise ValidationError(_("This arrival was already resolved."))
    return _resolved(row, status=SyncedArrival.Status.DISCARDED, by=by)
