"""A real Celery worker against the Redis on 127.0.0.1: notifications delivered, and a broker outage.

The worker runs in a thread of this process, on its own Celery app and its own queue, so that
nothing another test or another developer left in Redis reaches it, and nothing of ours stays
behind. The broker is reached through a TCP relay that the outage test switches off and on:
the real Redis is never stopped. Run `pytest -s -k outage` to see the outage figures.
"""

import contextlib
import socket
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections
from django.urls import reverse

from cases.models import Case, InboxItem, Notification, Role
from cases.repatriation.services import repatriation_transition
from config.celery import app as project_app
from tests.cases.repatriation.conftest import national
from tests.factories import StaffFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="needs Redis (REDIS_URL): CI's PostgreSQL + Redis pass runs it",
    ),
    # The worker's thread has its own database connection: it must see committed data.
    pytest.mark.django_db(transaction=True),
]


class BrokerRelay:
    """A TCP relay to Redis on a port of its own; stopping it is a broker outage, starting it the recovery."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, as a crashed broker would."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for conn in (source, target):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay():
    url = urlsplit(settings.REDIS_URL)
    relay = BrokerRelay(url.hostname or "127.0.0.1", url.port or 6379)
    relay.start()
    yield relay
    relay.stop()


@pytest.fixture
def worker_app(relay):
    """A Celery app of the project's configuration, on a queue of its own, through the relay."""
    url = urlsplit(settings.REDIS_URL)
    app = Celery("intake-test-worker")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = urlunsplit(url._replace(netloc=f"127.0.0.1:{relay.port}"))
    app.conf.task_default_queue = f"intake-test-{uuid.uuid4().hex[:10]}"
    app.conf.task_always_eager = False
    app.conf.worker_hijack_root_logger = False
    app.conf.worker_enable_remote_control = False  # no pidbox queue to clean up after
    app.set_current()  # the tasks' proxies (cases.tasks.*) now resolve to this app
    yield app
    app.close()
    # Leave nothing behind in the shared Redis: the queue's list and kombu's binding tables.
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"*{app.conf.task_default_queue}*"):
        client.delete(key)
    client.close()
    project_app.set_current()
    project_app.set_default()


