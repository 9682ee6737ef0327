"""Forms on the case file: a note, the assignment."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from cases.access import users_holding
from cases.models import Case, Role
from intake.form_layout import inline_helper


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by your organisation's caseworkers. Write what the next person needs to know."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_helper("text")


class CaseAssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("— nobody —")
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, initial={"caseworker": case.caseworker_id}, **kwargs)
        field = self.fields["caseworker"]
        field.queryset = (
            users_holding(Role.CASEWORKER)
            .filter(staff_profile__organisation_id=case.organisation_id)
            .order_by("first_name", "username")
        )
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.helper = inline_helper("caseworker")
