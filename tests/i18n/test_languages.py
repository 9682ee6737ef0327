"""Choosing the interface language: the browser's at first, then the one saved on the account."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import emails as account_emails
from accounts.languages import language_preference_set
from accounts.models import LanguagePreference
from cases.notifications import emails as notification_emails
from intake.models import Language
from tests.i18n.conftest import THAI_SIGN_IN

pytestmark = pytest.mark.django_db

CHOOSE = reverse("accounts:language_choose")


def test_every_interface_language_is_offered_by_its_own_name():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes == ["en", "th", "my", "zh-hans", "vi", "id", "hi", "fil"]
    names = {code: translation.get_language_info(code)["name_local"] for code in codes}
    assert names["th"] == "ภาษาไทย"
    assert names["my"] == "မြန်မာဘာသာ"
    assert names["zh-hans"] == "简体中文"
    assert names["fil"] == "Filipino"
    assert translation.get_language_info("fil")["bidi"] is False


def test_an_anonymous_visitor_whose_browser_asks_for_thai_gets_the_sign_in_page_in_thai(thai_catalogue):
    response = Client(headers={"accept-language": "th,en;q=0.5"}).get(reverse("login"))
    assert response.headers["Content-Language"] == "th"
    assert f"<title>{THAI_SIGN_IN}" in response.text
    assert '<html lang="th">' in response.text


def test_the_sign_in_page_lists_every_language_in_its_own_name():
    response = Client().get(reverse("login"))
    for code, label in (("th", "ภาษาไทย"), ("my", "မြန်မာဘာသာ"), ("hi", "हिंदी"), ("fil", "Filipino")):
        assert f'value="{code}" lang="{code}"' in response.text
        assert label in response.text


def test_a_visitor_choosing_thai_on_the_sign_in_page_gets_it_without_an_account(thai_catalogue):
    client = Client(headers={"accept-language": "en"})
    response = client.post(CHOOSE, {"language": "th", "next": reverse("login")})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("login")).headers["Content-Language"] == "th"
    assert not LanguagePreference.objects.exists()


def test_the_switcher_saves_the_language_on_the_account_and_uses_it_at_once(client, caseworker):
    client.force_login(caseworker)
    response = client.post(CHOOSE, {"language": "vi", "next": reverse("cases:case_list")})
    assert response.url == reverse("cases:case_list")
    assert LanguagePreference.objects.get(user=caseworker).language == "vi"
    assert client.get(reverse("cases:case_list")).headers["Content-Language"] == "vi"


def test_a_saved_language_beats_the_browsers_on_another_device_after_sign_in(caseworker, thai_catalogue):
    language_preference_set(user=caseworker, language="th")
    vietnamese_browser = Client(headers={"accept-language": "vi"})
    assert vietnamese_browser.get(reverse("login")).headers["Content-Language"] == "vi"
    vietnamese_browser.force_login(caseworker)
    response = vietnamese_browser.get(reverse("cases:case_list"))
    assert response.headers["Content-Language"] == "th"
    assert '<html lang="th">' in response.text


def test_signing_in_through_the_form_applies_the_saved_language(caseworker, settings):
    settings.TWO_FACTOR_REQUIRED = False
    caseworker.set_password("a long enough password 1")
    caseworker.save()
    language_preference_set(user=caseworker, language="hi")
    client = Client(headers={"accept-language": "en"})
    client.post(reverse("login"), {"username": caseworker.username, "password": "a long enough password 1"})
    assert client.get(reverse("cases:case_list")).headers["Content-Language"] == "hi"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "https:evil.example",
        "/\\evil.example",
        " https://x.y/",
    ],
)
def test_the_switcher_refuses_an_off_site_next(client, caseworker, next_url):
    client.force_login(caseworker)
    response = client.post(CHOOSE, {"language": "th", "next": next_url})
    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    anonymous = Client().post(CHOOSE, {"language": "th", "next": next_url})
    assert anonymous.url == reverse("login")


def test_the_switcher_refuses_a_language_not_offered_and_saves_nothing(client, caseworker):
    client.force_login(caseworker)
    response = client.post(CHOOSE, {"language": "de", "next": reverse("cases:case_list")}, follow=True)
    assert "Choose one of the languages listed." in response.text
    assert not LanguagePreference.objects.exists()
    assert response.headers["Content-Language"] == "en"


def test_the_switcher_takes_no_get_so_nothing_goes_into_a_url(client, caseworker):
    client.force_login(caseworker)
    assert client.get(CHOOSE, {"language": "th"}).status_code == 405
    assert not LanguagePreference.objects.exists()


def test_the_switcher_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(CHOOSE, {"language": "th"}).status_code == 403


def test_the_navigation_offers_the_switcher_with_the_current_page_as_next(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:case_list"))
    assert 'data-testid="language-switcher"' in response.text
    assert f'name="next" value="{reverse("cases:case_list")}"' in response.text


def test_a_thai_speaking_liaisons_notification_email_is_written_in_thai(liaison_in, thai_catalogue):
    language_preference_set(user=liaison_in, language="th")
    notification_emails.new_notifications_send(recipient=liaison_in, count=3)
    [email] = mail.outbox
    assert email.subject == "มีการแจ้งเตือนใหม่ 3 รายการในคิวส่งกลับของคุณ"
    assert "เข้าสู่ระบบเพื่ออ่าน:" in email.body
    assert translation.get_language() == "en"  # the request's language is left as it was


def test_a_liaison_without_a_saved_language_gets_the_sites_language(liaison_ph, thai_catalogue):
    notification_emails.new_notifications_send(recipient=liaison_ph, count=1)
    [email] = mail.outbox
    assert email.subject == "1 new notification in your repatriation queue"


def test_an_access_change_email_is_written_in_the_persons_language(caseworker, thai_catalogue):
    caseworker.email = "cw@example.org"
    caseworker.save()
    language_preference_set(user=caseworker, language="th")
    account_emails.staff_access_changed_send(user_id=caseworker.pk)
    [email] = mail.outbox
    assert email.subject == "สิทธิ์การเข้าถึงระบบรับเรื่องของคุณเปลี่ยนไป"


def test_every_place_that_renders_an_email_chooses_the_recipients_language():
    """A new email added without translation.override(recipient_language(...)) fails here."""
    root = Path(settings.BASE_DIR)
    for path in [*root.glob("accounts/**/*.py"), *root.glob("cases/**/*.py"), *root.glob("*/tasks.py")]:
        text = path.read_text()
        if "EmailMessage(" in text or "send_mail(" in text:
            assert "translation.override(recipient_language(" in text, path
            assert "translation.override(settings.LANGUAGE_CODE)" not in text, path


@pytest.mark.parametrize(
    ("language", "name"), [("th", "ตากาล็อก"), ("hi", "तागालोग"), ("zh-hans", "他加禄语")]
)
def test_a_spoken_language_is_named_in_the_interface_language(language, name):
    tagalog = Language.objects.get(code="tgl")
    with translation.override(language):
        assert str(tagalog) == name
    assert str(tagalog) == "Tagalog"