class Executed:
    """Counts the tasks the worker has run, by id; closes the worker thread's database connections."""

    def __init__(self):
        self.ids: set[str] = set()
        task_postrun.connect(self.record, weak=False)

    def record(self, task_id=None, **kwargs):
        connections.close_all()  # the worker's thread must not hold the test database open
        self.ids.add(task_id)

    def wait_for(self, task_id: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while task_id not in self.ids:
            assert time.monotonic() < deadline, "the worker did not run the task in time"
            time.sleep(0.05)

    def close(self):
        task_postrun.disconnect(self.record)


@pytest.fixture
def executed():
    tracker = Executed()
    yield tracker
    tracker.close()


@pytest.fixture(autouse=True)
def keep_the_tests_connection(monkeypatch):
    """Keep Celery's Django fixup off the database connection of the thread that starts a worker.

    Made for a worker process, the fixup closes the starting thread's connections (and the
    solo pool even closes their sockets under psycopg's feet). Here that thread is the test's
    own, whose connection carries the session settings the test database needs: only the
    worker's thread may close its own connections.
    """
    test_thread = threading.get_ident()
    for name in ("_close_database", "on_worker_process_init"):
        method = getattr(DjangoWorkerFixup, name)

        def outside_the_test_thread(self, *args, _method=method, **kwargs):
            if threading.get_ident() != test_thread:
                return _method(self, *args, **kwargs)
            return None

        monkeypatch.setattr(DjangoWorkerFixup, name, outside_the_test_thread)


@contextlib.contextmanager
def running_worker(app):
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield
    app.set_current()  # start_worker made the app current and default; keep it current until teardown


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_real_worker_delivers_a_notification_queued_on_commit(
    worker_app, executed, ngo_a, caseworker, liaison_in
):
    from cases import tasks

    case = national(ngo_a, "IN")
    with running_worker(worker_app):
        repatriation_transition(case=case, transition="request_verification", actor=caseworker)  # commits
        notification = Notification.objects.get()
        wait_until(
            lambda: Notification.objects.filter(pk=notification.pk, delivered_at__isnull=False).exists()
        )
        # Delivered again (a redelivery after a lost acknowledgement): still one item, one email.
        executed.wait_for(tasks.notification_deliver.delay(notification_id=notification.pk).id)

    assert InboxItem.objects.filter(recipient=liaison_in).count() == 1
    assert [m.to for m in mail.outbox] == [[liaison_in.email]]


def test_outage_transitions_save_while_the_broker_is_down_and_the_sweep_delivers_each_notification_once(
    client,
    worker_app,
    relay,
    executed,
    ngo_a,
    ngo_b,
    embassy_in,
    embassy_ph,
    liaison_in,
    liaison_ph,
    settings,
):
    from cases import tasks

    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 0  # the sweep would otherwise wait a minute
    second_liaison = StaffFactory(username="liaison_in_2", role=Role.LIAISON, organisation=embassy_in)
    caseworkers = {
        org.pk: StaffFactory(username=f"cw{org.pk}", role=Role.CASEWORKER, organisation=org)
        for org in (ngo_a, ngo_b)
    }
    cases = [national(ngo_a if i % 2 else ngo_b, "IN" if i % 3 else "PH") for i in range(18)]

    relay.stop()  # the broker is unreachable from here on
    started = time.monotonic()
    for case in cases:
        client.force_login(caseworkers[case.organisation_id])
        url = reverse("cases:repatriation_transition", args=[case.pk])
        assert client.post(url, {"transition": "request_verification"}).status_code == 302
    for case in cases[:6]:  # and a second step on some: a hold, which notifies too
        client.force_login(caseworkers[case.organisation_id])
        url = reverse("cases:repatriation_transition", args=[case.pk])
        assert client.post(url, {"transition": "put_on_hold", "reason": "Clinic visit"}).status_code == 302
    seconds_during_outage = time.monotonic() - started
    transitions = 24

    assert set(Case.objects.values_list("repatriation_stage", flat=True)) == {
        "verification_requested",
        "on_hold",
    }
    written = Notification.objects.count()
    assert written > 0
    assert not Notification.objects.filter(delivered_at__isnull=False).exists()
    assert mail.outbox == []

    relay.start()  # the broker is back
    with running_worker(worker_app):
        executed.wait_for(tasks.notification_sweep.delay().id)
        # The sweep's deliveries are queued behind it; one more sweep and a redelivery of every
        # row, as a lost acknowledgement would cause, must not deliver anything twice.
        executed.wait_for(tasks.notification_sweep.delay().id)
        for pk in Notification.objects.values_list("pk", flat=True):
            tasks.notification_deliver.delay(notification_id=pk)
        executed.wait_for(tasks.notification_deliver.delay(notification_id=0).id)  # the last in line

    delivered = Notification.objects.filter(delivered_at__isnull=False).count()
    inbox_items = InboxItem.objects.count()
    emailed_count = sum(int(m.subject.split()[0]) for m in mail.outbox)
    duplicates = (inbox_items - delivered) + (emailed_count - written)
    print(
        f"\nOUTAGE FIGURES: transitions made={transitions} (all saved, {seconds_during_outage:.2f} s in all "
        f"with the broker down); notifications written={written}; delivered={delivered}; "
        f"inbox items={inbox_items}; emails={len(mail.outbox)} covering {emailed_count} notifications; "
        f"duplicates={duplicates}"
    )
    assert delivered == written
    assert inbox_items == written
    assert emailed_count == written  # every notification counted in exactly one email
    assert duplicates == 0
    recipients = {liaison_in.email, second_liaison.email, liaison_ph.email}
    assert {m.to[0] for m in mail.outbox} == recipients
    assert len(mail.outbox) == len(recipients)  # the sweep's first delivery per liaison covered all of theirs
    assert seconds_during_outage < 10  # no request waited on the dead broker
