"""Delivering notifications: the in-app inbox, the email, the sweep and the daily digest.

Every operation here is idempotent, because Celery acknowledges tasks late (a task lost
with its worker runs again) and the sweep may queue a row whose first task is still
waiting: delivering a row twice gives one inbox item and one email.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.access import filter_visible_cases, role_of, users_holding
from cases.models import Case, DigestDelivery, InboxItem, Notification, Role
from cases.notifications import emails
from cases.notifications.queueing import notifications_enqueue
from cases.notifications.registry import notification_rule_for, registered_kinds, registered_rows_for

logger = logging.getLogger(__name__)

User = get_user_model()

SWEEP_BATCH = 1000  # rows queued per sweep at most; the next sweep takes the rest


def _still_concerns(notification: Notification) -> bool:
    """Whether the recipient is still an active liaison who may read the case (consent may be withdrawn)."""
    recipient = notification.recipient
    if not recipient.is_active:
        return False
    if (rule := notification_rule_for(notification.kind)) is not None:
        return rule.concerns(notification)
    if role_of(recipient) != Role.LIAISON:
        return False
    return filter_visible_cases(Case.objects.filter(pk=notification.case_id), recipient).exists()


def _retry_delay(attempts: int) -> datetime.timedelta:
    """Return how long the sweep waits before trying a failing row again: doubling, at most an hour."""
    return datetime.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def notification_deliver(*, notification_id: int) -> str:
    """Deliver one outbox row to its recipient's inbox and email; return what happened. Idempotent."""
    try:
        return _deliver(notification_id)
    except Exception as exc:
        _attempt_failed(notification_id=notification_id, error=exc)
        raise


def _deliver(notification_id: int) -> str:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    if notification.delivered_at is not None:
        return "already delivered"
    if not _still_concerns(notification):
        Notification.objects.filter(pk=notification.pk, delivered_at__isnull=True).update(
            delivered_at=timezone.now(), emailed_at=timezone.now()
        )
        return "no longer concerns the recipient"
    InboxItem.objects.get_or_create(notification=notification, defaults={"recipient": notification.recipient})
    _email_pending_send(notification=notification)
    Notification.objects.filter(pk=notification.pk, delivered_at__isnull=True).update(
        delivered_at=timezone.now(), retry_after=None
    )
    return "delivered"


@transaction.atomic
def _email_pending_send(*, notification: Notification) -> int:
    """Email the recipient once for every row of theirs not yet emailed, this one included; return the count.

    The rows are locked in id order, so two deliveries for the same recipient wait for each
    other instead of both sending: the second finds its row already covered and sends nothing.
    The email is sent inside the lock, so a crash after sending but before commit sends it
    again on the retry (at least once); nothing makes it go out twice otherwise.
    """
    recipient = notification.recipient
    rule = notification_rule_for(notification.kind)
    # A registered feature's rows are emailed on their own, with their own wording.
    same_kinds = (
        registered_rows_for(recipient) & Q(kind__in=rule.kinds)
        if rule
        else Q(case__in=filter_visible_cases(Case.objects.all(), recipient)) & ~Q(kind__in=registered_kinds())
    )
    pending = list(
        Notification.objects.select_for_update()
        .filter(same_kinds, recipient_id=recipient.pk, emailed_at__isnull=True, delivered_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if notification.pk not in pending:
        return 0  # an email for another row of this recipient already counted this one
    if recipient.email:
        emails.new_notifications_send(
            recipient=recipient,
            count=len(pending),
            template=rule.email_template if rule else "notifications_new",
        )
    # Without an address there is nothing to send: the inbox alone tells them.
    Notification.objects.filter(pk__in=pending).update(emailed_at=timezone.now())
    return len(pending)


def _attempt_failed(*, notification_id: int, error: Exception) -> None:
    """Record a failed delivery (the error's class only: messages may quote data) and when to try again."""
    try:
        Notification.objects.filter(pk=notification_id).update(attempts=F("attempts") + 1)
        attempts = Notification.objects.filter(pk=notification_id).values_list("attempts", flat=True).first()
        Notification.objects.filter(pk=notification_id).update(
            last_error=type(error).__name__[:200],
            retry_after=timezone.now() + _retry_delay(attempts or 1),
        )
    except Exception:  # the database may be what failed; the task's own retries still apply
        logger.exception("Could not record the failed delivery of notification %s", notification_id)


def notifications_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again every row still undelivered whose grace period and retry time have passed; return how many.

    Rows younger than NOTIFICATION_SWEEP_GRACE_SECONDS are left alone: their own task is most
    likely on its way.
    """
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    due = list(
        Notification.objects.filter(delivered_at__isnull=True, created_at__lte=now - grace)
        .filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    queued = notifications_enqueue(due) if due else 0
    if due:
        logger.info("Notification sweep: %d undelivered, %d queued", len(due), queued)
    return queued


def inbox_item_read(*, item: InboxItem) -> InboxItem:
    """Mark one inbox item read (once: the first reading time is kept)."""
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


def inbox_read_all(*, user) -> int:
    """Mark every unread inbox item of `user` read; return how many."""
    return InboxItem.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


# --- The daily digest --------------------------------------------------------------------------


def digest_recipient_ids() -> list[int]:
    """Return the ids of the active liaisons with an email address: each gets a daily digest."""
    return list(users_holding(Role.LIAISON).exclude(email="").order_by("pk").values_list("pk", flat=True))


def notification_digest_deliver(*, user_id: int, day: datetime.date) -> bool:
    """Email `day`'s digest of their queue to one liaison, once; return whether an email went out."""
    from cases.repatriation.selectors import queue_summary

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or role_of(user) != Role.LIAISON or not user.email:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(recipient=user, day=day)
        except IntegrityError:
            return False  # sent already: a second run of the same day's task
        summary = queue_summary(user=user)
        if summary.open == 0:
            return False  # nothing to report; the row still records that the day is done
        emails.digest_send(recipient=user, summary=summary, day=day)
        delivery.emailed = True
        delivery.save(update_fields=["emailed"])
    return True
