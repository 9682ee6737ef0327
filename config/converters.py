"""The one path converter for record ids: `<id:case_id>` in every app's urls.py."""

from django.urls import register_converter

BIGINT_MAX = 2**63 - 1  # the largest id a database column (PostgreSQL bigint, SQLite integer) holds


class RecordIdConverter:
    """A record id: digits that fit a signed 64-bit column. Anything larger is no record (404).

    Django's `<int:>` matches any length of digits, and a number past bigint makes the
    database raise instead of finding nothing: a server error from a typed URL.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError("no database id is this large")  # the URL does not match: 404
        return number

    def to_url(self, value) -> str:
        number = int(value)
        if not 0 <= number <= BIGINT_MAX:
            raise ValueError("not a record id")
        return str(number)


def register() -> None:
    """Register the converter under the name `id` (config.urls does, before any app's URLs load)."""
    register_converter(RecordIdConverter, "id")
