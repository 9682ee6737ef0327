"""Erasure on request: asked by one person, approved by another, then carried out."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A request to erase a person's data. After erasure this row remains: the fact, not the person."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second person's approval")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Erased")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="erasure_requests"
    )
    # The organisation whose case it is: the request is asked, seen and decided inside it alone,
    # and stays there after the case is gone.
    organisation = models.ForeignKey(
        "cases.Organisation", on_delete=models.PROTECT, null=True, related_name="erasure_requests"
    )
    case_reference = models.CharField(_("case"), max_length=24)  # random, so it identifies no one once erased
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Anonymised counts of what was erased (rows per table), for the record of the erasure.
    erased_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("erasure request")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="erasure_decided_by_a_second_person",
                violation_error_message=_("The person who asked for an erasure cannot also approve it."),
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="erasure_one_pending_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} · {self.get_status_display()}"
