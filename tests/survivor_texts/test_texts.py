"""Survivor-facing texts: shipped as drafts, replaced by new versions, reviewed without a word changed."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from intake.models import Language
from survivor_texts import services
from survivor_texts.loader import load_drafts
from survivor_texts.models import Status, TextVersion, validate_kind
from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db


def current(kind: str, code: str) -> TextVersion:
    return TextVersion.objects.current().get(kind=kind, language__code=code)


def test_migrate_ships_the_english_source_as_unreviewed_version_1():
    record = current("consent.record", "eng")
    assert (record.version, record.status, record.is_source) == (1, Status.DRAFT, True)
    assert record.title == "Recording your information"
    assert current("label.signature", "eng").title == "Signature or thumbprint"


def test_loading_the_drafts_again_never_overwrites_what_an_administrator_replaced():
    replaced = services.text_version_replace(
        previous=current("rights", "eng"), title="Your rights", body="Reworded.", direction="ltr", actor=None
    )
    assert load_drafts() == 0
    assert current("rights", "eng") == replaced
    assert replaced.version == 2


def test_a_drafted_language_missing_from_the_languages_is_added_from_pycountry(tmp_path):
    assert not Language.objects.filter(code="ota").exists()  # Ottoman Turkish: not a living language
    draft = {"language": "ota", "direction": "rtl", "texts": {"rights": {"title": "T", "body": "B"}}}
    (tmp_path / "ota.json").write_text(json.dumps(draft))
    assert load_drafts(folder=tmp_path) == 1
    rights = current("rights", "ota")
    assert rights.language.name == "Ottoman Turkish (1500-1928)"  # pycountry's name
    assert (rights.direction, rights.status, rights.is_source) == ("rtl", Status.DRAFT, False)


def test_a_saved_version_keeps_its_words():
    record = current("consent.record", "eng")
    record.body = "Other words."
    with pytest.raises(ValueError, match="new version"):
        record.save()
    assert current("consent.record", "eng").body.startswith("We will write down")


def test_replacing_a_text_saves_a_new_version_and_the_consent_that_read_the_old_one_keeps_its_words(
    client, caseworker, ngo_a
):
    old = current("consent.share_embassy", "eng")
    case = CaseFactory(organisation=ngo_a)
    consent = ConsentFactory(person=case.person, text_version=old, language=old.language)
    new = services.text_version_replace(
        previous=old, title="Sharing with your embassy", body="New words.", direction="ltr", actor=caseworker
    )
    assert (new.version, new.status, new.created_by) == (2, Status.DRAFT, caseworker)
    assert current("consent.share_embassy", "eng") == new
    client.force_login(caseworker)
    page = client.get(reverse("survivor_texts:consent_text", args=[consent.pk])).content.decode()
    assert escape(old.body) in page
    assert "New words." not in page


def test_marking_reviewed_records_who_and_when_without_changing_the_words():
    record = current("consent.record", "eng")
    services.text_version_mark_reviewed(version=record, reviewed_by="  A. Translator,  NAATI certified ")
    record.refresh_from_db()
    assert (record.status, record.reviewed_by) == (Status.REVIEWED, "A. Translator, NAATI certified")
    assert record.reviewed_at is not None
    assert (record.version, record.body) == (1, current("consent.record", "eng").body)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_editing_a_text_in_the_admin_saves_a_new_version(admin_client):
    old = current("rights", "eng")
    url = reverse("admin:survivor_texts_textversion_change", args=[old.pk])
    response = admin_client.post(
        url, {"title": "Your rights", "body": "Replaced words.", "direction": "ltr", "note": "Plainer"}
    )
    assert response.status_code == 302
    new = current("rights", "eng")
    assert (new.version, new.body, new.note) == (2, "Replaced words.", "Plainer")
    old.refresh_from_db()
    assert old.body.startswith("You can change your mind")  # the old version, word for word
    assert admin_client.get(url).status_code == 200  # and still readable


def test_changing_only_the_note_in_the_admin_keeps_the_version(admin_client):
    version = current("rights", "eng")
    url = reverse("admin:survivor_texts_textversion_change", args=[version.pk])
    data = {"title": version.title, "body": version.body, "direction": "ltr", "note": "Checked by NGO A"}
    assert admin_client.post(url, data).status_code == 302
    assert current("rights", "eng") == version
    version.refresh_from_db()
    assert version.note == "Checked by NGO A"


@pytest.mark.parametrize("kind", ["consent.share_embassy", "rights", "embassy_sharing", "label.sheet_title"])
def test_the_kinds_of_text_an_administrator_may_add(kind):
    validate_kind(kind)


@pytest.mark.parametrize("kind", ["Rights", "consent.", "consent.share embassy", "anything"])
def test_a_kind_that_names_nothing_is_refused_with_a_message(kind):
    with pytest.raises(ValidationError, match=r"consent\.<scope>"):
        validate_kind(kind)


def test_mark_as_reviewed_asks_who_reviewed_before_marking(admin_client):
    version = current("consent.record", "eng")
    changelist = reverse("admin:survivor_texts_textversion_changelist")
    chosen = {"action": "mark_reviewed", "_selected_action": [version.pk]}
    confirm = admin_client.post(changelist, chosen)
    assert confirm.status_code == 200
    assert "Who reviewed these texts?" in confirm.content.decode()
    assert current("consent.record", "eng").status == Status.DRAFT  # nothing marked silently
    blank = admin_client.post(changelist, {**chosen, "confirm": "1", "reviewed_by": "   "})
    assert "This field is required." in blank.content.decode()
    assert current("consent.record", "eng").status == Status.DRAFT
    done = admin_client.post(changelist, {**chosen, "confirm": "1", "reviewed_by": "Translators Без Границ"})
    assert done.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.reviewed_by) == (Status.REVIEWED, "Translators Без Границ")


def test_the_admin_lists_texts_by_language_and_status(admin_client):
    page = admin_client.get(
        reverse("admin:survivor_texts_textversion_changelist"), {"status__exact": "draft"}
    ).content.decode()
    assert "Recording your information" in page


def test_a_caseworker_has_no_admin_of_texts(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("admin:survivor_texts_textversion_changelist")).status_code == 404
