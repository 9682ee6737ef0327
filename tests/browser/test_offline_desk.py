"""The surge desk without a connection: 30 arrivals offline, a reload offline, one sync, no repeat.

Playwright's offline mode (context.set_offline) cuts the browser's network; the service worker
serves the desk's page and files; the arrivals wait sealed in IndexedDB until the connection
returns. The live server at http://localhost counts as a secure context for service workers.
"""

import base64
import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, Site
from intake.models import Person
from intake.services import person_keys_refresh
from offline_desk import views as desk_views
from offline_desk.models import SyncedArrival
from tests.browser.axe import axe_findings, axe_install, findings_report
from tests.browser.test_sign_in import sign_in
from tests.browser.test_surge_desk import FAMILY, GIVEN, start_batch
from tests.factories import CaseFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

ARRIVALS = 30
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def phone_of(i: int) -> str:
    return f"+91 98765 4{i:04d}"


@pytest.fixture
def reception(ngo_a):
    return Site.objects.create(
        name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot"
    )


@pytest.fixture
def desk_renders(monkeypatch):
    """How many times the server rendered the desk's page (the view asks for the batch each time)."""
    calls = []
    original = desk_views.saved_context

    def counting(request):
        calls.append(1)
        return original(request)

    monkeypatch.setattr(desk_views, "saved_context", counting)
    return calls


def open_desk(page: Page, base_url: str) -> None:
    """Sign in, set the batch online, open the desk and wait until its service worker is active."""
    sign_in(page, base_url, "caseworker")
    start_batch(page, base_url)
    page.get_by_role("button", name="Register arrivals").click()
    page.get_by_role("link", name="Offline desk").click()
    expect(page.get_by_role("heading", name="Offline desk", exact=True)).to_be_visible()
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "online")
    expect(page.get_by_test_id("to-resolve-count")).to_have_text("To resolve: 0")


def save(page: Page, i: int, *, given: str | None = None, family: str | None = None, **fields) -> None:
    page.get_by_label("Given name (as spoken)").fill(given or GIVEN[i])
    page.get_by_label("Family name (as spoken)").fill(family or FAMILY[i])
    page.get_by_label("Or approximate age").fill(str(18 + i % 30))
    if i % 3 == 0:
        page.get_by_label("Phone").fill(phone_of(i))
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Or approximate age").press("Enter")
    expect(page.get_by_test_id("announce")).to_contain_text("saved sealed on this device")
    expect(page.get_by_label("Given name (as spoken)")).to_be_focused()
    expect(page.get_by_label("Given name (as spoken)")).to_have_value("")


def waiting(page: Page, n: int, timeout: float = 20_000) -> None:
    expect(page.get_by_test_id("waiting-count")).to_have_text(f"Waiting to be sent: {n}", timeout=timeout)


def stored_on_device(page: Page) -> dict:
    """What the desk keeps: IndexedDB's rows (sealed blobs apart) and the text of the pages it caches."""
    return page.evaluate(
        """async () => {
      const db = await new Promise((ok, ko) => {
        const r = indexedDB.open("offline-desk");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      const all = async (name) => new Promise((ok) => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => ok(r.result);
      });
      const queue = await all("queue");
      const blobs = queue.map((entry) => entry.sealed.data);
      const clear = JSON.stringify(queue.map((entry) => ({...entry, sealed: Object.keys(entry.sealed)})));
      let pages = JSON.stringify(await all("meta"));
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (!request.url.includes("/vendor/") && !request.url.endsWith(".png")) {
            pages += await (await cache.match(request)).text();
          }
        }
      }
      return {clear, blobs, pages, count: queue.length};
    }"""
    )


def clear_leaks(kept: dict, names: list[str], phones: list[str]) -> list[str]:
    """The names and phone numbers typed that can be read in what the device keeps."""
    leaks = [n for n in names if re.search(rf"\b{n}\b", kept["clear"] + kept["pages"])]
    digits = [p.replace(" ", "").replace("+", "") for p in phones]
    text = re.sub(r"\D", "", kept["clear"] + kept["pages"])
    leaks += [p for p, d in zip(phones, digits, strict=True) if d[-8:] in text]
    sealed = b"".join(base64.b64decode(blob) for blob in kept["blobs"])
    # Ciphertext is random bytes: a four-letter name may turn up in it by chance, a whole name not.
    leaks += [n for n in names if len(n) >= 5 and n.encode() in sealed]
    leaks += [p for p, d in zip(phones, digits, strict=True) if d[-8:].encode() in sealed]
    return leaks


def queue_length(page: Page) -> int:
    return page.evaluate(
        """async () => new Promise((ok) => {
      const r = indexedDB.open("offline-desk");
      r.onsuccess = () => {
        const c = r.result.transaction("queue").objectStore("queue").count();
        c.onsuccess = () => ok(c.result);
      };
    })"""
    )


