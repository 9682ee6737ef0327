"""Malformed input to the other forms (filters, exports, erasure, break-glass, sign-in): no server error.

The registration, interview, case work and repatriation forms have fuzz tests of their own,
which also check that nothing is saved half-way.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import ErasureRequest
from intake.models import Interview
from tests.factories import CaseFactory
from tests.fuzz import form_values, fuzz

pytestmark = pytest.mark.django_db
FUZZ = fuzz(25)
junk = form_values("IN", "age_band", "DEMO-2026-000001", "xlsx")


@FUZZ
@given(values=st.lists(junk, min_size=6, max_size=6))
def test_dashboard_and_export_filters(client, coordinator, values):
    client.force_login(coordinator)
    query = dict(
        zip(
            ["arrived_after", "arrived_before", "organisation", "nationality", "columns", "fmt"],
            values,
            strict=True,
        )
    )
    for name in ("cases:dashboard", "cases:exports", "cases:export_research"):
        assert client.get(reverse(name), query).status_code in (200, 302, 400, 404, 422)
    assert client.get(reverse("cases:export_case_list", args=["csv"]), query).status_code in (200, 400, 422)


@FUZZ
@given(values=st.lists(junk, min_size=6, max_size=6))
def test_access_log_search_and_erasure_forms(client, coordinator, ngo_a, values):
    client.force_login(coordinator)
    query = dict(zip(["case", "username", "action", "at_after", "at_before", "page"], values, strict=True))
    assert client.get(reverse("cases:access_log"), query).status_code == 200
    before = ErasureRequest.objects.count()
    response = client.post(reverse("cases:erasure_list"), {"reference": values[0], "reason": values[1]})
    assert response.status_code in (200, 302)
    assert ErasureRequest.objects.count() == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(reason=junk)
def test_break_glass_reason(client, caseworker, ngo_a, reason):
    case = CaseFactory(organisation=ngo_a)
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="x", interviewer=caseworker, narrative="n"
    )
    client.force_login(caseworker)
    response = client.post(reverse("intake:narrative_open", args=[case.person_id]), {"reason": reason})
    assert response.status_code == 302


@FUZZ
@given(username=junk, password=junk, token=junk)
def test_sign_in_and_second_factor_forms(client, caseworker, username, password, token):
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code in (
        200,
        302,
        403,
        429,
    )
    client.force_login(caseworker)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": token}).status_code in (200, 302)


# Every URL that names a record by its id, with the id a number of any size.
RECORD_URLS = [
    "/cases/{}/",
    "/cases/{}/notes/",
    "/cases/{}/assign/",
    "/persons/{}/case/",
    "/erasure/{}/",
    "/repatriation/cases/{}/",
    "/repatriation/cases/{}/step/",
    "/notifications/{}/",
    "/intake/persons/{}/interview/identity/",
    "/intake/persons/{}/narrative/open/",
]


@pytest.mark.parametrize("number", ["0", str(2**63 - 1), str(2**63), "9" * 19, "9" * 40])
def test_a_record_id_no_database_column_holds_is_a_plain_not_found(client, caseworker, number):
    client.force_login(caseworker)
    for url in RECORD_URLS:
        for method in (client.get, client.post):  # 405 where the screen takes only the other method
            assert method(url.format(number)).status_code in (404, 405), (method, url.format(number))


def test_the_record_urls_above_are_every_url_that_takes_an_id():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    routes = {route for route in walk(get_resolver().url_patterns) if not route.startswith("admin/")}
    assert not [route for route in routes if "<int:" in route]  # every record id goes through `<id:...>`
    with_ids = {"/" + route.split("<id:")[0] for route in routes if "<id:" in route}
    assert with_ids == {url.split("{}")[0] for url in RECORD_URLS}


@FUZZ
@given(number=st.integers(0, 10**40))
def test_the_case_of_a_person_with_any_number_answers_without_a_server_error(client, caseworker, number):
    client.force_login(caseworker)
    assert client.get(f"/persons/{number}/case/").status_code == 404
