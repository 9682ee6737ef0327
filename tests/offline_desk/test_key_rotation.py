"""Rotating the sealing key: desks get the new key, and what was sealed with the old one still opens."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case
from offline_desk.models import SealingKey
from offline_desk.sealing import public_key_spki, seal, sealing_key_current
from tests.offline_desk.test_sync import typed

pytestmark = pytest.mark.django_db


def test_after_a_rotation_the_desk_publishes_the_new_key_and_an_arrival_sealed_before_it_still_registers(
    client, caseworker, site
):
    client.force_login(caseworker)
    old = sealing_key_current()
    assert public_key_spki(old) in client.get(reverse("offline_desk:desk")).content.decode()
    device = str(uuid.uuid4())
    client.post(reverse("offline_desk:devices"), {"device": device}, content_type="application/json")
    key = str(uuid.uuid4())
    sealed_offline = seal(typed(site), key=old, idempotency_key=key, device_id=device)

    out = StringIO()
    call_command("desk_key_rotate", stdout=out)

    new = sealing_key_current()
    assert new.pk != old.pk and f"key {new.pk}" in out.getvalue()
    old.refresh_from_db()
    assert old.retired_at is not None and SealingKey.objects.filter(retired_at__isnull=True).count() == 1
    page = client.get(reverse("offline_desk:desk")).content.decode()
    assert public_key_spki(new) in page and public_key_spki(old) not in page
    reply = client.post(
        reverse("offline_desk:sync"),
        {"key": key, "device": device, "saved_at": "2026-10-23T21:04:00+07:00", "sealed": sealed_offline},
        content_type="application/json",
    )
    assert reply.json()["status"] == "registered"
    assert Case.objects.get().person.given_name == "Rahul"
