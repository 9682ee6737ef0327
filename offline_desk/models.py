"""The offline desk's tables: the key arrivals are sealed with, the devices, the arrivals received."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.encryption import EncryptedTextField


class SealingKey(models.Model):
    """An RSA key pair: devices seal arrivals with its public half; only the server opens them.

    The private half is stored encrypted at rest with FIELD_ENCRYPTION_KEYS (intake.encryption),
    so a database dump opens no sealed arrival. A retired key is kept: arrivals sealed with it
    on a device that stayed offline must still open; it is simply no longer handed out.
    """

    public_key = models.TextField(_("public key (PEM)"))
    private_key = EncryptedTextField(_("private key (PEM)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sealing key")

    def __str__(self) -> str:
        return f"#{self.pk}"


class DeskDevice(models.Model):
    """A browser that opened the offline desk, for one caseworker; an administrator may revoke it.

    A revoked device can sync nothing more: what it still holds sealed is readable by the
    server's private key alone, so a lost or seized phone gives up nothing.
    """

    public_id = models.UUIDField(_("device id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("caseworker"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "cases.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("desk device")

    def __str__(self) -> str:
        return f"{self.user} · {self.registered_at:%Y-%m-%d %H:%M}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SyncedArrival(models.Model):
    """One arrival sent by a device, once: its idempotency key is unique, so a repeat finds this row.

    While it waits to be resolved (a likely duplicate, or what was typed does not validate), what
    was typed is kept encrypted at rest; once resolved, it is erased from this row.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        TO_RESOLVE = "to_resolve", _("To resolve")
        REGISTERED_ANYWAY = "registered_anyway", _("Registered after review")
        LINKED = "linked", _("Same person: linked")
        DISCARDED = "discarded", _("Discarded")

    class Problem(models.TextChoices):
        NONE = "", _("None")
        LIKELY_DUPLICATE = "duplicate", _("May already be registered")
        INVALID = "invalid", _("Needs correcting")

    idempotency_key = models.UUIDField(_("idempotency key"), unique=True, editable=False)
    device = models.ForeignKey(DeskDevice, on_delete=models.PROTECT, related_name="arrivals")
    organisation = models.ForeignKey(
        "cases.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    synced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("synced by"), on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved on the device"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    problem = models.CharField(_("problem"), max_length=10, choices=Problem.choices, blank=True)
    # The case opened for the arrival, or the existing case it was linked to.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What was typed and the batch (JSON), while the arrival waits to be resolved: encrypted at rest.
    typed = EncryptedTextField(_("what was typed"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["saved_at", "id"]
        verbose_name = _("synced arrival")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="to_resolve") | ~models.Q(problem=""),
                name="offline_desk_to_resolve_has_a_problem",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.saved_at:%Y-%m-%d %H:%M}"
