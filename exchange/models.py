"""Uploaded HTCDS files waiting for their dry run to be confirmed, and the trace of each import.

An upload holds the file's text encrypted at rest (intake.encryption) with the digest of that
text, for one user of one organisation, until it is applied, cancelled or expires: the content
never goes into a session, a form field or a URL between the dry run and the confirmation.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.encryption import EncryptedTextField

UPLOAD_LIFETIME = datetime.timedelta(hours=24)


def upload_expiry() -> datetime.datetime:
    return timezone.now() + UPLOAD_LIFETIME


class UploadQuerySet(models.QuerySet):
    def current(self) -> "UploadQuerySet":
        """Filter the uploads that have not expired."""
        return self.filter(expires_at__gt=timezone.now())


class HtcdsUpload(models.Model):
    """One HTCDS file uploaded by one user for their organisation, between dry run and confirmation."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("cases.Organisation", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=4, choices=Format.choices)
    # The file's text, decoded: survivor records, so encrypted at rest like the narrative.
    content = EncryptedTextField()
    # SHA-256 of `content`: what is confirmed is exactly what was dry-run.
    digest = models.CharField(max_length=64)
    size = models.PositiveIntegerField()  # bytes as uploaded
    # The consent the file says every record was shared under ("" when it says none).
    consent_stated = models.CharField(max_length=24, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=upload_expiry, db_index=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("HTCDS upload")

    def __str__(self) -> str:
        return f"HTCDS upload {self.pk}"


class ImportedRecord(models.Model):
    """Where an imported case came from: the file's row and organisation, and what it reported.

    `reported` keeps, as the sending organisation wrote them, the facts our record has no
    place for (the age when trafficked without the dates it is derived from, the sender's own
    referrals): encrypted at rest, shown on the case as the sender's, never taken for ours.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="imported_record")
    row = models.PositiveIntegerField(_("row in the file"))
    source_organisation = models.CharField(_("sent by"), max_length=200, blank=True)
    source_organisation_type = models.CharField(
        _("type of the sending organisation"), max_length=40, blank=True
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    reported = EncryptedTextField(blank=True)  # JSON: field name -> value, as the file had it

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("imported record")

    def __str__(self) -> str:
        return f"{self.case} · row {self.row}"
