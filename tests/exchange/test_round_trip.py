"""Export -> import into an emptied database -> export again, on the demo's data.

The comparison is honest about the organisation: the demo manager exports their NGO's cases,
every case and person is then deleted (the organisations, staff and vocabularies stay, as in a
fresh installation of the same network), and the same manager imports the file into the same
organisation, so org_Name and org_Type are the importer's and still the same. The second export
must then be the same file, byte for byte, but for what today's export does not carry back
(see REPORTED: it is kept, exactly, as the sender reported it, and compared so).
"""

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case
from exchange.htcds_readers import READERS
from exchange.models import HtcdsUpload, ImportedRecord
from intake.models import Person
from reporting.exports import htcds

pytestmark = pytest.mark.django_db

# Facts today's export derives from what it does not write (the age from a date of birth and a
# recruitment date) or that are the sender's own work (its referrals): the import keeps them in
# ImportedRecord.reported, never invents the dates or the referrals.
REPORTED = [name for name, reader in READERS.items() if reader.group == "reported"]
# The fields today's export writes as lists (";"-joined in CSV).
LISTS = {name for name, kind in htcds.FIELDS.items() if kind == "Multiselect Picklist"} | {
    "cas_ReferredOrganisation",
    "cas_ReasonForOutgoingReferral",
}


@pytest.fixture
def manager_of_demo():
    call_command("seed_demo", cases=60, seed=2026, verbosity=0)
    return User.objects.get(username="manager")


def export(client, fmt: str):
    response = client.get(reverse("reporting:export_htcds", args=[fmt]))
    assert response.status_code == 200
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    return response.content, filename


def case_data_flush() -> None:
    """Delete every case and person, as an empty database of the same organisations holds."""
    for case in Case.objects.all():
        case.events.all().delete()
        case.referrals.all().delete()
    Case.history.all().delete()
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


def without(rows: list[dict], names) -> list[dict]:
    return [{key: value for key, value in row.items() if key not in names} for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imported_into_an_empty_database_exports_the_same_file(client, manager_of_demo, fmt):
    client.force_login(manager_of_demo)
    first, filename = export(client, fmt)
    records = _records(first, fmt)
    assert len(records) > 5 and any(record["cas_ReferredOrganisation"] for record in records)
    case_data_flush()

    import_file(client, first, filename)
    assert Case.objects.count() == len(records)
    second, second_name = export(client, fmt)
    assert second_name == filename

    # Every column the record holds comes back as it was, in the same order, row by row.
    again = _records(second, fmt)
    assert without(again, REPORTED) == without(records, REPORTED)
    if fmt == "json":
        assert {k: v for k, v in json.loads(second).items() if k != "records"} == {
            k: v for k, v in json.loads(first).items() if k != "records"
        }
    # What the record has no place for is kept as the sender reported it, row by row.
    kept = [json.loads(imported.reported) for imported in ImportedRecord.objects.order_by("row")]
    assert kept == [_canonical(record) for record in records]


def _canonical(record: dict) -> dict:
    """The reported fields of an exported record as the import keeps them (JSON's types)."""
    age = record["vic_AgeWhenTrafficked"]
    return {
        "vic_AgeWhenTrafficked": int(age) if age not in ("", None) else None,
        "cas_ReferredOrganisation": sorted(record["cas_ReferredOrganisation"]),
        "cas_ReasonForOutgoingReferral": sorted(record["cas_ReasonForOutgoingReferral"]),
        "cas_OutgoingReferralDate": record["cas_OutgoingReferralDate"] or None,
    }


def _records(content: bytes, fmt: str) -> list[dict]:
    if fmt == "json":
        return json.loads(content)["records"]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    return [
        {
            name: (value.split(htcds.MULTISELECT_SEPARATOR) if value else []) if name in LISTS else value
            for name, value in row.items()
        }
        for row in rows
    ]
