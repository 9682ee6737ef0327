"""Forms of referrals: making one, answering one, the receiver's notes, the incoming list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.models import OrganisationService, ReferralOutcome, ReferralState, Service, SharedPart


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, offer: OrganisationService) -> str:
        return f"{offer.organisation.name} · {offer.place}"


class ReferralMakeForm(forms.Form):
    """Choose a service and who gives it (organisations grouped by service), and what they may read."""

    offer = OfferChoiceField(
        label=_("Service and organisation"),
        queryset=OrganisationService.objects.none(),
        empty_label=_("Choose a service and an organisation"),
    )
    parts = forms.MultipleChoiceField(
        label=_("Parts of the record to share"),
        choices=SharedPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Share only what the service needs. With nothing ticked the organisation reads the case "
            "reference and the service asked, nothing else."
        ),
    )
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Practical arrangements (when, where). No name or other detail of the person is needed."),
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        offers = list(offers)
        self.fields["offer"].queryset = OrganisationService.objects.filter(pk__in=[o.pk for o in offers])
        grouped: dict[str, list[tuple[int, str]]] = {}
        for offer in offers:  # grouped under the service's label in the reader's language
            grouped.setdefault(str(offer.service), []).append(
                (offer.pk, self.fields["offer"].label_from_instance(offer))
            )
        self.fields["offer"].choices = [("", self.fields["offer"].empty_label), *grouped.items()]


class ReferralDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The organisation that referred the case reads this (no full capacity, not a service we give...)."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the referral is declined."))
        return reason


class ReferralCompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("About the outcome (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferralNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for your organisation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only your organisation reads these notes; the organisation that referred the case does not."
        ),
    )


class IncomingFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state"))]
        + [(s.value, s.label) for s in ReferralState if s.value in ("requested", "accepted", "done")],
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.filter(is_active=True),
        empty_label=_("Any service"),
    )
    reference = forms.CharField(label=_("Case reference"), required=False, max_length=24)
