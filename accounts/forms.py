"""The sign-in form, and the forms that take a code: the app's, a recovery code, an enrolment code."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.one_time_codes import enrolment_code_normalise, recovery_code_normalise


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username no account can have before anything is looked up.

    Django's form sets the username field's max_length after the field was built, so its
    length is never checked: a 256-character username reached authenticate(), and the
    lockout's attempt table (255 characters) then failed to store it (a server error on
    PostgreSQL). A username longer than the column of accounts is refused beside the field,
    before the lockout or the database see it; it cannot be anybody's, so saying so reveals
    nothing about accounts.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class TokenForm(forms.Form):
    """Six digits from the authenticator app, or one of the recovery codes; spaces and dashes are ignored."""

    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )

    def __init__(self, *args, allow_recovery_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_recovery_code = allow_recovery_code
        if not allow_recovery_code:
            self.fields["token"].widget.attrs["inputmode"] = "numeric"
        else:
            self.fields["token"].help_text = _(
                "Lost your phone? Type one of your recovery codes instead; each works once."
            )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) == 6 and token.isascii() and token.isdigit():
            return token
        if self.allow_recovery_code:
            code = recovery_code_normalise(token)
            if code is not None:
                return code
            raise forms.ValidationError(
                _("Enter the six digits your authenticator app shows, or one of your recovery codes.")
            )
        raise forms.ValidationError(_("Enter the six digits your authenticator app shows."))


class EnrolmentCodeForm(forms.Form):
    """The one-time code an administrator gave the person, to set up their authenticator."""

    code = forms.CharField(
        label=_("Enrolment code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_code(self) -> str:
        code = enrolment_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("An enrolment code is 12 letters and digits, as your administrator gave it.")
            )
        return code


class LanguageForm(forms.Form):
    """The interface language chosen in the switcher: one of settings.LANGUAGES."""

    language = forms.ChoiceField(label=_("Language"), choices=lambda: settings.LANGUAGES)
