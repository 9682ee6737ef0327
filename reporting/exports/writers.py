"""File writers for exports: CSV, XLSX and JSON responses from a header and rows.

Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" as a formula; a value
that starts so is written with a leading apostrophe, so that opening an export never runs
anything (OWASP's advice on CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"


def spreadsheet_safe(value):
    """Return `value` so that no spreadsheet program reads it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # an export is not kept by a browser or a proxy
    return response


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """Return a CSV file (UTF-8, comma-separated, a header row) as a download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return attachment(HttpResponse(buffer.getvalue(), content_type=CSV_TYPE), filename)


def xlsx_response(
    *, filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """Return an XLSX workbook of one sheet (a bold header row, dates as dates) as a download."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])  # Excel's limit on sheet names
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(worksheet, value=title)
        cell.font = bold
        titles.append(cell)
    worksheet.append(titles)
    for row in rows:
        worksheet.append([spreadsheet_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


def _json_default(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(*, filename: str, payload: dict) -> HttpResponse:
    """Return `payload` as a UTF-8 JSON file download."""
    content = json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default)
    return attachment(HttpResponse(content, content_type=JSON_TYPE), filename)
