"""The form that takes a code from an authenticator app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """Six digits from the authenticator app; spaces typed between them are ignored."""

    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != 6 or not token.isascii() or not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))
        return token
