"""The installable desk: its page, its service worker at the desk's path, its manifest."""

import json

import pytest
from django.urls import reverse

from offline_desk.sealing import public_key_spki, sealing_key_current

pytestmark = pytest.mark.django_db


def test_the_desk_page_carries_the_public_key_and_no_inline_script(client, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("offline_desk:desk"))
    assert page.status_code == 200
    text = page.content.decode()
    assert public_key_spki(sealing_key_current()) in text
    assert "PRIVATE" not in text
    assert 'rel="manifest"' in text
    # Only JSON data and script files: the content-security policy runs no inline script.
    assert text.count("<script") == text.count('type="application/json">') + text.count("<script src=")


def test_the_service_worker_is_served_at_the_desks_path_as_javascript(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("offline_desk:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert reverse("offline_desk:service_worker").startswith(reverse("offline_desk:desk"))
    body = response.content.decode()
    assert '"desk": "/desk/"' in body and "/static/offline_desk/desk.js" in body
    assert "&quot;" not in body  # not HTML-escaped


def test_the_manifest_opens_the_desk(client, caseworker):
    client.force_login(caseworker)
    manifest = json.loads(client.get(reverse("offline_desk:manifest")).content)
    assert manifest["start_url"] == manifest["scope"] == "/desk/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


@pytest.mark.parametrize(
    "name", ["offline_desk:desk", "offline_desk:service_worker", "offline_desk:to_resolve"]
)
def test_a_liaison_gets_404(client, liaison_in, name):
    client.force_login(liaison_in)
    assert client.get(reverse(name)).status_code == 404


def test_every_word_the_desks_script_shows_comes_translated_from_the_page(client, caseworker):
    import re
    from pathlib import Path

    from django.conf import settings

    script = Path(settings.BASE_DIR, "offline_desk", "static", "offline_desk", "desk.js").read_text()
    names = set(re.findall(r'"([A-Z][a-z][A-Za-z]*)"', script))  # word("SavedAt"), state.problem = "SignIn"
    assert {"Online", "Offline", "Syncing", "Waiting", "ToResolve", "SignIn"} <= names
    client.force_login(caseworker)
    page = client.get(reverse("offline_desk:desk")).content.decode()
    missing = [
        n for n in names if "data-word-" + re.sub(r"(?<!^)([A-Z])", r"-\1", n).lower() + '="' not in page
    ]
    assert missing == []
