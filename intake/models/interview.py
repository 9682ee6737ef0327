"""What the person told us and what they agreed to: interviews and consent."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.encryption import EncryptedTextField
from intake.vocabularies import ConsentMethod, ConsentScope


class Interview(models.Model):
    """A survivor interview: when, where, by whom, through which interpreter, and the narrative."""

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("date"))
    # Free text that can name a shelter, a person, a family: encrypted at rest, as the narrative.
    place = EncryptedTextField(_("place"), max_length=200)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    interpreter = EncryptedTextField(_("interpreter"), max_length=200, blank=True)
    language = models.ForeignKey(
        "intake.Language", verbose_name=_("language"), on_delete=models.PROTECT, null=True, blank=True
    )
    narrative = EncryptedTextField(_("narrative"), blank=True)
    # The interview steps saved so far (intake.interview_steps names them), to resume where it stopped.
    completed_steps = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["completed_steps"])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("interview")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} · {self.place}"


class ConsentQuerySet(models.QuerySet):
    def in_force(self) -> "ConsentQuerySet":
        """Filter consents given and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One scope the survivor agreed to. Withdrawal sets `withdrawn_at`; no row is ever deleted."""

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=24, choices=ConsentScope.choices)
    given_at = models.DateTimeField(_("given at"))
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    language = models.ForeignKey(
        "intake.Language", verbose_name=_("language"), on_delete=models.PROTECT, null=True, blank=True
    )
    # The interpreter's name or organisation, when one read the texts to the person.
    interpreter = EncryptedTextField(_("interpreter"), max_length=200, blank=True)
    read_by_interpreter = models.BooleanField(_("read by an interpreter"), default=False)
    # The exact words read before this consent (a version never changes; a new one is added).
    text_version = models.ForeignKey(
        "survivor_texts.TextVersion",
        verbose_name=_("text read"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "scope", "-given_at"]
        verbose_name = _("consent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scope"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force_per_scope",
                violation_error_message=_("This consent is already in force."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_scope_display()

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None
