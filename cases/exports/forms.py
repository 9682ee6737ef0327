"""The research extract's choice of columns (the filters are the dashboard's form)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.exports.research import COLUMNS, DEFAULT_COLUMNS, K


class ResearchColumnsForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[(column.name, column.label) for column in COLUMNS],
        widget=forms.CheckboxSelectMultiple,
        help_text=format_lazy(
            _(
                "Every combination of the chosen columns' values must be shared by at least {k} persons; "
                "rows that are not are left out. Fewer columns leave out fewer rows."
            ),
            k=K,
        ),
        error_messages={"invalid_choice": _("%(value)s is not a column the extract may hold.")},
    )

    def __init__(self, query: QueryDict, **kwargs):
        if "columns" not in query:  # none chosen yet (or all unticked): the default columns, ticked
            query = query.copy()
            query.setlist("columns", DEFAULT_COLUMNS)
        super().__init__(query, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's form also carries the filters and two buttons
