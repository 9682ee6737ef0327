"""Forms of erasure on request."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class ErasureRequestForm(forms.Form):
    """Name a case by its reference, among the cases the person asking may read."""

    reference = forms.CharField(label=_("Case reference"), max_length=24)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        min_length=10,
        help_text=_("E.g. the person asked for their data to be erased on 3 November. No personal details."),
    )

    def __init__(self, *args, cases: QuerySet[Case], **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = cases

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        self.case = self.cases.filter(reference=reference).first()
        if self.case is None:
            # The same answer for a reference that does not exist and one of another
            # organisation: the form must not tell whether a case exists elsewhere.
            raise forms.ValidationError(_("None of your organisation's cases has this reference."))
        return reference


class ErasureConfirmForm(forms.Form):
    """Typing the reference again confirms an erasure that cannot be undone."""

    confirm = forms.CharField(label=_("Type the case reference to confirm"), max_length=24)

    def __init__(self, *args, reference: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference = reference

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"].strip().upper()
        if typed != self.reference:
            raise forms.ValidationError(_("This is not the reference of the case to erase."))
        return typed
