"""Hostile and broken files: each refused with a clear message, at its row and field; nothing run as code."""

import codecs
import time

import pytest

from exchange.htcds_files import MAX_BYTES, MAX_CELL, MAX_ROWS, file_read
from tests.exchange.files import csv_bytes, json_bytes, record


def messages(raw) -> list[str]:
    return [problem.message for problem in raw.problems]


def test_a_csv_export_is_read_into_one_row_per_record():
    raw = file_read(csv_bytes([record(), record(prs_Citizenship="PH;IN")]), name="partner.csv")
    assert raw.readable and raw.format == "csv"
    assert [row["prs_Citizenship"] for row in raw.rows] == ["IN", "PH;IN"]


def test_an_empty_file_is_refused():
    assert messages(file_read(b"", name="x.csv")) == ["The file is empty."]
    assert messages(file_read(b"  \n\n", name="x.csv")) == ["The file is empty."]


def test_a_header_without_records_says_there_is_nothing_to_import():
    raw = file_read(b"org_Name,prs_Citizenship\n", name="x.csv")
    assert messages(raw) == ["The file has no records: nothing to import."]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a picture"),
    ],
)
def test_a_binary_file_is_named_for_what_it_is(data, kind):
    (message,) = messages(file_read(data + b"\x00\x01" * 50, name="partner.csv"))
    assert kind in message and "CSV (UTF-8) or JSON" in message


def test_nul_bytes_are_refused():
    (message,) = messages(file_read(b"org_Name,prs_Citizenship\nA\x00B,IN\n", name="x.csv"))
    assert "NUL characters" in message


def test_latin_1_text_is_refused_with_the_byte_and_a_hint():
    data = "org_Name,prs_Citizenship\nCentre d'accueil Hélène,IN\n".encode("latin-1")
    (message,) = messages(file_read(data, name="x.csv"))
    assert "not UTF-8" in message and "Latin-1" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, b""])
def test_utf_8_is_read_with_or_without_its_byte_order_mark(bom):
    data = bom + csv_bytes([record(org_Name="Trung tâm Nguyễn")])
    raw = file_read(data, name="x.csv")
    assert raw.readable
    assert next(iter(raw.rows[0])) == "org_Name"  # the mark is not part of the first column's name
    assert raw.rows[0]["org_Name"] == "Trung tâm Nguyễn"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf_16_is_read_with_its_byte_order_mark_and_refused_without(encoding):
    text = csv_bytes([record(org_Name="Nhà tạm lánh")]).decode()
    data = text.encode(encoding)
    raw = file_read(
        data
        if encoding == "utf-16"
        else {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding] + data,
        name="x.csv",
    )
    assert raw.readable, raw.problems
    assert raw.rows[0]["org_Name"] == "Nhà tạm lánh"
    without_mark = file_read(text.encode("utf-16-le"), name="x.csv")
    assert not without_mark.readable
    assert "byte-order mark" in messages(without_mark)[0]


def test_a_file_over_the_size_limit_is_refused_saying_the_limits():
    (message,) = messages(file_read(b"a" * (MAX_BYTES + 1), name="x.csv"))
    assert "5 MB" in message and f"{MAX_ROWS:,} rows" in message


def test_ten_thousand_rows_are_refused_quickly_and_keep_nothing():
    data = csv_bytes([record()] * 10_000)
    assert len(data) < MAX_BYTES  # the row limit, not the size, refuses it
    started = time.monotonic()
    raw = file_read(data, name="x.csv")
    assert time.monotonic() - started < 2
    assert not raw.readable and raw.rows == []
    assert "more than 300 rows" in messages(raw)[0]


def test_ten_thousand_json_records_are_refused_too():
    raw = file_read(json_bytes([{"prs_Citizenship": ["IN"]}] * 10_000), name="x.json")
    assert "more than 300 rows" in messages(raw)[0]


def test_a_row_with_more_or_fewer_cells_than_the_header_is_refused_at_its_row():
    data = b"org_Name,prs_Citizenship\nA,IN\nB,PH,extra\nC\n"
    raw = file_read(data, name="x.csv")
    assert raw.readable
    assert [(p.row, p.message) for p in raw.problems] == [
        (2, "This row has 3 cells; the header names 2 columns."),
        (3, "This row has 1 cells; the header names 2 columns."),
    ]


