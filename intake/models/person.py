"""Who the person is: names, age, nationalities and documents, languages, arrival."""

import datetime
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from intake.encryption import EncryptedTextField
from intake.matching import document_index, phone_index
from intake.vocabularies import (
    E164_PHONE,
    CrossingMeans,
    DecisionMaker,
    DocumentCustody,
    DocumentType,
    Gender,
    TraffickingStatus,
)

ADULT_AGE = 18


def years_before(day: datetime.date, years: int) -> datetime.date:
    """Return the same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class ArrivalGroup(models.Model):
    """People who crossed together: the shared context a caseworker sets once for a batch."""

    # A group may be only "came from" a compound: the crossing's day, point and means unknown.
    crossed_on = models.DateField(_("crossed on"), null=True, blank=True)
    crossing_point = models.CharField(_("crossing point"), max_length=120, blank=True)
    means = models.CharField(_("how they crossed"), max_length=20, choices=CrossingMeans.choices, blank=True)
    came_from = models.ForeignKey(
        "intake.Compound",
        verbose_name=_("came from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrival_groups",
    )
    notes = EncryptedTextField(_("notes"), blank=True)  # free text about the people who crossed: encrypted
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-crossed_on", "-id"]
        verbose_name = _("arrival group")

    def __str__(self) -> str:
        parts = [
            date_format(self.crossed_on, "DATE_FORMAT") if self.crossed_on else "",
            self.crossing_point,
            _("from %(compound)s") % {"compound": self.came_from} if self.came_from_id else "",
        ]
        return " · ".join(str(part) for part in parts if part) or str(_("crossing of unknown day and place"))


def minor_condition(on: datetime.date, *, via: str = "") -> Q:
    """The condition "is, or may be, under 18 on `on`" (the rule of `Person.is_minor`), in a query.

    `via` reaches the person from another table ("person__" from a case), so that the rule is
    tested on the row already joined rather than through a subquery over every person.
    """
    return Q(**{f"{via}date_of_birth__gt": years_before(on, ADULT_AGE)}) | Q(
        **{f"{via}date_of_birth__isnull": True, f"{via}birth_year_estimated__gte": on.year - ADULT_AGE}
    )


def urgent_condition(*, via: str = "") -> Q:
    """The condition "has an urgent need seen at triage": medical care, a protection risk, or
    an unaccompanied minor (the three "Urgent needs" of registration), in a query.

    `via` reaches the person from another table ("person__" from a case), as for `minor_condition`.
    """
    return (
        Q(**{f"{via}needs_medical_care": True})
        | Q(**{f"{via}protection_risk": True})
        | Q(**{f"{via}unaccompanied_minor": True})
    )


def full_name(given_name: str, family_name: str) -> str:
    """A person's name as spoken, given name first (`Person.full_name`; rows read as values use it too)."""
    return " ".join(part for part in (given_name, family_name) if part)


# Scripts whose names are written family name first (Chinese, Japanese, Korean, Khmer); any
# other script (Devanagari, Thai, Latin, Arabic, Myanmar, ...) writes the given name first.
_FAMILY_FIRST_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL", "KHMER")
# Vietnamese is written in Latin letters; these letters are its own, so they tell it apart.
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}


def _family_name_first(text: str) -> bool:
    """Whether a name in this script is written family name first (from its first letters)."""
    for char in text:
        if char in _VIETNAMESE_LETTERS:
            return True
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith(_FAMILY_FIRST_SCRIPTS):
                return True
    return False


def native_name(given_name_native: str, family_name_native: str) -> str:
    """A person's name in their own script, in that script's order (`Person.native_name`).

    Chinese, Japanese, Korean, Khmer and Vietnamese put the family name first ("王伟",
    "Nguyễn Văn An"); Hindi, Thai and the others the given name first ("राहुल वर्मा").
    Chinese and Japanese names are written without a space between the parts.
    """
    parts = [part for part in (given_name_native, family_name_native) if part]
    if not _family_name_first("".join(parts)):
        return " ".join(parts)
    ordered = [part for part in (family_name_native, given_name_native) if part]
    no_space = all(_unspaced(part) for part in ordered)
    return ("" if no_space else " ").join(ordered)


def _unspaced(text: str) -> bool:
    """Whether the name is in Chinese characters or Japanese kana, written without spaces."""
    return all(
        unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA"))
        for char in text
        if char.isalpha()
    )


class PersonQuerySet(models.QuerySet):
    def minors(self, on: datetime.date | None = None) -> "PersonQuerySet":
        """Filter persons who are, or may be, under 18 on `on` (the same rule as `Person.is_minor`)."""
        return self.filter(minor_condition(on or timezone.localdate()))


