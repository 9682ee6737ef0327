"""The upload form and the confirmation form of the HTCDS import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange.htcds_files import MAX_BYTES, MAX_ROWS

ACCEPTED = ".csv,.json,text/csv,application/json"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("HTCDS file (CSV or JSON)"),
        help_text=_(
            "At most %(mb)s MB and %(rows)s rows, UTF-8 (or UTF-16 with its byte-order mark). "
            "Nothing is imported until you have checked the dry run and confirmed it."
        )
        % {"mb": MAX_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}"},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

    class Meta:
        fields = ["file"]


class ConfirmForm(forms.Form):
    """What the uploader confirms: the digest of the content they saw, and the matches to create anyway."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)  # a digest, never a value of the file
    create_anyway = forms.TypedMultipleChoiceField(
        label=_("Create anyway"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        fields = ["digest", "create_anyway"]

    def __init__(self, *args, matched_rows: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["create_anyway"].choices = [(number, number) for number in matched_rows]
