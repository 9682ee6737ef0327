from django import forms
from django.utils.translation import gettext_lazy as _


class MarkReviewedForm(forms.Form):
    """Who reviewed the selected versions: asked every time, never assumed."""

    reviewed_by = forms.CharField(
        label=_("Reviewed by"),
        max_length=200,
        help_text=_("The translator's name and qualification, or their organisation."),
    )

    def clean_reviewed_by(self) -> str:
        value = " ".join(self.cleaned_data["reviewed_by"].split())
        if not value:
            raise forms.ValidationError(_("Say who reviewed the translation."))
        return value