def test_a_duplicate_column_is_refused_naming_it():
    raw = file_read(b"prs_Citizenship,prs_Gender,prs_Citizenship\nIN,Feminine,PH\n", name="x.csv")
    assert [(p.field, p.message) for p in raw.problems] == [("prs_Citizenship", "This column appears twice.")]


def test_a_cell_beyond_the_csv_modules_limit_is_a_clear_message_not_a_crash():
    data = b"org_Name,prs_Citizenship\n" + b"A" * 200_000 + b",IN\n"
    (message,) = messages(file_read(data, name="x.csv"))
    assert "cannot be read at line" in message


@pytest.mark.django_db
def test_a_huge_cell_is_reported_at_its_row_and_field():
    from exchange.htcds_readers import Vocabularies, record_read

    raw = file_read(csv_bytes([record(org_Name="A" * (MAX_CELL + 1))]), name="x.csv")
    _values, errors = record_read(raw.rows[0], Vocabularies())
    assert "at most 1,000 are read" in errors["org_Name"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"prs_Citizenship": "IN"}, "The JSON must be a list of records"),
        ("IN", "The JSON must be a list of records"),
        ({"records": "none"}, "The JSON must be a list of records"),
    ],
)
def test_json_that_is_not_a_list_of_objects_is_refused(payload, expected):
    (message,) = messages(file_read(json_bytes(payload), name="x.json"))
    assert message.startswith(expected)


def test_a_json_list_item_that_is_not_an_object_is_refused_at_its_row():
    raw = file_read(json_bytes([{"prs_Citizenship": ["IN"]}, ["IN"], 3]), name="x.json")
    assert [(p.row, p.message) for p in raw.problems] == [
        (2, "This record is not an object of field names and values."),
        (3, "This record is not an object of field names and values."),
    ]


def test_deeply_nested_json_is_refused_without_a_recursion_crash():
    deep = b"[" * 100_000 + b"]" * 100_000
    (message,) = messages(file_read(deep, name="x.json"))
    assert "nested too deeply" in message
    nested = json_bytes([{"prs_Citizenship": [[[[[["IN"]]]]]]}])
    (message,) = messages(file_read(nested, name="x.json"))
    assert "nested too deeply" in message


@pytest.mark.django_db
def test_a_list_inside_a_list_of_values_is_the_wrong_type_at_its_row_and_field():
    from exchange.htcds_readers import Vocabularies, record_read

    raw = file_read(json_bytes([{"prs_Citizenship": [["IN"]]}]), name="x.json")
    assert raw.readable
    _values, errors = record_read(raw.rows[0], Vocabularies())
    assert errors == {"prs_Citizenship": "Expected a list of texts."}


def test_broken_json_says_where():
    (message,) = messages(file_read(b'[{"prs_Citizenship": "IN",}]', name="x.json"))
    assert "line 1, column" in message


def test_a_json_key_given_twice_in_a_record_is_refused_at_its_row():
    raw = file_read(b'[{"prs_Citizenship": "IN", "prs_Citizenship": "PH"}]', name="x.json")
    assert [(p.row, p.field) for p in raw.problems] == [(1, "prs_Citizenship")]


def test_the_exports_json_envelope_is_read_with_the_consent_it_states():
    raw = file_read(
        json_bytes(
            {
                "standard": "HTCDS 2.0",
                "consent": {"scope": "share_partners"},
                "records": [{"prs_Citizenship": ["IN"]}],
            }
        ),
        name="htcds.json",
    )
    assert raw.readable and raw.consent_stated == "share_partners" and len(raw.rows) == 1


def test_the_exports_csv_file_name_states_its_consent():
    data = csv_bytes([record()])
    assert (
        file_read(data, name="htcds-consent-share_partners-2026-12-07.csv").consent_stated == "share_partners"
    )
    assert file_read(data, name="partner.csv").consent_stated == ""


def test_a_formula_cell_is_kept_as_text():
    raw = file_read(csv_bytes([record(org_Name='=cmd|"/c calc"!A1')]), name="x.csv")
    assert raw.rows[0]["org_Name"] == '=cmd|"/c calc"!A1'


def test_a_file_of_exactly_the_row_limit_is_read_and_one_row_more_is_not():
    assert len(file_read(csv_bytes([record()] * MAX_ROWS), name="x.csv").rows) == MAX_ROWS
    assert not file_read(csv_bytes([record()] * (MAX_ROWS + 1)), name="x.csv").readable
