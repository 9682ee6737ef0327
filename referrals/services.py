"""Referral transitions: each checks who may make it, writes a case event, queues notifications.

requested -> accepted | declined (reason); accepted -> done (outcome);
requested | accepted -> revoked (by the sender). Each in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import referral_consent_in_force, users_holding
from cases.events import event_record
from cases.models import Case, CaseEvent, Notification, Organisation, Role
from cases.notifications.outbox import notification_outbox_write_to
from referrals.models import (
    OrganisationService,
    Referral,
    ReferralNote,
    ReferralOutcome,
    ReferralState,
    Service,
    SharedPart,
)


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _caseworkers_of(organisation_id: int) -> list[int]:
    return list(
        users_holding(Role.CASEWORKER)
        .filter(staff_profile__organisation_id=organisation_id)
        .values_list("pk", flat=True)
    )


def _senders_to_tell(referral: Referral) -> list[int]:
    """Who made the referral and the case's caseworker, while they still work for the sender."""
    wanted = {referral.requested_by_id, referral.case.caseworker_id} - {None}
    return list(
        users_holding(Role.CASEWORKER)
        .filter(pk__in=wanted, staff_profile__organisation_id=referral.sender_id)
        .values_list("pk", flat=True)
    )


def _event(referral: Referral, *, actor, notify: str, recipient_ids: list[int]) -> None:
    """The case event of a transition (codes only) and its outbox rows, in the transition's transaction."""
    event = event_record(
        case=referral.case,
        actor=actor,
        kind=CaseEvent.Kind.REFERRAL,
        data={
            "referral": referral.pk,
            "state": referral.state,
            "service": referral.service.code,
            "receiver": referral.receiver_id,
        },
    )
    notification_outbox_write_to(event=event, kind=notify, recipient_ids=recipient_ids)


def _locked(referral: Referral) -> Referral:
    """The referral's row, locked for the transition, with what the event needs."""
    return Referral.objects.select_for_update().select_related("case", "service").get(pk=referral.pk)


@transaction.atomic
def referral_make(
    *,
    case: Case,
    receiver: Organisation,
    service: Service,
    parts: list[str],
    note: str = "",
    made_by,
) -> Referral:
    """Ask `receiver` for `service` for the person of `case`, sharing `parts` of the record."""
    _require(made_by, "referrals.make_referral", case)
    if not referral_consent_in_force(case.person_id):
        raise ValidationError(
            _(
                "The person has not agreed to share with organisations that help them: "
                "record that consent first."
            )
        )
    if not OrganisationService.objects.filter(
        organisation=receiver, service=service, is_active=True
    ).exists():
        raise ValidationError({"receiver": _("This organisation does not offer this service.")})
    known = {part.value for part in SharedPart}
    referral = Referral(
        case=case,
        sender_id=case.organisation_id,
        receiver=receiver,
        service=service,
        parts=[part for part in SharedPart.values if part in set(parts) & known],  # in the list's order
        note_to_receiver=note,
        requested_by=made_by,
    )
    referral.full_clean()
    referral.save()
    _event(
        referral,
        actor=made_by,
        notify=Notification.Kind.REFERRAL_REQUESTED,
        recipient_ids=_caseworkers_of(receiver.pk),
    )
    return referral


def _answer(referral: Referral, *, by, state: str, perm: str, **changes) -> Referral:
    _require(by, perm, referral)
    referral = _locked(referral)
    _require(by, perm, referral)  # the state may have changed meanwhile
    referral.state = state
    for field, value in changes.items():
        setattr(referral, field, value)
    referral.full_clean()
    referral.save(update_fields=["state", *changes])
    return referral


def _answered(referral: Referral, *, by, **answer) -> Referral:
    """Move the referral as the receiver answers it, and tell the sender's caseworkers."""
    referral = _answer(referral, by=by, **answer)
    _event(
        referral,
        actor=by,
        notify=Notification.Kind.REFERRAL_ANSWERED,
        recipient_ids=_senders_to_tell(referral),
    )
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, accepted_by) -> Referral:
    """Accept a requested referral: the receiver now reads the parts shared."""
    return _answered(
        referral,
        by=accepted_by,
        state=ReferralState.ACCEPTED,
        perm="referrals.answer_referral",
        accepted_at=timezone.now(),
    )


@transaction.atomic
def referral_decline(*, referral: Referral, declined_by, reason: str) -> Referral:
    """Decline a requested referral, with the reason the sender reads."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    return _answered(
        referral,
        by=declined_by,
        state=ReferralState.DECLINED,
        perm="referrals.answer_referral",
        declined_at=timezone.now(),
        decline_reason=reason.strip(),
    )


@transaction.atomic
def referral_complete(*, referral: Referral, completed_by, outcome: str, note: str = "") -> Referral:
    """Mark an accepted referral done, with its outcome."""
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    return _answered(
        referral,
        by=completed_by,
        state=ReferralState.DONE,
        perm="referrals.complete_referral",
        done_at=timezone.now(),
        outcome=outcome,
        outcome_note=note.strip(),
    )


@transaction.atomic
def referral_revoke(*, referral: Referral, revoked_by) -> Referral:
    """Revoke a requested or accepted referral: the receiver sees nothing of it from now on."""
    referral = _answer(
        referral,
        by=revoked_by,
        state=ReferralState.REVOKED,
        perm="referrals.revoke_referral",
        revoked_at=timezone.now(),
    )
    _event(
        referral,
        actor=revoked_by,
        notify=Notification.Kind.REFERRAL_REVOKED,
        recipient_ids=_caseworkers_of(referral.receiver_id),
    )
    return referral


@transaction.atomic
def referral_note_add(*, referral: Referral, author, text: str) -> ReferralNote:
    """Add a note of the receiving organisation to a referral: theirs alone."""
    _require(author, "referrals.note_referral", referral)
    note = ReferralNote(referral=referral, author=author, text=text.strip())
    note.full_clean()
    note.save()
    return note
