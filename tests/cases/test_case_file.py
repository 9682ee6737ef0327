"""The case list and the case file: only what the user may see, found however names are spelled."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, CaseEvent
from intake.interview_steps import STEPS
from intake.models import Interview, Recruitment
from intake.services import person_keys_refresh
from intake.vocabularies import ConsentScope
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    DebtFactory,
    NationalityFactory,
    PersonFactory,
    StaffFactory,
)
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db


def registered(organisation, nationality="VN", **person):
    """A case whose person has their searchable name codes, as registration gives them."""
    case = CaseFactory(organisation=organisation, person=PersonFactory(**person), nationality=nationality)
    person_keys_refresh(person=case.person)
    return case


def search(client, text: str, **filters):
    response = client.post(reverse("cases:case_list"), {"q": text, **filters}, follow=True)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [case.person.full_name for case in response.context["page"].object_list]


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_the_list_shows_only_the_organisations_cases_with_a_count(signed_in, ngo_a, ngo_b):
    registered(ngo_a, given_name="Minh", family_name="Tran")
    registered(ngo_b, given_name="Other", family_name="Org")
    response = signed_in.get(reverse("cases:case_list"))
    assert names(response) == ["Minh Tran"]
    assert "1 case" in response.content.decode()


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ({"given_name": "Văn Minh", "family_name": "Nguyễn"}, "nguyen minh"),
        ({"given_name": "Muhammad", "family_name": "Khan"}, "Mohammed Khan"),
        (
            {
                "given_name": "Wei",
                "family_name": "Wang",
                "given_name_native": "伟",
                "family_name_native": "王",
            },
            "王伟",
        ),
        ({"given_name": "Rahul", "family_name": "Kumar", "given_name_native": "राहुल"}, "Rahool"),
    ],
)
def test_a_name_is_found_however_it_is_spelled_or_written(signed_in, ngo_a, stored, typed):
    registered(ngo_a, **stored)
    registered(ngo_a, given_name="Someone", family_name="Else")
    assert len(names(search(signed_in, typed))) == 1


def test_a_case_is_found_by_alias_document_number_and_phone(signed_in, ngo_a):
    case = registered(ngo_a, given_name="Aung", family_name="", phone="+95091234567")
    case.person.aliases.create(name="Tony")
    nationality = case.person.nationalities.get()
    nationality.document_number = "ZZ1234567"
    nationality.save()
    person_keys_refresh(person=case.person)
    registered(ngo_a, given_name="Someone", family_name="Else")
    for typed in ("tony", "ZZ1234567", "09 123 4567", case.reference):
        assert names(search(signed_in, typed)) == ["Aung"], typed


def test_the_search_text_never_appears_in_a_url(signed_in, ngo_a):
    registered(ngo_a, given_name="Secretname", family_name="Hidden")
    response = search(signed_in, "Secretname", nationality="VN")
    final_url = response.redirect_chain[-1][0]
    assert "Secretname" not in final_url and "nationality=VN" in final_url
    assert names(response) == ["Secretname Hidden"]
    log = AccessLog.objects.filter(action=AccessLog.Action.SEARCH).first()
    assert log.detail["filters"] == ["nationality", "q"] and "Secretname" not in str(log.detail)


def test_clearing_forgets_the_search(signed_in, ngo_a):
    registered(ngo_a, given_name="Alpha", family_name="One")
    registered(ngo_a, given_name="Beta", family_name="Two")
    assert len(names(search(signed_in, "alpha"))) == 1
    signed_in.get(reverse("cases:case_list") + "?clear=1")
    assert len(names(signed_in.get(reverse("cases:case_list")))) == 2


def test_filters_narrow_the_list(signed_in, ngo_a, caseworker):
    registered(ngo_a, given_name="Young", family_name="One", birth_year_estimated=2011)
    registered(ngo_a, given_name="Ill", family_name="Two", needs_medical_care=True)
    consenting = registered(ngo_a, given_name="Sharing", family_name="Three", nationality="IN")
    ConsentFactory(person=consenting.person, scope=ConsentScope.SHARE_EMBASSY)
    late = registered(ngo_a, given_name="Late", family_name="Four", arrived_on=datetime.date(2026, 11, 15))
    late.caseworker = caseworker
    late.save()

    def listed(**params):
        return sorted(names(signed_in.get(reverse("cases:case_list"), params)))

    assert listed(minors="on") == ["Young One"]
    assert listed(urgent="on") == ["Ill Two"]
    assert listed(nationality="IN") == ["Sharing Three"]
    assert listed(consent="share_embassy") == ["Sharing Three"]
    assert listed(arrived_after="2026-11-01") == ["Late Four"]
    assert listed(caseworker=caseworker.pk) == ["Late Four"]
    assert listed(order="-name")[0] == "Ill Two"


def test_a_bad_filter_value_gets_a_message_not_an_error(signed_in, ngo_a):
    registered(ngo_a, given_name="Alpha", family_name="One")
    response = signed_in.get(reverse("cases:case_list"), {"arrived_after": "not-a-date", "nationality": "QQ"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in page and "Select a valid choice." in page
    assert "No case matches these filters." in page


def test_an_empty_list_says_how_to_begin(signed_in):
    page = signed_in.get(reverse("cases:case_list")).content.decode()
    assert "There is no case yet." in page and reverse("cases:register") in page


def test_a_row_shows_who_the_person_is_where_and_how_far_their_case_has_come(signed_in, ngo_a, caseworker):
    from cases.models import CaseStatus, RepatriationStage, Site

    site = Site.objects.create(
        name="Shelter North", kind=Site.Kind.SHELTER, town="Mae Sot", organisation=ngo_a
    )
    young = registered(
        ngo_a,
        nationality="MM",
        given_name="Aung",
        family_name="Win",
        given_name_native="အောင်",
        birth_year_estimated=2012,
        needs_medical_care=True,
        arrived_on=datetime.date(2026, 10, 3),
    )
    NationalityFactory(person=young.person, country="TH", is_primary=False)
    young.current_site, young.caseworker = site, caseworker
    young.repatriation_stage = RepatriationStage.VERIFICATION_REQUESTED
    young.save()
    closed = registered(ngo_a, given_name="Grace", family_name="Closed")
    closed.status, closed.closed_at = CaseStatus.CLOSED, timezone.now()
    closed.save()
    page = signed_in.get(reverse("cases:case_list")).content.decode()
    row, other = (page.split(f"<code>{c.reference}</code>")[0].rsplit("<tr>", 1)[1] for c in (young, closed))
    assert f'href="{reverse("cases:case_detail", args=[young.pk])}"' in row and "Aung Win" in row
    assert "အောင်" in row and ">minor<" in row and ">medical<" in row and ">protection<" not in row
    assert "Myanmar, Thailand" in row and "3 Oct 2026" in row and "Shelter North" in row
    assert str(RepatriationStage.VERIFICATION_REQUESTED.label) in row and caseworker.get_username() in row
    assert "—" in other and f">{CaseStatus.CLOSED.label}<" in other and ">minor<" not in other


def test_the_rows_show_names_as_text_never_as_markup(signed_in, ngo_a):
    registered(ngo_a, given_name="<script>alert(1)</script>", family_name="O'Brien & Co")
    page = signed_in.get(reverse("cases:case_list")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; Co" in page
    assert "<script>alert" not in page


def test_a_list_too_long_to_count_says_so_and_still_pages_to_its_end(signed_in, ngo_a, monkeypatch):
    monkeypatch.setattr("cases.pagination.COUNT_CAP", 3)  # as 1,000 is, with fewer cases
    monkeypatch.setattr("cases.casefile.views.PAGE_SIZE", 2)
    for _ in range(7):
        CaseFactory(organisation=ngo_a)
    url = reverse("cases:case_list")

    def page(number):
        response = signed_in.get(url, {"page": number})
        return response, response.content.decode()

    first, text = page(1)
    assert "More than 3 cases" in text and "Page 1<" in text and "Page 1 of" not in text
    assert len(first.context["page"].object_list) == 2 and ">Next<" in text and ">Previous<" not in text
    last, text = page(4)  # cases 7 of 7: the last page, found without counting them all
    assert len(last.context["page"].object_list) == 1 and ">Next<" not in text and ">Previous<" in text
    _, text = page(9)
    assert "This page is past the end of the list." in text and 'href="?page=1"' in text
    _, text = page("nonsense")
    assert "Page 1<" in text
    _, text = page(10**30)  # beyond any offset the database accepts
    assert "This page is past the end of the list." in text
    listed = [case.pk for number in (1, 2, 3, 4) for case in page(number)[0].context["page"].object_list]
    assert sorted(listed) == sorted(set(listed)) and len(listed) == 7
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH).last().detail["results_capped"] is True


def test_a_list_within_the_cap_is_counted_exactly(signed_in, ngo_a, monkeypatch):
    monkeypatch.setattr("cases.pagination.COUNT_CAP", 3)
    for _ in range(3):
        CaseFactory(organisation=ngo_a)
    text = signed_in.get(reverse("cases:case_list")).content.decode()
    assert "3 cases" in text and "More than" not in text


def test_the_filters_show_what_each_visit_chose(signed_in, ngo_a):
    registered(ngo_a, given_name="Alpha", family_name="One", nationality="IN")
    url = reverse("cases:case_list")

    def chosen(**params) -> dict:
        """What the search form would send again, as the page drew it."""
        return form_fields(signed_in.get(url, params).content.decode(), having="nationality")

    first = chosen(nationality="IN", status="Active")
    assert (first["nationality"], first["status"], first["q"]) == ("IN", "Active", "")
    second = chosen(nationality="PH")
    assert (second["nationality"], second["status"]) == ("PH", "")
    assert chosen()["nationality"] == ""
    search(signed_in, "Alpha")
    assert chosen()["q"] == "Alpha"
    search(signed_in, "Beta")
    assert chosen()["q"] == "Beta"
    bad = signed_in.get(url, {"nationality": "QQ"}).content.decode()
    assert "Select a valid choice." in bad
    assert "Select a valid choice." not in signed_in.get(url, {"nationality": "IN"}).content.decode()


def test_the_list_is_paginated_by_fifty(signed_in, ngo_a):
    for _ in range(55):
        CaseFactory(organisation=ngo_a)
    first = signed_in.get(reverse("cases:case_list"))
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(signed_in.get(reverse("cases:case_list"), {"page": 2}).context["page"].object_list) == 5


def test_the_list_costs_the_same_queries_for_five_cases_or_fifty(
    signed_in, ngo_a, django_assert_max_num_queries
):
    for _ in range(5):
        registered(ngo_a, given_name="A", family_name="B")
    signed_in.get(reverse("cases:case_list"))
    with django_assert_max_num_queries(20) as few:
        signed_in.get(reverse("cases:case_list"))
    for _ in range(45):
        registered(ngo_a, given_name="C", family_name="D", nationality="IN")
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(reverse("cases:case_list"))


@pytest.mark.parametrize("persona", ["liaison_in", "admin_user", "outsider"])
def test_the_case_list_is_not_for_liaisons_administrators_or_users_without_a_role(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:case_list")).status_code == 404


def test_the_case_file_shows_the_whole_record_with_debt_totals_per_currency(signed_in, ngo_a):
    case = registered(ngo_a, given_name="Minh", family_name="Tran")
    DebtFactory(person=case.person, amount=Decimal("30000"), currency="CNY", kind="introduction")
    DebtFactory(person=case.person, amount=Decimal("20000"), currency="CNY", kind="resale")
    DebtFactory(person=case.person, amount=Decimal("5000"), currency="", crypto_asset="USDT", kind="ransom")
    ConsentFactory(person=case.person, scope=ConsentScope.RECORD)
    page = signed_in.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Minh Tran" in page and case.reference in page
    assert "50,000 CNY · 5,000 USDT" in page
    assert "Resale price" in page
    assert "Record my information" in page and "Share with my embassy: not given" in page
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW, case_id=case.pk)
    assert log.detail == {"part": "case_file"}


def test_the_case_file_shows_amounts_and_native_names_as_people_write_them(signed_in, ngo_a):
    case = registered(
        ngo_a,
        nationality="IN",
        given_name="Rahul",
        family_name="Verma",
        given_name_native="राहुल",
        family_name_native="वर्मा",
    )
    Recruitment.objects.create(
        person=case.person, promised_salary_amount=Decimal("25000.00"), promised_salary_currency="THB"
    )
    DebtFactory(person=case.person, amount=Decimal("80000.000000"), currency="CNY")
    page = signed_in.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "25,000 THB" in page and "25000.00" not in page
    assert "80,000 CNY" in page and "80000.000000" not in page
    assert "राहुल वर्मा" in page


@pytest.mark.parametrize("persona", ["caseworker2", "liaison_in", "coordinator", "admin_user", "outsider"])
def test_the_case_file_is_not_found_for_anyone_outside_the_organisation(client, request, persona, ngo_a):
    case = registered(ngo_a, nationality="IN", given_name="Hidden", family_name="Person")
    ConsentFactory(
        person=case.person, scope=ConsentScope.SHARE_EMBASSY
    )  # the Indian liaison sees the case...
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404  # ...but never the case file
    assert "Hidden" not in response.content.decode()
    assert client.post(reverse("cases:case_note_add", args=[case.pk]), {"text": "x"}).status_code == 404
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE).exists()


def test_a_coordinator_reads_their_own_organisations_case_files_but_cannot_change_them(
    client, coordinator, task_force
):
    case = registered(task_force, given_name="Own", family_name="Case")
    client.force_login(coordinator)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Own Case" in page and "Add note" not in page
    assert client.post(reverse("cases:case_note_add", args=[case.pk]), {"text": "x"}).status_code == 404


def test_the_case_file_costs_a_fixed_number_of_queries(signed_in, ngo_a, django_assert_max_num_queries):
    case = registered(ngo_a)
    url = reverse("cases:case_detail", args=[case.pk])
    signed_in.get(url)
    with django_assert_max_num_queries(40) as few:
        signed_in.get(url)
    for i in range(6):
        DebtFactory(person=case.person, amount=Decimal(100 + i))
        NationalityFactory(
            person=case.person, country=["KH", "LA", "TH", "MM", "MY", "ID"][i], is_primary=False
        )
        case.person.aliases.create(name=f"Alias {i}")
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, note=f"note {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(url)


def test_a_note_goes_on_the_timeline_and_an_empty_one_is_explained(signed_in, ngo_a, caseworker):
    case = registered(ngo_a)
    url = reverse("cases:case_note_add", args=[case.pk])
    response = signed_in.post(url, {"text": "   "})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    signed_in.post(url, {"text": "Called the shelter; medical check on Monday."})
    event = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert (event.actor, event.note) == (caseworker, "Called the shelter; medical check on Monday.")
    page = signed_in.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "medical check on Monday" in page


def test_a_case_is_assigned_only_to_a_caseworker_of_its_organisation(signed_in, ngo_a, ngo_b, caseworker2):
    case = registered(ngo_a)
    colleague = StaffFactory(username="colleague", organisation=ngo_a, first_name="Col", last_name="League")
    url = reverse("cases:case_assign", args=[case.pk])
    signed_in.post(url, {"caseworker": colleague.pk})
    case.refresh_from_db()
    assert case.caseworker == colleague
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).exists()
    response = signed_in.post(url, {"caseworker": caseworker2.pk})
    assert response.status_code == 422 and "Select a valid choice." in response.content.decode()
    case.refresh_from_db()
    assert case.caseworker == colleague


def test_the_case_file_shows_who_changed_which_detail(signed_in, ngo_a, caseworker):
    case = registered(ngo_a, given_name="Minh", family_name="Tran")
    person = case.person
    person.protection_risk = True
    person.phone = "+84001234567"
    person._history_user = caseworker
    person.save()
    page = signed_in.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "protection risk, phone" in page or "phone, protection risk" in page
    assert person.history.count() >= 2


def test_a_coordinator_exports_the_list_they_see_with_its_filters(client, coordinator, task_force):
    for nationality in ("IN", "PH"):  # the case list file holds persons whose consent to record is in force
        case = registered(task_force, given_name="Own", family_name="Case", nationality=nationality)
        ConsentFactory(person=case.person, scope=ConsentScope.RECORD)
    client.force_login(coordinator)
    page = client.get(reverse("cases:case_list"), {"nationality": "IN"}).content.decode()
    link = reverse("reporting:export_case_list", args=["csv"]) + "?nationality=IN"
    assert link in page
    rows = client.get(link).content.decode().strip().splitlines()
    assert len(rows) == 2  # the header and the one Indian case


def test_the_interview_button_resumes_where_it_stopped_and_goes_once_every_step_is_saved(signed_in, ngo_a):
    case = registered(ngo_a)
    url = reverse("cases:case_detail", args=[case.pk])
    page = signed_in.get(url).content.decode()
    consent_step = reverse("intake:interview_step", args=[case.person.pk, "consent"])
    assert "Start the interview" in page and consent_step in page  # consent is asked first
    interview = Interview.objects.create(
        person=case.person,
        held_on=datetime.date(2026, 11, 20),
        place="Mae Sot",
        completed_steps=["consent", "details", "identity"],
    )
    page = signed_in.get(url).content.decode()
    assert "Continue the interview" in page and "3 of 8 steps saved" in page
    assert reverse("intake:interview_step", args=[case.person.pk, "recruitment"]) in page
    interview.completed_steps = [step.slug for step in STEPS]
    interview.save()
    page = signed_in.get(url).content.decode()
    assert "Continue the interview" not in page and "Start the interview" not in page
    assert "Every step saved" in page and "Review or correct the answers" in page
