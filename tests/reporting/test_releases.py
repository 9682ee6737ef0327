"""Anonymised releases: fixed, numbered, immutable, logged, and no two of them can be differenced.

Why: downloads of a per-request extract filtered arrived_before=D and D+1 could differ by single
persons. The differencing attack below downloads every release the screen
offers and subtracts every pair: no combination may differ by 1 to k-1 persons.
"""

import csv
import datetime
import io
import itertools
import random
import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, AnonymisedRelease, Case, ReleaseImmutableError
from intake.models import Person
from intake.vocabularies import ConsentScope, Gender
from reporting.exports.releases import (
    COUNT_COLUMN,
    RELEASE_COLUMNS,
    K,
    combination_counts,
    publishable_groups,
    release_publish,
)
from reporting.exports.research import research_records
from tests.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Nothing a release may hold is a name, a date or free text.
RELEASE_WHITELIST = set(RELEASE_COLUMNS) | {COUNT_COLUMN}


def research_case(organisation, *, country: str, gender: str = Gender.MASCULINE, born: int = 1995):
    """A case whose person consents to research; same values give the same combination."""
    person = PersonFactory(gender=gender, birth_year_estimated=born, arrived_on=datetime.date(2026, 10, 23))
    case = CaseFactory(organisation=organisation, nationality=country, person=person)
    ConsentFactory(person=person, scope=ConsentScope.RESEARCH)
    return case


def withdraw_research(case) -> None:
    consent = case.person.consents.get(scope=ConsentScope.RESEARCH, withdrawn_at__isnull=True)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])


def published(content: str) -> dict[tuple, int]:
    """Read a release file: count per combination of values."""
    rows = list(csv.DictReader(io.StringIO(content)))
    return {tuple(row[name] for name in RELEASE_COLUMNS): int(row[COUNT_COLUMN]) for row in rows}


def actual_counts() -> dict[tuple, int]:
    """The true number of consenting persons per combination, as a release file would write it."""
    counts = combination_counts(research_records(Case.objects.all()))
    return {tuple(str(value) for value in combination): count for combination, count in counts.items()}


def downloads_the_screen_offers(client) -> dict[int, dict[tuple, int]]:
    """Every release linked from the export page, downloaded as a reader would."""
    page = client.get(reverse("reporting:exports")).content.decode()
    links = re.findall(r'href="([^"]*/releases/(\d+)\.csv)"', page)
    files = {}
    for url, number in links:
        response = client.get(url)
        assert response.status_code == 200
        files[int(number)] = published(response.content.decode())
    return files


