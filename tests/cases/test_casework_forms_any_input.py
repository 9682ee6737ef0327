"""Any input to the case work's forms gives a page, never a server error, and saves all or nothing."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import CaseEvent, Site
from intake.models import ArrivalGroup
from tests.factories import CaseFactory
from tests.fuzz import form_values, fuzz

pytestmark = pytest.mark.django_db
FUZZ = fuzz(30)
junk = form_values("boat", "1", "IN", "Active", "share_embassy", "-name", "LostContact", "Other")


@pytest.fixture
def signed_in(client, caseworker, ngo_a):
    Site.objects.create(name="Riverside", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot")
    client.force_login(caseworker)
    return client


@FUZZ
@given(values=st.lists(junk, min_size=7, max_size=7))
def test_any_batch_context_gives_a_page_and_at_most_one_crossing(signed_in, values):
    names = ["site", "arrived_on", "group", "crossed_on", "crossing_point", "means", "came_from"]
    before = ArrivalGroup.objects.count()
    response = signed_in.post(reverse("cases:registration_context"), dict(zip(names, values, strict=True)))
    assert response.status_code in (200, 302)
    assert ArrivalGroup.objects.count() in (before, before + 1)


@FUZZ
@given(text=junk, caseworker_id=junk)
def test_any_note_or_assignment_gives_a_page_and_an_event_only_when_saved(
    signed_in, ngo_a, text, caseworker_id
):
    case = CaseFactory(organisation=ngo_a)
    note = signed_in.post(reverse("cases:case_note_add", args=[case.pk]), {"text": text})
    assign = signed_in.post(reverse("cases:case_assign", args=[case.pk]), {"caseworker": caseworker_id})
    assert note.status_code in (302, 422) and assign.status_code in (302, 422)
    assert case.events.filter(kind=CaseEvent.Kind.NOTE).count() == (1 if note.status_code == 302 else 0)
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == (1 if assign.status_code == 302 else 0)


@FUZZ
@given(reason=junk, note=junk)
def test_any_closing_gives_a_page_and_closes_with_one_event_only_when_saved(signed_in, ngo_a, reason, note):
    case = CaseFactory(organisation=ngo_a)
    response = signed_in.post(reverse("cases:case_close", args=[case.pk]), {"reason": reason, "note": note})
    assert response.status_code in (302, 422)
    case.refresh_from_db()
    closed = response.status_code == 302
    assert case.is_closed == closed
    assert case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).count() == (1 if closed else 0)


@FUZZ
@given(values=st.lists(junk, min_size=12, max_size=12))
def test_any_case_list_filter_gives_a_page(signed_in, ngo_a, values):
    names = ["nationality", "status", "stage", "organisation", "caseworker", "compound", "arrived_after",
             "arrived_before", "minors", "urgent", "consent", "order"]  # fmt: skip
    CaseFactory(organisation=ngo_a)
    assert signed_in.get(reverse("cases:case_list"), dict(zip(names, values, strict=True))).status_code == 200
    assert signed_in.post(reverse("cases:case_list"), {"q": values[0], "page": values[1]}).status_code == 302
