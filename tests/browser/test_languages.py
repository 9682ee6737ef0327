"""Each persona, in each interface language, finds no English left on their main screens.

For every (persona, language) pair: the language is saved on the account, the person signs in
(a session made as the sign-in makes it, second factor passed) from a browser that asks for
English, and visits their role's main screens. Every text a person can read or hear is
collected: text nodes, button values, placeholders, aria-labels, titles, alt texts and the
labels of table cells shown on phones. A text that is one of our catalogue's English messages
(the code's messages, extracted afresh) or one of Django's own is English left on the screen,
unless the language's catalogue keeps that word as it is. Names, codes and numbers are not
messages, so they are never counted. Each language's test fails once, listing every English text found by
persona, language and screen.

Without the translators' catalogues every message is English: this test then lists them all.
"""

import re
from collections import defaultdict
from pathlib import Path

import django
import pytest
from django.conf import global_settings, settings
from django.test import Client
from django.utils.translation import to_locale
from playwright.sync_api import Browser, expect

from accounts.languages import language_preference_set
from cases.models import InboxItem, Notification
from config.i18n import catalogues
from intake.models import Interview
from intake.vocabularies import ConsentScope
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
SHOTS = {"th", "my", "zh-hans"}  # screenshots of the main screens in these, for a person to look at
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}

# What a person can read or hear on a page, outside the language switcher (each language's name
# in its own language), codes, and elements marked as another language.
COLLECT_TEXTS = """
() => {
  const page = document.documentElement.lang;
  const foreign = (element) => {
    const marked = element && element.closest("[lang]");
    return marked && marked.lang !== page;
  };
  // Not messages: codes (a file's column names), and the switcher's names of languages.
  const skipped = "script, style, noscript, template, code, kbd, samp, .language-switcher";
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest(skipped) || foreign(parent)) continue;
    texts.push(node.textContent);
  }
  const attributes = ["placeholder", "aria-label", "title", "alt", "data-label",
                      "data-search-no-results", "data-search-remove"];
  for (const element of document.querySelectorAll("*")) {
    if (foreign(element) || element.closest(skipped)) continue;
    for (const name of attributes) {
      if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
    }
    if (element.matches("input[type=submit], input[type=button]")) texts.push(element.value);
  }
  texts.push(document.title);
  return texts;
}
"""
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


def normalised(text: str) -> str:
    return " ".join(text.split())


def is_message_text(text: str) -> bool:
    """Whether a text could be a message at all: it has two letters running (not a number or a code)."""
    return len(text) > 1 and re.search(r"[^\W\d_]{2}", text) is not None


class EnglishMessages:
    """The English messages of our catalogue and Django's, and how to tell one on a screen."""

    def __init__(self, msgids: set[str]):
        self.exact: set[str] = set()
        patterns = []
        for msgid in msgids:
            text = normalised(msgid)
            if not is_message_text(PLACEHOLDER.sub("", text)):
                continue
            if PLACEHOLDER.search(text):  # "%(done)s of %(total)s" is "3 of 8" on a screen
                # With a single word around them, the values must be numbers or signs: "%(done)s
                # of %(total)s" would otherwise find English in a country's name ("Isle of Man").
                words = re.findall(r"[^\W\d_]{2,}", PLACEHOLDER.sub(" ", text))
                value = ".+?" if len(words) > 1 else r"[\W\d_]+?"
                patterns.append(value.join(re.escape(part) for part in PLACEHOLDER.split(text)))
            else:
                self.exact.add(text)
        self.patterns = [re.compile(pattern) for pattern in patterns]

    def english(self, text: str, kept: set[str]) -> bool:
        if text in kept:
            return False
        if text in self.exact:
            return True
        return any(pattern.fullmatch(text) for pattern in self.patterns)


