"""Reading an uploaded HTCDS file, CSV or JSON, into rows of raw cells, whatever is thrown at it.

Bytes are checked before they are trusted: a size and a row limit (said in the messages), the
encoding (UTF-8, with or without its byte-order mark, or UTF-16 with one; anything else is
named, never guessed), NUL bytes and binary files, JSON that is not a list of objects (or the
export's envelope around one), nesting, duplicate keys and columns, rows whose number of cells
differs from the header's, and huge cells. Problems are collected, with their row and column,
never raised; nothing here writes anything. A cell is text and stays text: nothing is ever
evaluated, a formula included.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 300  # applied in one request and one transaction: 500 full records took 27 s here (2 cores)
MAX_CELL = 1000  # characters in one cell (a multiselect list counts as its joined text)
MAX_COLUMNS = 200
# The list of records > a record > a repeated part's list > its item > a list of values (the
# export's repeated parts, on the htcds-export branch, nest so deep; today's fields, 3 levels).
MAX_DEPTH = 5
CSV_CONSENT_SCOPE = "share_partners"  # reporting.exports.views names it in a CSV file's name
CSV_CONSENT_MARK = f"consent-{CSV_CONSENT_SCOPE}"

_BINARY_SIGNATURES = {
    b"PK\x03\x04": gettext_lazy("an Excel workbook or another ZIP archive"),
    b"%PDF": gettext_lazy("a PDF document"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("an old Excel or Word file"),
    b"\x89PNG": gettext_lazy("a picture"),
    b"\xff\xd8\xff": gettext_lazy("a picture"),
    b"\x1f\x8b": gettext_lazy("a compressed (gzip) file"),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: a row (1 is the first record) and a field, when it concerns one."""

    message: str
    row: int | None = None
    field: str = ""


@dataclass
class RawFile:
    """The file's columns and its rows of raw cells (text in CSV; JSON's own values in JSON)."""

    format: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    consent_stated: str = ""  # the consent scope the file says its records were shared under
    text: str = ""  # the decoded text, as stored between the dry run and the confirmation

    @property
    def readable(self) -> bool:
        return not any(problem.row is None for problem in self.problems)


def limits_text() -> str:
    return _("at most %(mb)s MB and %(rows)s rows") % {
        "mb": MAX_BYTES // (1024 * 1024),
        "rows": f"{MAX_ROWS:,}",
    }


def file_read(data: bytes, *, name: str = "") -> RawFile:
    """Read an uploaded file's bytes into raw rows, or say why it cannot be read."""
    result = RawFile()
    text = _decoded(data, result)
    if text is None:
        return result
    looks_like_json = text.lstrip()[:1] in ("[", "{")
    lowered = name.lower()
    fmt = "json" if lowered.endswith(".json") or (not lowered.endswith(".csv") and looks_like_json) else "csv"
    # CSV has no place for a note: the export names the consent in the file's name.
    stated = CSV_CONSENT_SCOPE if fmt == "csv" and CSV_CONSENT_MARK in name else ""
    return text_read(text, fmt=fmt, consent_stated=stated)


def text_read(text: str, *, fmt: str, consent_stated: str = "") -> RawFile:
    """Read decoded text, CSV or JSON, into raw rows (again, when an upload is confirmed)."""
    result = RawFile(format=fmt, text=text, consent_stated=consent_stated)
    if fmt == "json":
        _json_read(text, result)
    else:
        _csv_read(text, result)
    if result.readable and not result.rows:
        result.problems.append(Problem(_("The file has no records: nothing to import.")))
    return result


def _file_problem(result: RawFile, message: str) -> None:
    result.problems.append(Problem(message))


def _decoded(data: bytes, result: RawFile) -> str | None:
    if len(data) > MAX_BYTES:
        _file_problem(
            result,
            _("The file is larger than allowed (%(limits)s). Split it and upload each part.")
            % {"limits": limits_text()},
        )
        return None
    if not data.strip():
        _file_problem(result, _("The file is empty."))
        return None
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            _file_problem(
                result,
                _("This is %(kind)s, not a CSV or JSON text file. Save it as CSV (UTF-8) or JSON.")
                % {"kind": kind},
            )
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, body = "utf-16", data
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8", data[3:]
    else:
        encoding, body = "utf-8", data
    if encoding == "utf-8" and b"\x00" in body:
        _file_problem(result, _nul_message())
        return None
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            message = _("The file says it is UTF-16 but is not valid UTF-16 text.")
        else:
            message = _(
                "The file is not UTF-8 text (byte %(position)s cannot be read; it may be Latin-1 or "
                'Windows-1252). Save it as "CSV UTF-8" and upload it again.'
            ) % {"position": f"{error.start + 1:,}"}
        _file_problem(result, message)
        return None
    if encoding == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        _file_problem(result, _nul_message())
        return None
    return text


