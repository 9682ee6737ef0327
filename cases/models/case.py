"""Cases (one per person) and the events recorded on them."""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.organisation import Organisation, Site
from intake.encryption import EncryptedTextField


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)


class ClosureReason(models.TextChoices):
    """Why a case was closed: our own list, named in HTCDS terms where they fit.

    HTCDS holds the reason as long text (cas_ReasonForCaseClosure); the codes here are stable, so
    that an export can say the reason in the standard's words, and each decides the HTCDS status
    the case closes with (CLOSURE_STATUS below). The note typed beside a reason is never exported.
    """

    RETURNED_HOME_REFERRED = (
        "ReturnedHomeReferredForReintegration",
        _("Returned home and handed to a reintegration partner"),
    )
    RETURNED_HOME = "ReturnedHome", _("Returned home, no further support needed")
    REFERRED = "ReferredToAnotherOrganisation", _("Referred to another organisation for the support needed")
    TRANSFERRED = "TransferredToAnotherOrganisation", _("Case transferred to another organisation")
    NO_LONGER_WANTS_SERVICES = "NoLongerWantsServices", _("No longer wants services")
    LOST_CONTACT = "LostContact", _("Lost contact")
    DECEASED = "Deceased", _("Deceased")
    DUPLICATE = "DuplicateRecord", _("Duplicate record")
    OTHER = "Other", _("Other (say why in the note)")


# The HTCDS cas_Status each reason closes a case with: ClosedReferred where someone else now
# gives the support, Closed otherwise.
CLOSURE_STATUS = {
    ClosureReason.RETURNED_HOME_REFERRED: CaseStatus.CLOSED_REFERRED,
    ClosureReason.RETURNED_HOME: CaseStatus.CLOSED,
    ClosureReason.REFERRED: CaseStatus.CLOSED_REFERRED,
    ClosureReason.TRANSFERRED: CaseStatus.CLOSED_REFERRED,
    ClosureReason.NO_LONGER_WANTS_SERVICES: CaseStatus.CLOSED,
    ClosureReason.LOST_CONTACT: CaseStatus.CLOSED,
    ClosureReason.DECEASED: CaseStatus.CLOSED,
    ClosureReason.DUPLICATE: CaseStatus.CLOSED,
    ClosureReason.OTHER: CaseStatus.CLOSED,
}


class RepatriationStage(models.TextChoices):
    """Stages of return, named in IOM's assisted-return terms; the workflow moves between them."""

    IDENTIFIED = "identified", _("Identified")
    VERIFICATION_REQUESTED = "verification_requested", _("Nationality verification requested")
    NATIONALITY_VERIFIED = "nationality_verified", _("Nationality verified")
    TRAVEL_DOCUMENT_REQUESTED = "travel_document_requested", _("Travel document requested")
    TRAVEL_DOCUMENT_ISSUED = "travel_document_issued", _("Travel document issued")
    EXIT_CLEARANCE = "exit_clearance", _("Exit clearance")
    DEPARTURE_SCHEDULED = "departure_scheduled", _("Departure scheduled")
    DEPARTED = "departed", _("Departed")
    RECEIVED = "received", _("Received in home country")
    REINTEGRATION = "reintegration", _("Reintegration follow-up")
    ON_HOLD = "on_hold", _("On hold")
    DECLINED = "declined", _("Declined (stays or seeks protection)")
    LEGAL_PROCEEDINGS = "legal_proceedings", _("Legal proceedings")


def new_case_reference() -> str:
    """Return a short random case reference: no sequence to contend for during a surge, no personal data."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread over a phone
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


# The access policy (cases.access) plugs its rules in here when it is imported, from
# CasesConfig.ready: the models never import the policy, so that the policy may import them.
_SCOPES: dict[str, Callable[..., "CaseQuerySet"]] = {}


def case_scopes_register(
    *,
    visible: Callable[..., "CaseQuerySet"],
    countable: Callable[..., "CaseQuerySet"],
    exportable: Callable[..., "CaseQuerySet"],
) -> None:
    """Let the access policy decide which cases a user reads, counts and exports."""
    _SCOPES.update(visible=visible, countable=countable, exportable=exportable)


def _scope(name: str) -> Callable[..., "CaseQuerySet"]:
    try:
        return _SCOPES[name]
    except KeyError:
        raise ImproperlyConfigured("cases.access registers the case scopes: is the app installed?") from None


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Filter the cases whose records `user` may read (the rule lives in cases.access)."""
        return _scope("visible")(self, user)

    def countable_by(self, user) -> "CaseQuerySet":
        """Filter the cases `user` may count in aggregates (coordinators: every case)."""
        return _scope("countable")(self, user)

    def exportable_by(self, user, *, export: str) -> "CaseQuerySet":
        """Filter the cases `user` may put in the case-level file `export` (visible and consented)."""
        return _scope("exportable")(self, user, export=export)