def django_message_ids(locale: str) -> set[str]:
    """Django's own English messages (core, admin, auth), the words our screens borrow.

    Django's names of languages are left out: a language's name shown from the ISO list (a
    spoken language on a form) is a name, not a message; the interface languages' names are
    our messages (settings.LANGUAGES), so those stay.
    """
    root = Path(django.__file__).parent
    files = [root / f"conf/locale/{locale}/LC_MESSAGES/django.po"]
    files += [root / f"contrib/{app}/locale/{locale}/LC_MESSAGES/django.po" for app in ("admin", "auth")]
    names = {name for _code, name in global_settings.LANGUAGES}  # plain strings (gettext_noop)
    return {
        msgid
        for path in files
        if path.exists()
        for _context, msgid in catalogues.message_ids(path)
        if msgid not in names
    }


def kept_as_is(locale: str) -> set[str]:
    """The messages a language's catalogues deliberately write as in English (a code, a brand)."""
    from babel.messages.pofile import read_po

    root = Path(django.__file__).parent
    files = [catalogues.catalogue_path(locale)]
    files += [root / f"conf/locale/{locale}/LC_MESSAGES/django.po"]
    files += [root / f"contrib/{app}/locale/{locale}/LC_MESSAGES/django.po" for app in ("admin", "auth")]
    kept = set()
    for path in files:
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.id, str) and message.string == message.id:
                    kept.add(normalised(message.id))
    return kept


@pytest.fixture(scope="module")
def english_messages(tmp_path_factory) -> EnglishMessages:
    ours = catalogues.message_ids(catalogues.template_build(tmp_path_factory.mktemp("extraction")))
    return EnglishMessages({msgid for _context, msgid in ours} | django_message_ids("en"))


@pytest.fixture
def world(ngo_a, embassy_in, caseworker, liaison_in):
    """A case of NGO A: an Indian national waiting on the embassy, interviewed, in the liaison's inbox."""
    case = CaseFactory(
        organisation=ngo_a,
        nationality="IN",
        repatriation_stage="verification_requested",
        person=PersonFactory(given_name="Arjun", family_name="Verma", birth_year_estimated=2009),
    )
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker, narrative="…"
    )
    CaseFactory.create_batch(2, organisation=ngo_a, nationality="PH")
    event = case.events.create(kind="repatriation")
    notification = Notification.objects.create(
        event=event, case=case, recipient=liaison_in, kind="awaits_embassy"
    )
    InboxItem.objects.create(notification=notification, recipient=liaison_in)
    return case


def screens(persona: str, case) -> list[tuple[str, str]]:
    """The main screens of a persona: (name, path)."""
    person = case.person
    return {
        "caseworker": [
            ("caseload", "/"),
            ("registration desk", "/register/batch/"),
            ("case list", "/cases/"),
            ("case file", f"/cases/{case.pk}/"),
            ("interview: consent", f"/intake/persons/{person.pk}/interview/consent/"),
            ("interview: identity", f"/intake/persons/{person.pk}/interview/identity/"),
        ],
        "liaison_in": [
            ("liaison queue", "/repatriation/"),
            ("repatriation case", f"/repatriation/cases/{case.pk}/"),
            ("notifications", "/notifications/"),
        ],
        "coordinator": [("dashboard", "/reports/"), ("exports", "/reports/exports/")],
        "admin": [("home", "/"), ("admin index", "/admin/")],
    }[persona]


