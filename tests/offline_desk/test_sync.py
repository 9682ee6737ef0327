"""Syncing sealed arrivals: once and only once, checked for duplicates as if typed online."""

import json
import uuid

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

from cases.models import AccessLog, Case, CaseEvent
from intake.models import Person
from intake.services import person_keys_refresh
from offline_desk import services
from offline_desk.models import DeskDevice, SealingKey, SyncedArrival
from offline_desk.sealing import Sealed, Unreadable, seal, sealing_key_current, unseal
from tests.factories import CaseFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, caseworker):
    """A caseworker signed in, with this browser registered as a desk device."""
    client.force_login(caseworker)
    device = uuid.uuid4()
    response = client.post(
        reverse("offline_desk:devices"), {"device": str(device)}, content_type="application/json"
    )
    assert response.status_code == 200
    client.device = device
    return client


def typed(site, **overrides) -> dict:
    fields = {
        "given_name": "Rahul",
        "family_name": "Testkumar",
        "gender": "Masculine",
        "approximate_age": "24",
        "country": "IN",
        "document_type": "passport",
        "document_number": "",
        "phone": "",
    }
    fields.update(overrides)
    return {"fields": fields, "batch": {"site": str(site.pk), "arrived_on": "2026-10-23", "group": ""}}


def send(client, value: dict, *, key=None, device=None):
    key = str(key or uuid.uuid4())
    device = str(device or client.device)
    body = {
        "key": key,
        "device": device,
        "saved_at": "2026-10-23T21:04:00+07:00",
        "sealed": seal(value, key=sealing_key_current(), idempotency_key=key, device_id=device),
    }
    return client.post(reverse("offline_desk:sync"), json.dumps(body), content_type="application/json")


def test_an_arrival_sent_three_times_opens_one_case_and_each_reply_is_the_same(desk, site):
    key = uuid.uuid4()
    replies = [send(desk, typed(site), key=key) for _ in range(3)]
    assert [r.status_code for r in replies] == [200, 200, 200]
    case = Case.objects.get()
    assert {r.json()["status"] for r in replies} == {"registered"}
    assert {r.json()["reference"] for r in replies} == {case.reference}
    assert case.person.given_name == "Rahul"
    assert case.current_site == site
    assert case.events.filter(kind=CaseEvent.Kind.OPENED).count() == 1  # as an online registration writes
    assert SyncedArrival.objects.get().case == case


def test_the_key_is_unique_in_the_database_so_a_second_receive_rolls_back_whole(desk, site, caseworker, rf):
    key = uuid.uuid4()
    send(desk, typed(site), key=key)
    request = rf.post("/desk/sync/")
    request.user = caseworker
    device = DeskDevice.objects.get()
    with pytest.raises(IntegrityError):
        services.arrival_receive(
            request=request,
            device=device,
            idempotency_key=key,
            saved_at=device.registered_at,
            typed=typed(site),
        )
    assert Case.objects.count() == 1
    assert Person.objects.count() == 1


def test_an_arrival_who_may_already_be_registered_waits_to_be_resolved(desk, site, ngo_a):
    existing = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=existing.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=existing.person)
    key = uuid.uuid4()
    reply = send(desk, typed(site, given_name="Ravi", document_number="Z99 11223"), key=key)
    assert (reply.json()["status"], reply.json()["problem"]) == ("to_resolve", "duplicate")
    assert reply.json()["to_resolve"] == 1
    assert Case.objects.count() == 1  # neither merged nor registered twice
    row = SyncedArrival.objects.get()
    assert (row.status, row.problem) == ("to_resolve", "duplicate")
    # The duplicate check writes the access-log row an online registration writes.
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH, user__username="caseworker").count() == 1
    assert (
        send(desk, typed(site, given_name="Ravi"), key=key).json()["status"] == "to_resolve"
    )  # the same reply
    assert Case.objects.count() == 1


def test_what_waits_is_encrypted_at_rest_and_erased_once_resolved(desk, site, ngo_a, caseworker):
    send(desk, typed(site, given_name="Qwertyname", phone="call the shelter"))
    row = SyncedArrival.objects.get()
    assert row.problem == "invalid"
    with connection.cursor() as cursor:
        cursor.execute("SELECT typed FROM offline_desk_syncedarrival")
        (stored,) = cursor.fetchone()
    assert "Qwertyname" not in stored and stored.startswith("gAAAAA")
    services.arrival_discard(row=row, by=caseworker)
    row.refresh_from_db()
    assert (row.status, row.typed) == ("discarded", "")


def test_the_private_key_is_encrypted_at_rest():
    key = sealing_key_current()
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM offline_desk_sealingkey WHERE id = %s", [key.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("gAAAAA") and "PRIVATE KEY" not in stored
    assert "PRIVATE KEY" in SealingKey.objects.get().private_key
    assert sealing_key_current() == key  # one key handed out, not one per visit


