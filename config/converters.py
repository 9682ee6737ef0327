"""The one path converter for record ids: `<id:case_id>` in every app's urls.py."""

from django.urls import register_converter

from intake.ids import RECORD_ID_MAX, RECORD_ID_PATTERN, record_id


class RecordIdConverter:
    """A record id (intake.ids): digits that fit a 64-bit column. Anything larger is no record (404)."""

    regex = RECORD_ID_PATTERN

    def to_python(self, value: str) -> int:
        number = record_id(value)
        if number is None:
            raise ValueError("no database id is this large")  # the URL does not match: 404
        return number

    def to_url(self, value) -> str:
        number = int(value)
        if not 0 <= number <= RECORD_ID_MAX:
            raise ValueError("not a record id")
        return str(number)


def register() -> None:
    """Register the converter under the name `id` (config.urls does, before any app's URLs load)."""
    register_converter(RecordIdConverter, "id")
