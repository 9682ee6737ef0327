"""The notification outbox, its delivery by Celery tasks, the sweep, the digest and the inbox.

These tests never reach a real broker (CI's Redis pass included): the `broker` fixture stands
in for `apply_async`, and task bodies run explicitly. tests/cases/repatriation/test_worker.py
runs a real worker against Redis.
"""

import datetime
import re
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from cases import tasks
from cases.events import event_record
from cases.models import CaseEvent, DigestDelivery, InboxItem, Notification, Role
from cases.notifications import services
from cases.repatriation.services import repatriation_transition
from intake.vocabularies import ConsentScope
from tests.cases.repatriation.conftest import national
from tests.factories import ConsentFactory, NationalityFactory, StaffFactory

pytestmark = pytest.mark.django_db


class FakeBroker:
    """Stands in for the broker: records queued deliveries, or refuses them while 'down'."""

    def __init__(self):
        self.queued: list[int] = []
        self.down = False
        self.deliver_at_once = False

    def apply_async(self, args=None, kwargs=None, **options):
        if self.down:
            raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.queued.append(kwargs["notification_id"])
        if self.deliver_at_once:  # a worker picking it up at once
            services.notification_deliver(notification_id=kwargs["notification_id"])


@pytest.fixture
def broker(monkeypatch):
    fake = FakeBroker()
    monkeypatch.setattr(tasks.notification_deliver, "apply_async", fake.apply_async)
    return fake


@pytest.fixture
def liaison_in_2(embassy_in):
    return StaffFactory(username="liaison_in_2", role=Role.LIAISON, organisation=embassy_in)


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- The outbox: which events need which liaisons --------------------------------------------


def test_registering_a_consenting_national_tells_every_liaison_of_their_country(
    ngo_a, caseworker, liaison_in, liaison_in_2, liaison_ph, broker
):
    case = national(ngo_a, "IN")
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.OPENED)
    assert kinds_for(liaison_in) == kinds_for(liaison_in_2) == [Notification.Kind.NEW_NATIONAL]
    assert kinds_for(liaison_ph) == []


def test_a_national_without_consent_to_share_is_told_to_nobody_until_consent_is_given(
    ngo_a, caseworker, liaison_in, broker
):
    case = national(ngo_a, "IN", consent=False)
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.OPENED)
    assert kinds_for(liaison_in) == []
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.CONSENT_CHANGED, data={"part": "consent"})
    assert kinds_for(liaison_in) == [Notification.Kind.NEW_NATIONAL]


def test_each_liaison_hears_of_a_new_national_once(ngo_a, caseworker, liaison_in, broker):
    case = national(ngo_a, "IN")
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.OPENED)
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.RECORD_UPDATED, data={"part": "identity"})
    assert kinds_for(liaison_in) == [Notification.Kind.NEW_NATIONAL]


def test_a_dual_national_is_announced_to_both_embassies(ngo_a, caseworker, liaison_in, liaison_ph, broker):
    case = national(ngo_a, "IN")
    NationalityFactory(person=case.person, country="PH", is_primary=False)
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.OPENED)
    assert kinds_for(liaison_in) == kinds_for(liaison_ph) == [Notification.Kind.NEW_NATIONAL]


def test_notes_and_assignments_need_no_liaison(ngo_a, caseworker, liaison_in, broker):
    case = national(ngo_a, "IN")
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.NOTE, note="Called the family")
    event_record(case=case, actor=caseworker, kind=CaseEvent.Kind.ASSIGNED)
    assert kinds_for(liaison_in) == []


@pytest.mark.parametrize(
    ("stage", "transition", "kind"),
    [
        ("identified", "request_verification", Notification.Kind.AWAITS_EMBASSY),
        ("nationality_verified", "request_travel_document", Notification.Kind.AWAITS_EMBASSY),
        ("travel_document_issued", "record_exit_clearance", Notification.Kind.AWAITS_EMBASSY),
        ("departure_scheduled", "record_departure", Notification.Kind.AWAITS_EMBASSY),
        ("identified", "put_on_hold", Notification.Kind.ON_HOLD),
        ("received", "start_reintegration", None),
        ("identified", "record_declined", None),
    ],
)
def test_a_stage_that_waits_on_the_embassy_or_a_hold_notifies_the_liaison(
    stage, transition, kind, ngo_a, caseworker, liaison_in, broker
):
    case = national(ngo_a, "IN", stage=stage)
    repatriation_transition(case=case, transition=transition, actor=caseworker, reason="Medical clearance")
    assert kinds_for(liaison_in) == ([kind] if kind else [])


