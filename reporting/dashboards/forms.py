"""The filters every dashboard panel and export applies: arrival dates, organisation, nationality.

The field names are the case list's (``cases.filters.CaseFilter``), so the same query string
narrows the dashboard, the exports and the case list alike.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from intake.vocabularies import country_choices
from reporting.dashboards.selectors import DashboardFilters, organisations_with_cases


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DashboardFilterForm(forms.Form):
    arrived_after = forms.DateField(label=_("Arrived from"), required=False, widget=DateInput())
    arrived_before = forms.DateField(label=_("Arrived until"), required=False, widget=DateInput())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=organisations_with_cases(),
        required=False,
        empty_label=_("All organisations"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        help_text=_("Persons holding it, as their primary nationality or another."),
        widget=forms.Select(attrs={"data-searchable": ""}),  # type-to-search (cases/static/cases/forms.js)
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", _("All nationalities")), *country_choices()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        self.helper.form_class = "card card-body shadow-sm mb-4"
        self.helper.attrs = {"role": "search", "aria-label": _("Filter the figures")}
        self.helper.layout = Layout(
            Row(
                Column("arrived_after", css_class="col-sm-6 col-lg-2"),
                Column("arrived_before", css_class="col-sm-6 col-lg-2"),
                Column("organisation", css_class="col-sm-6 col-lg-4"),
                Column("nationality", css_class="col-sm-6 col-lg-4"),
            ),
            Row(
                Column(
                    Submit("", _("Apply filters"), css_class="me-2"),
                    # In Python, not in the template string: makemessages reads Python files as Python.
                    HTML(
                        format_html(
                            '<a class="btn btn-outline-secondary" href="?">{}</a>', _("Clear filters")
                        )
                    ),
                )
            ),
        )

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("arrived_after"), cleaned.get("arrived_before")
        if after and before and after > before:
            self.add_error("arrived_before", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> DashboardFilters:
        """Return the valid filters (call after `is_valid()`)."""
        data = self.cleaned_data
        return DashboardFilters(
            arrived_after=data.get("arrived_after"),
            arrived_before=data.get("arrived_before"),
            organisation=data.get("organisation"),
            nationality=data.get("nationality") or "",
        )
