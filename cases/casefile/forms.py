"""Forms on the case file: a note, the assignment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Role


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen by the caseworkers of your organisation. Write what the next person needs to know."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "text", Submit("add_note", _("Add note"), css_class="btn-outline-primary")
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text


class CaseAssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("— nobody —")
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, initial={"caseworker": case.caseworker_id}, **kwargs)
        self.fields["caseworker"].queryset = User.objects.filter(
            is_active=True,
            staff_profile__organisation_id=case.organisation_id,
            staff_profile__role=Role.CASEWORKER,
        ).order_by("first_name", "username")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "caseworker", Submit("assign", _("Assign"), css_class="btn-outline-primary")
        )