def test_a_liaison_is_not_notified_of_their_own_step_but_their_colleague_is(
    ngo_a, liaison_in, liaison_in_2, broker
):
    case = national(ngo_a, "IN", stage="exit_clearance")
    repatriation_transition(case=case, transition="put_on_hold", actor=liaison_in, reason="Flight cancelled")
    assert kinds_for(liaison_in) == []
    assert kinds_for(liaison_in_2) == [Notification.Kind.ON_HOLD]


def test_an_inactive_liaison_is_not_notified(ngo_a, caseworker, liaison_in, broker):
    liaison_in.is_active = False
    liaison_in.save()
    case = national(ngo_a, "IN")
    repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    assert not Notification.objects.exists()


def test_no_notification_exists_without_its_event_nor_the_reverse(ngo_a, caseworker, liaison_in, broker):
    case = national(ngo_a, "IN")
    with pytest.raises(RuntimeError), transaction.atomic():
        repatriation_transition(case=case, transition="request_verification", actor=caseworker)
        assert Notification.objects.count() == 1  # written with the event, inside its transaction
        raise RuntimeError("the request failed after the transition")
    assert not Notification.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPATRIATION).exists()
    case.refresh_from_db()
    assert case.repatriation_stage == "identified"


def test_delivery_is_queued_only_once_the_transaction_commits(
    ngo_a, caseworker, liaison_in, broker, django_capture_on_commit_callbacks
):
    case = national(ngo_a, "IN")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    assert broker.queued == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    assert broker.queued == [Notification.objects.get().pk]


# --- Delivery: inbox and email, idempotent ----------------------------------------------------


@pytest.fixture
def waiting_notification(ngo_a, caseworker, liaison_in, broker):
    case = national(ngo_a, "IN", given_name="Zxqvname", family_name="Ylastname")
    repatriation_transition(case=case, transition="request_verification", actor=caseworker)
    return Notification.objects.get(recipient=liaison_in)


def test_delivering_a_notification_puts_it_in_the_inbox_and_emails_a_link_and_a_count(
    waiting_notification, liaison_in
):
    assert services.notification_deliver(notification_id=waiting_notification.pk) == "delivered"
    assert InboxItem.objects.filter(recipient=liaison_in).count() == 1
    [email] = mail.outbox
    assert email.to == [liaison_in.email]
    assert "1 new notification" in email.subject
    assert "http://127.0.0.1:8000/notifications/" in email.body
    waiting_notification.refresh_from_db()
    assert waiting_notification.delivered_at and waiting_notification.emailed_at


def test_a_notification_email_carries_no_survivor_data(waiting_notification):
    services.notification_deliver(notification_id=waiting_notification.pk)
    case = waiting_notification.case
    [email] = mail.outbox
    text = email.subject + email.body
    for secret in ("Zxqvname", "Ylastname", case.reference, "India", "IN", f"cases/{case.pk}"):
        assert not re.search(rf"\b{re.escape(secret)}\b", text), secret


def test_delivering_the_same_notification_twice_gives_one_inbox_item_and_one_email(waiting_notification):
    services.notification_deliver(notification_id=waiting_notification.pk)
    assert services.notification_deliver(notification_id=waiting_notification.pk) == "already delivered"
    Notification.objects.filter(pk=waiting_notification.pk).update(delivered_at=None)  # as if redelivered
    services.notification_deliver(notification_id=waiting_notification.pk)
    assert InboxItem.objects.count() == 1
    assert len(mail.outbox) == 1


def test_notifications_written_together_go_out_in_one_email(ngo_a, liaison_in, broker):
    cases = [national(ngo_a, "IN", stage="verification_requested") for _ in range(3)]
    caseworker = StaffFactory(username="cw", role=Role.CASEWORKER, organisation=ngo_a)
    with transaction.atomic():
        for case in cases:
            repatriation_transition(case=case, transition="put_on_hold", actor=caseworker, reason="Trial")
    for notification_id in Notification.objects.values_list("pk", flat=True):
        services.notification_deliver(notification_id=notification_id)
    assert InboxItem.objects.count() == 3
    [email] = mail.outbox
    assert "3 new notifications" in email.subject


def test_a_notification_whose_case_is_no_longer_shared_is_not_delivered(waiting_notification, liaison_in):
    waiting_notification.case.person.consents.update(withdrawn_at=timezone.now())
    assert (
        services.notification_deliver(notification_id=waiting_notification.pk)
        == "no longer concerns the recipient"
    )
    assert not InboxItem.objects.exists()
    assert mail.outbox == []


def test_a_liaison_without_an_email_address_still_gets_the_inbox_item(waiting_notification, liaison_in):
    liaison_in.email = ""
    liaison_in.save()
    services.notification_deliver(notification_id=waiting_notification.pk)
    assert InboxItem.objects.filter(recipient=liaison_in).count() == 1
    assert mail.outbox == []