def test_no_pair_of_releases_can_be_differenced_to_a_group_under_k(client, coordinator, ngo_a, ngo_b):
    """Publish over time while persons arrive, some in small groups, and some withdraw; then attack."""
    client.force_login(coordinator)
    indians = [research_case(ngo_a, country="IN") for _ in range(30)]
    filipinas = [research_case(ngo_b, country="PH", gender=Gender.FEMININE, born=2000) for _ in range(12)]
    chinese = [research_case(ngo_a, country="CN", born=1988) for _ in range(3)]
    truth = []  # the actual counts when each release was published

    def publish():
        truth.append(actual_counts())
        assert client.post(reverse("reporting:release_create")).status_code == 302

    publish()  # 1: 30 Indians, 12 Filipinas, 3 Chinese
    research_case(ngo_a, country="IN")  # one more Indian: 31
    chinese += [research_case(ngo_b, country="CN", born=1988) for _ in range(8)]  # 11 Chinese
    withdraw_research(filipinas.pop())  # 11 Filipinas
    publish()  # 2
    filipinas.append(research_case(ngo_b, country="PH", gender=Gender.FEMININE, born=2000))  # 12 again
    withdraw_research(chinese.pop())  # 10 Chinese
    indians += [research_case(ngo_a, country="IN") for _ in range(10)]  # 41 Indians
    research_case(ngo_a, country="KE")  # a single Kenyan: a group of one
    publish()  # 3
    for case in indians[:5]:
        withdraw_research(case)  # 36 Indians
    chinese += [research_case(ngo_a, country="CN", born=1988) for _ in range(2)]  # 12 Chinese
    research_case(ngo_a, country="KE")  # two Kenyans
    publish()  # 4
    publish()  # 5: nothing changed in between

    files = downloads_the_screen_offers(client)
    assert sorted(files) == [1, 2, 3, 4, 5]
    combinations = set().union(*files.values(), *truth)
    for number, counts in files.items():
        assert all(count == 0 or count >= K for count in counts.values()), (number, counts)
        for combination, count in counts.items():  # never more persons than there were
            assert count <= truth[number - 1].get(combination, 0)
    differences = []
    for (a, first), (b, second) in itertools.combinations(sorted(files.items()), 2):
        for combination in combinations:
            difference = abs(first.get(combination, 0) - second.get(combination, 0))
            differences.append(difference)
            assert difference == 0 or difference >= K, (a, b, combination, difference)
    # The attack had something to find: the true counts of some pair differ by fewer than k.
    naive = [
        abs(truth[a].get(combination, 0) - truth[b].get(combination, 0))
        for a, b in itertools.combinations(range(5), 2)
        for combination in combinations
    ]
    assert any(0 < difference < K for difference in naive)
    assert any(difference >= K for difference in differences)  # and the releases do tell news
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 5


@pytest.mark.parametrize("seed", range(20))
def test_publishable_counts_stay_at_zero_or_k_and_apart_by_zero_or_k_whatever_the_history(seed):
    rng = random.Random(seed)
    combinations = [("IN",), ("PH",), ("CN",), ("KE",)]
    history: list[dict] = []
    truths: list[Counter] = []
    for _ in range(10):
        actual = Counter({combination: rng.randint(0, 40) for combination in combinations})
        groups = publishable_groups(actual, history)
        history.append(groups)
        truths.append(actual)
    for groups, actual in zip(history, truths, strict=True):
        for combination, count in groups.items():
            assert count == 0 or count >= K
            assert count <= actual[combination]
    for first, second in itertools.combinations(history, 2):
        for combination in combinations:
            difference = abs(first.get(combination, 0) - second.get(combination, 0))
            assert difference == 0 or difference >= K


def test_a_first_release_publishes_each_group_of_at_least_k_as_it_is_and_nothing_smaller(coordinator, ngo_a):
    for _ in range(K):
        research_case(ngo_a, country="IN")
    for _ in range(K - 1):
        research_case(ngo_a, country="PH")
    release = release_publish(published_by=coordinator)
    counts = published(release.content)
    assert list(counts.values()) == [K]
    assert next(iter(counts))[RELEASE_COLUMNS.index("citizenship")] == "IN"
    assert (release.number, release.persons, release.consenting) == (1, K, 2 * K - 1)


def test_only_persons_whose_research_consent_is_in_force_are_counted(coordinator, ngo_a):
    cases = [research_case(ngo_a, country="IN") for _ in range(K + 1)]
    withdraw_research(cases[0])
    other = CaseFactory(organisation=ngo_a, nationality="IN")
    for scope in ConsentScope:
        if scope != ConsentScope.RESEARCH:
            ConsentFactory(person=other.person, scope=scope)
    release = release_publish(published_by=coordinator)
    assert release.consenting == K
    assert list(published(release.content).values()) == [K]


def test_the_demos_first_release_holds_groups_of_the_fixed_columns_no_name_no_date_no_compound(client):
    call_command("seed_demo", cases=600, seed=2026, verbosity=0)  # the demo's default size
    client.force_login(User.objects.get(username="coordinator"))  # the task force's
    client.post(reverse("reporting:release_create"))
    response = client.get(reverse("reporting:release_download", args=[1]))
    content = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows, "the demo's first release publishes some groups"
    assert set(rows[0]) == RELEASE_WHITELIST
    assert min(int(row[COUNT_COLUMN]) for row in rows) >= K
    for person in Person.objects.all()[:100]:
        assert person.given_name not in content
    assert "KK Park" not in content
    assert not re.search(r"\d{4}-\d{2}-\d{2}", content)  # years, never dates


