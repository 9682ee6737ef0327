"""A caseworker working in Thai reads consent to a survivor in Hindi, prints the sheet, records it."""

import re
import subprocess
from pathlib import Path

from django.utils import translation
from playwright.sync_api import Page, expect

from intake.models import Consent, Language
from intake.vocabularies import ConsentScope
from survivor_texts.models import TextVersion
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory, PersonFactory
from tests.survivor_texts.drafts import load_test_drafts, texts_in

SHOTS = Path("/work/wt/shots/hb")
WIDE, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def assert_axe_passes(page: Page, screen: str) -> None:
    findings = axe_findings(page)
    assert not findings, findings_report({screen: findings})


def answer_consent_by_field_names(page: Page) -> None:
    """Two scopes agreed, the others not, found by field names: the interface may be in Thai."""
    for scope in ConsentScope.values:
        answer = "yes" if scope in ("record", "share_embassy") else "no"
        page.locator(f'input[name="consent-{scope}"][value="{answer}"]').check()
    page.locator("#id_consent-method").select_option("verbal")


def test_consent_read_in_hindi_beside_thai_printed_on_one_page_and_recorded_with_the_interpreter(
    page: Page, live_server, caseworker, ngo_a, tmp_path
):
    load_test_drafts()
    hindi = {t.kind: t for t in TextVersion.objects.current().filter(language__code="hin")}
    thai = {t.kind: t for t in TextVersion.objects.current().filter(language__code="tha")}
    case = CaseFactory(
        organisation=ngo_a, nationality="IN", person=PersonFactory(given_name="Rahul", family_name="Verma")
    )
    page.set_viewport_size(WIDE)
    axe_install(page)
    sign_in(page, live_server.url, "caseworker")
    # From here the caseworker's browser asks for Thai: the interface is in Thai where the
    # catalogue has it, and the texts beside the survivor's are Thai. So the steps below find
    # controls by name, id or test id, not by their English words.
    page.context.set_extra_http_headers({"Accept-Language": "th"})
    page.goto(f"{live_server.url}/intake/persons/{case.person.pk}/interview/consent/")
    expect(page.locator("html")).to_have_attribute("lang", "th")

    page.locator("#texts-language").select_option(value="hin")  # named in the interface language (Thai here)
    page.get_by_test_id("texts-language").locator('button[type="submit"]').click()
    texts = page.get_by_test_id("consent-texts")
    expect(texts.get_by_test_id("survivor-text").first).to_contain_text(hindi["consent.record"].title)
    expect(texts.get_by_test_id("caseworker-text").first).to_contain_text(thai["consent.record"].title)
    expect(texts.get_by_test_id("survivor-text").first).to_have_attribute("lang", "hi")
    expect(texts.get_by_test_id("caseworker-text").first).to_have_attribute("lang", "th")
    status = texts.get_by_test_id("survivor-text").first.get_by_test_id("text-status")
    expect(status).to_have_attribute("data-status", "draft")
    expect(status).to_have_attribute("data-version", "1")
    expect(page.locator("#id_consent-language")).to_have_value(str(hindi["consent.record"].language_id))
    shoot(page, "consent-step-hindi-thai-1366")
    assert_axe_passes(page, "consent step (1366 px)")
    page.set_viewport_size(NARROW)
    shoot(page, "consent-step-hindi-thai-390")
    assert_axe_passes(page, "consent step (390 px)")
    page.set_viewport_size(WIDE)

    page.get_by_test_id("print-sheet").click()
    sheet = page.get_by_test_id("consent-sheet")
    expect(sheet.locator('h1[lang="hi"]')).to_have_text(hindi["label.sheet_title"].title)
    expect(sheet.locator('h1[lang="th"]')).to_have_text(thai["label.sheet_title"].title)
    expect(sheet).to_contain_text(hindi["label.draft_notice"].title)
    expect(sheet).to_contain_text(case.reference)
    expect(sheet).not_to_contain_text("Verma")
    assert_axe_passes(page, "consent sheet (1366 px)")
    shoot(page, "consent-sheet-screen-1366")
    page.set_viewport_size(NARROW)
    shoot(page, "consent-sheet-screen-390")
    assert_axe_passes(page, "consent sheet (390 px)")
    page.set_viewport_size(WIDE)
    expect(sheet).to_have_attribute("data-fit-size", re.compile(r"^\d"))  # sized to fit one page
    page.emulate_media(media="print")
    expect(page.locator("[data-print]")).to_be_hidden()  # no navigation on paper
    shoot(page, "consent-sheet-print")
    pdf = tmp_path / "consent-sheet.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == 1
    page.emulate_media(media="screen")

    page.locator("nav.toolbar a").first.click()  # back to the consent step, Hindi still chosen
    expect(page.locator("#id_consent-language")).to_have_value(str(hindi["consent.record"].language_id))
    answer_consent_by_field_names(page)
    page.locator("#id_consent-read_by_interpreter").check()
    page.locator('button[name="save_and_continue"]').click()
    expect(page.locator("#id_consent-interpreter")).to_have_class(re.compile(r"\bis-invalid\b"))
    assert not Consent.objects.exists()
    page.locator("#id_consent-interpreter").fill("Riverside interpreters pool")
    page.locator('button[name="save_and_continue"]').click()
    expect(page).to_have_url(re.compile(r"/interview/details/$"))

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    embassy = page.get_by_test_id("consent-read").nth(1)  # record, then share with the embassy
    expect(embassy).to_contain_text(hindi["consent.share_embassy"].title)
    with translation.override("th"):  # the language named as the caseworker reads: in Thai
        expect(embassy).to_contain_text(str(Language.objects.get(code="hin")))
    expect(embassy.get_by_test_id("text-status")).to_have_attribute("data-status", "draft")
    expect(embassy.get_by_test_id("text-status")).to_have_attribute("data-version", "1")
    expect(embassy).to_contain_text("Riverside interpreters pool")
    shoot(page, "case-file-consent-1366")
    embassy.get_by_role("link").click()
    expect(page.get_by_test_id("consent-text")).to_contain_text(hindi["consent.share_embassy"].body)
    assert_axe_passes(page, "words read (1366 px)")
    shoot(page, "consent-words-read-1366")
    recorded = Consent.objects.get(scope="share_embassy")
    assert (recorded.text_version, recorded.read_by_interpreter) == (hindi["consent.share_embassy"], True)


