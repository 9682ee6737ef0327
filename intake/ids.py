"""A record id: a whole number that a database id column holds. The one rule for URLs, forms and the admin.

Django's `<int:>` and its model choice fields let through any length of digits, and a number
past a signed 64-bit column makes the database raise (a server error from a typed URL or a
crafted form) instead of finding nothing. Whatever names a record by id asks here first.
"""

from django import forms

RECORD_ID_MAX = 2**63 - 1  # the largest id a column holds (PostgreSQL bigint, SQLite integer)
RECORD_ID_PATTERN = "[0-9]{1,19}"  # ASCII digits only: "²" is a digit to str.isdigit


def record_id(value) -> int | None:
    """Return `value` as a record id, or None when it cannot be one (not ASCII digits, or too large)."""
    text = str(value)
    if not (0 < len(text) <= 19 and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= RECORD_ID_MAX else None


class RecordIdsField(forms.ModelMultipleChoiceField):
    """Records chosen by id: a value that cannot be a record id is refused like an unknown one,
    before the database sees it (an `IN` lookup does not guard against integers too large for it)."""

    def _check_values(self, value):
        for pk in value or []:
            if record_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
