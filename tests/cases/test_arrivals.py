"""Registering arrivals during a surge: a batch's shared context, the duplicate check, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.duplicates import likely_matches
from cases.models import AccessLog, Case, CaseEvent, Site
from intake.matching import Identity
from intake.models import ArrivalGroup, Compound, Exploitation, Language, MatchKey, Nationality, Person
from intake.services import person_keys_refresh
from tests.factories import CaseFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return Site.objects.create(
        name="Riverside reception point", kind=Site.Kind.RECEPTION_POINT, town="Mae Sot"
    )


@pytest.fixture
def in_batch(client, caseworker, site):
    """A caseworker signed in, with a batch set: today, at the riverside, crossing by boat."""
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:registration_context"),
        {
            "site": site.pk,
            "arrived_on": "2026-10-23",
            "crossed_on": "2026-10-23",
            "crossing_point": "Moei River landing 1",
            "means": "boat",
        },
    )
    assert response.status_code == 302
    return client


def arrival(**overrides) -> dict:
    data = {
        "given_name": "Rahul",
        "family_name": "Testkumar",
        "gender": "Masculine",
        "approximate_age": "24",
        "country": "IN",
        "document_type": "passport",
        "document_number": "",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_registering_opens_a_case_with_the_batch_context_and_offers_the_next(in_batch, caseworker, site):
    response = in_batch.post(reverse("cases:register"), arrival(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:register")
    case = Case.objects.get()
    assert f"Case {case.reference} opened" in response.content.decode()
    person = case.person
    assert (person.given_name, person.birth_year_estimated) == ("Rahul", timezone.localdate().year - 24)
    assert person.arrived_on == datetime.date(2026, 10, 23)
    assert person.arrival_group.crossing_point == "Moei River landing 1"
    assert case.current_site == site
    assert case.caseworker == caseworker
    assert case.organisation == caseworker.staff_profile.organisation
    assert Nationality.objects.get(person=person).is_primary
    assert case.events.get().kind == CaseEvent.Kind.OPENED
    assert MatchKey.objects.filter(person=person).exists()
    assert "Moei River landing 1" in response.content.decode()  # the batch is kept for the next arrival


def test_a_registration_checks_the_case_without_a_query_per_closure_rule(in_batch):
    """The closure and hold rules cannot fail on a new open case; the database still keeps them."""
    with CaptureQueriesContext(connection) as queries:
        in_batch.post(reverse("cases:register"), arrival())
    assert Case.objects.get().status == "Active"
    checks = [q["sql"] for q in queries.captured_queries if '"_check"' in q["sql"]]
    # Django checks a constraint by querying it with the values put in: the closure rules name
    # the closed statuses, the hold rule the on-hold stage.
    assert checks and not any("ClosedReferred" in sql or "'on_hold'" in sql for sql in checks)


def test_three_arrivals_of_one_crossing_share_it(in_batch):
    for name in ("Arjun", "Ravi", "Sunita"):
        in_batch.post(reverse("cases:register"), arrival(given_name=name, family_name=f"{name}son"))
    assert Person.objects.count() == 3
    assert ArrivalGroup.objects.count() == 1
    assert set(Person.objects.values_list("arrival_group", flat=True)) == {ArrivalGroup.objects.get().pk}


def test_registration_without_a_batch_asks_for_one_first(client, caseworker, site):
    client.force_login(caseworker)
    response = client.get(reverse("cases:register"))
    assert response["Location"] == reverse("cases:registration_context")


def test_a_batch_cannot_name_an_existing_group_and_a_new_crossing(client, caseworker, site):
    group = ArrivalGroup.objects.create(
        crossed_on=timezone.localdate(), crossing_point="Bridge", means="on_foot", created_by=caseworker
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:registration_context"),
        {"site": site.pk, "arrived_on": "2026-10-23", "group": group.pk, "crossed_on": "2026-10-23"},
    )
    assert response.status_code == 200
    assert "Choose a crossing group or describe a new crossing, not both." in response.content.decode()
    assert "Needed to describe the crossing." in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["caseworker2_no_site", "liaison_in", "coordinator", "admin_user", "outsider"]
)
def test_only_caseworkers_register_arrivals(client, request, persona, site):
    if persona == "caseworker2_no_site":
        return  # caseworker2 is a caseworker: covered by the tests above
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:register")).status_code == 404
    assert client.get(reverse("cases:registration_context")).status_code == 404
    assert client.post(reverse("cases:register"), arrival()).status_code == 404
    assert not Person.objects.exists()


def test_a_likely_duplicate_is_shown_before_anything_is_created(in_batch, ngo_a):
    CaseFactory(
        organisation=ngo_a,
        person=PersonFactory(given_name="Muhammad", family_name="Khan", birth_year_estimated=1990),
        nationality="PK",
    )
    person_keys_refresh(person=Person.objects.get())
    response = in_batch.post(
        reverse("cases:register"),
        arrival(
            given_name="Mohammed",
            family_name="Khan",
            approximate_age="",
            date_of_birth="1990-05-01",
            country="PK",
        ),
    )
    page = response.content.decode()
    assert "This person may already be registered" in page
    assert "Muhammad Khan" in page
    assert "similar name and birth year" in page
    assert Person.objects.count() == 1
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()
    # The caseworker decides it is someone else.
    data = arrival(given_name="Mohammed", family_name="Khan", approximate_age="", date_of_birth="1990-05-01")
    in_batch.post(reverse("cases:register"), {**data, "country": "PK", "register_new": ""})
    assert Person.objects.count() == 2


def test_a_match_in_another_organisation_shows_only_whom_to_contact(in_batch, ngo_b):
    ngo_b.phone = "+66551234567"
    ngo_b.save()
    other = CaseFactory(organisation=ngo_b, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=other.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=other.person)
    response = in_batch.post(reverse("cases:register"), arrival(document_number="z99-11223"))
    page = response.content.decode()
    assert "A possible match is registered by <strong>NGO B</strong>" in page
    assert "+66551234567" in page
    assert "Zqxname" not in page and "Z9911223" not in page and other.reference not in page
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"given_name": ""}, "This field is required."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"date_of_birth": "2999-01-01", "approximate_age": ""}, "This date is in the future."),
        (
            {"date_of_birth": "1990-01-01", "approximate_age": "30"},
            "Give a date of birth or an approximate age, not both.",
        ),
        ({"approximate_age": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"phone": "12"}, "not a phone number we can read"),
        ({"phone": "call the shelter"}, "not a phone number we can read"),
        ({"date_of_birth": "31/02/1990", "approximate_age": ""}, "Enter a valid date."),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(in_batch, overrides, field_error):
    response = in_batch.post(reverse("cases:register"), arrival(**overrides))
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert 'class="invalid-feedback' in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {
            "given_name": st.text(max_size=120),
            "family_name": st.text(max_size=120),
            "given_name_native": st.text(max_size=120),
            "gender": st.sampled_from(["Masculine", "Feminine", "bogus", ""]),
            "date_of_birth": st.one_of(st.just(""), st.dates().map(str), st.text(max_size=12)),
            "approximate_age": st.one_of(st.just(""), st.integers(-5, 300).map(str), st.text(max_size=4)),
            "country": st.sampled_from(["IN", "CN", "ZZ", "", "in"]),
            "document_type": st.sampled_from(["passport", "none", "x"]),
            "document_number": st.text(max_size=50),
            "phone": st.one_of(
                st.just(""), st.from_regex(r"\+[0-9]{6,16}", fullmatch=True), st.text(max_size=20)
            ),
            "needs_medical_care": st.sampled_from(["", "on"]),
        }
    )
)
def test_any_input_gives_a_page_and_either_a_whole_registration_or_none(in_batch, data):
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    before = (
        Person.objects.count(),
        Case.objects.count(),
        Nationality.objects.count(),
        CaseEvent.objects.count(),
    )
    response = in_batch.post(reverse("cases:register"), {**data, "register_new": ""})
    assert response.status_code in (200, 302)
    after = (
        Person.objects.count(),
        Case.objects.count(),
        Nationality.objects.count(),
        CaseEvent.objects.count(),
    )
    assert after == before or after == tuple(n + 1 for n in before)
    assert (response.status_code == 302) == (after != before)


# --- Phones, as people write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("+91 98765 43210", "IN"),
        ("098765 43210", "IN"),
        ("(098) 765-43210", "IN"),
        ("098.765.43210", "IN"),
        ("0091-98765-43210", "PK"),
        ("+919876543210", "CN"),
    ],
)
def test_a_phone_typed_any_common_way_is_stored_in_e164(in_batch, typed, country):
    response = in_batch.post(reverse("cases:register"), arrival(phone=typed, country=country))
    assert response.status_code == 302
    assert Person.objects.get().phone == "+919876543210"


def test_a_phone_typed_at_home_is_found_as_the_stored_international_number(in_batch, caseworker, ngo_a):
    """The duplicate check meets a number stored before (E.164), whatever way it is typed now."""
    earlier = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Qwzyx", phone="+919876543210"))
    person_keys_refresh(person=earlier.person)
    matches = likely_matches(
        user=caseworker, identity=Identity.of(given_name="Other", family_name="", phone="+919876543210")
    )
    assert [m.case for m in matches.here] == [earlier]
    response = in_batch.post(reverse("cases:register"), arrival(given_name="Anil", phone="098765 43210"))
    assert "same phone number" in response.content.decode()


# --- What a batch shares -----------------------------------------------------------------


@pytest.fixture
def kk_park(db):
    return Compound.objects.get(name="KK Park")


def test_a_batch_sets_the_nationality_language_and_compound_each_arrival_starts_with(
    client, caseworker, site, kk_park
):
    hindi = Language.objects.get(code="hin")
    client.force_login(caseworker)
    client.post(
        reverse("cases:registration_context"),
        {
            "site": site.pk,
            "arrived_on": "2026-10-23",
            "came_from": kk_park.pk,
            "country": "IN",
            "primary_language": hindi.pk,
        },
    )
    page = client.get(reverse("cases:register")).content.decode()
    assert '<option value="IN" selected>' in page
    assert f'<option value="{hindi.pk}" selected>' in page
    assert f'<option value="{kk_park.pk}" selected>' in page
    # One arrival keeps them; another says she is from the Philippines and came from elsewhere.
    client.post(
        reverse("cases:register"),
        arrival(given_name="Asha", country="IN", primary_language=hindi.pk, came_from=kk_park.pk),
    )
    client.post(reverse("cases:register"), arrival(given_name="Maria", country="PH", came_from=""))
    asha, maria = Person.objects.get(given_name="Asha"), Person.objects.get(given_name="Maria")
    assert asha.primary_language == hindi
    assert asha.nationalities.get().country == "IN" and maria.nationalities.get().country == "PH"
    assert [e.compound for e in Exploitation.objects.filter(person=asha)] == [kk_park]
    assert not Exploitation.objects.filter(person=maria).exists()
    # The interview's exploitation step edits the person's chain of episodes: the first one's
    # compound is filled in there (the step itself opens once the interview's details are saved).
    from intake.forms import EpisodeFormSet

    episodes = EpisodeFormSet(instance=asha, prefix="episodes")
    assert f'<option value="{kk_park.pk}" selected>' in str(episodes.forms[0]["compound"])


def test_came_from_is_recorded_alone_without_a_crossing(client, caseworker, site, kk_park):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:registration_context"),
        {"site": site.pk, "arrived_on": "2026-10-23", "came_from": kk_park.pk},
    )
    assert response.status_code == 302
    group = ArrivalGroup.objects.get()
    assert (group.came_from, group.crossed_on, group.crossing_point, group.means) == (kk_park, None, "", "")
    assert "from KK Park" in client.get(reverse("cases:register")).content.decode()


def test_starting_a_batch_for_the_same_crossing_reuses_its_group(client, caseworker, site, kk_park):
    client.force_login(caseworker)
    for point in ("Moei River north bank", "moei river  north bank", "Moei River north bank"):
        client.post(
            reverse("cases:registration_context"),
            {
                "site": site.pk,
                "arrived_on": "2026-11-30",
                "crossed_on": "2026-11-30",
                "crossing_point": point,
                "means": "boat",
                "came_from": kk_park.pk,
            },
        )
    assert ArrivalGroup.objects.count() == 1
    # Another day, or another origin, is another crossing.
    client.post(
        reverse("cases:registration_context"),
        {
            "site": site.pk,
            "arrived_on": "2026-11-30",
            "crossed_on": "2026-11-29",
            "crossing_point": "Moei River north bank",
        },
    )
    assert ArrivalGroup.objects.count() == 2


def test_the_group_list_shows_only_groups_the_policy_shares(client, caseworker, caseworker2, site):
    today = timezone.localdate()
    mine = ArrivalGroup.objects.create(crossed_on=today, crossing_point="Ours", created_by=caseworker)
    theirs = ArrivalGroup.objects.create(crossed_on=today, crossing_point="Theirs", created_by=caseworker2)
    client.force_login(caseworker)
    page = client.get(reverse("cases:registration_context")).content.decode()
    assert "Ours" in page and "Theirs" not in page
    response = client.post(
        reverse("cases:registration_context"),
        {"site": site.pk, "arrived_on": "2026-10-23", "group": theirs.pk},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # A group becomes visible through a case the caseworker may read.
    CaseFactory(
        organisation=caseworker.staff_profile.organisation, person=PersonFactory(arrival_group=theirs)
    )
    assert "Theirs" in client.get(reverse("cases:registration_context")).content.decode()
    assert mine.pk


# --- After an error; a duplicate elsewhere --------------------------------------------------


def test_an_error_summary_lists_each_error_with_a_link_to_its_field(in_batch):
    response = in_batch.post(reverse("cases:register"), arrival(given_name="", phone="12"))
    page = response.content.decode()
    assert "data-error-summary" in page and 'tabindex="-1"' in page
    assert '<a href="#id_given_name"' in page and '<a href="#id_phone"' in page


def test_a_match_elsewhere_without_a_phone_gives_its_coordinators_email(in_batch, ngo_b, caseworker):
    from cases.models import Role
    from tests.factories import StaffFactory

    StaffFactory(username="coord_b", role=Role.COORDINATOR, organisation=ngo_b)
    other = CaseFactory(organisation=ngo_b, person=PersonFactory(given_name="Zqxname", family_name="Uniq"))
    NationalityFactory(person=other.person, country="IN", document_number="Z9911223")
    person_keys_refresh(person=other.person)
    page = in_batch.post(reverse("cases:register"), arrival(document_number="Z9911223")).content.decode()
    assert "mailto:coord_b@example.org" in page
    assert "Open the existing case" not in page  # no case here that the caseworker could open


def test_a_match_here_shows_the_birth_date_in_the_locale_format(in_batch, ngo_a):
    CaseFactory(
        organisation=ngo_a,
        person=PersonFactory(
            given_name="Muhammad",
            family_name="Khan",
            date_of_birth=datetime.date(1998, 3, 15),
            birth_year_estimated=None,
        ),
        nationality="PK",
    )
    person_keys_refresh(person=Person.objects.get())
    page = in_batch.post(
        reverse("cases:register"),
        arrival(
            given_name="Mohammed",
            family_name="Khan",
            approximate_age="",
            date_of_birth="15/03/1998",
            country="PK",
        ),
    ).content.decode()
    from django.utils.formats import date_format

    assert f"born {date_format(datetime.date(1998, 3, 15), 'DATE_FORMAT')}" in page
    assert "Open the existing case" in page
