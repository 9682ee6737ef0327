"""One fixture per persona, as in the demo: two caseworkers of two NGOs, two embassy
liaisons, a coordinator, an administrator, and an outsider with no role."""

import pytest
from django.test import Client

from accounts.roles import ADMINISTRATORS_GROUP, administrators_group
from cases.models import Role
from tests import two_factor
from tests.factories import EmbassyFactory, OrganisationFactory, StaffFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Let every transactional test start from, and leave, the migrated reference data.

    A transactional test ends by emptying every table. Without serialized_rollback, Django then
    re-creates the content types under new ids (PostgreSQL does not reset its sequences), and
    the next test that restores the serialized data (a browser test) collides with them. Marked
    here, before pytest-django orders the tests by their markers, whichever worker runs them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            # First, ahead of a mark the test function carries itself, so that it is the closest one.
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False
            )


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: password and second factor.

    Two-factor authentication stays required in tests, as in production; a test that needs a
    session with the password only signs in through the form (tests/accounts/).
    """

    def force_login(self, user, backend=None):
        two_factor.force_login_password_only(self, user, backend)
        two_factor.session_verify(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection restore the data serialized at set-up, for serialized_rollback.

    Django keeps one connection per thread, but one per context in a thread that runs an event
    loop (asgiref), and Playwright's sync API runs one: the browser tests get a connection of
    their own, which lacks the serialized data and would restore nothing. One database alias.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        if hasattr(connection, "_test_serialized_contents"):
            type(connection)._test_serialized_contents = connection._test_serialized_contents


@pytest.fixture
def ngo_a(db):
    return OrganisationFactory(name="NGO A")


@pytest.fixture
def ngo_b(db):
    return OrganisationFactory(name="NGO B")


@pytest.fixture
def task_force(db):
    return OrganisationFactory(name="Task force")


@pytest.fixture
def embassy_in(db):
    return EmbassyFactory(represents_country="IN")


@pytest.fixture
def embassy_ph(db):
    return EmbassyFactory(represents_country="PH")


@pytest.fixture
def caseworker(ngo_a):
    return StaffFactory(username="caseworker", role=Role.CASEWORKER, organisation=ngo_a)


@pytest.fixture
def caseworker2(ngo_b):
    return StaffFactory(username="caseworker2", role=Role.CASEWORKER, organisation=ngo_b)


@pytest.fixture
def liaison_in(embassy_in):
    return StaffFactory(username="liaison_in", role=Role.LIAISON, organisation=embassy_in)


@pytest.fixture
def liaison_ph(embassy_ph):
    return StaffFactory(username="liaison_ph", role=Role.LIAISON, organisation=embassy_ph)


@pytest.fixture
def coordinator(task_force):
    return StaffFactory(username="coordinator", role=Role.COORDINATOR, organisation=task_force)


@pytest.fixture
def manager(ngo_a):
    """NGO A's coordinator: manages the organisation whose cases `caseworker` works on."""
    return StaffFactory(username="manager", role=Role.COORDINATOR, organisation=ngo_a)


@pytest.fixture
def admin_user(task_force):
    """Staff in the Administrators group (from the migrations); never a superuser."""
    user = StaffFactory(username="admin", role=Role.ADMINISTRATOR, organisation=task_force, is_staff=True)
    user.groups.add(administrators_group_migrated())
    return user


def administrators_group_migrated():
    """Return the Administrators group that cases migration 0010 creates.

    A transactional test empties every table when it ends, and what migrations wrote goes
    with it (browser tests restore it: serialized_rollback); run that migration again then.
    """
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    if not Group.objects.filter(name=ADMINISTRATORS_GROUP).exists():
        migration = import_module("cases.migrations.0010_administrators_group")
        migration.administrators_group_create(apps, SimpleNamespace(connection=connection))
    return administrators_group()


@pytest.fixture
def outsider(db):
    """Signed in, but with no organisation and no role."""
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def access_log_maintenance(request):
    """Let browser (transactional) tests empty the append-only access log afterwards; lock it for the rest.

    The database refuses UPDATE and DELETE on the access log (cases migration 0005) unless
    its maintenance switch is on. Tests that run in a rolled-back transaction keep it off;
    transactional tests, whose tables are emptied after them, turn it on.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "live_server" not in request.fixturenames:
        yield
        return
    transactional = "live_server" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    access_log_switch(on=transactional)
    yield


def access_log_switch(*, on: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('cases.accesslog_maintenance', %s, false)", ["on" if on else "off"]
            )
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM cases_accesslog_maintenance")
            if on:
                cursor.execute("INSERT INTO cases_accesslog_maintenance (reason) VALUES ('test teardown')")
