"""The HTCDS file format: how a record (reporting/htcds/spec.py) is written as JSON and as CSV, and read back.

A record is a dict: every column of `spec.PERSON_COLUMNS` in order, then every group of
`spec.GROUPS` as a list of items (dicts of the group's columns, in order). Values are already
canonical when they reach this module: str or None, a sorted list of str, int or None, an exact
amount as a str or None, True or False.

JSON: one document, `{"standard": ..., "format": ..., "format_version": ..., "consent": {...},
"records": [...]}`, one record per line inside the list (so that a diff reads record by record).
Every empty value is null, every empty multiselect and group [].

CSV (UTF-8, comma-separated, one header row, one row per person): the person's columns first,
then each group's items as numbered columns `<group>.<n>.<column>` (n from 1), as many items as
the record with most of them in the file has; a shorter record leaves the rest empty. A
multiselect is its values joined by ";"; a checkbox true/false; an empty value an empty cell.
An item is there when any of its cells is not empty (every group has a column that is never
empty: an event's type, an episode's x_SoldOn, a debt's kind, a referral's organisation).
A cell that a spreadsheet would run as a formula (it starts with = + - @ tab or CR), or that
starts with an apostrophe, is written with one more apostrophe in front; `cell_read` removes it,
so the file reads back exactly (OWASP's advice on CSV injection, made invertible).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator

from reporting.exports.writers import FORMULA_TRIGGERS
from reporting.htcds import spec
from reporting.htcds.spec import Column, Kind

NEUTRALISER = "'"
CSV_GROUP_SEPARATOR = "."


SPOOL_IN_MEMORY = 8 * 1024 * 1024  # bytes of records kept in memory before the spool goes to a temporary file


class Spool:
    """The records of one file, read from the database once, one JSON line each.

    A CSV's header needs the most items any record has, known only after the last record; the
    spool holds the records in between (in memory up to SPOOL_IN_MEMORY, then in a temporary
    file deleted on close), so that a big file is read once and written as a stream, and both
    passes see the same records.
    """

    def __init__(self, records: Iterable[dict]):
        # Closed by lines() once read, or by close(): it outlives this method on purpose.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8"
        )
        self.rows = 0
        self.counts = dict.fromkeys(spec.GROUP_NAMES, 0)
        for record in records:
            for name in spec.GROUP_NAMES:
                self.counts[name] = max(self.counts[name], len(record[name]))
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.rows += 1
        self._file.seek(0)

    def lines(self) -> Iterator[str]:
        """Yield each record's JSON line (without its newline), once; then close the spool."""
        try:
            for line in self._file:
                yield line.rstrip("\n")
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()


# --- JSON ------------------------------------------------------------------------------------


def json_head(*, consent: dict) -> dict:
    return {
        "standard": "HTCDS 2.0",
        "format": spec.FORMAT_NAME,
        "format_version": spec.FORMAT_VERSION,
        "consent": consent,
    }


def json_chunks(spool: Spool, *, consent: dict) -> Iterator[str]:
    """Yield the JSON document of the spooled records piece by piece (one record per line)."""
    yield json.dumps(json_head(consent=consent), ensure_ascii=False)[:-1] + ', "records": ['
    first = True
    for line in spool.lines():
        yield ("\n" if first else ",\n") + line
        first = False
    yield ("" if first else "\n") + "]}\n"


def json_records(text: str) -> list[dict]:
    """Read the records of a JSON file this module wrote (the import's way in)."""
    return json.loads(text)["records"]


# --- CSV -------------------------------------------------------------------------------------


def cell_write(value) -> str:
    """Return the CSV cell of a canonical value, neutralised so that no spreadsheet runs it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = spec.MULTISELECT_SEPARATOR.join(value)
    text = str(value)
    if text.startswith((*FORMULA_TRIGGERS, NEUTRALISER)):
        return NEUTRALISER + text
    return text


def cell_read(text: str) -> str:
    """Return the text a cell holds, without the apostrophe `cell_write` put in front."""
    if text.startswith(NEUTRALISER) and text[1:].startswith((*FORMULA_TRIGGERS, NEUTRALISER)):
        return text[1:]
    return text


def csv_chunks(spool: Spool) -> Iterator[str]:
    """Yield the CSV file of the spooled records: the header, then one row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(csv_header(spool.counts))
    for text in spool.lines():
        yield line(csv_row(json.loads(text), spool.counts))


def csv_header(counts: dict[str, int]) -> list[str]:
    """Return the CSV's column names for groups of at most `counts` items."""
    header = [column.name for column in spec.PERSON_COLUMNS]
    for group in spec.GROUPS:
        for number in range(1, counts[group.name] + 1):
            header.extend(_numbered(group.name, number, column) for column in group.columns)
    return header


def csv_row(record: dict, counts: dict[str, int]) -> list[str]:
    """Return a record's CSV cells, in `csv_header(counts)`'s order."""
    row = [cell_write(record[column.name]) for column in spec.PERSON_COLUMNS]
    for group in spec.GROUPS:
        items = record[group.name]
        for index in range(counts[group.name]):
            item = items[index] if index < len(items) else None
            row.extend(cell_write(item[column.name]) if item else "" for column in group.columns)
    return row


def _numbered(group: str, number: int, column: Column) -> str:
    return CSV_GROUP_SEPARATOR.join((group, str(number), column.name))


def csv_records(text: str) -> Iterator[dict]:
    """Read the records of a CSV file this module wrote (the import's way in)."""
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        cells = {name: cell_read(value or "") for name, value in row.items()}
        record = {
            column.name: value_read(column, cells.get(column.name, "")) for column in spec.PERSON_COLUMNS
        }
        for group in spec.GROUPS:
            items = []
            number = 1
            while _numbered(group.name, number, group.columns[0]) in cells:
                raw = {column.name: cells[_numbered(group.name, number, column)] for column in group.columns}
                if any(raw.values()):
                    items.append(
                        {column.name: value_read(column, raw[column.name]) for column in group.columns}
                    )
                number += 1
            record[group.name] = items
        yield record


def value_read(column: Column, text: str):
    """Return the canonical value of a CSV cell's text for `column` (the inverse of `cell_write`)."""
    if column.kind == Kind.MULTISELECT:
        return text.split(spec.MULTISELECT_SEPARATOR) if text else []
    if column.kind == Kind.CHECKBOX:
        if text not in ("true", "false"):
            raise ValueError(f"{column.name}: {text!r} is not true or false")
        return text == "true"
    if text == "":
        return None
    if column.kind == Kind.NUMBER:
        return int(text)
    return text
