"""The outbox: which case events need which embassy liaisons, written in the event's transaction."""

from django.db.models import Exists, OuterRef

from cases.access import liaisons_seeing_case
from cases.models import CaseEvent, Notification, RepatriationStage
from cases.notifications.queueing import notifications_enqueue_on_commit
from cases.repatriation.workflow import STAGES_WAITING_ON_EMBASSY

# Events after which a liaison may see a case for the first time: registration, consent
# given, a nationality added. Each liaison hears of a national once.
_MAY_REVEAL_A_NATIONAL = {
    CaseEvent.Kind.OPENED,
    CaseEvent.Kind.CONSENT_CHANGED,
    CaseEvent.Kind.RECORD_UPDATED,
}


def notification_kind_for(event: CaseEvent) -> str | None:
    """Return the kind of notification `event` calls for, or None when no liaison needs to hear of it."""
    if event.kind == CaseEvent.Kind.REPATRIATION:
        stage = event.data.get("to")
        if stage == RepatriationStage.ON_HOLD:
            return Notification.Kind.ON_HOLD
        if stage in STAGES_WAITING_ON_EMBASSY:
            return Notification.Kind.AWAITS_EMBASSY
        return None
    if event.kind in _MAY_REVEAL_A_NATIONAL:
        return Notification.Kind.NEW_NATIONAL
    return None


def notification_outbox_write(*, event: CaseEvent) -> list[Notification]:
    """Write the outbox rows `event` needs, in its transaction, and queue their delivery for after commit."""
    kind = notification_kind_for(event)
    if kind is None or event.case.is_closed:
        return []
    recipients = liaisons_seeing_case(event.case)
    if event.actor_id:
        recipients = recipients.exclude(pk=event.actor_id)  # nobody is told of what they did themself
    if kind == Notification.Kind.NEW_NATIONAL:
        told_before = Notification.objects.filter(
            case_id=event.case_id, kind=Notification.Kind.NEW_NATIONAL, recipient_id=OuterRef("pk")
        )
        recipients = recipients.exclude(Exists(told_before))
    rows = Notification.objects.bulk_create(
        [
            Notification(event=event, case_id=event.case_id, recipient_id=recipient_id, kind=kind)
            for recipient_id in recipients.values_list("pk", flat=True)
        ]
    )
    if rows:
        notifications_enqueue_on_commit([row.pk for row in rows])
    return rows


def notification_outbox_write_to(
    *, event: CaseEvent, kind: str, recipient_ids: list[int]
) -> list[Notification]:
    """Write outbox rows of `kind` for `event` to the users a feature chose; queue delivery after commit.

    For the kinds a feature registered (cases/notifications/registry.py): the feature knows
    who needs to hear, and its rule decides at delivery whether the row still concerns them.
    """
    ids = sorted(set(recipient_ids) - {event.actor_id})  # nobody is told of what they did themself
    rows = Notification.objects.bulk_create(
        [Notification(event=event, case_id=event.case_id, recipient_id=pk, kind=kind) for pk in ids]
    )
    if rows:
        notifications_enqueue_on_commit([row.pk for row in rows])
    return rows
