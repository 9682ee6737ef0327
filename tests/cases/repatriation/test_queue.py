"""The liaison's queue: their consenting nationals, only what an embassy needs, most urgent first."""

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, CaseStatus, Site
from cases.repatriation.selectors import LIAISON_CASE_FIELDS, CaseRow, queue_page
from intake.models import Alias, Exploitation, Interview, Recruitment
from tests.cases.repatriation.conftest import national
from tests.factories import DebtFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases:repatriation_queue")


def names_in(page: str) -> list[str]:
    """The names of the queue's rows, in order."""
    return re.findall(r'<td[^>]*><a href="/repatriation/cases/\d+/">([^<]+)</a>', page)


@pytest.fixture
def shelter(db):
    return Site.objects.create(name="Riverside shelter", kind=Site.Kind.SHELTER, town="Mae Sot")


@pytest.fixture
def hospital(db):
    return Site.objects.create(name="District hospital", kind=Site.Kind.HOSPITAL, town="Mae Sot")


def test_the_queue_lists_only_the_liaisons_consenting_nationals(
    client, liaison_in, indian_case, filipino_case, indian_without_consent
):
    client.force_login(liaison_in)
    page = client.get(QUEUE).content.decode()
    assert names_in(page) == ["Arjun Testperson"]


def test_the_liaison_home_is_the_queue(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    response = client.get(reverse("cases:home"))
    assert response.status_code == 200
    assert names_in(response.content.decode()) == ["Arjun Testperson"]


def test_a_row_shows_what_an_embassy_needs_to_act(client, ngo_a, liaison_in, shelter):
    today = timezone.localdate()
    case = national(
        ngo_a,
        "IN",
        stage="verification_requested",
        given_name="Priya",
        family_name="Sample",
        given_name_native="प्रिया",
        gender="Feminine",
        birth_year_estimated=None,
        date_of_birth=today.replace(year=today.year - 16) - datetime.timedelta(days=1),
        arrived_on=today - datetime.timedelta(days=12),
        needs_medical_care=True,
    )
    case.current_site = shelter
    case.repatriation_stage_since = timezone.now() - datetime.timedelta(days=5)
    case.save()
    case.person.nationalities.update(document_custody="confiscated")
    client.force_login(liaison_in)
    row = re.search(r'<tr data-case="\d+".*?</tr>', client.get(QUEUE).content.decode(), re.S).group(0)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[1].startswith("Priya Sample प्रिया")
    assert case.reference in cells[1]
    assert cells[2] == "Minor Medical care"
    assert "(16)" in cells[3]
    assert cells[4:11] == [
        "Feminine",
        "Confiscated by traffickers",
        "Riverside shelter",
        "Nationality verification requested",
        "5",
        "12",
        "Embassy to verify nationality",
    ]


def test_the_queue_never_shows_the_story_debts_or_anything_outside_the_liaison_fields(
    client, ngo_a, liaison_in, indian_case
):
    person = indian_case.person
    person.phone = "+66812345678"
    person.save()
    person.nationalities.update(document_number="ZZ7654321")
    Alias.objects.create(person=person, name="Canaryalias")
    Interview.objects.create(
        person=person, held_on=timezone.localdate(), place="Canaryplace", narrative="Canarystory"
    )
    DebtFactory(person=person, amount=Decimal("98765.43"))
    Recruitment.objects.create(person=person, promised_job="Canaryjob", promised_employer="Canaryemployer")
    Exploitation.objects.create(person=person, company="Canarycompany")
    indian_case.repatriation_stage = "on_hold"
    indian_case.repatriation_hold_reason = "Canaryreason"
    indian_case.save()
    client.force_login(liaison_in)
    pages = [
        client.get(QUEUE).content.decode(),
        client.get(reverse("cases:repatriation_case", args=[indian_case.pk])).content.decode(),
        client.get(
            reverse("cases:repatriation_bulk"), {"transition": "verify_nationality", "case": indian_case.pk}
        ).content.decode(),
    ]
    for page in pages:
        assert "Arjun" in page
        for canary in (
            "+66812345678",
            "ZZ7654321",
            "Canaryalias",
            "Canaryplace",
            "Canarystory",
            "98765",
            "Canaryjob",
            "Canaryemployer",
            "Canarycompany",
            "Canaryreason",
        ):
            assert canary not in page


def test_the_liaison_fields_are_listed_once_and_the_rows_hold_nothing_else():
    derived = {"is_minor", "today"}  # is_minor follows from the birth date fields; today is the clock
    assert {f.name for f in dataclasses.fields(CaseRow)} - derived == set(LIAISON_CASE_FIELDS)


def test_the_queue_fetches_only_the_liaison_fields(liaison_in, indian_case):
    with CaptureQueriesContext(connection) as queries:
        queue_page(user=liaison_in)
    rows_sql = queries.captured_queries[-1]["sql"]
    selected = rows_sql.split(" FROM ", 1)[0]
    for forbidden in ("narrative", "phone", "document_number", "hold_reason", "amount", "protection_risk"):
        assert forbidden not in selected


def test_minors_and_people_needing_medical_care_come_first_then_the_longest_waiting(
    client, ngo_a, liaison_in
):
    now = timezone.now()
    this_year = timezone.localdate().year

    def waiting(name, days, **person):
        case = national(ngo_a, "IN", given_name=name, family_name="", **person)
        case.repatriation_stage_since = now - datetime.timedelta(days=days)
        case.save()

    waiting("Adult-waiting-2-days", 2)
    waiting("Adult-waiting-9-days", 9)
    waiting("Medical-waiting-1-day", 1, needs_medical_care=True)
    waiting("Minor-waiting-3-days", 3, birth_year_estimated=this_year - 15)
    client.force_login(liaison_in)
    assert names_in(client.get(QUEUE).content.decode()) == [
        "Minor-waiting-3-days",
        "Medical-waiting-1-day",
        "Adult-waiting-9-days",
        "Adult-waiting-2-days",
    ]


def test_the_queue_filters_by_stage_by_waiting_on_the_embassy_and_by_place(
    client, ngo_a, liaison_in, shelter, hospital
):
    for name, stage, site in [
        ("Ident", "identified", shelter),
        ("Requested", "verification_requested", shelter),
        ("Clearance", "exit_clearance", hospital),
    ]:
        case = national(ngo_a, "IN", stage=stage, given_name=name, family_name="")
        case.current_site = site
        case.save()
    client.force_login(liaison_in)
    assert names_in(client.get(QUEUE, {"stage": "identified"}).content.decode()) == ["Ident"]
    assert sorted(names_in(client.get(QUEUE, {"stage": "embassy"}).content.decode())) == [
        "Clearance",
        "Requested",
    ]
    assert sorted(names_in(client.get(QUEUE, {"stage": "", "site": shelter.pk}).content.decode())) == [
        "Ident",
        "Requested",
    ]
    assert names_in(client.get(QUEUE, {"stage": "embassy", "site": hospital.pk}).content.decode()) == [
        "Clearance"
    ]


def test_a_bad_filter_gets_a_message_beside_it_and_the_whole_queue(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    response = client.get(QUEUE, {"stage": "boarding", "site": "nowhere", "page": "x"})
    assert response.status_code == 200
    errors = response.context["filters"].errors
    assert "stage" in errors and "site" in errors
    assert names_in(response.content.decode()) == ["Arjun Testperson"]


def test_closed_cases_leave_the_queue(client, liaison_in, indian_case):
    indian_case.status, indian_case.closed_at = "Closed", timezone.now()
    indian_case.save()
    client.force_login(liaison_in)
    assert names_in(client.get(QUEUE).content.decode()) == []


def test_opening_the_queue_and_a_case_is_logged_with_the_cases_shown(client, liaison_in, indian_case):
    client.force_login(liaison_in)
    client.get(QUEUE)
    client.get(reverse("cases:repatriation_case", args=[indian_case.pk]))
    search, view = AccessLog.objects.order_by("pk")
    assert (search.action, search.detail["case_ids"]) == (AccessLog.Action.SEARCH, [indian_case.pk])
    assert (view.action, view.case_id, view.username) == (AccessLog.Action.VIEW, indian_case.pk, "liaison_in")


def test_the_queue_costs_a_fixed_number_of_queries_whatever_the_number_of_cases(
    client, ngo_a, liaison_in, shelter, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            case = national(ngo_a, "IN", stage="verification_requested")
            case.current_site = shelter
            case.save()

    add(2)
    client.force_login(liaison_in)
    filters = {"stage": "embassy", "site": shelter.pk}
    client.get(QUEUE, filters)
    # Session, user, profile; the place filtered by; the count and the page; the access log; the
    # stage counts; the unread notifications; the places to choose from.
    with django_assert_max_num_queries(10) as few:
        client.get(QUEUE, filters)
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(QUEUE, filters).content.decode()
    assert len(names_in(page)) == 42


def test_the_queue_says_how_many_cases_each_filter_keeps(client, ngo_a, liaison_in, shelter):
    for stage in ("identified", "identified", "verification_requested", "travel_document_requested"):
        national(ngo_a, "IN", stage=stage)
    sheltered = national(ngo_a, "IN", stage="verification_requested")
    sheltered.current_site = shelter
    sheltered.save()
    national(ngo_a, "IN", stage="identified", consent=False)  # not shared with the embassy
    closed = national(ngo_a, "IN", stage="identified")
    closed.status, closed.closed_at = CaseStatus.CLOSED, timezone.now()
    closed.save()
    client.force_login(liaison_in)

    def counted(**filters) -> tuple[str, int]:
        page = client.get(QUEUE, filters).content.decode()
        caption = re.search(r"<caption[^>]*>([^<]*)</caption>", page).group(1)
        return caption, len(names_in(page))

    assert counted() == ("5 cases", 5)
    assert counted(stage="identified") == ("2 cases", 2)
    assert counted(stage="embassy") == ("3 cases", 3)  # verification and travel document requested
    assert counted(stage="embassy", site=shelter.pk) == ("1 case", 1)
    assert counted(stage="departed") == ("0 cases", 0)


def test_the_queue_pages_through_many_cases(client, ngo_a, liaison_in):
    for _ in range(55):
        national(ngo_a, "IN")
    client.force_login(liaison_in)
    assert len(names_in(client.get(QUEUE).content.decode())) == 50
    assert len(names_in(client.get(QUEUE, {"page": 2}).content.decode())) == 5


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "admin_user", "outsider"])
def test_only_liaisons_have_a_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == 404
    assert client.get(reverse("cases:repatriation_history")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get(QUEUE)["Location"].startswith(reverse("login"))