def test_a_sealed_arrival_opens_only_under_its_own_key_and_device():
    key, device = str(uuid.uuid4()), str(uuid.uuid4())
    sealed = Sealed.of(seal({"fields": {}}, key=sealing_key_current(), idempotency_key=key, device_id=device))
    assert unseal(sealed, idempotency_key=key, device_id=device) == {"fields": {}}
    with pytest.raises(Unreadable):
        unseal(sealed, idempotency_key=str(uuid.uuid4()), device_id=device)
    with pytest.raises(Unreadable):
        unseal(sealed, idempotency_key=key, device_id=str(uuid.uuid4()))


def test_an_arrival_replayed_under_another_key_is_refused(desk, site):
    key = str(uuid.uuid4())
    sealed = seal(typed(site), key=sealing_key_current(), idempotency_key=key, device_id=str(desk.device))
    body = {"key": str(uuid.uuid4()), "device": str(desk.device), "sealed": sealed}
    reply = desk.post(reverse("offline_desk:sync"), json.dumps(body), content_type="application/json")
    assert (reply.status_code, reply.json()["status"]) == (400, "unreadable")
    assert not Case.objects.exists()


def test_a_revoked_device_syncs_nothing(desk, site):
    services.device_revoke(device=DeskDevice.objects.get())
    reply = send(desk, typed(site))
    assert reply.status_code == 410
    assert not Case.objects.exists()
    again = desk.post(
        reverse("offline_desk:devices"), {"device": str(desk.device)}, content_type="application/json"
    )
    assert again.status_code == 410  # registering it again does not bring it back


def test_a_caseworker_of_another_organisation_cannot_sync_with_this_device(desk, site, client, caseworker2):
    client.force_login(caseworker2)
    client.device = desk.device
    assert send(client, typed(site)).status_code == 404
    assert (
        client.post(
            reverse("offline_desk:devices"), {"device": str(desk.device)}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not Case.objects.exists()


def test_a_repeat_of_another_organisations_key_reveals_nothing(desk, site, client, caseworker2):
    key = uuid.uuid4()
    send(desk, typed(site), key=key)
    client.force_login(caseworker2)
    other = uuid.uuid4()
    client.post(reverse("offline_desk:devices"), {"device": str(other)}, content_type="application/json")
    reply = send(client, typed(site), key=key, device=other)
    assert reply.status_code == 404
    assert "reference" not in reply.json()


@pytest.mark.parametrize("body", ["", "{}", "[]", '{"key": "x"}', '{"key": 1, "device": 2, "sealed": 3}'])
def test_a_malformed_sync_is_a_clear_400(desk, body):
    reply = desk.post(reverse("offline_desk:sync"), body, content_type="application/json")
    assert reply.status_code in (400, 404)
    assert not SyncedArrival.objects.exists()


def test_a_batch_the_caseworker_may_not_use_makes_the_arrival_wait_to_be_corrected(desk, site):
    value = typed(site)
    value["batch"]["site"] = "999999"
    assert send(desk, value).json() == {"status": "to_resolve", "problem": "invalid", "to_resolve": 1}
    assert SyncedArrival.objects.get().problem == "invalid"
    assert not Case.objects.exists()


def test_a_session_without_its_second_factor_syncs_nothing(client, caseworker, site):
    from tests.two_factor import force_login_password_only

    force_login_password_only(client, caseworker)
    assert client.get(reverse("offline_desk:session")).status_code == 302  # the desk asks to sign in again
    client.device = uuid.uuid4()
    assert send(client, typed(site)).status_code == 302
    assert not Case.objects.exists() and not SyncedArrival.objects.exists()


def test_a_signed_out_device_syncs_nothing(client, site):
    client.device = uuid.uuid4()
    reply = send(client, typed(site))
    assert reply.status_code == 302 and "/accounts/login/" in reply["Location"]
    assert not Case.objects.exists()


def test_an_administrator_revokes_a_lost_device_in_the_admin(desk, site, admin_user, caseworker):
    device = DeskDevice.objects.get()
    client = Client()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:offline_desk_deskdevice_changelist"))
    assert listing.status_code == 200 and "caseworker" in listing.content.decode()
    client.post(
        reverse("admin:offline_desk_deskdevice_changelist"),
        {"action": "revoke", "_selected_action": [device.pk]},
    )
    device.refresh_from_db()
    assert device.is_revoked
    assert send(desk, typed(site)).status_code == 410


def test_nothing_typed_reaches_the_access_log_or_the_session(desk, site, ngo_a):
    existing = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=existing.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=existing.person)
    send(desk, typed(site, given_name="Ravitypedname", document_number="Z99 11223"))
    logged = json.dumps(list(AccessLog.objects.values("path", "detail")))
    assert "Ravitypedname" not in logged and "Z99" not in logged
    assert "Ravitypedname" not in json.dumps(dict(desk.session.items()))
