"""Phone numbers as people write them, stored in E.164 (the `phonenumbers` library).

"+91 98765 43210", "098765 43210" (with India as the default region), spaces, dashes, dots
and parentheses are all read; what is stored is always "+919876543210", so that the
matching digests and the phone search (intake/matching.py) see one form whatever was typed.
"""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")  # the stored form (intake.vocabularies.E164_PHONE)

NOT_A_NUMBER = _("This is not a phone number we can read: type it as given, e.g. +91 98765 43210.")


def phone_e164(text: str, region: str = "") -> str:
    """Return `text` as an E.164 number ("+919876543210"), or "" for an empty `text`.

    `region` (an ISO 3166-1 code, e.g. the person's nationality) reads a number written
    without its country code. Raise ValidationError when `text` is not a possible number.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if _E164.match(text):  # already stored form: kept as is, so its digests stay the same
        return text
    if text.startswith("00"):  # the international prefix most countries dial
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, str(region or "").upper() or None)
    except phonenumbers.NumberParseException:
        raise ValidationError(NOT_A_NUMBER, code="invalid_phone") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(NOT_A_NUMBER, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A phone typed any common way; cleaned to E.164 with `default_region` (set by the form)."""

    def __init__(self, *, default_region: str = "", **kwargs):
        kwargs["max_length"] = 40  # as typed, with spaces and brackets; stored in at most 16
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("As the person gives it: +91 98765 43210, or the number at home."))
        super().__init__(**kwargs)
        self.default_region = default_region
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        return phone_e164(super().to_python(value), self.default_region)