class Case(models.Model):
    """The work on one person's record: exactly one per person."""

    reference = models.CharField(_("reference"), max_length=24, unique=True, default=new_case_reference)
    person = models.OneToOneField("intake.Person", on_delete=models.PROTECT, related_name="case")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=40, choices=ClosureReason.choices, blank=True
    )
    # Free text about the person (where they went, what happened): encrypted at rest, never exported.
    closure_note = EncryptedTextField(_("note on closing"), max_length=500, blank=True)
    current_site = models.ForeignKey(
        Site,
        verbose_name=_("where the person is"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    repatriation_stage = models.CharField(
        _("repatriation stage"),
        max_length=32,
        choices=RepatriationStage.choices,
        default=RepatriationStage.IDENTIFIED,
    )
    repatriation_stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now)
    # Free text about the person (a trial, an illness): encrypted at rest, as the narrative is.
    repatriation_hold_reason = EncryptedTextField(_("reason on hold"), max_length=200, blank=True)
    # Set when retention anonymised the person's record: what identified them is gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_at"]),
            # Counts of a filtered case list read the index alone (an index-only scan), not the table.
            models.Index(fields=["organisation", "status", "person"], name="case_org_status_person_idx"),
            models.Index(fields=["repatriation_stage", "repatriation_stage_since"]),
            models.Index(fields=["caseworker", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CLOSED_STATUSES, closed_at__isnull=False)
                | (~Q(status__in=CLOSED_STATUSES) & Q(closed_at__isnull=True)),
                name="case_closed_at_iff_closed",
                violation_error_message=_(
                    "A closed case needs a closing date, and only a closed case has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="case_closed_after_opened",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            # A case closed before reasons were recorded has none; an open case holds no closure.
            models.CheckConstraint(
                condition=Q(status__in=CLOSED_STATUSES)
                | Q(closure_reason="", closure_note="", closed_by__isnull=True),
                name="case_closure_only_when_closed",
                violation_error_message=_("Only a closed case has a reason for closing."),
            ),
            models.CheckConstraint(
                condition=Q(closure_reason="")
                | Q(
                    status=CaseStatus.CLOSED_REFERRED,
                    closure_reason__in=[
                        r for r, s in CLOSURE_STATUS.items() if s == CaseStatus.CLOSED_REFERRED
                    ],
                )
                | Q(
                    status=CaseStatus.CLOSED,
                    closure_reason__in=[r for r, s in CLOSURE_STATUS.items() if s == CaseStatus.CLOSED],
                ),
                name="case_closure_reason_fits_status",
                violation_error_message=_("The reason for closing does not fit the case's status."),
            ),
            models.CheckConstraint(
                condition=Q(repatriation_stage="on_hold") | Q(repatriation_hold_reason=""),
                name="case_hold_reason_only_on_hold",
                violation_error_message=_("Only a case on hold has a reason for the hold."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    # The names of the status and stage, from their vocabularies: get_status_display() rebuilds
    # the field's choices on each call, which fifty rows of a list notice.
    @property
    def status_label(self) -> str:
        return CaseStatus(self.status).label

    @property
    def stage_label(self) -> str:
        return RepatriationStage(self.repatriation_stage).label

    @property
    def closure_reason_label(self) -> str:
        return ClosureReason(self.closure_reason).label if self.closure_reason else ""


class CaseEvent(models.Model):
    """Something done on a case: who, what, when. Written in the transaction of the change it records."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        ASSIGNED = "assigned", _("Caseworker assigned")
        STATUS_CHANGED = "status_changed", _("Status changed")
        NOTE = "note", _("Note")
        RECORD_UPDATED = "record_updated", _("Record updated")
        CONSENT_CHANGED = "consent_changed", _("Consent changed")
        REPATRIATION = "repatriation", _("Repatriation stage changed")
        REFERRAL = "referral", _("Referral")
        IMPORTED = "imported", _("Imported from an HTCDS file")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = EncryptedTextField(_("note"), blank=True)  # free text about the person: encrypted at rest
    # Non-identifying facts about the change (old and new status, stage); never survivor data.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case event")
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def status_change_text(self) -> str:
        """A status change as read on the timeline: the new status, and the reason for closing."""
        if self.kind != self.Kind.STATUS_CHANGED or self.data.get("to") not in CaseStatus.values:
            return ""
        text = str(CaseStatus(self.data["to"]).label)
        if self.data.get("reason") in ClosureReason.values:
            text = f"{text} · {ClosureReason(self.data['reason']).label}"
        return text
