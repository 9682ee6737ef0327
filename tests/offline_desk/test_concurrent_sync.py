"""Two requests with the same idempotency key at once (a device retrying while the first is still
being answered): one registers, the other answers the same result, and one case is opened."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from cases.models import Case, Site
from offline_desk.models import SyncedArrival
from tests.offline_desk.test_sync import send, typed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The test database of SQLite is in memory, shared between threads by table locks that fail at
    # once rather than wait; the file database `make run` uses waits (WAL, IMMEDIATE). CI runs
    # PostgreSQL, where the second insert waits on the unique index and then fails.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL"),
]


def test_the_same_key_sent_twice_at_once_opens_one_case(caseworker):
    site = Site.objects.create(name="Riverside", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot")
    device, key = uuid.uuid4(), uuid.uuid4()
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(caseworker)
        client.device = device
        clients.append(client)
    clients[0].post("/desk/devices/", {"device": str(device)}, content_type="application/json")
    start, replies = threading.Barrier(2), []

    def sync(client):
        start.wait()
        try:
            replies.append(send(client, typed(site), key=key))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=sync, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.status_code for r in replies] == [200, 200]
    assert Case.objects.count() == 1 and SyncedArrival.objects.count() == 1
    assert {r.json()["reference"] for r in replies} == {Case.objects.get().reference}
