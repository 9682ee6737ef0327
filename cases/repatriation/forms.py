"""Forms of the repatriation screens: one step on a case, the queue's filters, a step on many cases."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, RepatriationStage, Site
from cases.repatriation.permissions import side_of, transition_permission
from cases.repatriation.selectors import WAITING_ON_EMBASSY
from cases.repatriation.services import HOLD_REASON_MAX_LENGTH, NOTE_MAX_LENGTH
from cases.repatriation.workflow import TRANSITIONS, RepatriationRefused, Side, Transition, reason_check
from intake.ids import RecordIdsField

# Who reads a step's note: a liaison sees only the steps their own embassy took
# (cases.repatriation.selectors._repatriation_events); the organisation sees every step.
NGO_NOTE_HELP = _(
    "Seen by your organisation, not by the embassy. Write what was done, never details of the person's story."
)
EMBASSY_NOTE_HELP = _(
    "Seen by your embassy and by the organisation caring for the person. "
    "Write what was done, never details of the person's story."
)


def note_help(user) -> str:
    """Say truly who will read the note this user writes on a step."""
    return EMBASSY_NOTE_HELP if user is not None and side_of(user) == Side.EMBASSY else NGO_NOTE_HELP


class TransitionForm(forms.Form):
    """Take one step of the workflow on one case: which step, a reason for a hold, a note."""

    # Not `required`: crispy would star the label; clean() says what is missing.
    transition = forms.ChoiceField(label=_("Step to record"), widget=forms.RadioSelect, required=False)
    reason = forms.CharField(
        label=_("Reason for the hold"),
        max_length=HOLD_REASON_MAX_LENGTH,
        required=False,
        help_text=_("Needed when you put the case on hold."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case_id: int, transitions: list[Transition], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = note_help(user)
        # Any step is accepted here, so that the workflow itself can say why one is refused;
        # only the steps this user may take from the current stage are offered.
        self.fields["transition"].choices = [(t.name, t.label) for t in TRANSITIONS.values()]
        self.fields["transition"].widget.choices = [(t.name, t.label) for t in transitions]
        if not any(t.needs_reason for t in transitions):
            self.fields["reason"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_action = reverse("cases:repatriation_transition", args=[case_id])
        self.helper.layout = Layout("transition", "reason", "note", Submit("save", _("Save this step")))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("transition") and "transition" not in self.errors:
            self.add_error("transition", _("Choose the step to record."))
        transition = TRANSITIONS.get(cleaned.get("transition") or "")
        if transition:
            try:
                reason_check(transition, cleaned.get("reason") or "")
            except RepatriationRefused as refusal:
                self.add_error("reason", refusal)
        return cleaned


class QueueFilterForm(forms.Form):
    """Narrow the queue to one stage (or every stage waiting on the embassy) and one place."""

    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[
            ("", _("Every open case")),
            (WAITING_ON_EMBASSY, _("Waiting on your embassy")),
            *RepatriationStage.choices,
        ],
    )
    site = forms.ModelChoiceField(
        label=_("Where the person is"),
        required=False,
        queryset=Site.objects.filter(is_active=True).only("pk", "name"),
        empty_label=_("Everywhere"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("cases:repatriation_queue")
        self.helper.form_class = "mb-3"
        self.helper.layout = Layout(
            Row(
                Column("stage", css_class="col-md-5"),
                Column("site", css_class="col-md-4"),
                Column(Submit("filter", _("Filter"), css_class="mt-md-4"), css_class="col-md-3"),
            )
        )


def bulk_transitions(user) -> list[Transition]:
    """Return the forward steps `user` may take on many cases at once (a hold needs a reason per case)."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.target and not t.needs_reason and user.has_perm(transition_permission(t.name))
    ]


class BulkActionForm(forms.Form):
    """Choose a step for the cases ticked in the queue."""

    # Not `required`: crispy would star the label; clean_transition says what is missing.
    transition = forms.ChoiceField(label=_("With the selected cases"), required=False)
    case = RecordIdsField(
        label=_("Cases"),
        queryset=Case.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick at least one case in the list.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [("", _("Choose a step…"))] + [
            (t.name, t.label) for t in bulk_transitions(user)
        ]
        self.fields["case"].queryset = Case.objects.visible_to(user)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the queue's table, with its tick boxes, is inside the form
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column(Field("transition", css_class="form-select-sm"), css_class="col-md-6"),
                Column(
                    Submit("review", _("Review the selected cases"), css_class="btn-sm mt-md-4"),
                    css_class="col-md-6",
                ),
            )
        )

    def clean_transition(self) -> str:
        if not self.cleaned_data.get("transition"):
            raise forms.ValidationError(_("Choose the step to take."), code="required")
        return self.cleaned_data["transition"]

    def transition_obj(self) -> Transition:
        return TRANSITIONS[self.cleaned_data["transition"]]


class BulkConfirmForm(BulkActionForm):
    """Confirm a step on many cases, with one note for all."""

    note = forms.CharField(
        label=_("Note for every case"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, submit_label: str = "", **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["note"].help_text = note_help(user)
        self.fields["transition"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("cases:repatriation_bulk")
        self.helper.layout = Layout(
            "transition", "case", "note", Submit("confirm", submit_label or _("Confirm"))
        )
