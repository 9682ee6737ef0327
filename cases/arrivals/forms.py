"""Forms of surge registration: the shared context of a batch, and one arrival."""

import datetime

from crispy_forms.layout import Field, Fieldset
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Site
from intake.form_layout import inline_helper, row
from intake.models import ArrivalGroup, Compound, Language
from intake.phones import PhoneField
from intake.vocabularies import CrossingMeans, DocumentType, Gender, country_choices_or_none

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The date of birth is typed, not picked: a date picker's day, month and year take a Tab
# each, and a fast typist leaves the field with one. Any of these forms is read.
TYPED_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %m %Y", "%d/%m/%y"]
TYPED_DATE = forms.DateInput(
    attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": _("dd/mm/yyyy")}, format="%d/%m/%Y"
)
SEARCHABLE = {"data-searchable": ""}


class RegistrationContextForm(forms.Form):
    """What a batch of arrivals shares: where they are, when they arrived, the crossing."""

    site = forms.ModelChoiceField(
        label=_("Where they are now"), queryset=Site.objects.filter(is_active=True), empty_label=None
    )
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DATE, initial=timezone.localdate)
    group = forms.ModelChoiceField(
        label=_("Crossing group"),
        queryset=ArrivalGroup.objects.none(),
        required=False,
        empty_label=_("— none, or a new crossing described below —"),
        help_text=_("Arrivals from one crossing share its date, place, means and origin."),
    )
    crossed_on = forms.DateField(label=_("Crossed on"), widget=DATE, required=False)
    crossing_point = forms.CharField(label=_("Crossing point"), max_length=120, required=False)
    means = forms.ChoiceField(
        label=_("How they crossed"), choices=[("", "—"), *CrossingMeans.choices], required=False
    )
    came_from = forms.ModelChoiceField(
        label=_("Came from"),
        queryset=Compound.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs=SEARCHABLE),
        help_text=_("The compound they left. May be given alone, without a crossing."),
    )
    country = forms.ChoiceField(
        label=_("Nationality of most"),
        choices=country_choices_or_none,
        required=False,
        widget=forms.Select(attrs=SEARCHABLE),
        help_text=_("Each arrival starts with it, and can change it."),
    )
    primary_language = forms.ModelChoiceField(
        label=_("Language of most"),
        queryset=Language.objects.none(),
        required=False,
        widget=forms.Select(attrs=SEARCHABLE),
        help_text=_("Each arrival starts with it, and can change it."),
    )

    CROSSING = ("crossed_on", "crossing_point", "means")

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate() - datetime.timedelta(days=30)
        groups = ArrivalGroup.objects.none() if groups is None else groups
        self.fields["group"].queryset = (
            groups.filter(
                Q(crossed_on__gte=recent) | Q(crossed_on__isnull=True, created_at__date__gte=recent)
            )
            .select_related("came_from")
            .order_by("-crossed_on", "-id")
        )
        self.fields["primary_language"].queryset = Language.objects.offered()
        self.helper = inline_helper(
            row("site", "arrived_on"),
            "group",
            Fieldset(
                _("A new crossing"),
                row("crossed_on", "crossing_point", "means", "came_from"),
            ),
            Fieldset(
                _("What most of them share"),
                row("country", "primary_language"),
            ),
        )

    def clean(self):
        data = super().clean()
        crossing = [data.get(name) for name in self.CROSSING]
        if any(crossing):
            if data.get("group"):
                self.add_error("group", _("Choose a crossing group or describe a new crossing, not both."))
            for name in ("crossed_on", "crossing_point"):
                if not data.get(name):
                    self.add_error(name, _("Needed to describe the crossing."))
        for name in ("arrived_on", "crossed_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("This date is in the future."))
        return data

    @property
    def describes_new_group(self) -> bool:
        """A crossing, or only where they came from, typed here rather than picked from the list."""
        data = self.cleaned_data
        return not data.get("group") and any(data.get(name) for name in (*self.CROSSING, "came_from"))


class RegistrationForm(forms.Form):
    """One arrival, in under a minute: names, age, nationality, language, urgent needs."""

    given_name = forms.CharField(label=_("Given name (as spoken)"), max_length=100)
    family_name = forms.CharField(
        label=_("Family name (as spoken)"), max_length=100, required=False, help_text=_("Empty if none.")
    )
    given_name_native = forms.CharField(label=_("Given name in own script"), max_length=100, required=False)
    family_name_native = forms.CharField(label=_("Family name in own script"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=TYPED_DATE,
        input_formats=TYPED_DATE_FORMATS,
        required=False,
        help_text=_("Day/month/year, e.g. 15/03/1998."),
    )
    approximate_age = forms.IntegerField(
        label=_("Or approximate age"), min_value=0, max_value=100, required=False, help_text=_("In years.")
    )
    country = forms.ChoiceField(
        label=_("Nationality (as claimed)"),
        choices=country_choices_or_none,
        widget=forms.Select(attrs=SEARCHABLE),
    )
    document_type = forms.ChoiceField(
        label=_("Identity document"), choices=DocumentType.choices, initial="none"
    )
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    primary_language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.none(),
        required=False,
        widget=forms.Select(attrs=SEARCHABLE),
    )
    phone = PhoneField(label=_("Phone"))
    came_from = forms.ModelChoiceField(
        label=_("Came from (compound)"),
        queryset=Compound.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs=SEARCHABLE),
    )
    needs_medical_care = forms.BooleanField(label=_("Needs medical care"), required=False)
    protection_risk = forms.BooleanField(label=_("Protection risk"), required=False)
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)

    def __init__(self, *args, batch: dict | None = None, **kwargs):
        batch = batch or {}
        initial = kwargs.setdefault("initial", {})
        for name in ("country", "primary_language", "came_from"):
            if batch.get(name):
                initial.setdefault(name, batch[name])
        super().__init__(*args, **kwargs)
        self.fields["primary_language"].queryset = Language.objects.offered()
        # A number typed without its country code is read as one of the nationality given.
        self.fields["phone"].default_region = (
            self.data.get(self.add_prefix("country")) if self.is_bound else initial.get("country")
        ) or ""
        self.helper = inline_helper(
            Fieldset(
                _("Name"),
                row(
                    Field("given_name", autofocus=True),
                    "family_name",
                    "given_name_native",
                    "family_name_native",
                ),
            ),
            row("gender", "date_of_birth", "approximate_age", "primary_language"),
            row("country", "document_type", "document_number", "phone"),
            row("came_from"),
            Fieldset(_("Urgent needs"), "needs_medical_care", "protection_risk", "unaccompanied_minor"),
        )

    def clean(self):
        data = super().clean()
        dob, age = data.get("date_of_birth"), data.get("approximate_age")
        if dob and age is not None:
            self.add_error("approximate_age", _("Give a date of birth or an approximate age, not both."))
        if dob and dob > timezone.localdate():
            self.add_error("date_of_birth", _("This date is in the future."))
        if dob and dob.year < 1900:
            self.add_error("date_of_birth", _("Give a year after 1900."))
        return data

    @property
    def birth_year_estimated(self) -> int | None:
        age = self.cleaned_data.get("approximate_age")
        return None if age is None else timezone.localdate().year - age
