"""The dashboard's numbers equal the demo data counted independently, in Python, record by record.

Every count of 1 to 4 persons must read "<5" (filtered or not), every other count its exact
number: each test checks both, and that the data gave it enough groups of 5 or more for the
exact numbers to be checked at all.
"""

import datetime
import itertools
import statistics
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case, ExchangeRate
from cases.repatriation.workflow import SIDE_STATES
from intake.models import Debt, Person
from intake.vocabularies import ConsentScope
from reporting.dashboards.repatriation import MAIN_LINE, WAITING
from tests.reporting.pages import charts, column, expected_column, number, shown_as, tables

pytestmark = pytest.mark.django_db

DEMO_CASES = 150


@pytest.fixture
def coordinator_of_demo():
    call_command("seed_demo", cases=DEMO_CASES, seed=2026, verbosity=0)
    return User.objects.get(username="coordinator")


@pytest.fixture
def persons():
    return list(
        Person.objects.prefetch_related(
            "nationalities", "recruitments__channel", "exploitations__types", "consents"
        ).select_related("case")
    )


def dashboard(client, user, **filters) -> dict:
    client.force_login(user)
    response = client.get(reverse("reporting:dashboard"), filters)
    assert response.status_code == 200
    return tables(response.content.decode())


def counts(table: dict, index: int = 1) -> dict[str, int]:
    return {key: number(text) for key, text in column(table, index).items()}


def both_kinds(counted: dict, *, exact: int = 1) -> None:
    """Make sure the data gives the check at least `exact` groups shown exactly and one shown as <5."""
    assert sum(n >= 5 for n in counted.values()) >= exact
    assert any(1 <= n <= 4 for n in counted.values())


def test_arrivals_per_day_and_week_equal_the_arrival_dates(client, coordinator_of_demo, persons):
    shown = dashboard(client, coordinator_of_demo)
    per_day = Counter(person.arrived_on.isoformat() for person in persons)
    days = {day: text for day, text in column(shown["arrivals_day"]).items() if text != "0"}
    assert days == expected_column(per_day)
    both_kinds(per_day, exact=3)
    per_week = Counter(
        (person.arrived_on - datetime.timedelta(days=person.arrived_on.weekday())).isoformat()
        for person in persons
    )
    weeks = {week: text for week, text in column(shown["arrivals_week"]).items() if text != "0"}
    assert weeks == expected_column(per_week)
    assert sum(n >= 5 for n in per_week.values()) >= 3


def test_who_arrived_equals_nationalities_ages_and_consents_counted_person_by_person(
    client, coordinator_of_demo, persons
):
    shown = dashboard(client, coordinator_of_demo)
    primary = Counter(
        next((n.country.code for n in person.nationalities.all() if n.is_primary), "") for person in persons
    )
    assert column(shown["nationality"]) == expected_column(primary)
    both_kinds(primary, exact=3)
    minors = sum(person.is_minor for person in persons)
    unknown = sum(person.youngest_possible_age() is None for person in persons)
    adults = DEMO_CASES - minors - unknown
    hidden_by_subtraction = 1 <= minors <= 4 or 1 <= unknown <= 4
    assert column(shown["minors"]) == {
        "minors": shown_as(minors),
        # The persons less the minors and the unknown ages would give a hidden one back.
        "adults": "—" if hidden_by_subtraction else shown_as(adults),
        "age-unknown": shown_as(unknown),
        "unaccompanied": shown_as(sum(person.unaccompanied_minor for person in persons)),
    }
    exactly_checked = 0
    for scope in ConsentScope:
        in_force = sum(
            any(c.scope == scope and c.withdrawn_at is None for c in person.consents.all())
            for person in persons
        )
        withdrawn = sum(
            any(c.scope == scope for c in person.consents.all())
            and not any(c.scope == scope and c.withdrawn_at is None for c in person.consents.all())
            for person in persons
        )
        never = DEMO_CASES - in_force - withdrawn
        hidden_by_subtraction = (1 <= in_force <= 4 or 1 <= withdrawn <= 4) and not 1 <= never <= 4
        assert shown["consent"][scope.value][1:] == [
            shown_as(in_force),
            shown_as(withdrawn),
            "—" if hidden_by_subtraction else shown_as(never),
        ]
        exactly_checked += sum(n >= 5 for n in (in_force, withdrawn, never))
    assert exactly_checked >= 6


