"""Forms on the case file: a note, the assignment, closing the case."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from cases.access import users_holding
from cases.models import Case, ClosureReason, Role
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


class CaseCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the case closed?"),
        choices=[("", _("— choose a reason —")), *ClosureReason.choices],
        error_messages={"required": _("Choose why the case is closed.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A few words your organisation's caseworkers need, for example where the person was referred. "
            "Kept encrypted, never exported."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_helper("reason", "note")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ClosureReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the case is closed."))
        return cleaned
