"""The access log: append-only in the database itself, and searchable by coordinators and administrators."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases.models import AccessLog
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(caseworker):
    return AccessLog.objects.create(
        user=caseworker, username="caseworker", action=AccessLog.Action.VIEW, case_id=7
    )


def refused(statement) -> bool:
    try:
        with transaction.atomic():
            statement()
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_the_database_refuses_to_change_an_entry(entry):
    entry.username = "someone_else"
    assert refused(entry.save)
    assert refused(lambda: AccessLog.objects.update(action=AccessLog.Action.EXPORT))
    assert AccessLog.objects.get().username == "caseworker"


def test_the_database_refuses_to_delete_an_entry_even_in_raw_sql(entry):
    assert refused(entry.delete)
    assert refused(lambda: AccessLog.objects.all().delete())

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_accesslog")

    assert refused(raw_delete)
    assert AccessLog.objects.count() == 1


def test_who_looked_at_this_case(client, coordinator, caseworker, caseworker2, ngo_a):
    case = CaseFactory(organisation=ngo_a)
    other = CaseFactory(organisation=ngo_a)
    client.force_login(caseworker)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    client.get(reverse("cases:case_detail", args=[other.pk]))
    client.force_login(coordinator)
    response = client.get(reverse("cases:access_log"), {"case": case.reference})
    rows = list(response.context["page"].object_list)
    assert [(e.username, e.action, e.case_id) for e in rows] == [("caseworker", "view", case.pk)]
    assert case.reference in response.content.decode()


def test_a_long_log_is_counted_up_to_a_cap_and_paged_to_its_end(client, coordinator, monkeypatch):
    monkeypatch.setattr("cases.pagination.COUNT_CAP", 150)  # as 1,000 is, with fewer entries
    AccessLog.objects.bulk_create(
        AccessLog(username="caseworker", action=AccessLog.Action.VIEW, path="/cases/1/") for _ in range(250)
    )
    client.force_login(coordinator)
    url = reverse("cases:access_log")
    first = client.get(url, {"username": "caseworker"}).content.decode()
    assert "More than 150 entries" in first and "Page 1<" in first and ">Next<" in first
    third = client.get(url, {"username": "caseworker", "page": 3})
    assert len(third.context["page"].object_list) == 50 and ">Next<" not in third.content.decode()
    past = client.get(url, {"username": "caseworker", "page": 4}).content.decode()
    assert "This page is past the end of the list." in past
    assert 'href="?username=caseworker&amp;page=1"' in past


def test_an_unknown_reference_is_explained(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("cases:access_log"), {"case": "NOPE-0000"})
    assert "No case has this reference." in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "outsider"])
def test_only_coordinators_and_administrators_search_the_log(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:access_log")).status_code == 404


def test_a_refused_access_is_logged_with_the_case_it_was_for(client, caseworker2, ngo_a):
    case = CaseFactory(organisation=ngo_a)
    client.force_login(caseworker2)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    entry = AccessLog.objects.get(action=AccessLog.Action.REFUSED)
    assert (entry.username, entry.case_id, entry.detail) == (
        "caseworker2",
        case.pk,
        {"screen": "cases:case_detail", "method": "GET"},
    )
