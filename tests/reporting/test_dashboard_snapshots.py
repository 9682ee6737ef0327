"""The dashboard's figures are kept a short while for the next visit, and say how old they are."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import tasks
from reporting.dashboards import snapshots
from reporting.dashboards.selectors import DashboardFilters
from reporting.dashboards.snapshots import dashboard_snapshot
from tests.factories import CaseFactory

AGGREGATED_TABLES = ("intake_debt", "intake_recruitment", "intake_exploitation", "intake_consent")


@pytest.fixture
def keeping(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def total_persons(client, **query) -> str:
    page = client.get(reverse("reporting:dashboard"), query).content.decode()
    return re.search(r'data-testid="total-persons"[^>]*>\s*([^<]+?)\s*<', page).group(1)


def test_kept_figures_say_when_they_were_computed_until_computed_again(client, coordinator, ngo_a, keeping):
    # Five persons and more: fewer would read "<5" whatever was kept.
    CaseFactory.create_batch(5, organisation=ngo_a)
    client.force_login(coordinator)
    assert total_persons(client) == "5"
    CaseFactory(organisation=ngo_a)

    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert re.search(r'data-testid="total-persons"[^>]*>\s*5\s*<', page)  # the kept figures
    assert re.search(r"Figures as of \d\d:\d\d:\d\d", page)
    assert 'href="?fresh=1">Compute them now</a>' in page

    assert total_persons(client, fresh="1") == "6"
    assert total_persons(client) == "6"  # the new figures are the ones kept


def test_each_filter_keeps_its_own_figures(client, coordinator, ngo_a, keeping):
    CaseFactory.create_batch(6, organisation=ngo_a, nationality="IN")
    CaseFactory.create_batch(5, organisation=ngo_a, nationality="PH")
    client.force_login(coordinator)
    assert total_persons(client) == "11"
    assert total_persons(client, nationality="PH") == "5"
    assert total_persons(client, nationality="IN") == "6"


def test_a_visit_to_kept_figures_aggregates_nothing(client, coordinator, ngo_a, keeping):
    CaseFactory.create_batch(3, organisation=ngo_a)
    client.force_login(coordinator)
    client.get(reverse("reporting:dashboard"))
    with CaptureQueriesContext(connection) as visit:
        client.get(reverse("reporting:dashboard"))
    read = " ".join(query["sql"] for query in visit.captured_queries)
    assert not [table for table in AGGREGATED_TABLES if table in read]


def test_beat_computes_the_unfiltered_figures_before_anyone_asks(client, coordinator, ngo_a, keeping):
    CaseFactory.create_batch(5, organisation=ngo_a)
    assert tasks.dashboard_figures_refresh() is True
    CaseFactory(organisation=ngo_a)  # after the refresh: not in the kept figures
    client.force_login(coordinator)
    assert total_persons(client) == "5"


def test_figures_of_fewer_cases_than_all_are_never_kept_for_others(liaison_ph, coordinator, ngo_a, keeping):
    CaseFactory.create_batch(5, organisation=ngo_a, nationality="PH")
    assert not dashboard_snapshot(user=liaison_ph, filters=DashboardFilters()).kept
    with CaptureQueriesContext(connection) as coordinators_visit:
        snapshot = dashboard_snapshot(user=coordinator, filters=DashboardFilters())
    assert snapshot.kept
    assert snapshot.figures.totals["persons"].value == 5
    # Computed for the coordinator, not found among the liaison's.
    assert "intake_debt" in " ".join(query["sql"] for query in coordinators_visit.captured_queries)


def test_without_keeping_every_visit_computes_its_figures(client, coordinator, ngo_a, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    CaseFactory.create_batch(5, organisation=ngo_a)
    client.force_login(coordinator)
    assert total_persons(client) == "5"
    CaseFactory(organisation=ngo_a)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert re.search(r'data-testid="total-persons"[^>]*>\s*6\s*<', page)
    assert "Figures as of" not in page
    assert tasks.dashboard_figures_refresh() is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parallel workers")
@pytest.mark.django_db(transaction=True)  # SET LOCAL lasts until the outermost transaction ends
def test_beat_computes_on_one_core_and_a_coordinator_who_waits_on_every_one(
    coordinator, ngo_a, keeping, monkeypatch
):
    CaseFactory(organisation=ngo_a)
    parallel_workers = []
    compute = snapshots.figures_of

    def spied(countable, filters):
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            parallel_workers.append(cursor.fetchone()[0])
        return compute(countable, filters)

    monkeypatch.setattr(snapshots, "figures_of", spied)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        (server_default,) = cursor.fetchone()
    tasks.dashboard_figures_refresh()
    dashboard_snapshot(user=coordinator, filters=DashboardFilters(), fresh=True)
    assert server_default != "0" and parallel_workers == ["0", server_default]


def test_figures_beat_keeps_for_everyone_hide_small_counts_too(client, coordinator, ngo_a, keeping):
    CaseFactory.create_batch(3, organisation=ngo_a)
    assert tasks.dashboard_figures_refresh() is True
    client.force_login(coordinator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Figures as of" in page  # the kept ones
    assert total_persons(client) == "&lt;5"
    assert (
        snapshots.dashboard_snapshot(user=coordinator, filters=DashboardFilters())
        .figures.totals["persons"]
        .value
        is None
    )  # nor is the number kept for a chart