def test_a_release_downloads_the_same_bytes_every_time_and_each_download_is_logged(
    client, coordinator, ngo_a
):
    for _ in range(K):
        research_case(ngo_a, country="IN")
    client.force_login(coordinator)
    client.post(reverse("reporting:release_create"))
    first = client.get(reverse("reporting:release_download", args=[1]))
    research_case(ngo_a, country="IN")  # the world changes; the release does not
    second = client.get(reverse("reporting:release_download", args=[1]))
    assert first.content == second.content
    assert first["Content-Disposition"].startswith('attachment; filename="anonymised-release-1-')
    entries = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert entries.count() == 2
    assert {(e.detail["export"], e.detail["release"], e.user) for e in entries} == {
        ("release", 1, coordinator)
    }


def test_a_published_release_cannot_be_changed_or_deleted(coordinator, ngo_a):
    release = release_publish(published_by=coordinator)
    original = release.content
    release.content = "citizenship,count\nIN,1\n"
    with pytest.raises(ReleaseImmutableError):
        release.save()
    with pytest.raises(ReleaseImmutableError):
        release.delete()
    with pytest.raises(DatabaseError), transaction.atomic():  # not even past the model
        AnonymisedRelease.objects.filter(pk=release.pk).update(content="citizenship,count\nIN,1\n")
    assert AnonymisedRelease.objects.get().content == original


def test_releases_are_numbered_one_after_another(coordinator):
    numbers = [release_publish(published_by=coordinator).number for _ in range(3)]
    assert numbers == [1, 2, 3]


@pytest.mark.parametrize("persona", ["caseworker", "liaison_in", "admin_user", "outsider"])
def test_only_coordinators_publish_or_download_releases_everyone_else_gets_404(
    client, request, coordinator, persona
):
    release_publish(published_by=coordinator)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("reporting:release_create")).status_code == 404
    assert client.get(reverse("reporting:release_create")).status_code == 404
    assert client.get(reverse("reporting:release_download", args=[1])).status_code == 404
    assert AnonymisedRelease.objects.count() == 1


def test_publishing_needs_a_post_and_an_unknown_release_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("reporting:release_create")).status_code == 405
    assert not AnonymisedRelease.objects.exists()
    assert client.get(reverse("reporting:release_download", args=[7])).status_code == 404
    huge = reverse("reporting:release_download", args=[1]).replace("/1.csv", "/92233720368547758070.csv")
    assert client.get(huge).status_code == 404


def test_the_per_request_research_extract_is_gone(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    assert "Check what would be exported" not in page and 'name="columns"' not in page
    assert client.get(reverse("reporting:exports").rstrip("/") + "/research.csv").status_code == 404


def test_the_export_page_shows_three_consenting_persons_as_under_five(client, coordinator, ngo_a):
    for _ in range(3):
        research_case(ngo_a, country="IN")
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    eligible = page.split('data-testid="research-eligible">')[1].split("<")[0]
    assert eligible == "&lt;5"
    for _ in range(3):
        research_case(ngo_a, country="IN")
    page = client.get(reverse("reporting:exports")).content.decode()
    assert page.split('data-testid="research-eligible">')[1].split("<")[0] == "6"


def test_a_release_over_other_columns_than_the_earlier_ones_is_refused(coordinator, monkeypatch):
    release_publish(published_by=coordinator)
    monkeypatch.setattr("reporting.exports.releases.RELEASE_COLUMNS", ["citizenship"])
    with pytest.raises(ValueError, match="columns changed"):
        release_publish(published_by=coordinator)
    assert AnonymisedRelease.objects.count() == 1
