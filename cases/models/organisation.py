"""Organisations, their sites, and the staff profile that gives each user one role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from intake.vocabularies import E164_PHONE


class OrganisationType(models.TextChoices):
    """HTCDS org_Type."""

    NGO = "NGO", _("NGO")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH = "HealthServiceOrganisation", _("Health service")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government (embassy, ministry)")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government")
    IMMIGRATION = "ImmigrationService", _("Immigration service")
    LEGAL = "LegalService", _("Legal service")
    BUSINESS = "CorporateBusiness", _("Corporate business")
    EDUCATION = "SchoolOrCollege", _("School or college")


class Organisation(models.Model):
    """An organisation whose staff use the system: an NGO, a shelter, an embassy, a task force."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = CountryField(_("country where based"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[E164_PHONE])
    represents_country = CountryField(
        _("serves nationals of"),
        blank=True,
        help_text=_("For an embassy or consulate: the country whose nationals its liaisons serve."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    LIAISON = "liaison", _("Embassy liaison")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class StaffProfile(models.Model):
    """A user's organisation and their one role in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("staff profile")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        # A liaison's scope is their embassy's country: without one they would see nothing.
        if self.role == Role.LIAISON and self.organisation_id and not self.organisation.represents_country:
            raise ValidationError(
                {
                    "organisation": _(
                        "An embassy liaison must belong to an organisation that serves a country."
                    )
                }
            )

    @property
    def served_country(self) -> str:
        """The country code whose nationals a liaison serves; empty for other roles."""
        return self.organisation.represents_country.code if self.role == Role.LIAISON else ""


class Site(models.Model):
    """A place where survivors are: a reception point, a shelter, a hospital."""

    class Kind(models.TextChoices):
        RECEPTION_POINT = "reception_point", _("Reception point")
        SHELTER = "shelter", _("Shelter")
        HOSPITAL = "hospital", _("Hospital")
        IMMIGRATION_FACILITY = "immigration_facility", _("Immigration facility")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    town = models.CharField(_("town"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="sites"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")

    def __str__(self) -> str:
        return self.name
