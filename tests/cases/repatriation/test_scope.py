"""The liaison's scope on every repatriation screen and action: their own consenting nationals only.

Anything else gets 404, so that a case's existence is not revealed: another country's
national, a national who did not consent (or withdrew consent), a caseworker's other NGO.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.events import event_record
from cases.models import CaseEvent, InboxItem, Notification

pytestmark = pytest.mark.django_db


def visit(client, action: str, case):
    """Reach `case` through one screen or action; return the response."""
    if action == "case page":
        return client.get(reverse("cases:repatriation_case", args=[case.pk]))
    if action == "step":
        return client.post(
            reverse("cases:repatriation_transition", args=[case.pk]), {"transition": "verify_nationality"}
        )
    if action == "review many":
        return client.get(
            reverse("cases:repatriation_bulk"), {"transition": "verify_nationality", "case": case.pk}
        )
    if action == "confirm many":
        return client.post(
            reverse("cases:repatriation_bulk"), {"transition": "verify_nationality", "case": case.pk}
        )
    raise AssertionError(action)


ACTIONS = ["case page", "step", "review many", "confirm many"]
OUT_OF_SCOPE = ["filipino_case", "indian_without_consent", "indian_who_withdrew_consent"]


@pytest.fixture
def indian_who_withdrew_consent(indian_case):
    indian_case.person.consents.update(withdrawn_at=timezone.now())
    return indian_case


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("case_name", OUT_OF_SCOPE)
def test_liaison_for_india_gets_404_for_a_case_outside_their_scope(
    client, request, liaison_in, case_name, action
):
    case = request.getfixturevalue(case_name)
    case.repatriation_stage = "verification_requested"
    case.save()
    client.force_login(liaison_in)
    assert visit(client, action, case).status_code == 404
    case.refresh_from_db()
    assert case.repatriation_stage == "verification_requested"


@pytest.mark.parametrize("action", ACTIONS)
def test_liaison_for_the_philippines_gets_404_for_an_indian(client, liaison_ph, indian_case, action):
    client.force_login(liaison_ph)
    assert visit(client, action, indian_case).status_code == 404


def test_one_case_out_of_scope_among_many_refuses_the_whole_action(
    client, liaison_in, indian_case, filipino_case
):
    for case in (indian_case, filipino_case):
        case.repatriation_stage = "verification_requested"
        case.save()
    client.force_login(liaison_in)
    data = {"transition": "verify_nationality", "case": [indian_case.pk, filipino_case.pk]}
    assert client.get(reverse("cases:repatriation_bulk"), data).status_code == 404
    assert client.post(reverse("cases:repatriation_bulk"), data).status_code == 404
    indian_case.refresh_from_db()
    assert indian_case.repatriation_stage == "verification_requested"


@pytest.mark.parametrize("action", ["case page", "step"])
def test_a_caseworker_of_another_ngo_gets_404(client, caseworker2, indian_case, action):
    client.force_login(caseworker2)
    assert visit(client, action, indian_case).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "admin_user", "outsider"])
def test_roles_outside_the_workflow_reach_no_case(client, request, persona, indian_case):
    client.force_login(request.getfixturevalue(persona))
    assert visit(client, "case page", indian_case).status_code == 404
    assert visit(client, "step", indian_case).status_code == 404
    indian_case.refresh_from_db()
    assert indian_case.repatriation_stage == "identified"


def test_no_list_names_anyone_outside_the_scope(
    client, liaison_in, caseworker, indian_case, filipino_case, indian_without_consent
):
    for case in (indian_case, filipino_case, indian_without_consent):
        case.repatriation_stage = "verification_requested"
        case.save()
        CaseEvent.objects.create(
            case=case,
            actor=liaison_in,
            kind=CaseEvent.Kind.REPATRIATION,
            data={"transition": "verify_nationality", "to": "nationality_verified", "embassy": "IN"},
        )
    client.force_login(liaison_in)
    for url in (
        reverse("cases:repatriation_queue"),
        reverse("cases:repatriation_history"),
        reverse("cases:notification_inbox"),
    ):
        page = client.get(url).content.decode()
        assert "Maria" not in page and "Ravi" not in page
        assert filipino_case.reference not in page and indian_without_consent.reference not in page


def test_a_notification_about_a_case_out_of_scope_cannot_be_opened(
    client, liaison_in, caseworker, indian_case
):
    event = event_record(case=indian_case, actor=caseworker, kind=CaseEvent.Kind.OPENED)
    item = InboxItem.objects.create(notification=Notification.objects.get(event=event), recipient=liaison_in)
    indian_case.person.consents.update(withdrawn_at=timezone.now())
    client.force_login(liaison_in)
    assert client.get(reverse("cases:notification_open", args=[item.pk])).status_code == 404
