"""The HTCDS files carry all the record holds that the partners' consent allows, in the standard's terms.

What the audit found lost is asserted here, one loss a test: the chain of episodes, their
compounds, countries and months, the sale and the debts per episode; forced criminality and
restriction of movement beside their closest standard values; every language, the secondary
never the primary; nulls for every empty value in JSON; and what never leaves (names, phones,
free text, the caseworker). The consent gating and the access log: test_exports.py.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import AccessLog, Case, CaseStatus, ClosureReason
from intake.models import (
    Compound,
    ControlMethod,
    Debt,
    Exploitation,
    ExploitationType,
    Language,
    Recruitment,
    RecruitmentChannel,
)
from intake.vocabularies import ConsentScope, CryptoAsset, DebtKind, Payer
from reporting.htcds import fileformat, spec
from reporting.htcds.export import htcds_records
from reporting.htcds.validation import record_errors
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    NationalityFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.reporting.test_exports import download, read_csv

pytestmark = pytest.mark.django_db


def sharing(case):
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_PARTNERS)
    return case


def json_records(client, **query) -> list[dict]:
    return json.loads(download(client, "reporting:export_htcds", "json", **query).body)["records"]


def a_full_story(organisation, *, given_name: str = "Secretname") -> Case:
    """A case with everything the record can hold: languages, recruitment, two episodes, a sale, debts."""
    person = PersonFactory(
        given_name=given_name,
        family_name="Secretfamily",
        date_of_birth=datetime.date(1990, 5, 20),
        birth_year_estimated=None,
        gender="Feminine",
        phone="+66812345678",
        primary_language=Language.objects.get(code="yue"),
    )
    # Mandarin shares Yue's ISO 639-2 code (zho); S'gaw Karen has none; Thai is the first other.
    person.other_languages.set(Language.objects.filter(code__in=["yue", "cmn", "ksw", "tha"]))
    case = sharing(
        CaseFactory(
            person=person,
            organisation=organisation,
            nationality="IN",
            status=CaseStatus.CLOSED,
            opened_at=timezone.now() - datetime.timedelta(days=30),
            closed_at=timezone.now(),
        )
    )
    NationalityFactory(person=person, country="BD", is_primary=False)
    Recruitment.objects.create(
        person=person,
        channel=RecruitmentChannel.objects.get(code="RecruitingAgentOrAgency"),
        platform="Telegram",
        relation_to_recruiter="Acquainted",
        promised_job="Secretjob",
        recruited_on=datetime.date(2025, 3, 14),
        origin_place="Secretvillage",
        origin_country="IN",
        transit_countries=["TH", "MY"],
        crossing_point="Secretcrossing",
    )
    # Created out of order: the chain's order is its positions, not the rows'.
    second = Exploitation.objects.create(
        person=person,
        position=1,
        compound=Compound.objects.get(name="Shwe Kokko (Yatai New City)"),
        started_on=datetime.date(2025, 8, 5),
        sex_exploitation_types=["RemoteInteractiveServices"],
        company="Secretcompany",
    )
    second.types.add(ExploitationType.objects.get(code="SexualExploitation"))
    second.methods_of_control.add(ControlMethod.objects.get(code="PhysicalAbuse"))
    first = Exploitation.objects.create(
        person=person,
        position=0,
        compound=Compound.objects.get(name="KK Park"),
        started_on=datetime.date(2025, 3, 20),
        ended_on=datetime.date(2025, 8, 2),
        forced_labour_industry="J_InformationAndCommunication",
        hours_per_day=16,
        sold_on=True,
        sold_by="BrokerTravelAgent",
        sale_price_amount=Decimal("80000.000000"),
        sale_price_currency="CNY",
    )
    first.types.add(ExploitationType.objects.get(code="ForcedCriminalityRomanceScam"))
    first.methods_of_control.add(*ControlMethod.objects.filter(code__in=["RestrictsMovement", "DebtBondage"]))
    Debt.objects.create(
        person=person,
        exploitation=second,
        kind=DebtKind.RESALE,
        amount=Decimal("80000"),
        currency="CNY",
        imposed_by="BoughtIndividual",
        incurred_on=datetime.date(2025, 8, 5),
    )
    Debt.objects.create(
        person=person,
        kind=DebtKind.CONTRACT_TERMINATION,
        amount=Decimal("3000.50"),
        crypto_asset=CryptoAsset.USDT,
        imposed_by="Exploiter",
        incurred_on=datetime.date(2025, 10, 1),
        is_paid=True,
        paid_by=Payer.FAMILY,
        paid_on=datetime.date(2025, 10, 20),
    )
    return case


@pytest.fixture
def story(coordinator, task_force):
    return a_full_story(task_force)


def test_the_chain_of_episodes_travels_whole_with_compounds_months_sale_and_debts(client, coordinator, story):
    client.force_login(coordinator)
    (record,) = json_records(client)
    first, second = record["x_Episodes"]
    assert first == {
        "vic_LocationOfExploitation": "KK Park",
        "hte_Country": "MM",
        "x_StartDate": "2025-03",
        "x_EndDate": "2025-08",
        "vic_TypeOfExploitation": ["ForcedLabour"],
        "x_TypeOfExploitation": ["ForcedCriminalityRomanceScam"],
        "vic_ForcedLabourIndustry": "J_InformationAndCommunication",
        "vic_TypeOfSexExploitation": [],
        "x_HoursPerDay": 16,
        "vic_MethodsOfControl": ["DebtBondage", "Other"],
        "x_MethodsOfControl": ["DebtBondage", "RestrictsMovement"],
        "x_SoldOn": True,
        "x_SoldBy": "BrokerTravelAgent",
        "x_SalePriceAmount": "80000",
        "x_SalePriceCurrency": "CNY",
    }
    assert second["vic_LocationOfExploitation"] == "Shwe Kokko (Yatai New City)"
    assert (second["x_StartDate"], second["x_EndDate"], second["x_SoldOn"]) == ("2025-08", None, False)
    assert second["vic_TypeOfSexExploitation"] == ["RemoteInteractiveServices"]
    # The resale price arose in the second episode (the buyer's); the exit fee in none.
    assert [
        (d["x_Episode"], d["x_Kind"], d["x_Amount"], d["x_Currency"], d["x_CryptoAsset"])
        for d in record["x_Debts"]
    ] == [
        (2, "resale", "80000", "CNY", None),
        (None, "contract_termination", "3000.5", None, "USDT"),
    ]
    assert record["x_Debts"][0]["x_ImposedBy"] == "BoughtIndividual"
    assert (record["x_Debts"][1]["x_Paid"], record["x_Debts"][1]["x_PaidBy"]) == (True, "family")
    assert record["x_Debts"][1]["x_PaidOn"] == "2025-10"


def test_the_trafficking_events_are_the_recruitment_each_transit_country_and_each_episode(
    client, coordinator, story
):
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert record["hte_Events"] == [
        {"hte_Type": "Recruitment", "hte_Country": "IN", "hte_Date": "2025-03"},
        {"hte_Type": "Transit", "hte_Country": "MY", "hte_Date": None},
        {"hte_Type": "Transit", "hte_Country": "TH", "hte_Date": None},
        {"hte_Type": "Exploitation", "hte_Country": "MM", "hte_Date": "2025-03"},
        {"hte_Type": "Exploitation", "hte_Country": "MM", "hte_Date": "2025-08"},
    ]


def test_the_locations_industry_and_sexual_exploitation_of_the_person_are_exported(
    client, coordinator, story
):
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert record["vic_LocationOfExploitation"] == "KK Park"  # the first episode's compound
    assert record["vic_LocationOfRecruitment"] == "IN"
    assert record["vic_ForcedLabourIndustry"] == "J_InformationAndCommunication"
    assert record["vic_TypeOfSexExploitation"] == ["RemoteInteractiveServices"]
    assert record["vic_AgeWhenTrafficked"] == 34
    assert record["prs_Citizenship"] == ["IN", "BD"]  # the primary first
    assert (record["cas_Status"], record["cas_ReasonForCaseClosure"]) == ("Closed", None)
    assert record["org_ShippingCountry"] == "TH" and record["org_Type"] == "NGO"


def test_a_case_closed_with_a_reason_exports_the_reason_and_never_the_note(client, coordinator, story):
    Case.objects.filter(pk=story.pk).update(
        status=CaseStatus.CLOSED_REFERRED,
        closure_reason=ClosureReason.REFERRED,
        closure_note="Synthetic note: moved to the shelter on Soi 7",
    )
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert (record["cas_Status"], record["cas_ReasonForCaseClosure"]) == (
        "ClosedReferred",
        "ReferredToAnotherOrganisation",
    )
    assert record_errors(record) == []
    for fmt in ("csv", "json"):
        body = download(client, "reporting:export_htcds", fmt).body.decode("utf-8")
        assert "ReferredToAnotherOrganisation" in body
        assert "Soi 7" not in body


def test_forced_criminality_and_restricted_movement_carry_our_value_beside_the_closest_standard_one(
    client, coordinator, story
):
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert record["vic_TypeOfExploitation"] == ["ForcedLabour", "SexualExploitation"]
    assert record["x_TypeOfExploitation"] == ["ForcedCriminalityRomanceScam", "SexualExploitation"]
    assert record["vic_MethodsOfControl"] == ["DebtBondage", "Other", "PhysicalAbuse"]
    assert record["x_MethodsOfControl"] == ["DebtBondage", "PhysicalAbuse", "RestrictsMovement"]
    assert (record["vic_MethodOfRecruitment"], record["x_MethodOfRecruitment"]) == (
        ["Other"],
        "RecruitingAgentOrAgency",
    )
    row = read_csv(download(client, "reporting:export_htcds", "csv"))[0]
    assert row["vic_TypeOfExploitation"] == "ForcedLabour;SexualExploitation"
    assert row["x_MethodsOfControl"] == "DebtBondage;PhysicalAbuse;RestrictsMovement"


def test_a_term_whose_htcds_value_the_standard_does_not_define_is_exported_as_other(
    client, coordinator, story
):
    ControlMethod.objects.filter(code="RestrictsMovement").update(htcds_value="RestrictsMovement")  # a typo
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert "RestrictsMovement" not in record["vic_MethodsOfControl"]
    assert "Other" in record["vic_MethodsOfControl"]


def test_every_language_is_exported_and_the_secondary_is_never_the_primary(client, coordinator, story):
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert record["prs_PrimaryLanguage"] == "zho"  # Yue Chinese's macrolanguage: 639-2 has no yue
    assert record["prs_SecondaryLanguage"] == "tha"  # cmn is zho again, ksw has no 639-2 code
    assert record["x_PrimaryLanguage"] == "yue"
    assert record["x_OtherLanguages"] == ["cmn", "ksw", "tha"]  # all of them, but the primary itself


def test_a_person_with_one_language_has_no_secondary_one(client, coordinator, task_force):
    person = PersonFactory(primary_language=Language.objects.get(code="hin"))
    person.other_languages.set([Language.objects.get(code="hin")])
    sharing(CaseFactory(person=person, organisation=task_force))
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert (record["prs_PrimaryLanguage"], record["prs_SecondaryLanguage"], record["x_OtherLanguages"]) == (
        "hin",
        None,
        [],
    )


def test_in_json_every_empty_value_is_null_and_every_empty_list_is_empty(client, coordinator, task_force):
    sharing(CaseFactory(organisation=OrganisationFactory(name="Quiet NGO", city=""), person=PersonFactory()))
    client.force_login(coordinator)
    assert json_records(client) == []  # another organisation's case: never in the coordinator's file
    sharing(CaseFactory(organisation=task_force, person=PersonFactory(birth_year_estimated=None)))
    (record,) = json_records(client)
    for column in spec.PERSON_COLUMNS:
        value = record[column.name]
        if column.kind == spec.Kind.MULTISELECT:
            assert value == [], column.name
        elif column.kind == spec.Kind.CHECKBOX:
            assert value is False, column.name
        elif column.name not in ("org_Name", "org_ShippingCity", "org_ShippingCountry", "org_Type"):
            assert value is None or column.name in ("prs_Gender", "vic_TraffickingStatus", "cas_Status"), (
                column.name,
                value,
            )
        assert value != "", column.name
    assert all(record[group] == [] for group in spec.GROUP_NAMES)


def test_names_phones_free_text_and_the_caseworker_never_leave(client, coordinator, story):
    story.caseworker = User.objects.create_user("Secretworker", first_name="Secretworker")
    story.save(update_fields=["caseworker"])
    client.force_login(coordinator)
    for fmt in ("csv", "json"):
        text = download(client, "reporting:export_htcds", fmt).body.decode()
        for secret in (
            "Secretname",
            "Secretfamily",
            "66812345678",
            "Secretvillage",
            "Secretjob",
            "Secretcrossing",
            "Secretcompany",
            "Secretworker",
            "1990-05-20",
            "2025-03-14",  # the day of recruitment: the file has its month
        ):
            assert secret not in text, (fmt, secret)


@pytest.fixture
def manager_of_demo():
    call_command("seed_demo", cases=200, seed=2026, verbosity=0)
    return User.objects.get(username="manager")


def test_the_demo_files_hold_only_the_specs_columns_with_values_of_their_lists(client, manager_of_demo):
    client.force_login(manager_of_demo)
    records = json_records(client)
    assert len(records) == Case.objects.exportable_by(manager_of_demo, export="htcds").count() > 0
    for record in records:
        assert record_errors(record) == []
        for column in spec.PERSON_COLUMNS:
            if column.kind == spec.Kind.MULTISELECT and column.name != "prs_Citizenship":
                assert record[column.name] == sorted(record[column.name]), column.name
    assert any(record["x_Referrals"] for record in records)
    assert any(len(record["hte_Events"]) >= 3 for record in records)
    header = read_csv(download(client, "reporting:export_htcds", "csv"))[0].keys()
    standard_or_listed = spec.exported_standard_fields() | {
        column.name for column in spec.extension_columns()
    }
    for name in header:
        assert name.split(".")[-1] in standard_or_listed, name


def test_the_check_the_files_pass_refuses_what_the_standard_or_our_lists_do_not_define(
    client, coordinator, story
):
    client.force_login(coordinator)
    (record,) = json_records(client)
    assert record_errors(record) == []
    record["vic_MethodsOfControl"] = ["RestrictsMovement"]  # ours, not the standard's
    record["prs_Gender"] = ""  # an empty picklist is null, never ""
    record["x_Episodes"][0]["x_StartDate"] = "2025-03-20"  # a day where a month is due
    record["x_Debts"][0]["x_Amount"] = 80000.0  # a float
    record["hte_Events"][0]["hte_Type"] = "Arrival"
    assert len(record_errors(record)) == 5, record_errors(record)


def test_the_csv_reads_back_as_the_json_records_and_the_same_data_gives_the_same_bytes(
    client, coordinator, task_force, story
):
    # Values that a spreadsheet would run, or that start with the neutralising apostrophe itself.
    task_force.name, task_force.city = '=HYPERLINK("http://evil")', "'Quoted"
    task_force.save()
    sharing(CaseFactory(organisation=task_force, person=PersonFactory()))  # fewer parts: empty cells
    client.force_login(coordinator)
    csv_response = download(client, "reporting:export_htcds", "csv")
    text = csv_response.body.decode()
    assert "'=HYPERLINK" in text and "''Quoted" in text
    assert list(fileformat.csv_records(text)) == json_records(client)
    assert download(client, "reporting:export_htcds", "csv").body == csv_response.body
    first = download(client, "reporting:export_htcds", "json").body
    assert download(client, "reporting:export_htcds", "json").body == first
    header = text.splitlines()[0].split(",")
    assert header.count("x_Episodes.2.vic_LocationOfExploitation") == 1
    assert "x_Episodes.3.vic_LocationOfExploitation" not in header  # as many as the longest chain


def test_the_records_are_read_in_a_fixed_number_of_queries_whatever_the_number_of_cases(
    coordinator, task_force, django_assert_num_queries
):
    a_full_story(task_force, given_name="One")
    with CaptureQueriesContext(connection) as one:
        assert len(list(htcds_records(Case.objects.all()))) == 1
    for index in range(4):
        a_full_story(task_force, given_name=f"More{index}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(list(htcds_records(Case.objects.all()))) == 5
    assert len(one.captured_queries) == 10


def test_the_download_is_logged_with_its_row_count_and_pins_its_queries(
    client, coordinator, task_force, django_assert_max_num_queries
):
    for index in range(3):
        a_full_story(task_force, given_name=f"Logged{index}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):
        response = download(client, "reporting:export_htcds", "csv")
    assert response.streaming  # written out as it is read back from the spool, never whole in memory
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (entry.detail["export"], entry.detail["format"], entry.detail["rows"]) == ("htcds", "csv", 3)
    assert entry.user == coordinator
