"""Small HTCDS files for the import's tests, written as a partner would send them."""

import csv
import io
import json

HEADER = [
    "org_Name",
    "org_Type",
    "prs_Gender",
    "prs_Citizenship",
    "prs_PrimaryLanguage",
    "cas_Status",
    "con_Consent",
]


def csv_bytes(rows: list[dict], *, header: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    header = header or list(rows[0]) if rows else HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue().encode(encoding)


def record(**values) -> dict:
    """A valid record of an Indian woman speaking Hindi, overridden by `values`."""
    base = {
        "org_Name": "Partner Shelter",
        "org_Type": "NGO",
        "prs_Gender": "Feminine",
        "prs_Citizenship": "IN",
        "prs_PrimaryLanguage": "hin",
        "cas_Status": "Active",
        "con_Consent": "true",
    }
    base.update(values)
    return base


def json_bytes(payload) -> bytes:
    return json.dumps(payload).encode("utf-8")
