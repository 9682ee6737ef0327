"""Forms of the survivor interview, one or more per step, each with its crispy layout.

Every form lists its fields explicitly: a new field on a survivor model must not become
editable by accident. Rules the database enforces are also checked here, so that the
message stands beside the field it concerns.
"""

import datetime

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.layout import HTML, Div, Field, Fieldset
from django import forms
from django.forms import inlineformset_factory
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from intake import consent_texts
from intake.form_layout import inline_helper, row
from intake.ids import RecordIdsField
from intake.models import (
    Debt,
    Exploitation,
    IndicatorObservation,
    Interview,
    Language,
    Nationality,
    Person,
    Recruitment,
    chain_control_methods,
)
from intake.money import plain_amount
from intake.phones import PhoneField
from intake.vocabularies import (
    ConsentMethod,
    ConsentScope,
    DebtKind,
    ForcedLabourIndicator,
    SexExploitationType,
    currency_choices,
    indicators_shown_by,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEARCHABLE = {"data-searchable": ""}  # long lists become type-to-search (cases/static/cases/forms.js)


def _not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


def _amount_as_written(form: forms.ModelForm, name: str) -> None:
    """Show a saved amount as it was typed ("80000", not "80000.000000")."""
    value = form.initial.get(name)
    if value is not None:
        form.initial[name] = plain_amount(value)


class RecordForm(forms.ModelForm):
    """A form on part of the record: keeps the values it was opened with, to show what changed meanwhile."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True


class InterviewDetailsForm(RecordForm):
    class Meta:
        model = Interview
        fields = ["held_on", "place", "interpreter", "language", "narrative"]
        widgets = {
            "held_on": DATE,
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "language": forms.Select(attrs=SEARCHABLE),
        }
        help_texts = {
            "interpreter": _("Name of the interpreter, if one helped."),
            "narrative": _("The person's account in their own words, as far as they wished to tell it."),
        }

    def __init__(self, *args, show_narrative: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.offered(self.instance.language_id)
        if not show_narrative:  # a recorded narrative is read only after a reason is given
            del self.fields["narrative"]
        self.helper = inline_helper(
            Div(Div("held_on", css_class="col-md-4"), Div("place", css_class="col-md-8"), css_class="row"),
            row("interpreter", "language"),
            *(["narrative"] if show_narrative else []),
        )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        _not_in_future(held_on)
        return held_on


class IdentityForm(RecordForm):
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        max_length=600,
        help_text=_(
            "Other names the person is known by, separated by commas (e.g. a name used in the compound)."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "given_name_native",
            "family_name_native",
            "gender",
            "date_of_birth",
            "birth_year_estimated",
            "primary_language",
            "other_languages",
            "phone",
        ]
        field_classes = {"other_languages": RecordIdsField, "phone": PhoneField}
        widgets = {
            "date_of_birth": DATE,
            "primary_language": forms.Select(attrs=SEARCHABLE),
            "other_languages": forms.SelectMultiple(attrs=SEARCHABLE),
        }
        help_texts = {
            "family_name": _("Leave empty if the person has none (many Burmese names have no family name)."),
            "phone": _("As the person gives it: +91 98765 43210, or the number at home."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance
        current = [
            person.primary_language_id,
            *(person.other_languages.values_list("pk", flat=True) if person.pk else []),
        ]
        self.fields["primary_language"].queryset = Language.objects.offered(*current)
        self.fields["other_languages"].queryset = Language.objects.offered(*current)
        if person.pk:  # a number written without its country code is one of the nationality's
            primary = person.nationalities.order_by("-is_primary", "id").first()
            self.fields["phone"].default_region = primary.country if primary else ""
        if person.pk:
            self.initial["aliases"] = ", ".join(person.aliases.values_list("name", flat=True))
        self.helper = inline_helper(
            Fieldset(
                _("Name as spoken"),
                row("given_name", "family_name"),
            ),
            Fieldset(
                _("Name in own script"),
                row("given_name_native", "family_name_native"),
                "aliases",
            ),
            Fieldset(
                _("Age and gender"),
                row("gender", "date_of_birth", "birth_year_estimated"),
            ),
            Fieldset(
                _("Languages and phone"),
                row("primary_language", "other_languages"),
                "phone",
            ),
        )

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        _not_in_future(value)
        return value

    def clean_birth_year_estimated(self):
        value = self.cleaned_data["birth_year_estimated"]
        if value is not None and not (1900 <= value <= timezone.localdate().year):
            raise forms.ValidationError(_("Give a year between 1900 and this year."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("date_of_birth") and data.get("birth_year_estimated"):
            self.add_error(
                "birth_year_estimated", _("Give either a date of birth or an estimated year, not both.")
            )
        return data

    def cleaned_aliases(self) -> list[str]:
        seen: dict[str, None] = {}
        for alias in self.cleaned_data.get("aliases", "").split(","):
            if alias.strip():
                seen.setdefault(alias.strip()[:200], None)
        return list(seen)


class NationalityForm(forms.ModelForm):
    class Meta:
        model = Nationality
        fields = ["country", "is_primary", "document_type", "document_number", "document_custody"]
        widgets = {"country": forms.Select(attrs=SEARCHABLE)}


class BaseNationalityFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for f in kept if f.cleaned_data.get("is_primary")) > 1:
            raise forms.ValidationError(_("Only one nationality can be the primary one."))
        countries_seen = [f.cleaned_data.get("country") for f in kept]
        if len(countries_seen) != len(set(countries_seen)):
            raise forms.ValidationError(_("Each nationality can be recorded once."))


NationalityFormSet = inlineformset_factory(
    Person, Nationality, form=NationalityForm, formset=BaseNationalityFormSet, extra=1, can_delete=True
)


class RecruitmentForm(RecordForm):
    promised_salary_currency = forms.ChoiceField(
        label=_("Salary currency"), required=False, choices=[("", "—")], widget=forms.Select(attrs=SEARCHABLE)
    )

    class Meta:
        model = Recruitment
        fields = [
            "channel",
            "platform",
            "relation_to_recruiter",
            "promised_job",
            "promised_employer",
            "promised_salary_amount",
            "promised_salary_currency",
            "recruited_on",
        ]
        widgets = {"recruited_on": DATE}
        help_texts = {"platform": _("Where the offer reached the person.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promised_salary_currency"].choices = [("", "—"), *currency_choices()]
        self.fields["channel"].queryset = self.fields["channel"].queryset.filter(is_active=True)
        self.fields["promised_salary_amount"].min_value = 0
        _amount_as_written(self, "promised_salary_amount")
        self.helper = inline_helper(
            row("channel", "platform"),
            row("relation_to_recruiter", "recruited_on"),
            Fieldset(
                _("What was promised"),
                row("promised_job", "promised_employer"),
                row("promised_salary_amount", "promised_salary_currency"),
            ),
        )

    def clean(self):
        data = super().clean()
        amount, currency = data.get("promised_salary_amount"), data.get("promised_salary_currency")
        if amount is not None and amount <= 0:
            self.add_error("promised_salary_amount", _("The promised salary must be more than zero."))
        elif amount is not None and not currency:
            self.add_error("promised_salary_currency", _("Give the currency of the salary."))
        elif currency and amount is None:
            self.add_error("promised_salary_amount", _("Give the amount, or leave the currency empty."))
        _not_in_future(data.get("recruited_on"))
        return data


class JourneyForm(RecordForm):
    class Meta:
        model = Recruitment
        fields = ["origin_place", "origin_country", "transit_countries", "crossing_point"]
        widgets = {
            "origin_country": forms.Select(attrs=SEARCHABLE),
            "transit_countries": forms.SelectMultiple(attrs=SEARCHABLE),
        }
        help_texts = {"transit_countries": _("Every country the person passed through.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_helper(
            row("origin_place", "origin_country"),
            "transit_countries",
            "crossing_point",
        )


class EpisodeForm(RecordForm):
    """One episode of the chain: where and how the person was exploited, and the sale that ended it."""

    sale_price_currency = forms.ChoiceField(
        label=_("Sale price currency"),
        required=False,
        choices=[("", "—")],
        widget=forms.Select(attrs=SEARCHABLE),
    )
    sex_exploitation_types = forms.MultipleChoiceField(
        label=_("Type of sexual exploitation"),
        required=False,
        choices=SexExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Exploitation
        fields = [
            "compound",
            "company",
            "country",
            "started_on",
            "ended_on",
            "hours_per_day",
            "types",
            "forced_labour_industry",
            "sex_exploitation_types",
            "methods_of_control",
            "sold_on",
            "sold_by",
            "sale_price_amount",
            "sale_price_currency",
        ]
        field_classes = {
            "types": RecordIdsField,
            "methods_of_control": RecordIdsField,
        }
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "country": forms.Select(attrs=SEARCHABLE),
            "types": forms.CheckboxSelectMultiple,
            "methods_of_control": forms.CheckboxSelectMultiple,
        }
        labels = {"sold_on": _("Sold on to another compound at the end of this episode")}
        help_texts = {
            "sold_on": _("The next episode is where the person was taken."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = self.fields["compound"].queryset.filter(is_active=True)
        self.fields["types"].queryset = self.fields["types"].queryset.filter(is_active=True)
        self.fields["methods_of_control"].queryset = self.fields["methods_of_control"].queryset.filter(
            is_active=True
        )
        self.fields["hours_per_day"].min_value = 1
        self.fields["hours_per_day"].max_value = 24
        self.fields["sale_price_currency"].choices = [("", "—"), *currency_choices()]
        self.fields["sale_price_amount"].min_value = None
        _amount_as_written(self, "sale_price_amount")
        self.helper = inline_helper(
            row("compound", "company", "country"),
            row("started_on", "ended_on", "hours_per_day"),
            Fieldset(_("Type of exploitation"), InlineCheckboxes("types")),
            row("forced_labour_industry"),
            InlineCheckboxes("sex_exploitation_types"),
            Fieldset(_("Methods of control"), InlineCheckboxes("methods_of_control")),
            Fieldset(
                _("The sale that ended this episode"),
                "sold_on",
                row("sold_by", "sale_price_amount", "sale_price_currency"),
            ),
        )

    def has_changed(self) -> bool:
        # A new episode's place in the chain is set when it is added: that alone is no answer,
        # so an episode added and left empty is not saved.
        changed = self.changed_data
        if self.instance.pk is None:
            changed = [name for name in changed if name != ORDERING_FIELD_NAME]
        return bool(changed)

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        _not_in_future(started)
        _not_in_future(ended)
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date is before the start date."))
        hours = data.get("hours_per_day")
        if hours is not None and not 1 <= hours <= 24:
            self.add_error("hours_per_day", _("Hours per day must be between 1 and 24."))
        amount, currency = data.get("sale_price_amount"), data.get("sale_price_currency")
        if amount is not None and amount <= 0:
            self.add_error("sale_price_amount", _("The sale price must be more than zero."))
        elif amount is not None and not currency:
            self.add_error("sale_price_currency", _("Give the currency of the sale price."))
        elif currency and amount is None:
            self.add_error("sale_price_amount", _("Give the price, or leave the currency empty."))
        if not data.get("sold_on") and (data.get("sold_by") or amount is not None):
            self.add_error("sold_on", _("Tick this to say who sold the person on, or for how much."))
        return data


def episode_label(episode: Exploitation) -> str:
    """An episode as a caseworker picks it: "2. KK Park (Myanmar), Mar 2025 to Jun 2025" (an en dash)."""
    place = str(episode.compound) if episode.compound_id else (episode.company or _("Unknown place"))
    country = episode.place_country
    if country:
        place = f"{place} ({country.name})"
    text = f"{episode.position + 1}. {place}"
    if episode.started_on or episode.ended_on:
        when = [
            formats.date_format(day, "YEAR_MONTH_FORMAT") if day else "?"
            for day in (episode.started_on, episode.ended_on)
        ]
        text += f", {when[0]} \u2013 {when[1]}"
    return text


class BaseEpisodeFormSet(forms.BaseInlineFormSet):
    """The person's chain of episodes, edited as one step: added, reordered, removed, then saved.

    Forms keep their index in the posted data for good (their hidden initial values, the
    ones a refused save is compared with, stay theirs); the chain's order is their hidden
    ORDER field, which the step's "move earlier/later" buttons rewrite
    (intake.interview_steps.episodes_rearrange).
    Removing is the DELETE checkbox: nothing is deleted until the step is saved.
    """

    ordering_widget = forms.HiddenInput
    step_template = "intake/includes/episodes.html"

    def get_queryset(self):
        return super().get_queryset().select_related("compound").order_by("position", "id")

    def forms_in_order(self) -> list:
        """Every form in the order the chain shows them (by ORDER, as posted or as stored)."""

        def order_of(indexed):
            index, form = indexed
            value = form[ORDERING_FIELD_NAME].value()
            try:
                return (int(value), index)
            except (TypeError, ValueError):
                return (len(self.forms) + 1 + index, index)

        ordered = sorted(enumerate(self.forms), key=order_of)
        for index, form in ordered:
            form.index_in_formset = index  # what the move buttons name
        return [form for _index, form in ordered]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django offers every episode as the hidden id: only this person's may be posted.
        form.fields[self._pk_field.name].queryset = self.get_queryset()
        if self.can_delete and DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Remove this episode when the step is saved")
            form.fields[DELETION_FIELD_NAME].help_text = _("Untick to keep it.")

    def kept_forms(self) -> list:
        """The forms saved as episodes, in the chain's order: not removed, and not left empty."""
        return [
            form
            for form in self.forms_in_order()
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms if not self._should_delete_form(form)):
            return
        kept = self.kept_forms()
        latest_start = None
        for form in kept:
            started = form.cleaned_data.get("started_on")
            if started and latest_start and started < latest_start:
                form.add_error(
                    "started_on",
                    _("This episode starts before the one before it (%(date)s): move it earlier.")
                    % {"date": formats.date_format(latest_start, "DATE_FORMAT")},
                )
            latest_start = started or latest_start
        # A sale is between two episodes: the last one cannot be sold on to nowhere. When the
        # buyer's compound is not known, the next episode says so ("Other or unknown site").
        if kept and kept[-1].cleaned_data.get("sold_on"):
            kept[-1].add_error(
                "sold_on",
                _(
                    "Sold on to where? Add the episode that followed "
                    '(its compound can be "Other or unknown site").'
                ),
            )


EpisodeFormSet = inlineformset_factory(
    Person,
    Exploitation,
    form=EpisodeForm,
    formset=BaseEpisodeFormSet,
    extra=0,
    can_delete=True,
    can_order=True,
)


class IndicatorsForm(forms.Form):
    """The ILO's eleven indicators of forced labour: a flag and notes each.

    The indicators the methods of control show are not asked again: they are ticked from the
    methods (intake.vocabularies.CONTROL_METHOD_INDICATORS), shown as derived, with notes
    still editable; the interviewer ticks only what else was observed.

    They are asked once for the whole story, not per episode: the ILO indicators say whether
    the person was in forced labour, which a survivor tells of their ordeal as a whole, and
    asking eleven flags again for every compound they were sold to would make the step
    longer than the story. They are derived from the methods of control of every episode
    together, and stored on the first episode (the chain's position 0) when the step is saved.
    """

    def __init__(self, *args, person: Person | None = None, episodes=None, **kwargs):
        observed, self.derived = {}, {}
        self.episodes = episodes  # the step's episode formset: the indicators need one kept
        if person is not None and person.pk:
            observed = {
                o.indicator: o.notes
                for o in IndicatorObservation.objects.filter(exploitation__person=person).order_by(
                    "exploitation__position", "id"
                )
            }
            self.derived = indicators_shown_by(chain_control_methods(person))
        initial = {}
        for indicator in ForcedLabourIndicator:
            initial[indicator.value] = indicator.value in observed or indicator.value in self.derived
            initial[f"{indicator.value}_notes"] = observed.get(indicator.value, "")
        super().__init__(*args, initial=initial, prefix="ilo", **kwargs)
        rows = []
        for indicator in ForcedLabourIndicator:
            flag = forms.BooleanField(label=indicator.label, required=False)
            if indicator.value in self.derived:
                flag.disabled = True
                flag.help_text = _("From the methods of control: %(methods)s") % {
                    "methods": ", ".join(self.derived[indicator.value])
                }
            self.fields[indicator.value] = flag
            self.fields[f"{indicator.value}_notes"] = forms.CharField(
                label=_("Notes"), required=False, max_length=2000, widget=forms.TextInput
            )
            rows.append(
                Div(
                    Div(Field(indicator.value), css_class="col-md-5"),
                    Div(
                        Field(f"{indicator.value}_notes", placeholder=_("What was observed")),
                        css_class="col-md-7",
                    ),
                    css_class="row align-items-center",
                )
            )
        self.helper = inline_helper(
            Fieldset(
                _("ILO indicators of forced labour"),
                HTML(
                    '<p class="small text-body-secondary">'
                    + str(
                        _(
                            "Those the methods of control show are ticked by themselves when you save. "
                            "Tick only what else was observed."
                        )
                    )
                    + "</p>"
                ),
                *rows,
            )
        )

    def clean(self):
        data = super().clean()
        episodes = self.episodes
        if episodes is None or not episodes.is_valid():
            return data
        asked = [
            name for name in ForcedLabourIndicator.values if data.get(name) and not self.fields[name].disabled
        ]
        if asked and not episodes.kept_forms():
            self.add_error(
                asked[0],
                _(
                    "The indicators are kept with the story's first episode: fill in at least its "
                    'compound (it can be "Other or unknown site"), or untick them.'
                ),
            )
        return data

    def observations(self, control_methods) -> dict[str, str]:
        """Return the indicators observed, with their notes: those ticked and those the methods show.

        `control_methods` are the methods being saved with these indicators, so a derived
        indicator follows them (one no longer shown is dropped, unless ticked afresh).
        """
        shown = indicators_shown_by(control_methods)
        return {
            indicator.value: self.cleaned_data.get(f"{indicator.value}_notes", "")
            for indicator in ForcedLabourIndicator
            if indicator.value in shown
            or (self.cleaned_data.get(indicator.value) and not self.fields[indicator.value].disabled)
        }


class DebtForm(forms.ModelForm):
    currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", "—")], widget=forms.Select(attrs=SEARCHABLE)
    )

    class Meta:
        model = Debt
        fields = [
            "kind",
            "exploitation",
            "amount",
            "currency",
            "crypto_asset",
            "imposed_by",
            "incurred_on",
            "is_paid",
            "paid_by",
            "paid_on",
        ]
        widgets = {"incurred_on": DATE, "paid_on": DATE}
        help_texts = {
            "exploitation": _(
                "Where it arose. A resale price belongs to the episode the person was sold into."
            )
        }

    def __init__(self, *args, episodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this person's episodes can be chosen: another's posted id is an invalid choice.
        field = self.fields["exploitation"]
        episodes = episodes if episodes is not None else Exploitation.objects.none()
        field.queryset = episodes
        # The same queryset comes to every form of the formset: read once, its rows name the choices.
        field.choices = [("", "—"), *((episode.pk, episode_label(episode)) for episode in episodes)]
        self.fields["currency"].choices = [("", "—"), *currency_choices()]
        self.fields["amount"].min_value = None
        _amount_as_written(self, "amount")

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("The amount must be more than zero."))
        currency, crypto = data.get("currency"), data.get("crypto_asset")
        if currency and crypto:
            self.add_error("crypto_asset", _("Give either a currency or a crypto asset, not both."))
        elif not currency and not crypto and "amount" in data:
            self.add_error("currency", _("Give the currency, or the crypto asset, of the amount."))
        if not data.get("is_paid"):
            if data.get("paid_on"):
                self.add_error("paid_on", _("Tick 'paid' to give a payment date."))
            if data.get("paid_by"):
                self.add_error("paid_by", _("Tick 'paid' to say who paid."))
        _not_in_future(data.get("paid_on"))
        _not_in_future(data.get("incurred_on"))
        episode = data.get("exploitation")
        if data.get("kind") == DebtKind.RESALE and episode is not None and episode.position == 0:
            self.add_error(
                "exploitation",
                _(
                    "No sale comes before the first episode: a resale price belongs to the episode "
                    "the person was sold into."
                ),
            )
        return data


