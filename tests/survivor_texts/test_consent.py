"""The consent step reads the texts in the survivor's language; the consent keeps what was read."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import AccessLog
from intake.models import Consent, Language
from intake.vocabularies import ConsentScope
from survivor_texts.models import TextVersion
from tests.factories import CaseFactory, PersonFactory
from tests.html_forms import form_fields
from tests.survivor_texts.drafts import load_test_drafts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hindi_and_thai():
    load_test_drafts()


@pytest.fixture
def case(ngo_a):
    person = PersonFactory(primary_language=Language.objects.get(code="hin"))
    return CaseFactory(organisation=ngo_a, person=person, nationality="IN")


def step_url(person) -> str:
    return reverse("intake:interview_step", args=[person.pk, "consent"])


def sheet_url(person, language="hin") -> str:
    return reverse("survivor_texts:consent_sheet", args=[person.pk]) + f"?language={language}"


def current(kind: str, code: str) -> TextVersion:
    return TextVersion.objects.current().get(kind=kind, language__code=code)


def answers(page: str, **overrides) -> dict:
    data = form_fields(page, having="version")
    data.update({f"consent-{scope}": "no" for scope in ConsentScope.values})
    data.update({"consent-record": "yes", "consent-share_embassy": "yes", "consent-method": "verbal"})
    data.update(overrides)
    return data


def test_the_step_shows_the_texts_in_the_persons_language_beside_the_caseworkers(client, caseworker, case):
    client.force_login(caseworker)
    page = client.get(step_url(case.person), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    hindi, thai = current("consent.record", "hin"), current("consent.record", "tha")
    assert 'lang="hi" dir="ltr" data-testid="survivor-text">' in page
    assert hindi.title in page and thai.title in page  # Hindi, the person's, beside Thai, the interface's
    assert 'data-status="draft" data-version="1"' in page
    chosen = re.search(r'<option value="(\w+)" selected>', page)
    assert chosen and chosen.group(1) == "hin"
    assert escape(sheet_url(case.person)) in page


def test_another_language_can_be_chosen_and_english_stands_beside_it_without_a_catalogue(
    client, caseworker, case
):
    client.force_login(caseworker)
    page = client.get(step_url(case.person) + "?language=tha").content.decode()
    assert current("rights", "tha").title in page
    assert current("rights", "eng").title in page
    assert "Source text, not reviewed · version 1" in page


def test_a_reviewed_version_says_by_whom(client, caseworker, case):
    from survivor_texts.services import text_version_mark_reviewed

    text_version_mark_reviewed(version=current("consent.record", "hin"), reviewed_by="R. Sharma, certified")
    client.force_login(caseworker)
    page = client.get(step_url(case.person)).content.decode()
    assert "Reviewed by R. Sharma, certified on" in page


def test_a_text_for_a_scope_that_does_not_exist_is_not_shown(client, caseworker, case):
    hindi = Language.objects.get(code="hin")
    TextVersion.objects.create(kind="consent.no_such_scope", language=hindi, title="Nothing to ask", body="x")
    client.force_login(caseworker)
    assert "Nothing to ask" not in client.get(step_url(case.person)).content.decode()
    assert "Nothing to ask" not in client.get(sheet_url(case.person)).content.decode()


def test_consent_keeps_the_version_read_the_language_and_the_interpreter(client, caseworker, case):
    client.force_login(caseworker)
    page = client.get(step_url(case.person)).content.decode()
    data = answers(
        page, **{"consent-read_by_interpreter": "on", "consent-interpreter": "Riverside interpreters pool"}
    )
    response = client.post(step_url(case.person), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    embassy = Consent.objects.get(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    assert embassy.text_version == current("consent.share_embassy", "hin")
    assert embassy.language.code == "hin"
    assert (embassy.read_by_interpreter, embassy.interpreter) == (True, "Riverside interpreters pool")


def test_read_by_an_interpreter_needs_their_name_or_organisation_and_nothing_is_saved_without(
    client, caseworker, case
):
    client.force_login(caseworker)
    data = answers(
        client.get(step_url(case.person)).content.decode(), **{"consent-read_by_interpreter": "on"}
    )
    response = client.post(step_url(case.person), data)
    assert response.status_code == 200
    page = response.content.decode()
    field = page.index('id="id_consent-interpreter"')
    assert "Write the interpreter&#x27;s name or organisation." in page[field : field + 1500]
    assert not Consent.objects.filter(person=case.person).exists()


def test_a_language_without_the_text_of_a_scope_agreed_is_refused_beside_that_scope(client, caseworker, case):
    hindi = Language.objects.get(code="hin")
    TextVersion.objects.filter(language=hindi, kind="consent.share_embassy").delete()
    client.force_login(caseworker)
    response = client.post(step_url(case.person), answers(client.get(step_url(case.person)).content.decode()))
    assert response.status_code == 200
    assert "There is no text for this in Hindi: read it in another language." in response.content.decode()
    assert not Consent.objects.filter(person=case.person).exists()


def test_the_sheet_prints_both_languages_the_draft_notice_and_only_the_case_reference(
    client, caseworker, case
):
    client.force_login(caseworker)
    response = client.get(sheet_url(case.person), HTTP_ACCEPT_LANGUAGE="th")
    page = response.content.decode()
    assert f'<h1 lang="hi" dir="ltr">{current("label.sheet_title", "hin").title}</h1>' in page
    assert f'<h1 lang="th" dir="ltr">{current("label.sheet_title", "tha").title}</h1>' in page
    assert current("label.draft_notice", "hin").title in page
    assert case.reference in page
    assert case.person.given_name not in page and case.person.family_name not in page
    logged = AccessLog.objects.get(case_id=case.pk, detail__part="consent_sheet")
    assert (logged.user, logged.action) == (caseworker, AccessLog.Action.VIEW)


def test_the_sheet_of_an_unknown_language_is_not_found(client, caseworker, case):
    client.force_login(caseworker)
    assert client.get(sheet_url(case.person, language="xxx")).status_code == 404


def test_the_case_file_shows_the_text_version_and_interpreter_and_links_to_the_words(
    client, caseworker, case
):
    client.force_login(caseworker)
    data = answers(
        client.get(step_url(case.person)).content.decode(),
        **{"consent-read_by_interpreter": "on", "consent-interpreter": "Riverside interpreters pool"},
    )
    client.post(step_url(case.person), data)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    title = current("consent.share_embassy", "hin").title
    assert f"Read: “{title}”, in Hindi" in page
    assert "Draft translation, not reviewed · version 1" in page
    assert "Read by the interpreter: Riverside interpreters pool" in page
    consent = Consent.objects.get(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    link = reverse("survivor_texts:consent_text", args=[consent.pk])
    assert link in page
    words = client.get(link).content.decode()
    assert current("consent.share_embassy", "hin").body in words
    assert AccessLog.objects.filter(case_id=case.pk, detail__part="consent_text").exists()


@pytest.mark.parametrize("persona", ["caseworker2", "liaison_in", "coordinator", "outsider"])
def test_who_may_not_record_consent_gets_404_on_the_step_and_the_sheet(client, request, persona, case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(step_url(case.person)).status_code == 404
    assert client.get(sheet_url(case.person)).status_code == 404
    assert not AccessLog.objects.filter(case_id=case.pk, detail__part="consent_sheet").exists()


@pytest.mark.parametrize("persona", ["caseworker2", "liaison_ph", "outsider"])
def test_who_may_not_see_the_case_gets_404_on_the_words_read(client, request, persona, case):
    consent = Consent.objects.create(
        person=case.person,
        scope=ConsentScope.RECORD,
        given_at="2026-10-25T10:00:00Z",
        method="verbal",
        text_version=current("consent.record", "hin"),
    )
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("survivor_texts:consent_text", args=[consent.pk])).status_code == 404


def test_the_english_source_beside_hindi_carries_no_draft_notice_of_its_own(client, caseworker, case):
    client.force_login(caseworker)
    page = client.get(sheet_url(case.person)).content.decode()
    assert current("label.draft_notice", "hin").title in page  # the Hindi translation is a draft
    assert current("label.draft_notice", "eng").title not in page  # English is its source
