"""Forms of surge registration: the shared context of a batch, and one arrival."""

import datetime

from crispy_forms.layout import Field, Fieldset
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Site
from intake.form_layout import inline_helper, row
from intake.models import ArrivalGroup, Compound, Language
from intake.vocabularies import E164_PHONE, CrossingMeans, DocumentType, Gender, country_choices_or_none

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
        label=_("Came from"), queryset=Compound.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate() - datetime.timedelta(days=30)
        self.fields["group"].queryset = ArrivalGroup.objects.filter(crossed_on__gte=recent).select_related(
            "came_from"
        )
        self.helper = inline_helper(
            row("site", "arrived_on"),
            "group",
            Fieldset(
                _("A new crossing"),
                row("crossed_on", "crossing_point", "means", "came_from"),
            ),
        )

    def clean(self):
        data = super().clean()
        new_group = [data.get(name) for name in ("crossed_on", "crossing_point", "means", "came_from")]
        if any(new_group):
            if data.get("group"):
                self.add_error("group", _("Choose a crossing group or describe a new crossing, not both."))
            for name in ("crossed_on", "crossing_point", "means"):
                if not data.get(name):
                    self.add_error(name, _("Needed to describe the crossing."))
        for name in ("arrived_on", "crossed_on"):
            if data.get(name) and data[name] > timezone.localdate():
                self.add_error(name, _("This date is in the future."))
        return data


class RegistrationForm(forms.Form):
    """One arrival, in under a minute: names, age, nationality, language, urgent needs."""

    given_name = forms.CharField(label=_("Given name (as spoken)"), max_length=100)
    family_name = forms.CharField(
        label=_("Family name (as spoken)"), max_length=100, required=False, help_text=_("Empty if none.")
    )
    given_name_native = forms.CharField(label=_("Given name in own script"), max_length=100, required=False)
    family_name_native = forms.CharField(label=_("Family name in own script"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE, required=False)
    approximate_age = forms.IntegerField(
        label=_("Or approximate age"), min_value=0, max_value=100, required=False, help_text=_("In years.")
    )
    country = forms.ChoiceField(
        label=_("Nationality (as claimed)"),
        choices=country_choices_or_none,
        widget=forms.Select(attrs={"data-searchable": ""}),
    )
    document_type = forms.ChoiceField(
        label=_("Identity document"), choices=DocumentType.choices, initial="none"
    )
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    primary_language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False, validators=[E164_PHONE])
    needs_medical_care = forms.BooleanField(label=_("Needs medical care"), required=False)
    protection_risk = forms.BooleanField(label=_("Protection risk"), required=False)
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_language"].queryset = Language.objects.offered()
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
