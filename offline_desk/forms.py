"""The offline desk's forms: the batch a device registers in, and the confirmations of resolving."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Site

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeskBatchForm(forms.Form):
    """Where the arrivals are and the day they came: changeable on the device without a connection."""

    site = forms.ModelChoiceField(
        label=_("Where they are now"), queryset=Site.objects.filter(is_active=True), empty_label=None
    )
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="batch", **kwargs)


class ConfirmForm(forms.Form):
    """A resolution is made only when its confirmation is sent (an empty post re-asks)."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, required=True)


class SamePersonForm(ConfirmForm):
    # The version of the existing record the caseworker looked at (intake: Person.version).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
