"""The words read to a survivor before they consent, in their language, kept version by version.

A version's words never change once saved: replacing a text saves a new version, and a consent
keeps pointing to the version that was read. Reviewing a version records who and when only.
"""

from functools import cache

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from intake.consent_texts import CONSENT_PREFIX, EMBASSY_SHARING, RIGHTS, consent_kind  # noqa: F401

# Kinds: consent.<scope>, rights, embassy_sharing (named in intake.consent_texts, which the
# consent step reads), and the printed sheet's labels, texts too: label.<name>.
LABEL_PREFIX = "label."
# The labels of the printed sheet, in the order the drafts list them.
LABELS = (
    "sheet_title",
    "consent_heading",
    "agree",
    "do_not_agree",
    "signature",
    "date",
    "interpreter",
    "draft_notice",
)
SOURCE_LANGUAGE = "eng"  # the language the drafts are translated from


def label_kind(name: str) -> str:
    return f"{LABEL_PREFIX}{name}"


def validate_kind(value: str) -> None:
    """A kind names consent to a scope, the rights, the embassy's meaning, or a sheet label."""
    scope_or_label = value.removeprefix(CONSENT_PREFIX).removeprefix(LABEL_PREFIX)
    known = value in (RIGHTS, EMBASSY_SHARING) or (
        value != scope_or_label and scope_or_label.replace("_", "").isalnum() and scope_or_label.islower()
    )
    if not known:
        raise ValidationError(
            _('Write "consent.<scope>", "rights", "embassy_sharing" or "label.<name>", in small letters.')
        )


class Direction(models.TextChoices):
    LTR = "ltr", _("Left to right")
    RTL = "rtl", _("Right to left")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft translation, not reviewed")
    REVIEWED = "reviewed", _("Reviewed by a qualified translator")


class TextVersionQuerySet(models.QuerySet):
    def current(self) -> "TextVersionQuerySet":
        """Filter the latest version of each (kind, language): the one read from now on."""
        latest = (
            TextVersion.objects.filter(kind=models.OuterRef("kind"), language=models.OuterRef("language"))
            .order_by("-version")
            .values("version")[:1]
        )
        return self.filter(version=models.Subquery(latest))


class TextVersion(models.Model):
    """One version of one survivor-facing text in one language."""

    kind = models.CharField(_("text"), max_length=64, validators=[validate_kind])
    language = models.ForeignKey(
        "intake.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("words"), blank=True)
    direction = models.CharField(
        _("writing direction"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    status = models.CharField(
        _("review status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # The language the others are translated from: not reviewed either, but not a translation.
    is_source = models.BooleanField(_("source text"), default=False, editable=False)
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The translator's name and qualification, or their organisation."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Why this version was written, where from."))

    objects = TextVersionQuerySet.as_manager()

    class Meta:
        ordering = ["language__name", "kind", "-version"]
        verbose_name = _("survivor-facing text")
        verbose_name_plural = _("survivor-facing texts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "version"], name="survivor_text_one_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | ~models.Q(reviewed_by=""),
                name="survivor_text_reviewed_says_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.language_id and self.language.code} · v{self.version}"

    WORDS = ("kind", "language", "title", "body", "direction")

    def save(self, *args, **kwargs):
        # The words of a saved version never change: a consent may point to them.
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or set(update_fields) & set(self.WORDS)):
            raise ValueError("A saved text version's words are not changed: save a new version instead.")
        if self.version is None:
            self.version = next_version_number(kind=self.kind, language_id=self.language_id)
        super().save(*args, **kwargs)

    @property
    def lang(self) -> str:
        """The HTML lang attribute of these words ("hi", "th"; a three-letter code if no other)."""
        return html_lang(self.language.code)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


@cache
def html_lang(code: str) -> str:
    """The HTML lang of an ISO 639-3 code: its two-letter code where it has one ("hin" is "hi")."""
    entry = pycountry.languages.get(alpha_3=code)
    return getattr(entry, "alpha_2", None) or code


def next_version_number(*, kind: str, language_id: int) -> int:
    latest = TextVersion.objects.filter(kind=kind, language_id=language_id).aggregate(n=Max("version"))["n"]
    return (latest or 0) + 1