def test_recruitment_and_exploitation_equal_each_persons_record(client, coordinator_of_demo, persons):
    shown = dashboard(client, coordinator_of_demo)
    channels, platforms, compounds, types = Counter(), Counter(), Counter(), Counter()
    for person in persons:
        recruitments = person.recruitments.all()
        exploitations = person.exploitations.all()
        channels.update({r.channel.code if r.channel else "" for r in recruitments})
        platforms.update({r.platform for r in recruitments})
        compounds.update({str(e.compound_id or "") for e in exploitations})
        types.update({t.code for e in exploitations for t in e.types.all()})
    assert column(shown["channel"]) == expected_column(channels)
    assert column(shown["platform"]) == expected_column(platforms)
    assert column(shown["compound"]) == expected_column(compounds)
    assert column(shown["exploitation_type"]) == expected_column(types)
    for counted in (channels, platforms, compounds, types):
        assert sum(n >= 5 for n in counted.values()) >= 2
    assert "ForcedCriminalityRomanceScam" in types  # our own term is shown as ours, not as HTCDS's


def _usd(debt: Debt, rates: dict[str, list[ExchangeRate]]) -> Decimal | None:
    unit = debt.currency or debt.crypto_asset
    if unit == "USD":
        return debt.amount
    on = debt.incurred_on or debt.person.arrived_on
    in_force = [rate for rate in rates[unit] if rate.valid_from <= on]
    return debt.amount * max(in_force, key=lambda rate: rate.valid_from).usd_per_unit if in_force else None


def _dollars(text: str) -> int:
    return number(text.removesuffix(" USD"))


def test_debts_in_dollars_equal_each_debt_converted_at_the_rate_of_its_date(client, coordinator_of_demo):
    shown = dashboard(client, coordinator_of_demo)
    rates = defaultdict(list)
    for rate in ExchangeRate.objects.all():
        rates[rate.unit].append(rate)
    by_kind = defaultdict(list)
    for debt in Debt.objects.select_related("person"):
        by_kind[debt.kind].append((debt, _usd(debt, rates)))
    assert set(shown["debts"]) == set(by_kind)
    sums_checked = 0
    for kind, debts in by_kind.items():
        dollars = [usd for _, usd in debts if usd is not None]
        persons = {debt.person_id for debt, usd in debts if usd is not None}
        paid = {debt.person_id for debt, usd in debts if usd is not None and debt.is_paid}
        unpaid = {debt.person_id for debt, usd in debts if usd is not None and not debt.is_paid}
        _label, total, count, median, paid_text, unconverted = shown["debts"][kind]
        assert count == shown_as(len(debts))
        assert unconverted == "0" == shown_as(len(debts) - len(dollars))  # the demo seeds every rate it needs
        if len(persons) < 5:  # a sum or median of fewer than five people (not debts) is not shown
            assert total == median == "—"
        else:
            sums_checked += 1
            assert abs(_dollars(total) - sum(dollars)) <= 1
            assert abs(_dollars(median) - statistics.median(dollars)) <= 1
        paid_dollars = [usd for debt, usd in debts if debt.is_paid]
        # The paid sum is hidden when those who paid, or those who did not (the total less it), are few.
        if not paid_dollars or 1 <= len(paid) <= 4 or 1 <= len(unpaid) <= 4:
            assert paid_text == "—"
        else:
            assert abs(_dollars(paid_text) - sum(paid_dollars)) <= 1
        edges = [0, 1_000, 5_000, 10_000, 20_000, 50_000, float("inf")]
        bands = [sum(low <= usd < high for usd in dollars) for low, high in itertools.pairwise(edges)]
        assert shown["debt_bands"][kind][1:] == [shown_as(n) for n in bands]
    assert sums_checked >= 2


def test_debts_keep_their_original_currency_in_the_table_by_currency(client, coordinator_of_demo):
    shown = dashboard(client, coordinator_of_demo)
    originals, persons = defaultdict(Decimal), defaultdict(set)
    for debt in Debt.objects.all():
        key = f"{debt.kind}:{debt.currency or debt.crypto_asset}"
        originals[key] += debt.amount
        persons[key].add(debt.person_id)
    assert set(shown["debts_by_currency"]) == set(originals)
    amounts_checked = 0
    for key, amount in originals.items():
        unit = key.split(":")[1]
        if len(persons[key]) < 5:
            assert shown["debts_by_currency"][key][2] == "—"
        else:
            amounts_checked += 1
            assert shown["debts_by_currency"][key][2] == f"{amount.normalize():,f} {unit}"
    assert amounts_checked >= 1