def _nul_message() -> str:
    return _(
        "The file holds NUL characters: it is a binary file, or UTF-16 text without its "
        "byte-order mark. Save it as CSV (UTF-8) or JSON."
    )


def _csv_read(text: str, result: RawFile) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            _file_problem(result, _("The first line must name the columns (org_Name, prs_Gender, ...)."))
            return
        columns = [cell.strip() for cell in header]
        if not _columns_checked(columns, result):
            return
        result.columns = columns
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            number = len(result.rows) + 1
            if number > MAX_ROWS:
                _too_many_rows(result)
                return
            if len(cells) != len(columns):
                result.problems.append(
                    Problem(
                        _("This row has %(cells)s cells; the header names %(columns)s columns.")
                        % {"cells": len(cells), "columns": len(columns)},
                        row=number,
                    )
                )
                result.rows.append({})
                continue
            result.rows.append(dict(zip(columns, cells, strict=True)))
    except csv.Error as error:
        _file_problem(
            result,
            _("The CSV cannot be read at line %(line)s (%(reason)s).")
            % {"line": f"{reader.line_num:,}", "reason": str(error)},
        )


def _too_many_rows(result: RawFile) -> None:
    result.rows = []
    _file_problem(
        result,
        _(
            "The file has more than %(rows)s rows, the most one import takes (%(limits)s). "
            "Split it and upload each part."
        )
        % {"rows": f"{MAX_ROWS:,}", "limits": limits_text()},
    )


def _columns_checked(columns: list[str], result: RawFile) -> bool:
    if len(columns) > MAX_COLUMNS:
        _file_problem(
            result,
            _("The file has %(count)s columns; HTCDS records have far fewer.") % {"count": len(columns)},
        )
        return False
    ok = True
    seen = set()
    for position, column in enumerate(columns, start=1):
        if not column:
            _file_problem(result, _("Column %(position)s has no name.") % {"position": position})
            ok = False
        elif column in seen:
            result.problems.append(Problem(_("This column appears twice."), field=column[:80]))
            ok = False
        seen.add(column)
    return ok


class _Duplicates(dict):
    """A JSON object whose repeated keys are remembered (json keeps only the last one)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> _Duplicates:
    obj = _Duplicates(pairs)
    if len(obj) != len(pairs):
        seen, repeated = set(), []
        for key, _value in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


def _depth(value, limit: int) -> int:
    """The nesting depth of `value`, counting no further than `limit` + 1."""
    if limit < 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def _json_read(text: str, result: RawFile) -> None:
    try:
        payload = json.loads(text, object_pairs_hook=_object)
    except RecursionError:
        _file_problem(result, _("The JSON is nested too deeply to be HTCDS records."))
        return
    except json.JSONDecodeError as error:
        _file_problem(
            result,
            _("The JSON cannot be read at line %(line)s, column %(column)s (%(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": error.msg},
        )
        return
    records = payload
    if isinstance(payload, dict):
        records = payload.get("records")
        consent = payload.get("consent")
        if isinstance(consent, dict) and isinstance(consent.get("scope"), str):
            result.consent_stated = consent["scope"][:24]
    if not isinstance(records, list):
        _file_problem(
            result,
            _('The JSON must be a list of records (objects), or an object whose "records" is that list.'),
        )
        return
    if len(records) > MAX_ROWS:
        _too_many_rows(result)
        return
    if _depth(records, MAX_DEPTH) > MAX_DEPTH:
        _file_problem(
            result,
            _(
                "The JSON is nested too deeply: a record's values are text, numbers, true/false "
                "or lists of text."
            ),
        )
        return
    columns: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            result.problems.append(
                Problem(_("This record is not an object of field names and values."), row=number)
            )
            result.rows.append({})
            continue
        for key in getattr(record, "repeated", ()):
            result.problems.append(
                Problem(_("This field appears twice in the record."), row=number, field=key[:80])
            )
        if len(record) > MAX_COLUMNS:
            result.problems.append(
                Problem(_("This record has far more fields than HTCDS records have."), row=number)
            )
            result.rows.append({})
            continue
        columns.update(dict.fromkeys(record))
        result.rows.append(dict(record))
    result.columns = list(columns)