def test_thirty_arrivals_offline_survive_a_reload_and_are_registered_once(
    page: Page, context, live_server, caseworker, reception, screenshot, desk_renders
):
    page.set_viewport_size(WIDE)
    axe_install(page)
    open_desk(page, live_server.url)
    screenshot("offline-desk-1-online-1366")
    findings = {"desk online 1366": axe_findings(page)}
    page.set_viewport_size(PHONE)
    findings["desk online 390"] = axe_findings(page)
    page.set_viewport_size(WIDE)

    context.set_offline(True)
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "offline")
    for i in range(ARRIVALS):
        save(page, i)
        waiting(page, i + 1)
    expect(page.get_by_test_id("queue")).to_contain_text(GIVEN[0])  # from this page's memory
    screenshot("offline-desk-2-offline-30-waiting-1366")
    findings["desk offline 1366"] = axe_findings(page)
    page.set_viewport_size(PHONE)
    findings["desk offline 390"] = axe_findings(page)
    screenshot("offline-desk-2-offline-30-waiting-390")
    page.set_viewport_size(WIDE)

    # Nothing typed is on the device in clear: not in the queue, not in the kept pages.
    kept = stored_on_device(page)
    assert kept["count"] == ARRIVALS
    phones = [phone_of(i) for i in range(0, ARRIVALS, 3)]
    assert clear_leaks(kept, [*GIVEN[:ARRIVALS], *FAMILY[:ARRIVALS]], phones) == []
    # The check finds what it looks for: the names the page holds in memory are in its queue list.
    shown = {"clear": page.get_by_test_id("queue").inner_text(), "pages": "", "blobs": []}
    assert clear_leaks(shown, [GIVEN[0]], []) == [GIVEN[0]]

    renders = len(desk_renders)
    page.reload()  # offline: the service worker serves the desk
    expect(page.get_by_role("heading", name="Offline desk", exact=True)).to_be_visible()
    assert len(desk_renders) == renders, "the server rendered the page: it was not served offline"
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "offline")
    waiting(page, ARRIVALS)
    expect(page.get_by_test_id("queue").get_by_role("listitem")).to_have_count(ARRIVALS)
    expect(page.get_by_test_id("queue")).not_to_contain_text(GIVEN[0])  # the page's memory is gone
    expect(page.get_by_test_id("queue").get_by_role("listitem").first).to_contain_text("Saved at")
    assert Case.objects.count() == 0

    context.set_offline(False)
    waiting(page, 0, timeout=60_000)
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "online")
    assert Case.objects.count() == ARRIVALS
    assert sorted(Person.objects.values_list("given_name", flat=True)) == sorted(GIVEN[:ARRIVALS])
    assert Person.objects.get(given_name=GIVEN[0]).phone == "+919876540000"
    assert {p.arrival_group_id for p in Person.objects.all()} == {Person.objects.first().arrival_group_id}
    assert all(case.current_site == reception for case in Case.objects.all())
    assert queue_length(page) == 0
    assert not findings_report(findings), findings_report(findings)


def test_a_sync_cut_halfway_and_sent_again_registers_each_arrival_once(
    page: Page, context, live_server, caseworker, reception, screenshot
):
    page.set_viewport_size(WIDE)
    open_desk(page, live_server.url)
    context.set_offline(True)
    for i in range(ARRIVALS):
        save(page, i)
    waiting(page, ARRIVALS)

    sent, held = [], []

    def hold_the_eleventh(route):
        sent.append(route.request.post_data)
        if len(sent) == 11:
            held.append(route)  # no answer yet: the desk is still sending
        else:
            route.continue_()

    page.route(re.compile(r"/desk/sync/$"), hold_the_eleventh)
    context.set_offline(False)
    waiting(page, ARRIVALS - 10)
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "syncing")
    expect(page.get_by_test_id("connection")).to_have_text(re.compile("Sending"))
    screenshot("offline-desk-3-syncing-1366")
    page.set_viewport_size(PHONE)
    screenshot("offline-desk-3-syncing-390")
    page.set_viewport_size(WIDE)

    # The connection drops after the server received the 11th, before its answer reached the desk.
    held[0].fetch()
    held[0].abort("internetdisconnected")
    context.set_offline(True)
    expect(page.get_by_test_id("desk-state")).to_have_attribute("data-state", "offline")
    assert Case.objects.count() == 11
    waiting(page, ARRIVALS - 10)  # the 11th is still queued: no answer, so it is sent again

    page.unroute(re.compile(r"/desk/sync/$"))
    context.set_offline(False)
    waiting(page, 0, timeout=60_000)
    assert Case.objects.count() == ARRIVALS
    assert SyncedArrival.objects.count() == ARRIVALS
    assert sorted(Person.objects.values_list("given_name", flat=True)) == sorted(GIVEN[:ARRIVALS])


