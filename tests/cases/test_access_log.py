"""The access log: append-only in the database itself; each coordinator searches their organisation's part."""

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


def test_who_looked_at_this_case(client, manager, caseworker, caseworker2, ngo_a):
    case = CaseFactory(organisation=ngo_a)
    other = CaseFactory(organisation=ngo_a)
    client.force_login(caseworker)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    client.get(reverse("cases:case_detail", args=[other.pk]))
    client.force_login(manager)
    response = client.get(reverse("cases:access_log"), {"case": case.reference})
    rows = list(response.context["page"].object_list)
    assert [(e.username, e.action, e.case_id) for e in rows] == [("caseworker", "view", case.pk)]
    assert case.reference in response.content.decode()


def test_a_long_log_is_counted_up_to_a_cap_and_paged_to_its_end(client, admin_user, monkeypatch):
    monkeypatch.setattr("cases.pagination.COUNT_CAP", 150)  # as 1,000 is, with fewer entries
    AccessLog.objects.bulk_create(
        AccessLog(username="caseworker", action=AccessLog.Action.VIEW, path="/cases/1/") for _ in range(250)
    )
    client.force_login(admin_user)
    url = reverse("cases:access_log")
    first = client.get(url, {"username": "caseworker"}).content.decode()
    assert "More than 150 entries" in first and "Page 1<" in first and ">Next<" in first
    third = client.get(url, {"username": "caseworker", "page": 3})
    assert len(third.context["page"].object_list) == 50 and ">Next<" not in third.content.decode()
    past = client.get(url, {"username": "caseworker", "page": 4}).content.decode()
    assert "This page is past the end of the list." in past
    assert 'href="?username=caseworker&amp;page=1"' in past


def test_a_reference_outside_the_scope_answers_as_an_unknown_one(client, manager, caseworker2, ngo_b):
    """Searching NGO B's case reference tells NGO A's coordinator nothing about whether it exists."""
    theirs = CaseFactory(organisation=ngo_b)
    client.force_login(caseworker2)
    client.get(reverse("cases:case_detail", args=[theirs.pk]))
    client.force_login(manager)
    url = reverse("cases:access_log")
    for reference in (theirs.reference, "NOPE-0000"):
        response = client.get(url, {"case": reference})
        assert list(response.context["page"].object_list) == []
        assert "No entry matches." in response.content.decode()


def test_a_coordinator_reads_only_what_concerns_their_organisation(
    client, manager, coordinator, caseworker, caseworker2, ngo_a, ngo_b
):
    ours, theirs = CaseFactory(organisation=ngo_a), CaseFactory(organisation=ngo_b)
    client.force_login(caseworker)
    client.get(reverse("cases:case_detail", args=[ours.pk]))  # our staff, our case
    client.get(reverse("cases:case_detail", args=[theirs.pk]))  # our staff, refused elsewhere
    client.force_login(caseworker2)
    client.get(reverse("cases:case_detail", args=[theirs.pk]))  # their staff, their case
    client.get(reverse("cases:case_detail", args=[ours.pk]))  # their staff, refused on our case

    def seen(user):
        client.force_login(user)
        page = client.get(reverse("cases:access_log"), {"action": ""}).context["page"]
        return {(e.username, e.action, e.case_id) for e in page.object_list if e.action != "log_read"}

    assert seen(manager) == {
        ("caseworker", "view", ours.pk),
        ("caseworker", "refused", theirs.pk),
        ("caseworker2", "refused", ours.pk),
    }
    # The task force holds no case and has no staff among these: it reads none of it.
    assert seen(coordinator) == set()


def test_reasons_typed_into_the_log_are_shown_to_the_organisation_not_to_administrators(
    client, manager, admin_user, caseworker, ngo_a
):
    case = CaseFactory(organisation=ngo_a)
    AccessLog.objects.create(
        user=caseworker,
        username="caseworker",
        action=AccessLog.Action.VIEW_NARRATIVE,
        case_id=case.pk,
        detail={"reason": "Preparing the Zelqarin interview"},
    )
    url = reverse("cases:access_log")
    client.force_login(manager)
    assert "Preparing the Zelqarin interview" in client.get(url).content.decode()
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert case.reference in page and "Zelqarin" not in page


def test_reading_the_log_is_itself_logged(client, manager):
    client.force_login(manager)
    client.get(reverse("cases:access_log"), {"username": "caseworker"})
    entry = AccessLog.objects.get(action=AccessLog.Action.LOG_READ)
    assert (entry.user, entry.detail) == (manager, {"filters": ["username"]})
    # ... and the organisation's coordinator finds it there.
    page = client.get(reverse("cases:access_log"), {"action": "log_read"}).context["page"]
    assert [e.username for e in page.object_list] == ["manager"]


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