class Person(models.Model):
    """A survivor, as they told us who they are."""

    given_name = models.CharField(_("given name (as spoken)"), max_length=100)
    family_name = models.CharField(_("family name (as spoken)"), max_length=100, blank=True)
    given_name_native = models.CharField(_("given name in own script"), max_length=100, blank=True)
    family_name_native = models.CharField(_("family name in own script"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=24, choices=Gender.choices, default=Gender.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year_estimated = models.PositiveSmallIntegerField(
        _("estimated birth year"),
        null=True,
        blank=True,
        help_text=_("When the date of birth is unknown."),
    )
    primary_language = models.ForeignKey(
        "intake.Language",
        verbose_name=_("primary language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    other_languages = models.ManyToManyField(
        "intake.Language", verbose_name=_("other languages"), blank=True, related_name="+"
    )
    phone = EncryptedTextField(_("phone"), max_length=16, blank=True, validators=[E164_PHONE])
    # Keyed digest of the phone's last 8 digits, to find the person by phone without decrypting.
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    trafficking_status = models.CharField(
        _("trafficking status"),
        max_length=32,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.POSSIBLE,
    )
    trafficking_status_decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=DecisionMaker.choices, blank=True
    )
    arrived_on = models.DateField(_("arrived on"), default=timezone.localdate)
    arrival_group = models.ForeignKey(
        ArrivalGroup,
        verbose_name=_("arrival group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
    )
    # Urgent needs seen at triage; the full needs assessment is part of the interview.
    needs_medical_care = models.BooleanField(_("needs medical care"), default=False)
    protection_risk = models.BooleanField(_("protection risk"), default=False)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    # Metaphone codes of every name and alias, between spaces, for spelling-tolerant search
    # (" MHMT KN "); derived by intake.services, never typed.
    name_phonetic = models.CharField(max_length=400, blank=True, editable=False)
    # Raised by every save of the record, so that a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["name_phonetic", "phone_index"])

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["arrived_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(birth_year_estimated__isnull=True),
                name="person_dob_or_estimated_year",
                violation_error_message=_("Give a date of birth or an estimated birth year, not both."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year_estimated__isnull=True)
                | Q(birth_year_estimated__gte=1900, birth_year_estimated__lte=2100),
                name="person_birth_year_plausible",
                violation_error_message=_("The estimated birth year is not plausible."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_blind_indexes()
        if kwargs.get("update_fields") is not None and "phone" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_index"}
        super().save(*args, **kwargs)

    def refresh_blind_indexes(self) -> None:
        """Recompute the digests that find this person by phone (bulk writes must call it)."""
        self.phone_index = phone_index(self.phone)

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def native_name(self) -> str:
        return native_name(self.given_name_native, self.family_name_native)

    def youngest_possible_age(self, on: datetime.date | None = None) -> int | None:
        """Return the age, or with only a birth year the youngest age it allows; None if unknown."""
        on = on or timezone.localdate()
        if self.date_of_birth:
            dob = self.date_of_birth
            return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
        if self.birth_year_estimated:
            return max(on.year - self.birth_year_estimated - 1, 0)
        return None

    @property
    def birth_year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year_estimated

    @property
    def is_minor(self) -> bool:
        """Whether the person is, or may be, under 18: when in doubt, a child's procedures apply."""
        age = self.youngest_possible_age()
        return age is not None and age < ADULT_AGE


class Alias(models.Model):
    """Another name the person is known by (a nickname, a compound name, another spelling)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="alias_unique_per_person")]

    def __str__(self) -> str:
        return self.name


class Nationality(models.Model):
    """A nationality the person claims, with the identity document for it and who holds it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities")
    country = CountryField(_("country"))
    is_primary = models.BooleanField(_("primary nationality"), default=False)
    document_type = models.CharField(
        _("identity document"), max_length=24, choices=DocumentType.choices, default=DocumentType.NONE
    )
    document_number = EncryptedTextField(_("document number"), max_length=40, blank=True)
    # Keyed digest of the normalised number, to find the document without decrypting it.
    document_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    document_custody = models.CharField(
        _("document custody"), max_length=24, choices=DocumentCustody.choices, default=DocumentCustody.UNKNOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["document_number_index"])

    class Meta:
        ordering = ["-is_primary", "country"]
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        indexes = [models.Index(fields=["country", "person"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "country"],
                name="nationality_once_per_person",
                violation_error_message=_("This nationality is already recorded for the person."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_primary=True),
                name="nationality_one_primary_per_person",
                violation_error_message=_("The person already has a primary nationality."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.country.name)

    def save(self, *args, **kwargs):
        self.refresh_blind_indexes()
        if kwargs.get("update_fields") is not None and "document_number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "document_number_index"}
        super().save(*args, **kwargs)

    def refresh_blind_indexes(self) -> None:
        """Recompute the digest that finds this document (bulk writes must call it)."""
        self.document_number_index = document_index(self.document_number)


class MatchKey(models.Model):
    """A keyed digest of one of the person's identifiers (name and birth year, document, phone).

    Duplicate checks compare digests, so that a record of another organisation can be found
    without reading its plaintext. Rebuilt by intake.services whenever the identity changes.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    kind = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "digest"], name="match_key_once")]

    def __str__(self) -> str:
        return self.kind