def test_an_arrival_already_registered_waits_to_be_resolved_and_is_linked(
    page: Page, context, live_server, caseworker, ngo_a, reception, screenshot
):
    existing = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=existing.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=existing.person)
    page.set_viewport_size(WIDE)
    axe_install(page)
    open_desk(page, live_server.url)
    context.set_offline(True)
    page.get_by_label("Identity document*").select_option("passport")
    save(page, 0, given="Ravi", family="Kumar", **{"Document number": "Z99 11223"})
    save(page, 1)
    waiting(page, 2)
    context.set_offline(False)
    waiting(page, 0)
    expect(page.get_by_test_id("to-resolve-count")).to_have_text("To resolve: 1")
    expect(page.get_by_test_id("sent")).to_contain_text("Ravi Kumar: may already be registered")
    expect(page.get_by_test_id("sent")).to_contain_text(f"{GIVEN[1]} {FAMILY[1]}: case ")
    assert Case.objects.count() == 2  # the new one; Ravi waits
    screenshot("offline-desk-4-after-sync-1366")

    page.get_by_test_id("to-resolve-count").click()
    expect(page.get_by_role("heading", name="Arrivals to resolve")).to_be_visible()
    item = page.get_by_test_id("waiting")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Ravi Kumar")
    expect(item.get_by_test_id("matches")).to_contain_text(existing.reference)
    expect(item.get_by_test_id("matches")).to_contain_text("same identity document")
    screenshot("offline-desk-5-to-resolve-1366")
    findings = {"to resolve 1366": axe_findings(page)}
    page.set_viewport_size(PHONE)
    findings["to resolve 390"] = axe_findings(page)
    screenshot("offline-desk-5-to-resolve-390")
    page.set_viewport_size(WIDE)

    for action, heading in (
        ("Not the same person: register anyway", "Register as a new person?"),
        ("Discard", "Discard this arrival?"),
    ):
        item.get_by_role("link", name=action).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        findings[f"{heading} 1366"] = axe_findings(page)
        page.set_viewport_size(PHONE)
        findings[f"{heading} 390"] = axe_findings(page)
        page.set_viewport_size(WIDE)
        page.get_by_role("link", name="Back").click()
    item.get_by_role("link", name=f"It is the same person as {existing.reference}").click()
    expect(page.get_by_role("heading", name=re.compile("Is this the person of case"))).to_be_visible()
    findings["same person 1366"] = axe_findings(page)
    screenshot("offline-desk-6-same-person-confirm-1366")
    page.get_by_role("button", name="Yes, it is the same person").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Linked to case {existing.reference}")
    expect(page.get_by_test_id("nothing-to-resolve")).to_be_visible()
    assert Case.objects.count() == 2
    assert SyncedArrival.objects.get(problem="duplicate").case == existing
    assert not findings_report(findings), findings_report(findings)


def test_signing_out_with_arrivals_unsent_asks_first_on_any_page(
    page: Page, context, live_server, caseworker, reception
):
    page.set_viewport_size(WIDE)
    open_desk(page, live_server.url)
    context.set_offline(True)
    save(page, 0)
    waiting(page, 1)
    # The connection returns but leads nowhere the desk can send to.
    page.route(re.compile(r"/desk/(sync|session)/$"), lambda route: route.abort("internetdisconnected"))
    context.set_offline(False)
    questions = []

    def stay(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    def asked(n: int) -> None:
        """Wait for the n-th question: the guard counts the queue before it asks."""
        for _ in range(300):  # up to 15 s: under a loaded CI the queue is counted slowly
            if len(questions) >= n:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"asked {len(questions)} times, not {n}")

    page.once("dialog", stay)
    page.get_by_role("button", name="Sign out").click()
    asked(1)
    expect(page).to_have_url(re.compile(r"/desk/$"))
    assert "not sent yet" in questions[0]
    waiting(page, 1)

    page.get_by_role("link", name="Cases", exact=True).click()  # another page: asked there too
    expect(page).to_have_url(re.compile(r"/cases/$"))
    page.wait_for_load_state("load")  # the guard is a deferred script: attached once the page has loaded
    page.once("dialog", stay)
    page.get_by_role("button", name="Sign out").click()
    asked(2)
    expect(page).to_have_url(re.compile(r"/cases/$"))

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert queue_length(page) == 1  # still sealed on the device, sent after the next sign-in


def test_signing_out_with_nothing_unsent_asks_nothing(page: Page, live_server, caseworker, reception):
    open_desk(page, live_server.url)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert questions == []


def test_after_the_session_ended_the_queue_waits_for_a_new_sign_in_with_the_second_factor(
    page: Page, context, live_server, caseworker, reception, screenshot
):
    from django.contrib.sessions.models import Session

    from tests.browser.test_sign_in import pass_second_factor
    from tests.conftest import PASSWORD

    page.set_viewport_size(WIDE)
    open_desk(page, live_server.url)
    context.set_offline(True)
    save(page, 0)
    save(page, 1)
    Session.objects.all().delete()  # the working day ended, or the session was revoked
    context.set_offline(False)
    expect(page.get_by_test_id("desk-problem")).to_contain_text("Sign in again")
    waiting(page, 2)
    assert Case.objects.count() == 0
    screenshot("offline-desk-7-sign-in-again-1366")
    page.get_by_role("link", name="Sign in again").click()
    page.get_by_label("Username").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page, "caseworker")
    expect(page).to_have_url(re.compile(r"/desk/$"))
    waiting(page, 0)
    assert Case.objects.count() == 2
