"""Reference vocabularies that administrators maintain: seeded by migrations, editable in the admin."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from intake.term_labels import vocabulary_label


class LanguageQuerySet(models.QuerySet):
    def offered(self, *including) -> "LanguageQuerySet":
        """Filter the languages forms offer, plus any given (a record's current ones)."""
        ids = [getattr(lang, "pk", lang) for lang in including if lang]
        return self.filter(models.Q(is_offered=True) | models.Q(pk__in=ids))


class Language(models.Model):
    """An ISO 639-3 living language (seeded from pycountry)."""

    code = models.CharField(_("ISO 639-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Forms list only the languages offered (those of the caseload), not all 7,000.
    is_offered = models.BooleanField(_("offered on forms"), default=False)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")

    def __str__(self) -> str:
        # The ISO 639 name in the reader's language, from the names generated out of pycountry's
        # catalogues (config/i18n/locale, `make messages`); the English name where there is none.
        return gettext(self.name)


class Term(models.Model):
    """An entry of an editable vocabulary; `htcds_value` says how it is exported."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=120)
    htcds_value = models.CharField(
        _("HTCDS value"),
        max_length=60,
        blank=True,
        help_text=_("The HTCDS 2.0 value this term is exported as; empty exports it as Other."),
    )
    is_active = models.BooleanField(_("offered on forms"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        # In the reader's language when the label is a seeded one (intake/term_labels.py).
        return vocabulary_label(self.label)


class RecruitmentChannel(Term):
    """How the person was recruited (HTCDS vic_MethodOfRecruitment, plus agents and agencies)."""

    class Meta(Term.Meta):
        verbose_name = _("recruitment channel")


class ExploitationType(Term):
    """HTCDS vic_TypeOfExploitation, plus forced criminality (scams, fraud, gambling)."""

    class Meta(Term.Meta):
        verbose_name = _("type of exploitation")
        verbose_name_plural = _("types of exploitation")


class ControlMethod(Term):
    """HTCDS vic_MethodsOfControl, plus RestrictsMovement."""

    class Meta(Term.Meta):
        verbose_name = _("method of control")
        verbose_name_plural = _("methods of control")


class Compound(models.Model):
    """A known scam compound or exploitation site (KK Park, Shwe Kokko, ...)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    country = CountryField(_("country"))
    area = models.CharField(_("town or area"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("offered on forms"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("compound")

    def __str__(self) -> str:
        # A proper name shows as written; the seeded words ("Other or unknown site") translated.
        return vocabulary_label(self.name)
