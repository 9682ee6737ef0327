"""No form that is sent by GET carries a CSRF token: it would end up in the URL, in history and logs.

Why: "Check what would be exported" was a GET form whose crispy layout added
``csrfmiddlewaretoken``, so the token appeared in the address bar, the server's access logs
and the browser history. A GET form changes nothing and needs no token.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db


class _GetForms(HTMLParser):
    """Collect, for each form sent by GET, the names of its inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._inside: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()  # a form without a method is sent by GET
            self._inside = [] if method == "get" else None
            if self._inside is not None:
                self.forms.append((a.get("action") or "", self._inside))
        elif tag in ("input", "button", "select", "textarea") and self._inside is not None and a.get("name"):
            self._inside.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = None


def get_forms(html: str) -> list[tuple[str, list[str]]]:
    parser = _GetForms()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def some_cases(ngo_a, task_force):
    from intake.vocabularies import ConsentScope

    for organisation in (ngo_a, task_force):
        case = CaseFactory(organisation=organisation, nationality="IN")
        ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)


@pytest.mark.parametrize(
    ("persona", "screen"),
    [
        ("coordinator", "reporting:exports"),
        ("coordinator", "reporting:dashboard"),
        ("coordinator", "cases:access_log"),
        ("coordinator", "cases:case_list"),
        ("caseworker", "cases:case_list"),
        ("liaison_in", "cases:repatriation_queue"),
    ],
)
def test_no_get_form_on_a_screen_carries_a_csrf_token(client, request, some_cases, persona, screen):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(screen))
    assert response.status_code == 200
    forms = get_forms(response.content.decode())
    for action, names in forms:
        assert "csrfmiddlewaretoken" not in names, (screen, action)
    if screen in ("reporting:dashboard", "cases:access_log", "cases:repatriation_queue"):
        assert forms, "the screen's filters are a GET form"


def test_no_template_puts_a_csrf_token_in_a_get_form():
    offending = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b([^>]*)>(.*?)</form>", text, flags=re.S):
            attributes, body = form
            if 'method="post"' not in attributes.lower() and "csrf_token" in body:
                offending.append(str(template))
    assert not offending