def test_a_failed_email_is_recorded_and_retried_later_without_a_second_inbox_item(
    waiting_notification, monkeypatch
):
    def smtp_down(**kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("cases.notifications.emails.new_notifications_send", smtp_down)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.notification_deliver(notification_id=waiting_notification.pk)
    waiting_notification.refresh_from_db()
    assert waiting_notification.delivered_at is None
    assert waiting_notification.attempts == 1
    assert waiting_notification.last_error == "SMTPServerDisconnected"
    assert waiting_notification.retry_after > timezone.now()

    monkeypatch.undo()
    services.notification_deliver(notification_id=waiting_notification.pk)
    assert InboxItem.objects.count() == 1
    assert len(mail.outbox) == 1


def test_delivery_tasks_take_ids_retry_with_backoff_acknowledge_late_and_have_time_limits():
    task = tasks.notification_deliver
    assert task.acks_late is True
    assert task.retry_backoff and task.max_retries >= 5 and task.retry_jitter
    assert OSError in task.autoretry_for  # SMTP errors are OSErrors
    assert 0 < task.soft_time_limit < task.time_limit <= 120
    for periodic in (
        tasks.notification_sweep,
        tasks.notification_digests_queue,
        tasks.notification_digest_deliver,
    ):
        assert periodic.acks_late is True
        assert periodic.time_limit


def test_the_delivery_task_body_delivers_by_id(waiting_notification):
    assert tasks.notification_deliver.run(notification_id=waiting_notification.pk) == "delivered"
    assert tasks.notification_deliver.run(notification_id=999_999) == "gone"


# --- The sweep, and a broker outage ----------------------------------------------------------


def test_the_sweep_queues_what_is_undelivered_once_its_grace_and_retry_time_have_passed(
    ngo_a, caseworker, liaison_in, broker
):
    now = timezone.now()
    old, young, failing, delivered = (
        Notification.objects.create(
            event=event_record(case=national(ngo_a, "IN"), actor=None, kind=CaseEvent.Kind.NOTE),
            case=national(ngo_a, "IN"),
            recipient=liaison_in,
            kind=Notification.Kind.AWAITS_EMBASSY,
            created_at=now - age,
        )
        for age in (
            datetime.timedelta(minutes=5),
            datetime.timedelta(seconds=5),
            datetime.timedelta(hours=1),
            datetime.timedelta(hours=2),
        )
    )
    Notification.objects.filter(pk=failing.pk).update(
        attempts=3, retry_after=now + datetime.timedelta(minutes=2)
    )
    Notification.objects.filter(pk=delivered.pk).update(delivered_at=now)
    broker.queued.clear()

    assert services.notifications_sweep(now=now) == 1
    assert broker.queued == [old.pk]
    assert young.pk not in broker.queued


def test_the_periodic_sweep_task_runs_the_sweep(waiting_notification, broker):
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    broker.queued.clear()
    assert tasks.notification_sweep.run() == 1
    assert broker.queued == [waiting_notification.pk]


def test_with_the_broker_down_transitions_save_and_the_sweep_later_delivers_each_notification_once(
    client, ngo_a, liaison_in, liaison_in_2, broker, django_capture_on_commit_callbacks
):
    cases = [national(ngo_a, "IN", stage="identified") for _ in range(6)]
    caseworker = StaffFactory(username="cw", role=Role.CASEWORKER, organisation=ngo_a)
    client.force_login(caseworker)

    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        for case in cases:
            response = client.post(
                reverse("cases:repatriation_transition", args=[case.pk]),
                {"transition": "request_verification"},
            )
            assert response.status_code == 302  # the transition saved: the outage is not the user's problem
    assert {c.repatriation_stage for c in type(cases[0]).objects.filter(pk__in=[c.pk for c in cases])} == {
        "verification_requested"
    }
    assert Notification.objects.filter(delivered_at__isnull=True).count() == 12
    assert broker.queued == [] and mail.outbox == []

    broker.down, broker.deliver_at_once = False, True
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert services.notifications_sweep(now=later) == 12
    assert services.notifications_sweep(now=later) == 0  # nothing left to queue: nothing twice

    assert not Notification.objects.filter(delivered_at__isnull=True).exists()
    assert InboxItem.objects.count() == 12
    assert sorted(m.to[0] for m in mail.outbox) == sorted([liaison_in.email, liaison_in_2.email])
    assert all("6 new notifications" in m.subject for m in mail.outbox)


# --- The daily digest -------------------------------------------------------------------------


def test_the_daily_digest_counts_the_queue_once_a_day_and_names_nobody(ngo_a, liaison_in, broker):
    national(ngo_a, "IN", stage="verification_requested", given_name="Zxqvname")
    national(ngo_a, "IN", stage="identified", birth_year_estimated=timezone.now().year - 15)
    today = timezone.localdate()
    assert services.notification_digest_deliver(user_id=liaison_in.pk, day=today) is True
    assert services.notification_digest_deliver(user_id=liaison_in.pk, day=today) is False
    [email] = mail.outbox
    assert "Open cases: 2" in email.body
    assert "Waiting on your embassy: 1" in email.body
    assert "Minors or needing medical care: 1" in email.body
    assert "Zxqvname" not in email.body
    assert services.notification_digest_deliver(user_id=liaison_in.pk, day=today + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_no_digest_is_emailed_for_an_empty_queue(liaison_in):
    assert services.notification_digest_deliver(user_id=liaison_in.pk, day=timezone.localdate()) is False
    assert mail.outbox == []
    assert DigestDelivery.objects.get(recipient=liaison_in).emailed is False


def test_the_morning_task_queues_one_digest_per_liaison_with_an_address(
    liaison_in, liaison_ph, caseworker, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        tasks.notification_digest_deliver,
        "apply_async",
        lambda args=None, kwargs=None, **o: queued.append(kwargs),
    )
    liaison_ph.email = ""
    liaison_ph.save()
    assert tasks.notification_digests_queue.run() == 1
    assert queued == [{"user_id": liaison_in.pk, "day": timezone.localdate().isoformat()}]


def test_the_digest_task_body_takes_a_user_id_and_an_iso_day(ngo_a, liaison_in):
    national(ngo_a, "IN")
    assert tasks.notification_digest_deliver.run(user_id=liaison_in.pk, day="2026-11-02") is True
    assert DigestDelivery.objects.get().day == datetime.date(2026, 11, 2)


# --- The in-app inbox -------------------------------------------------------------------------


@pytest.fixture
def delivered(waiting_notification):
    services.notification_deliver(notification_id=waiting_notification.pk)
    return InboxItem.objects.get(notification=waiting_notification)


def test_the_navigation_shows_a_liaison_their_unread_count(client, liaison_in, delivered):
    client.force_login(liaison_in)
    page = client.get(reverse("cases:repatriation_queue")).content.decode()
    assert re.search(r'data-testid="inbox-unread">1<', page)


def test_opening_a_notification_marks_it_read_and_leads_to_the_case(client, liaison_in, delivered):
    client.force_login(liaison_in)
    inbox = client.get(reverse("cases:notification_inbox")).content.decode()
    assert "A case is waiting on your embassy" in inbox
    assert delivered.notification.case.reference in inbox
    response = client.get(reverse("cases:notification_open", args=[delivered.pk]))
    assert response["Location"] == reverse("cases:repatriation_case", args=[delivered.notification.case_id])
    delivered.refresh_from_db()
    assert delivered.read_at is not None
    assert (
        'data-testid="inbox-unread"' not in client.get(reverse("cases:notification_inbox")).content.decode()
    )


def test_mark_all_read_clears_the_count(client, liaison_in, delivered):
    client.force_login(liaison_in)
    client.post(reverse("cases:notification_read_all"))
    assert not InboxItem.objects.filter(read_at__isnull=True).exists()


def test_a_notification_disappears_from_the_inbox_when_consent_is_withdrawn(client, liaison_in, delivered):
    delivered.notification.case.person.consents.update(withdrawn_at=timezone.now())
    client.force_login(liaison_in)
    page = client.get(reverse("cases:notification_inbox")).content.decode()
    assert delivered.notification.case.reference not in page
    assert 'data-testid="inbox-unread"' not in page
    assert client.get(reverse("cases:notification_open", args=[delivered.pk])).status_code == 404


def test_a_liaison_cannot_open_a_colleagues_notification(client, liaison_in_2, delivered):
    client.force_login(liaison_in_2)
    assert client.get(reverse("cases:notification_open", args=[delivered.pk])).status_code == 404


# Caseworkers have one too since referrals between organisations (tests/referrals/): what it
# shows them is theirs, never a liaison's notification (test_a_liaison_cannot_open_... above).
@pytest.mark.parametrize("persona", ["coordinator", "admin_user", "outsider"])
def test_only_liaisons_and_caseworkers_have_an_inbox(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:notification_inbox")).status_code == 404


def test_the_inbox_costs_a_fixed_number_of_queries(
    client, ngo_a, caseworker, liaison_in, broker, django_assert_max_num_queries
):
    def notify(n):
        for _ in range(n):
            case = national(ngo_a, "IN")
            repatriation_transition(case=case, transition="request_verification", actor=caseworker)
        for pk in Notification.objects.filter(delivered_at__isnull=True).values_list("pk", flat=True):
            services.notification_deliver(notification_id=pk)

    notify(1)
    client.force_login(liaison_in)
    client.get(reverse("cases:notification_inbox"))
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("cases:notification_inbox"))
    notify(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("cases:notification_inbox")).content.decode()
    assert page.count("data-item=") == 21
