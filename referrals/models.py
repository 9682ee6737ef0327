"""Services organisations offer, and referrals: one service asked of another organisation for one case.

A referral carries ids, codes and times. The only free text is the sender's note to the
receiver, a reason for declining, an outcome note and the receiver's own notes: all encrypted
at rest, as every free text about a person is.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.encryption import EncryptedTextField
from intake.models.reference import Term


class HtcdsReferralReason(models.TextChoices):
    """HTCDS cas_ReasonForOutgoingReferral / cas_ReasonForIncomingReferral."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MIGRATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")


class Service(Term):
    """A service one organisation asks of another (shelter, medical care, legal aid...); admin-editable.

    `htcds_value` is the HTCDS referral reason it is exported as.
    """

    class Meta(Term.Meta):
        verbose_name = _("service")


class OrganisationService(models.Model):
    """A service an organisation offers in a place, and whom to contact there (a desk, not a person)."""

    organisation = models.ForeignKey(
        "cases.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services_offered",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="offers"
    )
    place = models.CharField(_("where"), max_length=120)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A desk's phone or address, never a survivor's."),
    )
    is_active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        ordering = ["service__position", "organisation__name", "place"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "place"],
                name="organisation_service_once_per_place",
                violation_error_message=_("This organisation already offers this service in this place."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.service} · {self.place}"


class SharedPart(models.TextChoices):
    """The parts of a record a sender may share. With none chosen the receiver reads the case's
    reference and the service asked, nothing more."""

    IDENTITY = "identity", _("Identity and contact")
    URGENT_NEEDS = "urgent_needs", _("Urgent needs")
    DOCUMENTS = "documents", _("Nationalities and identity documents")
    NARRATIVE = "narrative", _("The interview's narrative")


class ReferralState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")
    REVOKED = "revoked", _("Revoked")


OPEN_STATES = (ReferralState.REQUESTED, ReferralState.ACCEPTED)


class ReferralOutcome(models.TextChoices):
    # Short: the labels name a chart's series, on a phone too.
    PROVIDED = "provided", _("Provided")
    PARTLY = "partly", _("Partly provided")
    NOT_PROVIDED_LEFT = "person_left", _("Not provided: person left")
    NOT_PROVIDED_DECLINED = "person_declined", _("Not provided: person declined")


class Referral(models.Model):
    """One service asked by the case's organisation of another organisation."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    sender = models.ForeignKey(
        "cases.Organisation", verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    receiver = models.ForeignKey(
        "cases.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    # Codes of SharedPart; empty: the reference and the service only.
    parts = models.JSONField(_("parts shared"), default=list, blank=True)
    note_to_receiver = EncryptedTextField(
        _("note to the receiving organisation"), max_length=1000, blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ReferralState.choices, default=ReferralState.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReferralOutcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("about the outcome"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("referral")
        indexes = [
            models.Index(fields=["receiver", "state", "-requested_at"], name="referral_receiver_state"),
            models.Index(fields=["case", "-requested_at"], name="referral_case"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "receiver", "service"],
                condition=Q(state__in=["requested", "accepted"]),
                name="referral_one_open_per_case_receiver_service",
                violation_error_message=_(
                    "This organisation already has an open referral of this case for this service."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ReferralState]),
                name="referral_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("receiver")),
                name="referral_to_another_organisation",
                violation_error_message=_("A referral goes to another organisation."),
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(accepted_at__isnull=False),
                name="referral_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | (Q(declined_at__isnull=False) & ~Q(decline_reason="")),
                name="referral_declined_has_reason",
                violation_error_message=_("A declined referral needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(state="done")
                | (Q(accepted_at__isnull=False, done_at__isnull=False) & ~Q(outcome="")),
                name="referral_done_has_outcome",
                violation_error_message=_("A referral is done with an outcome, after it was accepted."),
            ),
            models.CheckConstraint(
                condition=~Q(state="revoked") | Q(revoked_at__isnull=False),
                name="referral_revoked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def state_label(self) -> str:
        return ReferralState(self.state).label

    def days_waiting(self, now=None) -> int | None:
        """Days from the request to acceptance (to now, while requested); None if closed unaccepted."""
        end = self.accepted_at or (now or timezone.now() if self.state == ReferralState.REQUESTED else None)
        return (end - self.requested_at).days if end else None

    def days_to_done(self, now=None) -> int | None:
        """Days from the request to done (or to now, while open); None for a referral closed otherwise."""
        end = self.done_at or ((now or timezone.now()) if self.is_open else None)
        return (end - self.requested_at).days if end else None


class ReferralNote(models.Model):
    """A note of the receiving organisation on a referral: theirs alone, the sender never reads it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="receiver_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = EncryptedTextField(_("note"), max_length=2000)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("receiving organisation's note")

    def __str__(self) -> str:
        return f"{self.referral_id} · {self.at:%Y-%m-%d %H:%M}"