def test_the_full_length_source_texts_side_by_side_still_fit_one_a4_page(
    page: Page, live_server, caseworker, ngo_a, tmp_path
):
    texts_in("vie")  # a copy of the English source, as long as the real drafts, beside English
    case = CaseFactory(organisation=ngo_a, nationality="VN")
    sign_in(page, live_server.url, "caseworker")
    page.goto(f"{live_server.url}/texts/people/{case.person.pk}/consent-sheet/?language=vie")
    sheet = page.get_by_test_id("consent-sheet")
    expect(sheet.locator('h1[lang="vi"]')).to_be_visible()
    expect(sheet).to_have_attribute("data-fit-size", re.compile(r"^\d"))
    page.emulate_media(media="print")
    shoot(page, "consent-sheet-print-full-length")
    pdf = tmp_path / "consent-sheet.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == 1


def test_an_administrator_marks_a_text_reviewed_saying_who_reviewed_it(page: Page, live_server, admin_user):
    version = TextVersion.objects.current().get(kind="rights", language__code="eng")
    page.set_viewport_size(WIDE)
    axe_install(page)
    sign_in(page, live_server.url, "admin")
    changelist = f"{live_server.url}/admin/survivor_texts/textversion/"
    page.goto(f"{changelist}?status__exact=draft&language__id__exact={version.language_id}")
    page.get_by_role("row", name=re.compile(re.escape(version.title))).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Mark as reviewed by a qualified translator")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Who reviewed these texts?")).to_be_visible()
    assert_axe_passes(page, "mark reviewed (1366 px)")
    shoot(page, "admin-mark-reviewed-1366")
    page.get_by_label("Reviewed by").fill("P. Translator, certified (EN-VI)")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_text("1 text marked as reviewed.")).to_be_visible()
    version.refresh_from_db()
    assert (version.status, version.reviewed_by) == ("reviewed", "P. Translator, certified (EN-VI)")