def signed_in_cookie(user, base_url: str) -> dict:
    """A session cookie as signing in makes it (the saved language copied in, second factor passed)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


# One test per language, so that parallel workers share them out.
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_on_any_personas_main_screens(
    language,
    browser: Browser,
    live_server,
    world,
    caseworker,
    liaison_in,
    coordinator,
    admin_user,
    english_messages,
):
    personas = {
        "caseworker": caseworker,
        "liaison_in": liaison_in,
        "coordinator": coordinator,
        "admin": admin_user,
    }
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    language_kept = kept_as_is(to_locale(language))
    for username, user in personas.items():
        kept = language_kept | {username}  # a username is a name
        language_preference_set(user=user, language=language)
        # The browser asks for English: the language saved on the account must win.
        context = browser.new_context(
            viewport=WIDE, locale="en-GB", extra_http_headers={"Accept-Language": "en"}
        )
        context.add_cookies([signed_in_cookie(user, live_server.url)])
        page = context.new_page()
        for name, path in screens(username, world):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, f"{language} {username} {path}"
            assert page.evaluate("document.documentElement.lang") == language, f"{name} in {language}"
            for raw in page.evaluate(COLLECT_TEXTS):
                text = normalised(raw or "")
                if is_message_text(text) and english_messages.english(text, kept):
                    found[f"{language} · {username} · {name}"][path].add(text)
            if language in SHOTS and name in {
                "registration desk",
                "case file",
                "liaison queue",
                "dashboard",
            }:
                page.screenshot(
                    path=str(SCREENSHOTS / f"language-{language}-{name.replace(' ', '-')}.png"),
                    full_page=True,
                )
        context.close()
    report = "\n".join(
        f"{screen} ({path}): " + " | ".join(sorted(texts))
        for screen, paths in found.items()
        for path, texts in paths.items()
    )
    count = len({text for paths in found.values() for texts in paths.values() for text in texts})
    assert not found, f"{count} English texts left on the screens:\n{report}"


def test_a_visitor_switches_the_sign_in_page_to_thai_from_the_keyboard(page, live_server, screenshot):
    axe_install(page)
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/accounts/login/")
        findings = axe_findings(page)
        assert not findings, findings_report({"sign-in with the switcher": findings})
        screenshot(f"language-switcher-sign-in-{viewport['width']}")
    thai = page.locator('.language-switcher button[lang="th"]')
    for _ in range(40):  # Tab through the page until the Thai button has the focus
        page.keyboard.press("Tab")
        if thai.evaluate("button => button === document.activeElement"):
            break
    expect(thai).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator('.language-switcher button[lang="th"]')).to_have_attribute("aria-current", "true")


def test_a_caseworker_switches_to_burmese_from_the_account_menu_with_the_keyboard(
    page, live_server, caseworker, screenshot
):
    page.context.add_cookies([signed_in_cookie(caseworker, live_server.url)])
    axe_install(page)
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/cases/")
        if viewport["width"] < 768:
            page.get_by_role("button", name="Toggle navigation").click()
        page.get_by_test_id("account-menu").focus()
        page.keyboard.press("Enter")  # opens the menu
        expect(page.locator('.language-switcher button[lang="my"]')).to_be_visible()
        findings = axe_findings(page)
        assert not findings, findings_report({"account menu with the switcher": findings})
        screenshot(f"language-switcher-menu-{viewport['width']}")
    burmese = page.locator('.language-switcher button[lang="my"]')
    for _ in range(10):  # the menu's items are reached with the arrow keys, as Bootstrap's menus are
        page.keyboard.press("ArrowDown")
        if burmese.evaluate("button => button === document.activeElement"):
            break
    expect(burmese).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "my")
    expect(page).to_have_url(f"{live_server.url}/cases/")
    assert caseworker.language_preference.language == "my"


def test_burmese_screens_hold_at_phone_width_without_sideways_scrolling(
    browser: Browser, live_server, world, caseworker, liaison_in, coordinator
):
    """Burmese's long words and tall script must not push a screen wider than a phone held upright."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    overflowing = []
    for user in (caseworker, liaison_in, coordinator):
        language_preference_set(user=user, language="my")
        context = browser.new_context(viewport=NARROW, extra_http_headers={"Accept-Language": "en"})
        context.add_cookies([signed_in_cookie(user, live_server.url)])
        page = context.new_page()
        for name, path in screens(user.username, world):
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                overflowing.append(f"{name} ({path}): {width} px wide")
            slug = name.replace(" ", "-").replace(":", "")
            page.screenshot(path=str(SCREENSHOTS / f"language-my-390-{slug}.png"), full_page=True)
        context.close()
    assert not overflowing, "wider than 390 px in Burmese:\n" + "\n".join(overflowing)