def test_repatriation_funnel_and_embassy_queues_equal_the_cases_stages(client, coordinator_of_demo):
    shown = dashboard(client, coordinator_of_demo)
    cases = list(Case.objects.select_related("person").prefetch_related("person__nationalities"))
    at_stage = Counter(case.repatriation_stage for case in cases)
    hidden_texts = ("<5", "—")
    for index, stage in enumerate(MAIN_LINE):
        reached = sum(at_stage[later] for later in MAIN_LINE[index:])
        reached_text, now_text = shown["funnel"][stage][1:]
        # Each figure is its number, or hidden: "<5" when small, "—" when it would give one back.
        assert reached_text in (shown_as(reached), "—")
        assert now_text in (shown_as(at_stage[stage]), "—")
    side_texts = [shown["funnel"][stage][2] for stage in SIDE_STATES]
    for stage, text in zip(SIDE_STATES, side_texts, strict=True):
        assert text in (shown_as(at_stage[stage]), "—")
    now_texts = [shown["funnel"][stage][2] for stage in MAIN_LINE]
    assert sum(text in hidden_texts for text in now_texts + side_texts) != 1  # persons less the others
    # Between two "reached" a reader knows (the last stage's beyond it is 0; the first's is the
    # persons less the side states, when those are shown), never exactly one hidden count.
    known = [i for i, stage in enumerate(MAIN_LINE) if shown["funnel"][stage][1] not in hidden_texts]
    known = sorted({*known, len(MAIN_LINE), *([0] if not any(t in hidden_texts for t in side_texts) else [])})
    for start, end in itertools.pairwise(known):
        assert sum(text in hidden_texts for text in now_texts[start:end]) != 1, (start, end, now_texts)
    assert sum(text not in hidden_texts for text in now_texts) >= 3
    assert len(known) >= 4
    assert "<5" in now_texts  # the demo gives the check a small count to protect

    now = timezone.now()
    waiting = defaultdict(list)
    for case in cases:
        if case.status not in CLOSED_STATUSES and case.repatriation_stage in WAITING:
            country = next(n.country.code for n in case.person.nationalities.all() if n.is_primary)
            waiting[(country, case.repatriation_stage)].append(case.repatriation_stage_since)
    queue = shown["embassy_queues"]
    assert "India · Embassy of India, Bangkok" in [cells[0] for cells in queue.values()]
    medians_checked = 0
    for (country, stage), since in waiting.items():
        cell = queue[country][1 + WAITING.index(stage)]
        if len(since) < 5:  # neither how many nor how long they waited
            assert cell == "<5"
            continue
        medians_checked += 1
        count, _, days = cell.partition(" · ")
        assert number(count) == len(since)
        assert number(days.split()[0]) == (now - statistics.median_low(since)).days
    assert medians_checked >= 1
    for country, cells in queue.items():
        row = [len(v) for (c, _), v in waiting.items() if c == country]
        # A row's total less its shown cells would give a hidden cell back.
        assert cells[-1] == ("—" if any(1 <= n <= 4 for n in row) and sum(row) >= 5 else shown_as(sum(row)))


def test_counts_of_one_to_four_persons_are_hidden_filtered_or_not_and_never_reach_the_browser(
    client, coordinator_of_demo, persons
):
    japanese = sum(any(n.country.code == "JP" for n in person.nationalities.all()) for person in persons)
    assert 0 < japanese < 5  # the first 28 demo cases give every nationality one person
    client.force_login(coordinator_of_demo)
    for filters in ({}, {"nationality": "JP"}):
        page = client.get(reverse("reporting:dashboard"), filters).content.decode()
        shown = tables(page)
        assert shown["nationality"]["JP"][1] == "<5"
        drawn = charts(page)["nationality"]
        assert drawn["series"][0]["values"][drawn["labels"].index("Japan")] is None
        # Nowhere in any chart's data is a count of one to four (the debts chart draws dollars).
        for key, chart in charts(page).items():
            if key != "debts":
                assert not [v for series in chart["series"] for v in series["values"] if v in (1, 2, 3, 4)], (
                    key
                )
    narrowed = dashboard(client, coordinator_of_demo, nationality="JP")
    assert narrowed["minors"]["adults"][1] in ("<5", "0", "—")
    for cells in narrowed["debts"].values():
        assert cells[1] == "—" and cells[3] == "—"  # no sum or median of fewer than five people


def test_every_count_in_every_table_is_none_or_at_least_five_or_hidden(client, coordinator_of_demo):
    shown = dashboard(client, coordinator_of_demo)
    # Columns that are not counts of persons: sums of money, and the referrals' waits in days.
    money = {"debts": (1, 3, 4), "debts_by_currency": (2, 3), "referrals": (6, 7)}
    money_rows = {"resales": ("total_usd", "median_usd")}
    seen = Counter()
    for key, table in shown.items():
        for row, cells in table.items():
            for index, cell in enumerate(cells[1:], start=1):
                if index in money.get(key, ()) or row in money_rows.get(key, ()):
                    continue
                count = cell.partition(" · ")[0]  # a queue's cell: how many · how long
                seen[count if count in ("<5", "—", "0") else "exact"] += 1
                assert count in ("<5", "—", "0") or number(count) >= 5, (key, cells)
    assert seen["<5"] and seen["exact"]
