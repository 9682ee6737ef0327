"""The surge desk at a fast typist's pace: 40 arrivals of one crossing, by keyboard alone."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, Site
from intake.models import Exploitation, Person
from intake.services import person_keys_refresh
from tests.browser.test_intake_flow import choose
from tests.browser.test_sign_in import sign_in
from tests.factories import CaseFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

DELAY = 30  # ms between keys: a fast typist
ARRIVALS = 40
GIVEN = [
    "Aarav",
    "Vivaan",
    "Aditya",
    "Vihaan",
    "Arjun",
    "Sai",
    "Reyansh",
    "Krishna",
    "Ishaan",
    "Shaurya",
    "Dhruv",
    "Kabir",
    "Ritvik",
    "Mohan",
    "Rohit",
    "Sanjay",
    "Deepak",
    "Naveen",
    "Prakash",
    "Suresh",
    "Gopal",
    "Harish",
    "Lokesh",
    "Manoj",
    "Nitin",
    "Pankaj",
    "Rakesh",
    "Tarun",
    "Umesh",
    "Yogesh",
    "Zubin",
    "Bharat",
    "Chetan",
    "Farhan",
    "Jatin",
    "Kunal",
    "Lalit",
    "Omkar",
    "Pranav",
    "Qasim",
]
FAMILY = [
    "Sharma",
    "Verma",
    "Gupta",
    "Singh",
    "Patel",
    "Reddy",
    "Nair",
    "Iyer",
    "Das",
    "Bose",
    "Mehta",
    "Joshi",
    "Kapoor",
    "Malhotra",
    "Chopra",
    "Banerjee",
    "Mukherjee",
    "Rao",
    "Pillai",
    "Menon",
    "Kulkarni",
    "Desai",
    "Shah",
    "Pandey",
    "Mishra",
    "Tiwari",
    "Yadav",
    "Chauhan",
    "Thakur",
    "Saxena",
    "Agarwal",
    "Bhat",
    "Naidu",
    "Gill",
    "Sethi",
    "Arora",
    "Khanna",
    "Bajaj",
    "Dutta",
    "Ghosh",
]
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def reception(ngo_a):
    return Site.objects.create(
        name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot"
    )


def start_batch(page: Page, base_url: str) -> None:
    page.get_by_role("link", name="Register arrivals").click()
    page.get_by_label("Where they are now").select_option(label="Riverside reception point")
    page.get_by_label("Crossed on").fill("2026-11-30")
    page.get_by_label("Crossing point").fill("Moei River north bank")
    page.get_by_label("How they crossed").select_option("boat")
    choose(page, "Came from", "KK Park")
    choose(page, "Nationality of most", "India")
    choose(page, "Language of most", "Hindi")


class Keys:
    """The keyboard, counting every key sent."""

    def __init__(self, page: Page):
        self.page, self.count = page, 0

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=DELAY)
        self.count += len(text)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(DELAY)
        self.count += times


def test_forty_arrivals_of_one_crossing_by_keyboard_alone(
    page: Page, live_server, caseworker, reception, screenshot
):
    page.set_viewport_size(WIDE)
    sign_in(page, live_server.url, "caseworker")
    start_batch(page, live_server.url)
    screenshot("surge-1-batch-1366")
    page.get_by_role("button", name="Register arrivals").click()
    expect(page.get_by_test_id("batch")).to_contain_text("Moei River north bank")
    screenshot("surge-2-register-1366")

    keys, failed = Keys(page), 0
    started = time.perf_counter()
    for i in range(ARRIVALS):
        expect(page.get_by_label("Given name (as spoken)")).to_be_focused()
        keys.type(GIVEN[i])
        keys.press("Tab")
        keys.type(FAMILY[i])
        keys.press("Tab", 5)  # the two names in own script, gender, date of birth: to the age
        keys.type(str(18 + i % 30))
        if i % 5 == 4:  # one in five is not Indian: typed, and Enter at once picks it
            keys.press("Tab", 2)  # language, then nationality
            keys.type("Bangl")
            keys.press("Enter")
        if i % 4 == 0:  # one in four gives a phone, as written at home
            keys.press("Tab", 3 if i % 5 == 4 else 5)  # past the document: to the phone
            keys.type(f"098765 4{i:04d}")
        keys.press("Enter")  # submits from a text field
        status = page.get_by_role("status").first
        expect(status.or_(page.get_by_test_id("error-summary"))).to_be_visible()
        if page.get_by_test_id("error-summary").count():
            failed += 1
            break
        expect(status).to_contain_text("opened")
    elapsed = time.perf_counter() - started

    print(
        f"\nsurge desk: {ARRIVALS} arrivals, {failed} failed submissions, "
        f"{elapsed / ARRIVALS:.2f} s per arrival, {keys.count / ARRIVALS:.1f} keystrokes per arrival"
    )
    assert failed == 0
    assert Case.objects.count() == ARRIVALS
    people = Person.objects.all()
    assert {p.arrival_group_id for p in people} == {people[0].arrival_group_id}  # one crossing
    assert people.filter(nationalities__country="IN").count() == ARRIVALS - ARRIVALS // 5
    assert people.filter(nationalities__country="BD").count() == ARRIVALS // 5
    assert people.filter(primary_language__code="hin").count() == ARRIVALS
    assert Exploitation.objects.filter(compound__name="KK Park").count() == ARRIVALS
    assert sorted(people.values_list("given_name", flat=True)) == sorted(GIVEN)  # no key lost
    assert people.get(given_name="Aarav").phone == "+919876540000"
    page.set_viewport_size(PHONE)
    screenshot("surge-3-register-390")


def test_after_an_error_the_summary_takes_focus_and_its_link_reaches_the_field(
    page: Page, live_server, caseworker, reception, screenshot
):
    page.set_viewport_size(WIDE)
    sign_in(page, live_server.url, "caseworker")
    start_batch(page, live_server.url)
    page.get_by_role("button", name="Register arrivals").click()
    keys = Keys(page)
    expect(page.get_by_label("Given name (as spoken)")).to_be_focused()
    keys.type("Sunita")
    keys.press("Tab", 11)  # past the names, age, language, nationality, document: to the phone
    expect(page.get_by_label("Phone")).to_be_focused()
    keys.type("call the shelter")
    keys.press("Enter")
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("not a phone number we can read")
    screenshot("surge-4-error-summary-1366")
    page.set_viewport_size(PHONE)
    screenshot("surge-5-error-summary-390")
    page.set_viewport_size(WIDE)
    keys.press("Tab")  # the summary's first link
    expect(summary.get_by_role("link", name=re.compile("^Phone"))).to_be_focused()
    keys.press("Enter")
    expect(page.get_by_label("Phone")).to_be_focused()
    page.keyboard.press("Control+a")
    keys.type("+91 98765 43210")
    keys.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("opened")
    assert Person.objects.get().phone == "+919876543210"
    assert Person.objects.get().given_name == "Sunita"


def test_the_date_of_birth_is_left_with_one_tab(page: Page, live_server, caseworker, reception):
    sign_in(page, live_server.url, "caseworker")
    start_batch(page, live_server.url)
    page.get_by_role("button", name="Register arrivals").click()
    page.get_by_label("Date of birth").focus()
    page.keyboard.type("15/03/1998", delay=DELAY)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Or approximate age")).to_be_focused()


def test_a_match_in_another_organisation_says_how_to_reach_it(
    page: Page, live_server, caseworker, ngo_b, reception, screenshot
):
    ngo_b.phone = "+6655000102"
    ngo_b.save()
    other = CaseFactory(organisation=ngo_b, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=other.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=other.person)
    page.set_viewport_size(WIDE)
    sign_in(page, live_server.url, "caseworker")
    start_batch(page, live_server.url)
    page.get_by_role("button", name="Register arrivals").click()
    page.get_by_label("Given name (as spoken)").fill("Ravi")
    page.get_by_label("Or approximate age").fill("30")
    page.get_by_label("Identity document*").select_option("passport")
    page.get_by_label("Document number").fill("Z99 11223")
    page.get_by_label("Document number").press("Enter")
    matches = page.get_by_test_id("matches")
    expect(matches).to_contain_text("A possible match is registered by NGO B")
    expect(matches.get_by_role("link", name="+6655000102")).to_be_visible()
    expect(matches).not_to_contain_text("Open the existing case")
    screenshot("surge-6-match-elsewhere-1366")
    page.set_viewport_size(PHONE)
    screenshot("surge-7-match-elsewhere-390")
