"""Referrals from the screens: made by the case's organisation, answered by the receiver, who reads
exactly the parts shared, while the referral is open or done and the consent holds."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, CaseEvent, InboxItem, Notification
from cases.notifications import services as notification_services
from intake.vocabularies import ConsentScope
from referrals import services
from referrals.models import OrganisationService, Referral, ReferralNote, ReferralState, SharedPart
from tests.factories import CaseFactory, ConsentFactory
from tests.referrals.conftest import CANARY, service

pytestmark = pytest.mark.django_db


def offer(organisation, code):
    return OrganisationService.objects.get(organisation=organisation, service__code=code)


def make(client, case, receiver, code="shelter", parts=(), note=""):
    return client.post(
        reverse("referrals:case_referrals", args=[case.pk]),
        {"offer": offer(receiver, code).pk, "parts": list(parts), "note": note},
    )


def withdraw(case, scope=ConsentScope.SHARE_SERVICE_PROVIDERS):
    consent = case.person.consents.get(scope=scope, withdrawn_at__isnull=True)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])


@pytest.fixture
def referral(referred_case, shelter, caseworker):
    """A requested referral to the shelter, sharing identity and contact only (not the narrative)."""
    return services.referral_make(
        case=referred_case,
        receiver=shelter,
        service=service("shelter"),
        parts=[SharedPart.IDENTITY],
        made_by=caseworker,
    )


@pytest.fixture
def accepted(referral, shelter_worker):
    return services.referral_accept(referral=referral, accepted_by=shelter_worker)


def receiver_urls(referral):
    return [
        reverse("referrals:incoming"),
        reverse("referrals:received", args=[referral.pk]),
        *(reverse("referrals:received_part", args=[referral.pk, part]) for part in SharedPart.values),
    ]


# --- Making a referral ------------------------------------------------------------------------


def test_a_caseworker_refers_a_consenting_case_sharing_nothing_unless_they_choose(
    client, caseworker, referred_case, shelter
):
    client.force_login(caseworker)
    page = client.get(reverse("referrals:case_referrals", args=[referred_case.pk])).content.decode()
    assert 'name="parts" value="identity"  id="id_parts_0">' in page  # offered, not ticked
    assert "checked" not in page
    response = make(client, referred_case, shelter)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.sender, referral.receiver, referral.state) == (
        referred_case.organisation,
        shelter,
        "requested",
    )
    assert referral.parts == []
    assert referred_case.events.filter(kind=CaseEvent.Kind.REFERRAL, data__state="requested").exists()


def test_no_referral_without_consent_to_share_with_service_providers(
    client, caseworker, referred_case, shelter
):
    withdraw(referred_case)
    client.force_login(caseworker)
    page = client.get(reverse("referrals:case_referrals", args=[referred_case.pk])).content.decode()
    assert "has not agreed to share with organisations that help them" in page
    response = make(client, referred_case, shelter)
    assert response.status_code == 422
    assert not Referral.objects.exists()


def test_a_second_open_referral_for_the_same_service_and_organisation_is_refused_beside_the_form(
    client, caseworker, referral, shelter
):
    client.force_login(caseworker)
    response = make(client, referral.case, shelter)
    assert response.status_code == 422
    assert "already has an open referral" in response.content.decode()
    assert Referral.objects.count() == 1


def test_the_database_refuses_a_declined_referral_without_a_reason(referral):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(state="declined", declined_at=timezone.now())


def test_the_database_refuses_two_open_referrals_for_the_same_service(referral):
    copy = Referral(
        case=referral.case, sender=referral.sender, receiver=referral.receiver, service=referral.service
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


# --- The walk: request, accept, read the shared parts, done -------------------------------------


def test_the_receiver_sees_only_reference_and_service_until_accepting_then_exactly_the_parts_shared(
    client, referral, shelter_worker
):
    client.force_login(shelter_worker)
    listing = client.get(reverse("referrals:incoming")).content.decode()
    assert referral.case.reference in listing
    assert "waiting 0 days to be accepted" in listing
    detail = client.get(reverse("referrals:received", args=[referral.pk])).content.decode()
    assert "Once you accept, you can read" in detail
    assert referral.case.person.given_name not in detail
    identity = reverse("referrals:received_part", args=[referral.pk, "identity"])
    assert client.get(identity).status_code == 404  # not before accepting

    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 302
    page = client.get(identity)
    assert page.status_code == 200
    assert referral.case.person.given_name in page.content.decode()
    # The narrative was not shared: changing the part in the URL finds nothing.
    assert client.get(reverse("referrals:received_part", args=[referral.pk, "narrative"])).status_code == 404
    assert client.get(reverse("referrals:received_part", args=[referral.pk, "documents"])).status_code == 404


def test_marking_done_needs_an_outcome_and_the_sender_sees_it(client, accepted, shelter_worker, caseworker):
    client.force_login(shelter_worker)
    url = reverse("referrals:complete", args=[accepted.pk])
    response = client.post(url, {"outcome": ""})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert client.post(url, {"outcome": "provided"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == ReferralState.DONE and accepted.done_at
    client.force_login(caseworker)
    panel = client.get(reverse("referrals:case_referrals", args=[accepted.case_id])).content.decode()
    assert "Provided" in panel


def test_declining_needs_a_reason_that_the_sender_reads(client, referral, shelter_worker, caseworker):
    client.force_login(shelter_worker)
    url = reverse("referrals:decline", args=[referral.pk])
    assert client.post(url, {"reason": "  "}).status_code == 422
    assert client.post(url, {"reason": "No bed free this week"}).status_code == 302
    client.force_login(caseworker)
    panel = client.get(reverse("referrals:case_referrals", args=[referral.case_id])).content.decode()
    assert "No bed free this week" in panel
    assert "Declined" in panel


def test_every_read_of_a_shared_part_is_in_the_access_log(client, accepted, shelter_worker):
    client.force_login(shelter_worker)
    client.get(reverse("referrals:received", args=[accepted.pk]))
    client.get(reverse("referrals:received_part", args=[accepted.pk, "identity"]))
    parts = list(
        AccessLog.objects.filter(user=shelter_worker, case_id=accepted.case_id).values_list(
            "detail__part", flat=True
        )
    )
    assert sorted(parts) == ["referral:identity", "referral:summary"]


# --- Adversaries ----------------------------------------------------------------------------


def test_the_canary_in_the_narrative_appears_on_no_page_of_the_receiver(client, accepted, shelter_worker):
    client.force_login(shelter_worker)
    ReferralNote.objects.create(referral=accepted, author=shelter_worker, text="bed 4")
    for url in [*receiver_urls(accepted), reverse("cases:notification_inbox")]:
        response = client.get(url)
        assert CANARY not in response.content.decode(), url


def test_the_narrative_is_read_when_it_was_shared(client, referred_case, shelter, caseworker, shelter_worker):
    referral = services.referral_make(
        case=referred_case,
        receiver=shelter,
        service=service("shelter"),
        parts=["narrative"],
        made_by=caseworker,
    )
    services.referral_accept(referral=referral, accepted_by=shelter_worker)
    client.force_login(shelter_worker)
    response = client.get(reverse("referrals:received_part", args=[referral.pk, "narrative"]))
    assert CANARY in response.content.decode()
    assert AccessLog.objects.filter(user=shelter_worker, action=AccessLog.Action.VIEW_NARRATIVE).exists()


def test_the_receiver_reads_nothing_else_of_the_case(client, accepted, shelter_worker):
    client.force_login(shelter_worker)
    case = accepted.case
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:case_for_person", args=[case.person_id]),
        reverse("intake:interview_step", args=[case.person_id, "details"]),
        reverse("referrals:case_referrals", args=[case.pk]),
        reverse("referrals:revoke", args=[accepted.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert case.reference not in client.get(reverse("cases:case_list")).content.decode()


def test_a_receiver_of_another_organisation_gets_404_on_every_page_of_the_referral(
    client, accepted, clinic_worker
):
    client.force_login(clinic_worker)
    for url in receiver_urls(accepted)[1:]:
        assert client.get(url).status_code == 404, url
    assert accepted.case.reference not in client.get(reverse("referrals:incoming")).content.decode()
    assert (
        client.post(reverse("referrals:complete", args=[accepted.pk]), {"outcome": "provided"}).status_code
        == 404
    )


def test_withdrawing_consent_closes_the_receivers_view_at_once(client, accepted, shelter_worker):
    client.force_login(shelter_worker)
    identity = reverse("referrals:received_part", args=[accepted.pk, "identity"])
    assert client.get(identity).status_code == 200
    withdraw(accepted.case)
    assert client.get(identity).status_code == 404
    assert client.get(reverse("referrals:received", args=[accepted.pk])).status_code == 404
    assert accepted.case.reference not in client.get(reverse("referrals:incoming")).content.decode()
    assert (
        client.post(reverse("referrals:complete", args=[accepted.pk]), {"outcome": "provided"}).status_code
        == 404
    )


def test_after_revocation_the_receiver_gets_404(client, accepted, caseworker, shelter_worker):
    client.force_login(caseworker)
    assert client.post(reverse("referrals:revoke", args=[accepted.pk])).status_code == 302
    client.force_login(shelter_worker)
    for url in receiver_urls(accepted)[1:]:
        assert client.get(url).status_code == 404, url


def test_the_sender_cannot_read_the_receivers_notes(client, accepted, shelter_worker, caseworker):
    client.force_login(shelter_worker)
    client.post(reverse("referrals:note_add", args=[accepted.pk]), {"text": "Zq-receiver-only-note"})
    assert ReferralNote.objects.filter(referral=accepted).count() == 1
    assert (
        "Zq-receiver-only-note"
        in client.get(reverse("referrals:received", args=[accepted.pk])).content.decode()
    )
    client.force_login(caseworker)
    assert client.get(reverse("referrals:received", args=[accepted.pk])).status_code == 404
    panel = client.get(reverse("referrals:case_referrals", args=[accepted.case_id])).content.decode()
    timeline = client.get(reverse("cases:case_detail", args=[accepted.case_id])).content.decode()
    assert "Zq-receiver-only-note" not in panel + timeline
    assert client.post(reverse("referrals:note_add", args=[accepted.pk]), {"text": "x"}).status_code == 404


def test_the_receiver_cannot_answer_twice_nor_complete_before_accepting(client, referral, shelter_worker):
    client.force_login(shelter_worker)
    assert (
        client.post(reverse("referrals:complete", args=[referral.pk]), {"outcome": "provided"}).status_code
        == 404
    )
    client.post(reverse("referrals:accept", args=[referral.pk]))
    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 404
    assert client.post(reverse("referrals:decline", args=[referral.pk]), {"reason": "x"}).status_code == 404


# --- Notifications ----------------------------------------------------------------------------


def test_a_referral_notifies_the_receivers_caseworkers_by_inbox_and_an_email_without_survivor_data(
    client, shelter_worker, referral
):
    [notification] = Notification.objects.filter(kind=Notification.Kind.REFERRAL_REQUESTED)
    assert notification.recipient == shelter_worker
    assert notification_services.notification_deliver(notification_id=notification.pk) == "delivered"
    [email] = mail.outbox
    text = email.subject + email.body
    person = referral.case.person
    for secret in (person.given_name, person.family_name, referral.case.reference, "India", "IN"):
        assert not re.search(rf"\b{re.escape(secret)}\b", text), secret
    assert "/notifications/" in email.body
    client.force_login(shelter_worker)
    item = InboxItem.objects.get(recipient=shelter_worker)
    assert referral.case.reference in client.get(reverse("cases:notification_inbox")).content.decode()
    opened = client.get(reverse("cases:notification_open", args=[item.pk]))
    assert opened["Location"] == reverse("referrals:received", args=[referral.pk])


def test_a_notification_whose_consent_was_withdrawn_is_neither_delivered_nor_shown(shelter_worker, referral):
    withdraw(referral.case)
    [notification] = Notification.objects.filter(kind=Notification.Kind.REFERRAL_REQUESTED)
    assert notification_services.notification_deliver(notification_id=notification.pk) == (
        "no longer concerns the recipient"
    )
    assert mail.outbox == []


def test_the_sender_hears_of_the_answer(referral, shelter_worker, caseworker):
    services.referral_accept(referral=referral, accepted_by=shelter_worker)
    [notification] = Notification.objects.filter(kind=Notification.Kind.REFERRAL_ANSWERED)
    assert notification.recipient == caseworker
    assert notification_services.notification_deliver(notification_id=notification.pk) == "delivered"


# --- The list -----------------------------------------------------------------------------------


def test_the_incoming_list_filters_by_state_service_and_reference_in_a_fixed_number_of_queries(
    client, referral, shelter_worker, django_assert_max_num_queries
):
    client.force_login(shelter_worker)
    url = reverse("referrals:incoming")
    with django_assert_max_num_queries(14):
        page = client.get(url, {"state": "requested"}).content.decode()
    assert referral.case.reference in page
    assert referral.case.reference not in client.get(url, {"state": "done"}).content.decode()
    assert referral.case.reference not in client.get(url, {"service": service("medical").pk}).content.decode()
    assert (
        referral.case.reference
        in client.get(url, {"reference": referral.case.reference.lower()}).content.decode()
    )
    assert referral.case.reference not in client.get(url, {"reference": "ZZZZ-ZZZZ"}).content.decode()


def test_the_case_file_has_a_referrals_panel_for_the_senders_caseworkers_only(
    client, caseworker, referral, manager
):
    client.force_login(caseworker)
    page = client.get(reverse("cases:case_detail", args=[referral.case_id])).content.decode()
    panel = page.split('data-testid="case-referral-list"')[1].split("</ul>")[0]
    assert "Shelter" in panel and "Requested" in panel and "waiting 0 days to be accepted" in panel
    assert reverse("referrals:revoke", args=[referral.pk]) in panel
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Referral: requested" in " ".join(timeline.split())
    client.force_login(manager)  # NGO A's coordinator reads the case file, not its referrals
    page = client.get(reverse("cases:case_detail", args=[referral.case_id])).content.decode()
    assert 'data-testid="case-referral-list"' not in page


def test_the_incoming_list_pages_25_at_a_time_keeping_its_filters(
    client, ngo_a, caseworker, shelter, shelter_worker
):
    for _ in range(27):
        case = CaseFactory(organisation=ngo_a)
        ConsentFactory(person=case.person, scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
        services.referral_make(
            case=case, receiver=shelter, service=service("shelter"), parts=[], made_by=caseworker
        )
    client.force_login(shelter_worker)
    first = client.get(reverse("referrals:incoming"), {"state": "requested"}).content.decode()
    assert first.count("waiting 0 days to be accepted") == 25
    assert "Page 1 of 2" in first and "?state=requested&amp;page=2" in first
    second = client.get(reverse("referrals:incoming"), {"state": "requested", "page": 2}).content.decode()
    assert second.count("waiting 0 days to be accepted") == 2
