"""Notifications to embassy liaisons: the outbox, the in-app inbox, and the daily digest's log.

An outbox row is written in the transaction of the case event that needs a liaison, so
neither exists without the other. Celery tasks deliver it after commit; a periodic sweep
re-queues whatever is still undelivered, so a broker outage delays a notification but
never loses it. Delivery is idempotent: the unique constraints below make a second
delivery of the same row a no-op.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case, CaseEvent


class Notification(models.Model):
    """An outbox row: one case event that needs one user (a liaison; a caseworker for referrals).

    Holds ids and kinds, never survivor data.
    """

    class Kind(models.TextChoices):
        NEW_NATIONAL = "new_national", _("A national of your country was registered")
        AWAITS_EMBASSY = "awaits_embassy", _("A case is waiting on your embassy")
        ON_HOLD = "on_hold", _("A case was put on hold")
        # Referrals between organisations (the referrals app registers who they concern).
        REFERRAL_REQUESTED = "ref_requested", _("A referral was sent to your organisation")
        REFERRAL_ANSWERED = "ref_answered", _("A referral you sent was answered")
        REFERRAL_REVOKED = "ref_revoked", _("A referral to your organisation was revoked")

    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Emails are coalesced per recipient: one email covers every row not yet emailed.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    retry_after = models.DateTimeField(_("next attempt not before"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)  # exception class only

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient"], name="notification_once_per_event_recipient"
            )
        ]
        indexes = [
            # The sweep's question: what is still undelivered, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(delivered_at__isnull=True), name="notification_undelivered"
            ),
            models.Index(fields=["recipient", "emailed_at"], name="notification_recipient_email"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class InboxItem(models.Model):
    """A delivered notification as its recipient sees it in the app: at most one per outbox row."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="inbox_item")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbox item")
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_recipient_read")]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.created_at:%Y-%m-%d %H:%M}"


class DigestDelivery(models.Model):
    """One day's digest email to one liaison; its row makes a second send on the same day a no-op."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    emailed = models.BooleanField(_("emailed"), default=False)  # False: nothing to report that day

    class Meta:
        ordering = ["-day", "recipient"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.day:%Y-%m-%d}"