DebtFormSet = inlineformset_factory(Person, Debt, form=DebtForm, extra=2, can_delete=True)


class NeedsForm(RecordForm):
    class Meta:
        model = Person
        fields = [
            "needs_medical_care",
            "protection_risk",
            "unaccompanied_minor",
            "trafficking_status",
            "trafficking_status_decided_by",
        ]
        help_texts = {
            "protection_risk": _("Threats to the person or their family, or traffickers looking for them."),
            "trafficking_status_decided_by": _("Which kind of organisation decided the status, if any did."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_helper(
            Fieldset(_("Urgent needs"), "needs_medical_care", "protection_risk", "unaccompanied_minor"),
            Fieldset(
                _("Trafficking status"),
                row("trafficking_status", "trafficking_status_decided_by"),
            ),
        )

    def clean(self):
        data = super().clean()
        status = data.get("trafficking_status")
        if (
            status
            and status != Person._meta.get_field("trafficking_status").default
            and not data.get("trafficking_status_decided_by")
        ):
            self.add_error(
                "trafficking_status_decided_by", _("Say which kind of organisation decided this status.")
            )
        return data


class ConsentForm(forms.Form):
    """Each scope of consent asked explicitly, with how, in which language and through whom.

    The texts read are those of the language chosen (intake.consent_texts): each scope agreed
    needs its text in that language, and the version read is kept with the consent.
    """

    YES, NO = "yes", "no"

    method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices)
    language = forms.ModelChoiceField(
        label=_("Language the texts were read in"),
        queryset=Language.objects.none(),
        error_messages={"required": _("Choose the language the texts were read in.")},
    )
    read_by_interpreter = forms.BooleanField(label=_("An interpreter read the texts"), required=False)
    interpreter = forms.CharField(
        label=_("Interpreter's name or organisation"),
        required=False,
        max_length=200,
        help_text=_("Needed when an interpreter read the texts."),
    )

    def __init__(self, *args, in_force: set[str] = frozenset(), asked_before: bool = False, **kwargs):
        # Asked for the first time, no answer is preselected: each scope needs its own answer.
        initial = {}
        if asked_before:
            initial = {
                scope.value: self.YES if scope.value in in_force else self.NO for scope in ConsentScope
            }
        initial.update(kwargs.pop("initial", {}))
        super().__init__(*args, initial=initial, prefix="consent", **kwargs)
        self.texts = consent_texts.source()
        self.fields["language"].queryset = self.texts.languages()
        self.texts_read: dict = {}  # scope -> the version of its text read, once valid
        for scope in ConsentScope:
            self.fields[scope.value] = forms.ChoiceField(
                label=scope.label,
                choices=[(self.YES, _("Agrees")), (self.NO, _("Does not agree"))],
                widget=forms.RadioSelect,
            )
        self.fields[ConsentScope.SHARE_EMBASSY.value].help_text = _(
            "Required before the person's embassy sees anything of their case."
        )
        self.helper = inline_helper(
            Fieldset(_("What the person agrees to"), *[InlineRadios(s.value) for s in ConsentScope]),
            row("method", "language"),
            row("read_by_interpreter", "interpreter"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("read_by_interpreter") and not cleaned.get("interpreter", "").strip():
            self.add_error("interpreter", _("Write the interpreter's name or organisation."))
        language = cleaned.get("language")
        if language is not None:
            versions = self.texts.current(language)
            for scope in self.agreed():
                version = versions.get(consent_texts.consent_kind(scope))
                if version is None:
                    self.add_error(
                        scope,
                        _("There is no text for this in %(language)s: read it in another language.")
                        % {"language": language},
                    )
                else:
                    self.texts_read[scope] = version
        return cleaned

    def agreed(self) -> set[str]:
        return {scope.value for scope in ConsentScope if self.cleaned_data.get(scope.value) == self.YES}


class NarrativeReasonForm(forms.Form):
    """Why someone opens a recorded narrative: asked every time, and logged."""

    reason = forms.CharField(
        label=_("Why do you need to read the narrative?"),
        min_length=10,
        max_length=200,
        help_text=_(
            "For example: preparing the referral to legal aid. Do not write the person's details here."
        ),
    )
