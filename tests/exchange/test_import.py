"""The HTCDS import: upload, dry run with every error at its row and field, matches, then all or nothing."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Case, CaseEvent
from exchange import services
from exchange.models import HtcdsUpload, ImportedRecord
from exchange.tasks import uploads_expired_delete
from intake.models import Consent, Person
from intake.services import person_keys_refresh
from intake.vocabularies import ConsentScope
from tests.exchange.files import csv_bytes, json_bytes, record
from tests.factories import CaseFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "partner.csv"):
    return client.post(reverse("exchange:upload_create"), {"file": SimpleUploadedFile(name, data)})


def dry_run(client, data: bytes, name: str = "partner.csv"):
    response = upload(client, data, name)
    assert response.status_code == 302, response.content[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return HtcdsUpload.objects.get(), page.content.decode()


def confirm(client, upload_row, *, create_anyway=(), digest=None):
    return client.post(
        reverse("exchange:upload_confirm", args=[upload_row.pk]),
        {"digest": digest or upload_row.digest, "create_anyway": list(create_anyway)},
    )


def test_a_caseworker_uploads_sees_the_dry_run_and_nothing_is_written_until_confirmed(
    client, caseworker, ngo_a
):
    client.force_login(caseworker)
    stored, page = dry_run(
        client, csv_bytes([record(), record(prs_Citizenship="PH", prs_Gender="Masculine")])
    )
    assert Case.objects.count() == 0 and Person.objects.count() == 0
    assert 'data-testid="row-1"' in page and 'data-testid="row-2"' in page
    assert "India" in page and "Philippines" in page and "Masculine" in page
    assert "Create 2 cases" in page
    assert "Partner Shelter" not in page  # the sender's name is not what a caseworker decides on
    response = confirm(client, stored)
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_list")
    cases = list(Case.objects.select_related("person"))
    assert len(cases) == 2
    assert {case.organisation for case in cases} == {ngo_a}
    assert {case.caseworker for case in cases} == {caseworker}
    assert sorted(case.person.nationalities.get().country.code for case in cases) == ["IN", "PH"]
    event = CaseEvent.objects.filter(kind=CaseEvent.Kind.IMPORTED).order_by("data__row").first()
    assert event.actor == caseworker and event.data == {
        "format": "csv",
        "row": 1,
        "sent_by": "Partner Shelter",
    }
    assert HtcdsUpload.objects.count() == 0  # deleted on apply
    listed = client.get(reverse("cases:case_list")).content.decode()
    assert "Imported: 2 cases created, 0 matches skipped." in listed


def test_the_imported_case_file_says_where_it_came_from(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    confirm(client, stored)
    case = Case.objects.get()
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Imported from an HTCDS file" in page and "row 1, sent by Partner Shelter" in page


def test_the_upload_is_kept_encrypted_with_its_digest_and_never_in_the_session(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record(org_Name="Sunflower Refuge")]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM exchange_htcdsupload")
        (content,) = cursor.fetchone()
    assert "Sunflower" not in content and content.startswith("gAAAAA")
    assert stored.digest == services.content_digest(stored.content) and len(stored.digest) == 64
    assert "Sunflower" not in str(dict(client.session))
    assert stored.uploaded_by == caseworker and stored.expires_at > timezone.now() + datetime.timedelta(
        hours=23
    )


ROW_ERRORS = [
    (
        {"prs_Gender": "Female"},
        "prs_Gender",
        '"Female" is not one of the allowed values: Feminine, Masculine',
    ),
    ({"prs_Citizenship": "XX"}, "prs_Citizenship", '"XX" is not an ISO 3166 country code'),
    ({"prs_Citizenship": ""}, "prs_Citizenship", "Required: at least one value."),
    ({"prs_PrimaryLanguage": "qqq"}, "prs_PrimaryLanguage", '"qqq" is not an ISO 639-2 language code'),
    (
        {"cas_OutgoingReferralDate": "28/10/2026"},
        "cas_OutgoingReferralDate",
        '"28/10/2026" is not a date as YYYY-MM-DD.',
    ),
    ({"vic_AgeWhenTrafficked": "300"}, "vic_AgeWhenTrafficked", "300 is out of range: from 0 to 120."),
    ({"vic_AgeWhenTrafficked": "twenty"}, "vic_AgeWhenTrafficked", '"twenty" is not a whole number.'),
    ({"con_Consent": "maybe"}, "con_Consent", '"maybe" is not true or false.'),
    (
        {"vic_MethodsOfControl": "DebtBondage;Magic"},
        "vic_MethodsOfControl",
        '"Magic" is not one of the allowed values',
    ),
    ({"org_Name": "=cmd|'/c calc'!A1" + "x" * 1000}, "org_Name", "at most 1,000 are read"),
]


@pytest.mark.parametrize(("change", "field", "message"), ROW_ERRORS)
def test_every_error_is_shown_with_its_row_and_field_and_nothing_can_be_confirmed(
    client, caseworker, change, field, message
):
    client.force_login(caseworker)
    header = [*record(), *change]
    stored, page = dry_run(
        client, csv_bytes([record(), record(**change)], header=list(dict.fromkeys(header)))
    )
    assert f"Row 2, <code>{field}</code>: " in page
    assert message.replace('"', "&quot;").replace("'", "&#x27;") in page
    assert 'data-testid="confirm"' not in page
    response = confirm(client, stored)
    assert response.status_code == 400
    assert "The file has errors" in response.content.decode()
    assert Case.objects.count() == 0 and HtcdsUpload.objects.count() == 1


def test_an_unknown_column_and_a_missing_required_one_are_named(client, caseworker):
    client.force_login(caseworker)
    _stored, page = dry_run(client, b"prs_Gender,prs_Shoesize\nFeminine,38\n")
    assert "<code>prs_Shoesize</code>: Unknown column" in page
    assert "<code>prs_Citizenship</code>: A required column is missing." in page


def test_a_json_value_of_the_wrong_type_is_named_at_its_row_and_field(client, caseworker):
    client.force_login(caseworker)
    _stored, page = dry_run(
        client, json_bytes([{"prs_Citizenship": ["IN"], "prs_Gender": {"x": 1}}]), "p.json"
    )
    assert "Row 1, <code>prs_Gender</code>: Expected text, not an object." in page


def test_an_unreadable_file_is_refused_on_the_upload_page_and_nothing_is_kept(client, caseworker):
    client.force_login(caseworker)
    response = upload(client, "prs_Citizenship\nCôte\n".encode("latin-1"))
    assert response.status_code == 400
    assert (
        "not UTF-8" in response.content.decode()
        and "Nothing was kept or imported." in response.content.decode()
    )
    assert HtcdsUpload.objects.count() == 0
    assert AccessLog.objects.get(action=AccessLog.Action.IMPORT).detail["stage"] == "refused"


def test_ten_thousand_rows_get_a_clear_message_and_nothing_is_kept(client, caseworker):
    client.force_login(caseworker)
    response = upload(client, csv_bytes([record()] * 10_000))
    assert response.status_code == 400
    assert "more than 300 rows" in response.content.decode()
    assert HtcdsUpload.objects.count() == 0 and Case.objects.count() == 0


def test_a_formula_cell_is_kept_as_text_and_shown_escaped(client, caseworker):
    client.force_login(caseworker)
    formula = '=HYPERLINK("http://evil.example","click")'
    stored, page = dry_run(
        client, csv_bytes([record(org_Name=formula, cas_ReferredOrganisation="=cmd|'/c calc'!A1")])
    )
    assert formula not in page  # never echoed raw into the page
    confirm(client, stored)
    imported = ImportedRecord.objects.get()
    assert imported.source_organisation == formula
    assert json.loads(imported.reported)["cas_ReferredOrganisation"] == ["=cmd|'/c calc'!A1"]


def test_the_exports_apostrophe_before_a_formula_is_the_exports_and_is_undone(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record(org_Name="'=Partner")]))
    confirm(client, stored)
    assert ImportedRecord.objects.get().source_organisation == "=Partner"


@pytest.fixture
def registered_priya(ngo_a):
    case = CaseFactory(
        organisation=ngo_a,
        nationality="IN",
        person=PersonFactory(
            given_name="Priya",
            family_name="Sharma",
            date_of_birth=datetime.date(1998, 4, 2),
            birth_year_estimated=None,
        ),
    )
    person_keys_refresh(person=case.person)
    return case


def priya(**values):
    return record(prs_FirstName="Priya", prs_SecondName="Sharma", prs_Birthdate="1998-04-02", **values)


def test_a_row_matching_someone_the_importer_knows_is_skipped_unless_created_anyway(
    client, caseworker, registered_priya
):
    client.force_login(caseworker)
    stored, page = dry_run(client, csv_bytes([priya(), record(prs_Citizenship="PH")]))
    assert 'data-testid="match-row"' in page and registered_priya.reference in page
    assert "Create 1 case, skip 1 match" in page
    assert "Priya" not in page  # names are not shown in the dry run
    confirm(client, stored)
    assert Case.objects.count() == 2  # Priya's, and the Filipino row; the match was skipped
    assert registered_priya.person.nationalities.count() == 1  # nothing merged into her record

    Case.objects.exclude(pk=registered_priya.pk).delete()
    stored, _page = dry_run(client, csv_bytes([priya(), record(prs_Citizenship="PH")]))
    confirm(client, stored, create_anyway=[1])
    assert Case.objects.count() == 3


def test_a_match_in_another_organisation_shows_only_that_organisation(client, caseworker2, registered_priya):
    client.force_login(caseworker2)
    _stored, page = dry_run(client, csv_bytes([priya()]))
    assert 'data-testid="elsewhere"' in page and registered_priya.organisation.name in page
    assert registered_priya.reference not in page and "Sharma" not in page


def test_a_failure_midway_writes_nothing_and_the_page_says_why(client, caseworker, monkeypatch):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record(), record(), record()]))
    original = services.record_build
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            from django.core.exceptions import ValidationError

            raise ValidationError("boom")
        return original(**kwargs)

    monkeypatch.setattr(services, "record_build", failing)
    response = confirm(client, stored)
    assert response.status_code == 400
    assert "nothing was written" in response.content.decode()
    assert Case.objects.count() == Person.objects.count() == Consent.objects.count() == 0
    assert HtcdsUpload.objects.count() == 1  # still there to try again or cancel


def test_a_confirmation_of_other_content_than_the_dry_run_is_refused(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    response = confirm(client, stored, digest="0" * 64)
    assert response.status_code == 400 and "changed since its dry run" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_colleague_of_the_same_organisation_gets_404_on_someone_elses_upload(client, caseworker, ngo_a):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    colleague = StaffFactory(username="colleague", organisation=ngo_a)
    client.force_login(colleague)
    assert client.get(reverse("exchange:upload_detail", args=[stored.pk])).status_code == 404
    assert confirm(client, stored).status_code == 404
    assert client.post(reverse("exchange:upload_cancel", args=[stored.pk])).status_code == 404
    assert Case.objects.count() == 0 and HtcdsUpload.objects.count() == 1


def test_an_expired_upload_is_gone_and_the_beat_task_deletes_it(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    HtcdsUpload.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("exchange:upload_detail", args=[stored.pk])).status_code == 404
    assert confirm(client, stored).status_code == 404
    assert uploads_expired_delete() == 1
    assert HtcdsUpload.objects.count() == 0


def test_cancel_deletes_the_upload_and_imports_nothing(client, caseworker):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    response = client.post(reverse("exchange:upload_cancel", args=[stored.pk]))
    assert response.status_code == 302
    assert HtcdsUpload.objects.count() == 0 and Case.objects.count() == 0


def test_the_dry_run_and_the_import_are_in_the_access_log_with_counts_only(
    client, caseworker, registered_priya
):
    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([priya(), record()]))
    confirm(client, stored)
    entries = list(AccessLog.objects.filter(action=AccessLog.Action.IMPORT).order_by("id"))
    assert [entry.detail["stage"] for entry in entries] == ["dry_run", "applied"]
    assert entries[0].detail | {"upload": 0} == {
        "import": "htcds",
        "stage": "dry_run",
        "upload": 0,
        "rows": 2,
        "errors": 0,
        "matches": 1,
        "elsewhere": 0,
    }
    assert entries[1].detail["created"] == 1 and entries[1].detail["skipped"] == 1
    assert "Priya" not in json.dumps([entry.detail for entry in entries])


def test_a_coordinator_imports_into_their_own_organisation_without_becoming_its_caseworker(
    client, manager, ngo_a
):
    client.force_login(manager)
    assert 'data-testid="import-htcds"' in client.get(reverse("reporting:exports")).content.decode()
    stored, _page = dry_run(client, csv_bytes([record()]))
    confirm(client, stored)
    case = Case.objects.get()
    assert case.organisation == ngo_a and case.caseworker is None
    assert case.events.get(kind=CaseEvent.Kind.IMPORTED).actor == manager


def test_consents_are_recorded_as_the_file_states_them(client, caseworker):
    client.force_login(caseworker)
    data = json_bytes(
        {
            "consent": {"scope": "share_partners"},
            "records": [
                {"prs_Citizenship": ["IN"], "con_Consent": True},
                {"prs_Citizenship": ["PH"], "con_Consent": False},
            ],
        }
    )
    stored, _page = dry_run(client, data, "htcds.json")
    confirm(client, stored)
    scopes = {
        case.person.nationalities.get().country.code: sorted(
            case.person.consents.values_list("scope", flat=True)
        )
        for case in Case.objects.select_related("person")
    }
    assert scopes == {
        "IN": [ConsentScope.RECORD, ConsentScope.SHARE_PARTNERS],
        "PH": [ConsentScope.SHARE_PARTNERS],
    }


def test_the_access_log_says_in_words_what_an_import_did(client, caseworker, manager):
    from cases.access_log.wording import describe

    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record()]))
    confirm(client, stored)
    said = [
        describe(entry) for entry in AccessLog.objects.filter(action=AccessLog.Action.IMPORT).order_by("id")
    ]
    assert said == [
        "Checked an HTCDS file before importing it: 1 rows, 0 errors, 0 rows matching someone registered",
        "Imported an HTCDS file: 1 cases created, 0 matches skipped",
    ]
    client.force_login(manager)
    page = client.get(reverse("cases:access_log")).content.decode()
    assert "Imported an HTCDS file: 1 cases created" in page


def test_the_exports_repeated_parts_are_checked_item_by_item(client, caseworker):
    client.force_login(caseworker)
    data = json_bytes(
        [
            {"prs_Citizenship": ["IN"], "x_Episodes": "none"},
            {
                "prs_Citizenship": ["IN"],
                "x_Debts": [
                    {
                        "x_Episode": 2,
                        "x_Kind": "introduction",
                        "x_Amount": "80000",
                        "x_Currency": "CNY",
                        "x_CryptoAsset": None,
                        "x_ImposedBy": None,
                        "x_Date": "2026-13",
                        "x_Paid": False,
                        "x_PaidBy": None,
                        "x_PaidOn": None,
                    }
                ],
            },
        ]
    )
    _stored, page = dry_run(client, data, "p.json")
    assert "Row 1, <code>x_Episodes</code>: Expected a list of objects." in page
    assert "Row 2, <code>x_Debts.1.x_Date</code>: " in page
    assert (
        "Row 2, <code>x_Debts.1.x_Episode</code>: The debt names episode 2; the record has 0 episodes."
        in page
    )


def test_a_numbered_csv_column_that_names_no_part_is_an_unknown_column(client, caseworker):
    client.force_login(caseworker)
    _stored, page = dry_run(client, b"prs_Citizenship,x_Debts.0.x_Kind,x_Episodes.1.x_Colour\nIN,a,b\n")
    assert "<code>x_Debts.0.x_Kind</code>: Unknown column" in page
    assert "<code>x_Episodes.1.x_Colour</code>: Unknown column" in page


def test_anonymising_an_imported_case_clears_what_the_sender_reported(client, caseworker):
    from cases.erasure.services import case_anonymise

    client.force_login(caseworker)
    stored, _page = dry_run(client, csv_bytes([record(cas_ReferredOrganisation="Tak Legal Aid Centre")]))
    confirm(client, stored)
    case = Case.objects.get()
    assert "Tak Legal Aid" in ImportedRecord.objects.get().reported
    case.status, case.closed_at = "Closed", timezone.now()
    case.save(update_fields=["status", "closed_at"])
    case_anonymise(case=case)
    imported = ImportedRecord.objects.get()
    assert imported.reported == "" and imported.row == 1 and imported.source_organisation == "Partner Shelter"


def test_a_formula_in_an_imported_file_is_never_exported_as_a_formula(client, caseworker, manager):
    client.force_login(caseworker)
    formula = "=cmd|'/c calc'!A1"
    header = [
        *record(),
        "x_Referrals.1.cas_ReferredOrganisation",
        "x_Referrals.1.cas_ReasonForOutgoingReferral",
    ]
    rows = [record(org_Name=formula, **{"x_Referrals.1.cas_ReferredOrganisation": formula})]
    stored, _page = dry_run(
        client, csv_bytes(rows, header=header), "htcds-consent-share_partners-2026-12-07.csv"
    )
    confirm(client, stored)
    client.force_login(manager)
    response = client.get(reverse("reporting:export_htcds", args=["csv"]))
    exported = b"".join(response.streaming_content).decode()
    assert exported.count("\n") == 2  # the header and the imported record
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for line in exported.splitlines() for cell in line.split(",")
    )
    assert "cmd|" not in exported  # the sender's texts stay aside; nothing of them is written out
