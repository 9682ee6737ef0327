"""The import applies a file in bulk: queries that do not grow with its rows, the same rows as saves.

The records are the demo's, exported by its manager as HTCDS JSON (episodes, debts, recruitments,
consents: every part the import rebuilds), repeated to the number of rows a test needs, imported
into the same organisation once its cases are wiped (as tests/exchange/test_round_trip.py does).
"""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent
from exchange import services
from exchange.htcds_files import file_read
from exchange.models import HtcdsUpload
from intake.models import Consent, Debt, Exploitation, MatchKey, Nationality, Person, Recruitment
from intake.services import person_keys_refresh
from reporting.htcds import fileformat
from tests.exchange.files import csv_bytes, record
from tests.exchange.test_import import confirm, dry_run
from tests.exchange.test_round_trip import case_data_flush, export

pytestmark = pytest.mark.django_db

HISTORIED = [Person, Nationality, Recruitment, Exploitation, Debt, Consent, Case]


@pytest.fixture
def demo_records(client):
    """The demo manager signed in, and their NGO's export as JSON records; the case data wiped."""
    call_command("seed_demo", cases=60, seed=2026, verbosity=0)
    manager = User.objects.get(username="manager")
    client.force_login(manager)
    content, _name = export(client, "json")
    payload = json.loads(content)
    records = fileformat.json_records(content.decode("utf-8"))
    assert any(record["x_Episodes"] for record in records) and any(record["x_Debts"] for record in records)
    case_data_flush()
    return manager, records, payload["consent"]


def file_of(records: list[dict], consent, rows: int) -> bytes:
    """The records repeated to `rows` rows, written as the export writes them."""
    repeated = [records[n % len(records)] for n in range(rows)]
    return "".join(fileformat.json_chunks(fileformat.Spool(repeated), consent=consent)).encode("utf-8")


def queries_of_import(user, data: bytes) -> tuple[int, int]:
    """The queries of the dry run and of the apply of `data`, imported by `user`."""
    upload = services.upload_store(raw=file_read(data, name="p.json"), uploaded_by=user, size=len(data))
    with CaptureQueriesContext(connection) as dry:
        plan = services.upload_plan(upload=upload, user=user)
    assert plan.importable, plan.every_problem[:3]
    with CaptureQueriesContext(connection) as applied:
        services.upload_apply(upload=upload, applied_by=user, digest=upload.digest, create_anyway=set())
    return len(dry), len(applied)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(demo_records):
    manager, records, consent = demo_records
    dry_10, apply_10 = queries_of_import(manager, file_of(records, consent, 10))
    assert Case.objects.count() == 10
    case_data_flush()
    dry_50, apply_50 = queries_of_import(manager, file_of(records, consent, 50))
    assert Case.objects.count() == 50
    # Five times the rows, the same queries: one per table written (SQLite splits an insert of
    # many rows in a few), not a few dozen per row as saving each object took (~3,500 for 50).
    assert dry_50 == dry_10 <= 20
    if connection.vendor == "postgresql":
        assert apply_50 == apply_10 <= 60
    else:  # SQLite takes at most 999 values in one insert: a few more inserts, not per row
        assert apply_50 <= apply_10 + 15 and apply_50 <= 80


def test_every_object_imported_has_the_history_row_a_save_writes_and_the_keys_of_the_rule(
    client, demo_records
):
    manager, records, consent = demo_records
    stored, _page = dry_run(client, file_of(records, consent, len(records)), "p.json")
    since = timezone.now()  # the demo's own records left history rows, of their creation and deletion
    assert confirm(client, stored).status_code == 302
    assert Case.objects.count() == len(records)
    for model in HISTORIED:
        objects = model.objects.count()
        assert objects > 0, model
        history = model.history.filter(history_date__gte=since)
        assert history.count() == objects, model  # exactly one each
        assert set(history.values_list("history_type", "history_user")) == {("+", manager.pk)}, model
    assert (
        Recruitment.objects.exclude(channel=None).exists()
        and Debt.objects.exclude(exploitation=None).exists()
    )
    assert (
        Exploitation.types.through.objects.exists()
        and Exploitation.methods_of_control.through.objects.exists()
    )
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.IMPORTED).count() == len(records)


def test_an_imported_persons_match_keys_and_name_codes_are_those_of_the_registrations_rule(
    client, caseworker
):
    client.force_login(caseworker)
    rows = [
        record(prs_FirstName="Priya", prs_SecondName="Sharma", prs_Birthdate="1998-04-02"),
        record(prs_FirstName="Nguyễn", prs_SecondName="Văn An", prs_Citizenship="VN;IN"),
    ]
    stored, _page = dry_run(client, csv_bytes(rows))
    assert confirm(client, stored).status_code == 302
    assert Person.objects.count() == 2
    for person in Person.objects.all():
        keys, phonetic = set(person.match_keys.values_list("kind", "digest")), person.name_phonetic
        assert keys and phonetic.strip()
        person_keys_refresh(person=person)  # what registering or editing the record writes
        person.refresh_from_db()
        assert set(person.match_keys.values_list("kind", "digest")) == keys
        assert person.name_phonetic == phonetic


def test_a_record_the_database_refuses_rolls_back_the_whole_file_with_a_clear_message(
    client, demo_records, monkeypatch
):
    _manager, records, consent = demo_records
    stored, _page = dry_run(client, file_of(records, consent, 20), "p.json")
    # A birth year no constraint of the fields catches, only the table's check (1900-2100).
    monkeypatch.setattr(services, "_birth_year_estimated", lambda values, recruited_on: 1800)
    since = timezone.now()
    response = confirm(client, stored)
    assert response.status_code == 400
    assert "The import failed and nothing was written." in response.content.decode()
    assert Case.objects.count() == Person.objects.count() == Nationality.objects.count() == 0
    assert not Person.history.filter(history_date__gte=since).exists() and not MatchKey.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.IMPORTED).exists()
    assert HtcdsUpload.objects.count() == 1  # still there to try again or cancel
    # The page still works: the person can cancel the upload.
    cancelled = client.post(reverse("exchange:upload_cancel", args=[stored.pk]))
    assert cancelled.status_code == 302 and HtcdsUpload.objects.count() == 0
