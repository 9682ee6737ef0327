"""The exploitation step edits a chain of episodes: added, moved, removed, saved as one unit."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from intake.models import Compound, ControlMethod, Debt, Exploitation, IndicatorObservation, Person
from tests.factories import CaseFactory, DebtFactory, PersonFactory, StaffFactory
from tests.html_forms import form_fields
from tests.intake.conftest import step_url
from tests.intake.test_interview import open_step, signed_in

pytestmark = pytest.mark.django_db

STEP = "exploitation"


@pytest.fixture
def kk_park():
    return Compound.objects.get(name="KK Park")


@pytest.fixture
def shwe_kokko():
    return Compound.objects.get(name__startswith="Shwe Kokko")


def episode(person, position, compound, **fields) -> Exploitation:
    return Exploitation.objects.create(person=person, position=position, compound=compound, **fields)


def post(client, person, data, **extra):
    return client.post(step_url(person, STEP), {**data, **extra})


def page_fields(response) -> dict:
    return form_fields(response.content.decode(), having="version")


def chain(person) -> list[tuple[int, str]]:
    return [
        (e.position, e.compound.name if e.compound else "")
        for e in Exploitation.objects.filter(person=person).select_related("compound").order_by("position")
    ]


def episode_headings(response) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", heading).split())
        for heading in re.findall(
            r'<h3 class="h6 mb-0 me-auto"[^>]*>(.*?)</h3>', response.content.decode(), re.S
        )
    ]


def test_a_story_not_told_yet_starts_with_one_empty_episode_and_an_add_button(interviewing, case):
    response = interviewing.get(step_url(case.person, STEP))
    page = response.content.decode()
    assert episode_headings(response) == ["Episode 1 (new, leave empty if none)"]
    assert 'value="add"' in page and "Move earlier" in page
    assert 'name="episodes-0-DELETE"' not in page  # a new episode is left empty, not removed


def test_adding_an_episode_keeps_what_was_typed_saves_nothing_then_saves_the_chain_with_its_sale(
    interviewing, case, kk_park, shwe_kokko
):
    data = open_step(interviewing, case.person, STEP)
    data.update(
        {
            "episodes-0-compound": kk_park.pk,
            "episodes-0-started_on": "2025-03-01",
            "episodes-0-ended_on": "2025-06-30",
            "episodes-0-sold_on": "on",
            "episodes-0-sold_by": "BrokerTravelAgent",
            "episodes-0-sale_price_amount": "80000",
            "episodes-0-sale_price_currency": "CNY",
        }
    )
    version = Person.objects.get(pk=case.person.pk).version
    response = post(interviewing, case.person, data, episode_action="add")
    assert response.status_code == 200
    assert "An episode was added at the end" in response.content.decode()
    assert not Exploitation.objects.filter(person=case.person).exists()  # nothing saved yet
    assert Person.objects.get(pk=case.person.pk).version == version
    assert episode_headings(response) == ["Episode 1", "Episode 2 (new, leave empty if none)"]
    data = page_fields(response)
    assert data["episodes-0-compound"] == str(kk_park.pk)  # what was typed is kept
    assert data["episodes-0-sale_price_amount"] == "80000"
    data.update({"episodes-1-compound": shwe_kokko.pk, "episodes-1-started_on": "2025-07-01", "save": ""})
    response = post(interviewing, case.person, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert chain(case.person) == [(0, "KK Park"), (1, shwe_kokko.name)]
    first = Exploitation.objects.get(person=case.person, position=0)
    assert (first.sold_on, first.sold_by, first.sale_price_amount, first.sale_price_currency) == (
        True,
        "BrokerTravelAgent",
        Decimal("80000"),
        "CNY",
    )


def test_an_episode_added_and_left_empty_is_not_saved(interviewing, case, kk_park):
    episode(case.person, 0, kk_park)
    response = post(
        interviewing, case.person, open_step(interviewing, case.person, STEP), episode_action="add"
    )
    response = post(interviewing, case.person, page_fields(response), save="")
    assert response.status_code == 302
    assert chain(case.person) == [(0, "KK Park")]


def test_moving_an_episode_earlier_shows_the_new_order_and_saves_it_only_with_the_step(
    interviewing, case, kk_park, shwe_kokko
):
    episode(case.person, 0, shwe_kokko)
    episode(case.person, 1, kk_park, company="Golden Fortune")
    data = open_step(interviewing, case.person, STEP)
    data["episodes-1-company"] = "Golden Fortune Ltd"  # typed before moving
    response = post(interviewing, case.person, data, episode_action="up:1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Episode moved earlier, to number 1" in page
    assert episode_headings(response) == ["Episode 1: KK Park", f"Episode 2: {shwe_kokko.name}"]
    assert chain(case.person) == [(0, shwe_kokko.name), (1, "KK Park")]  # not saved yet
    # The focus stays with the moved episode: at the top now, on its heading.
    assert re.search(r'id="episodes-1-title" tabindex="-1"\s*autofocus', page)
    assert page.count("autofocus") == 1
    data = page_fields(response)
    assert data["episodes-1-company"] == "Golden Fortune Ltd"
    response = post(interviewing, case.person, data, save="")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert chain(case.person) == [(0, "KK Park"), (1, shwe_kokko.name)]
    assert Exploitation.objects.get(person=case.person, position=0).company == "Golden Fortune Ltd"


def test_the_first_episode_cannot_move_earlier_nor_the_last_later(interviewing, case, kk_park, shwe_kokko):
    episode(case.person, 0, kk_park)
    episode(case.person, 1, shwe_kokko)
    page = interviewing.get(step_url(case.person, STEP)).content.decode()
    buttons = re.findall(r'<button[^>]*name="episode_action"[^>]*>', page)
    disabled = [b for b in buttons if "disabled" in b]
    assert len(disabled) == 2
    assert any('value="up:0"' in b for b in disabled) and any('value="down:1"' in b for b in disabled)
    # A forged move beyond the ends changes nothing and saves nothing.
    data = open_step(interviewing, case.person, STEP)
    response = post(interviewing, case.person, data, episode_action="up:0")
    assert response.status_code == 302  # not a rearrangement: an ordinary save, of the same order
    assert chain(case.person) == [(0, "KK Park"), (1, "Shwe Kokko (Yatai New City)")]


def test_removing_an_episode_waits_for_the_save_keeps_positions_contiguous_and_unties_its_debts(
    interviewing, case, kk_park, shwe_kokko
):
    other = Compound.objects.exclude(pk__in=[kk_park.pk, shwe_kokko.pk]).first()
    episode(case.person, 0, kk_park)
    middle = episode(case.person, 1, shwe_kokko)
    episode(case.person, 2, other)
    debt = DebtFactory(person=case.person, exploitation=middle, kind="resale")
    data = open_step(interviewing, case.person, STEP)
    data["episodes-1-DELETE"] = "on"
    response = post(interviewing, case.person, data, episode_action="up:2")  # rearranging keeps the tick
    response = post(interviewing, case.person, page_fields(response), episode_action="up:2")
    assert Exploitation.objects.filter(person=case.person).count() == 3
    data = page_fields(response)
    assert data["episodes-1-DELETE"] == "on"
    response = post(interviewing, case.person, data, save="")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert chain(case.person) == [(0, other.name), (1, "KK Park")]
    debt.refresh_from_db()
    assert debt.exploitation is None  # the debt stays, tied to no episode


def test_unticking_remove_before_saving_keeps_the_episode(interviewing, case, kk_park):
    episode(case.person, 0, kk_park)
    data = open_step(interviewing, case.person, STEP)
    data["episodes-0-DELETE"] = "on"
    data = page_fields(post(interviewing, case.person, data, episode_action="add"))
    del data["episodes-0-DELETE"]
    assert post(interviewing, case.person, data, save="").status_code == 302
    assert chain(case.person) == [(0, "KK Park")]


@pytest.mark.parametrize(
    ("second", "field", "message"),
    [
        ({"episodes-1-ended_on": "2025-01-01"}, "ended_on", "The end date is before the start date."),
        (
            {"episodes-1-started_on": "2025-02-01", "episodes-1-ended_on": ""},
            "started_on",
            "This episode starts before the one before it (1 Mar 2025): move it earlier.",
        ),
        (
            {"episodes-1-sale_price_amount": "5000"},
            "sale_price_currency",
            "Give the currency of the sale price.",
        ),
        (
            {"episodes-1-sold_by": "Exploiter"},
            "sold_on",
            "Tick this to say who sold the person on, or for how much.",
        ),
        ({"episodes-1-sold_on": "on"}, "sold_on", "Sold on to where? Add the episode that followed"),
        ({"episodes-1-hours_per_day": "30"}, "hours_per_day", "Hours per day must be between 1 and 24."),
    ],
)
def test_an_invalid_episode_is_explained_beside_its_field_and_nothing_of_the_step_is_saved(
    interviewing, case, kk_park, shwe_kokko, second, field, message
):
    episode(case.person, 0, kk_park, started_on=datetime.date(2025, 3, 1), sold_on=True)
    episode(case.person, 1, shwe_kokko, started_on=datetime.date(2025, 7, 1))
    data = open_step(interviewing, case.person, STEP)
    data.update({"episodes-0-company": "Changed", **second})
    version = Person.objects.get(pk=case.person.pk).version
    response = post(interviewing, case.person, data, save="")
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page.replace("&quot;", '"')
    # The message stands in the field's own block, the second episode's.
    block = page.split(f'id="div_id_episodes-1-{field}"')[1].split('id="div_id_')[0]
    assert message.split(" (")[0].split("?")[0] in block.replace("&quot;", '"')
    assert Exploitation.objects.get(person=case.person, position=0).company == ""  # all or nothing
    assert Person.objects.get(pk=case.person.pk).version == version


def test_a_save_from_a_page_opened_before_a_colleague_changed_the_chain_is_refused_listing_it(
    interviewing, case, ngo_a, kk_park, shwe_kokko
):
    episode(case.person, 0, kk_park)
    mine = open_step(interviewing, case.person, STEP)
    colleague = signed_in(StaffFactory(username="colleague", organisation=ngo_a))
    theirs = open_step(colleague, case.person, STEP)
    theirs = page_fields(post(colleague, case.person, theirs, episode_action="add"))
    theirs.update({"episodes-0-company": "Golden Fortune", "episodes-1-compound": shwe_kokko.pk, "save": ""})
    assert post(colleague, case.person, theirs).status_code == 302

    mine.update({"episodes-0-hours_per_day": "16", "save": ""})
    response = post(interviewing, case.person, mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in page
    assert f"Exploitation episodes</strong>: 1. KK Park; 2. {shwe_kokko.name}" in page
    assert "1. KK Park: Company inside the compound</strong>: Golden Fortune" in page
    assert page_fields(response)["episodes-0-hours_per_day"] == "16"  # what was typed is kept
    assert Exploitation.objects.get(person=case.person, position=0).hours_per_day is None
    # Saved again knowingly, their second episode stays in the chain, after mine.
    assert post(interviewing, case.person, page_fields(response), save="").status_code == 302
    assert chain(case.person) == [(0, "KK Park"), (1, shwe_kokko.name)]
    assert Exploitation.objects.get(person=case.person, position=0).hours_per_day == 16


def test_a_save_naming_an_episode_a_colleague_removed_meanwhile_says_the_record_changed(
    interviewing, case, kk_park, shwe_kokko
):
    episode(case.person, 0, kk_park)
    gone = episode(case.person, 1, shwe_kokko)
    mine = open_step(interviewing, case.person, STEP)
    gone.delete()
    Person.objects.filter(pk=case.person.pk).update(version=case.person.version + 5)
    response = post(interviewing, case.person, mine, save="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record while you were editing it" in page
    assert "Exploitation episodes</strong>: 1. KK Park" in page


def test_another_persons_episode_id_posted_in_the_chain_is_refused(interviewing, case, ngo_a, kk_park):
    stranger = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Other")).person
    theirs = episode(stranger, 0, kk_park, company="Theirs")
    episode(case.person, 0, kk_park)
    data = open_step(interviewing, case.person, STEP)
    data.update({"episodes-0-id": theirs.pk, "episodes-0-company": "Mine now", "save": ""})
    response = post(interviewing, case.person, data)
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert (theirs.person_id, theirs.company) == (stranger.pk, "Theirs")


def test_the_ilo_indicators_are_asked_once_derived_from_every_episode_and_kept_on_the_first(
    interviewing, case, kk_park, shwe_kokko
):
    takes_earnings = ControlMethod.objects.get(code="TakesEarnings")
    episode(case.person, 0, kk_park)
    episode(case.person, 1, shwe_kokko).methods_of_control.add(takes_earnings)
    page = interviewing.get(step_url(case.person, STEP)).content.decode()
    assert page.count('name="ilo-deception"') == 1  # once for the whole story
    assert "From the methods of control: Takes earnings" in page
    data = open_step(interviewing, case.person, STEP)
    data["ilo-isolation"] = "on"
    data = page_fields(post(interviewing, case.person, data, episode_action="up:1"))  # Shwe Kokko first
    assert post(interviewing, case.person, data, save="").status_code == 302
    first = Exploitation.objects.get(person=case.person, position=0)
    assert first.compound == shwe_kokko
    assert set(IndicatorObservation.objects.values_list("exploitation_id", "indicator")) == {
        (first.pk, "withholding_of_wages"),
        (first.pk, "isolation"),
    }


def test_indicators_with_no_episode_to_keep_them_are_explained(interviewing, case):
    data = open_step(interviewing, case.person, STEP)
    data["ilo-isolation"] = "on"
    response = post(interviewing, case.person, data, save="")
    assert response.status_code == 200
    assert "The indicators are kept with the story" in response.content.decode()
    assert not IndicatorObservation.objects.exists()


# --- the debts step ------------------------------------------------------------------------


def test_a_debt_names_the_episode_it_arose_in_from_this_persons_chain(
    interviewing, case, kk_park, shwe_kokko
):
    first = episode(case.person, 0, kk_park, started_on=datetime.date(2025, 3, 1), sold_on=True)
    second = episode(case.person, 1, shwe_kokko, started_on=datetime.date(2025, 7, 1))
    page = interviewing.get(step_url(case.person, "debts")).content.decode()
    assert f'<option value="{first.pk}">1. KK Park (Myanmar), Mar 2025 \u2013 ?</option>' in page
    assert f">2. {shwe_kokko.name} (Myanmar), Jul 2025 \u2013 ?</option>" in page
    data = open_step(interviewing, case.person, "debts")
    data.update(
        {
            "debts-0-kind": "resale",
            "debts-0-exploitation": second.pk,
            "debts-0-amount": "80000",
            "debts-0-currency": "CNY",
        }
    )
    assert interviewing.post(step_url(case.person, "debts"), data).status_code == 302
    assert Debt.objects.get(person=case.person).exploitation == second


def test_another_persons_episode_given_to_a_debt_is_a_field_error_not_a_link(
    interviewing, case, ngo_a, kk_park
):
    episode(case.person, 0, kk_park)
    stranger = CaseFactory(organisation=ngo_a, person=PersonFactory(given_name="Other")).person
    theirs = episode(stranger, 0, kk_park)
    data = open_step(interviewing, case.person, "debts")
    data.update(
        {
            "debts-0-kind": "fine",
            "debts-0-exploitation": theirs.pk,
            "debts-0-amount": "5",
            "debts-0-currency": "USD",
        }
    )
    response = interviewing.post(step_url(case.person, "debts"), data)
    assert response.status_code == 200
    block = response.content.decode().split('id="div_id_debts-0-exploitation"')[1].split('id="div_id_')[0]
    assert "Select a valid choice" in block
    assert not Debt.objects.exists()


def test_a_resale_price_cannot_belong_to_the_first_episode(interviewing, case, kk_park):
    first = episode(case.person, 0, kk_park)
    data = open_step(interviewing, case.person, "debts")
    data.update(
        {
            "debts-0-kind": "resale",
            "debts-0-exploitation": first.pk,
            "debts-0-amount": "5",
            "debts-0-currency": "USD",
        }
    )
    response = interviewing.post(step_url(case.person, "debts"), data)
    assert response.status_code == 200
    assert "No sale comes before the first episode" in response.content.decode()
    assert not Debt.objects.exists()


def test_the_case_file_timeline_reads_the_chain_in_order_with_each_sale_and_each_episodes_debts(
    client, caseworker, case, kk_park, shwe_kokko, django_assert_max_num_queries
):
    first = episode(
        case.person,
        0,
        kk_park,
        company="Golden Fortune",
        started_on=datetime.date(2025, 3, 1),
        hours_per_day=16,
        sold_on=True,
        sold_by="BrokerTravelAgent",
        sale_price_amount=Decimal("80000"),
        sale_price_currency="CNY",
    )
    second = episode(case.person, 1, shwe_kokko, started_on=datetime.date(2025, 7, 1))
    DebtFactory(
        person=case.person, exploitation=first, kind="introduction", amount=Decimal("30000"), currency="CNY"
    )
    DebtFactory(
        person=case.person, exploitation=second, kind="resale", amount=Decimal("80000"), currency="CNY"
    )
    DebtFactory(person=case.person, kind="ransom", amount=Decimal("1200"), currency="USD")
    client.force_login(caseworker)
    url = reverse("cases:case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    timeline = page.split('data-testid="episode-chain"')[1].split("</ol>")[0]
    assert timeline.index("1. KK Park, Golden Fortune") < timeline.index(
        "Sold on by Broker or agent, for 80,000 CNY"
    )
    assert timeline.index("Sold on by Broker or agent") < timeline.index(f"2. {shwe_kokko.name}")
    assert "16 hours a day" in timeline
    episodes = timeline.split('data-testid="chain-episode"')[1:]
    assert "Introduction or recruitment debt: <span" in episodes[0] and "30,000 CNY" in episodes[0]
    assert "Resale price: <span" in episodes[1] and "80,000 CNY" in episodes[1]
    assert "Ransom" not in timeline
    debts = page.split('id="h-debts"')[1].split("</section>")[0]
    assert "Not tied to an episode" in debts and "Ransom" in debts and "Resale price" not in debts
    assert "110,000 CNY · 1,200 USD" in debts  # the totals count every debt
    # More episodes and debts cost no more queries.
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for position in range(2, 6):
        more = episode(case.person, position, kk_park)
        more.methods_of_control.add(ControlMethod.objects.first())
        DebtFactory(person=case.person, exploitation=more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_debts_step_reads_the_episodes_once_however_many_debts_it_shows(
    interviewing, case, kk_park, django_assert_max_num_queries
):
    episode(case.person, 0, kk_park)
    url = step_url(case.person, "debts")
    interviewing.get(url)
    with django_assert_max_num_queries(60) as few:
        interviewing.get(url)
    for _ in range(5):
        DebtFactory(person=case.person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        interviewing.get(url)


@pytest.mark.parametrize(
    ("action", "total"),
    [("up:abc", None), ("down:99", None), ("sideways:0", None), ("add", "-5"), ("add", "x"), ("up:0", "3")],
)
def test_a_forged_rearrangement_gives_a_page_never_an_error(interviewing, case, kk_park, action, total):
    episode(case.person, 0, kk_park)
    data = open_step(interviewing, case.person, STEP)
    if total is not None:
        data["episodes-TOTAL_FORMS"] = total
    response = post(interviewing, case.person, data, episode_action=action)
    assert response.status_code in (200, 302)
    assert chain(case.person) == [(0, "KK Park")]


def test_a_stale_debts_save_lists_the_debts_as_they_are_now(interviewing, case, ngo_a):
    mine = open_step(interviewing, case.person, "debts")
    colleague = signed_in(StaffFactory(username="colleague", organisation=ngo_a))
    theirs = open_step(colleague, case.person, "debts")
    theirs.update({"debts-0-kind": "ransom", "debts-0-amount": "1200", "debts-0-currency": "USD"})
    assert colleague.post(step_url(case.person, "debts"), theirs).status_code == 302
    mine.update({"debts-0-kind": "fine", "debts-0-amount": "50", "debts-0-currency": "USD"})
    response = interviewing.post(step_url(case.person, "debts"), mine)
    assert response.status_code == 200
    assert "Debts and fees</strong>: 1. Ransom: 1,200 USD" in response.content.decode()
    assert list(Debt.objects.values_list("kind", flat=True)) == ["ransom"]


def test_the_forms_first_button_saves_so_that_enter_in_a_field_never_moves_an_episode(
    interviewing, case, kk_park, shwe_kokko
):
    episode(case.person, 0, kk_park)
    episode(case.person, 1, shwe_kokko)
    page = interviewing.get(step_url(case.person, STEP)).content.decode()
    form = page[page.index('<form method="post" novalidate>') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="save_and_continue"' in first_button and "episode_action" not in first_button
