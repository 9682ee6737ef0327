"""Export -> import into an emptied database -> export again, on the demo's data.

The comparison is honest about the organisation: the demo manager exports their NGO's cases,
every case and person is then deleted (the organisations, staff and vocabularies stay, as in a
fresh installation of the same network), and the same manager imports the file into the same
organisation, so the org_ columns are the importer's and still the same. The second export must
then hold the same records, column by column and in the same order, for every column the
import rebuilds (REBUILT); the rest (the repeated parts and what is derived from them) is kept,
exactly, as the sender reported it (ImportedRecord.reported) until its reader is written.
"""

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case
from exchange.htcds_readers import READERS, REPORTED_GROUPS
from exchange.models import HtcdsUpload, ImportedRecord
from intake.models import Person
from reporting.htcds import fileformat, spec

pytestmark = pytest.mark.django_db

REPORTED = {name for name, reader in READERS.items() if reader.group == "reported"} | set(REPORTED_GROUPS)
# Every column and repeated part of the file the import rebuilds into the record.
REBUILT = [
    name for name in [*(c.name for c in spec.PERSON_COLUMNS), *spec.GROUP_NAMES] if name not in REPORTED
]


@pytest.fixture
def manager_of_demo():
    call_command("seed_demo", cases=60, seed=2026, verbosity=0)
    return User.objects.get(username="manager")


def export(client, fmt: str) -> tuple[bytes, str]:
    response = client.get(reverse("reporting:export_htcds", args=[fmt]))
    assert response.status_code == 200
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    return b"".join(response.streaming_content), filename


def case_data_flush() -> None:
    """Delete every case and person, as an empty database of the same organisations holds."""
    for case in Case.objects.all():
        case.events.all().delete()
        case.referrals.all().delete()
    Case.objects.all().delete()
    Person.objects.all().delete()
    assert Case.objects.count() == Person.objects.count() == 0


def import_file(client, content: bytes, filename: str) -> None:
    response = client.post(reverse("exchange:upload_create"), {"file": SimpleUploadedFile(filename, content)})
    assert response.status_code == 302, response.content.decode()[:3000]
    upload = HtcdsUpload.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="problems"' not in page, page[page.find('data-testid="problems"') :][:2000]
    response = client.post(reverse("exchange:upload_confirm", args=[upload.pk]), {"digest": upload.digest})
    assert response.status_code == 302


def records_of(content: bytes, fmt: str) -> list[dict]:
    text = content.decode("utf-8")
    return fileformat.json_records(text) if fmt == "json" else list(fileformat.csv_records(text))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imported_into_an_empty_database_exports_the_same_records(client, manager_of_demo, fmt):
    client.force_login(manager_of_demo)
    first, filename = export(client, fmt)
    records = records_of(first, fmt)
    assert len(records) > 5 and any(record["x_Referrals"] for record in records)
    case_data_flush()

    import_file(client, first, filename)
    assert Case.objects.count() == len(records)
    second, second_name = export(client, fmt)
    assert second_name == filename

    again = records_of(second, fmt)
    assert [{name: record[name] for name in REBUILT} for record in again] == [
        {name: record[name] for name in REBUILT} for record in records
    ]

    # Byte for byte: the second file is the first one written again without the sender's referrals.
    def written(records: list[dict]) -> str:
        spool = fileformat.Spool(records)
        if fmt == "json":
            return "".join(fileformat.json_chunks(spool, consent=json.loads(first)["consent"]))
        return "".join(fileformat.csv_chunks(spool))

    assert written(records) == first.decode("utf-8")  # the file format writes the first file again
    assert second.decode("utf-8") == written([{**record, "x_Referrals": []} for record in records])
    # The referrals are kept as the sender reported them, row by row.
    kept = [json.loads(imported.reported) for imported in ImportedRecord.objects.order_by("row")]
    assert kept == [{name: record[name] for name in REPORTED if name in record} for record in records]


def test_the_columns_rebuilt_are_most_of_the_persons_own(client):
    # The person's own columns, not derived from a repeated part: each comes back from an import.
    assert {
        "prs_Gender",
        "prs_Citizenship",
        "prs_PrimaryLanguage",
        "prs_SecondaryLanguage",
        "x_PrimaryLanguage",
        "x_OtherLanguages",
        "vic_TraffickingStatus",
        "vic_AgeWhenTrafficked",
        "vic_MethodOfRecruitment",
        "x_MethodOfRecruitment",
        "vic_TypeOfExploitation",
        "x_TypeOfExploitation",
        "vic_MethodsOfControl",
        "x_MethodsOfControl",
        "cas_Status",
        "con_Consent",
        "hte_Events",
        "x_Episodes",
        "x_Debts",
    } <= set(REBUILT)
    # Of what the export writes, only the sender's referrals are kept aside.
    exported = {column.name for column in spec.PERSON_COLUMNS} | set(spec.GROUP_NAMES)
    assert exported & REPORTED == {"x_Referrals"}
