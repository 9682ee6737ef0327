"""The application's database role cannot change, empty or unprotect the access log.

On PostgreSQL the tables belong to the role migrations run as; the application connects as a
role granted rows, not tables (cases.database_roles). These tests create such a role, grant it
exactly as `migrate` does, connect as it, and try every way around the log's triggers.
"""

import psycopg
import pytest
from django.db import connection
from psycopg import errors

from cases.database_roles import app_role_grant
from cases.models import AccessLog
from tests.factories import CaseFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="database roles are PostgreSQL's: CI's PostgreSQL pass runs these (SQLite has no roles)",
    ),
    # Committed, so that the application role's own connection sees the rows and the grants.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def app_connection():
    """A connection as a fresh application role, granted what the real setup grants; dropped afterwards."""
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {quoted}" if role_exists(cursor, role) else "SELECT 1")
        cursor.execute(f"DROP ROLE IF EXISTS {quoted}")
        cursor.execute(f"CREATE ROLE {quoted} LOGIN PASSWORD 'app-role-test'")
    app_role_grant(role=role, using="default")
    settings = connection.settings_dict
    app = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=role,
        password="app-role-test",
        autocommit=True,
    )
    yield app
    app.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {quoted}")
        cursor.execute(f"DROP ROLE {quoted}")


def role_exists(cursor, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


@pytest.fixture
def logged(caseworker):
    """One access-log entry, written by the application as usual."""
    return AccessLog.objects.create(user=caseworker, username="caseworker", action=AccessLog.Action.VIEW)


def refused(app, statement: str, *, in_transaction_after: str = "") -> bool:
    """Whether PostgreSQL refuses the application's role the right to run `statement` (after another).

    Refused for want of a privilege, that is: before any trigger is reached. The triggers
    are the second line, tried on their own below.
    """
    try:
        with app.transaction():
            if in_transaction_after:
                app.execute(in_transaction_after)
            app.execute(statement)
    except errors.InsufficientPrivilege:
        return True
    return False


@pytest.mark.parametrize(
    ("attempt", "statement"),
    [
        ("update", "UPDATE cases_accesslog SET username = 'someone else'"),
        ("delete", "DELETE FROM cases_accesslog"),
        ("truncate", "TRUNCATE cases_accesslog"),
        ("disable the triggers", "ALTER TABLE cases_accesslog DISABLE TRIGGER USER"),
        ("drop a trigger", "DROP TRIGGER cases_accesslog_append_only_rows ON cases_accesslog"),
        ("drop the table", "DROP TABLE cases_accesslog CASCADE"),
        ("take the table", "ALTER TABLE cases_accesslog OWNER TO CURRENT_USER"),
        (
            "replace the trigger's function",
            "CREATE OR REPLACE FUNCTION cases_accesslog_append_only() RETURNS trigger AS "
            "$$ BEGIN RETURN coalesce(NEW, OLD); END; $$ LANGUAGE plpgsql",
        ),
        ("skip every trigger", "SET session_replication_role = replica"),
    ],
)
def test_the_application_role_cannot_change_empty_or_unprotect_the_access_log(
    app_connection, logged, attempt, statement
):
    assert refused(app_connection, statement), attempt
    logged.refresh_from_db()
    assert logged.username == "caseworker"
    assert AccessLog.objects.count() == 1


def test_the_maintenance_switch_does_not_open_the_log_to_the_application_role(app_connection, logged):
    switch = "SET LOCAL cases.accesslog_maintenance = 'on'"
    assert refused(app_connection, "UPDATE cases_accesslog SET username = 'x'", in_transaction_after=switch)
    assert refused(app_connection, "DELETE FROM cases_accesslog", in_transaction_after=switch)
    assert AccessLog.objects.get().username == "caseworker"


def test_even_granted_update_by_mistake_the_application_role_cannot_use_the_switch(app_connection, logged):
    role = app_connection.info.user
    with connection.cursor() as cursor:  # a deployer's mistake: UPDATE and DELETE granted on the log
        cursor.execute(f"GRANT UPDATE, DELETE ON cases_accesslog TO {connection.ops.quote_name(role)}")
    switch = "SET LOCAL cases.accesslog_maintenance = 'on'"
    with pytest.raises(errors.RaiseException, match="append-only"), app_connection.transaction():
        app_connection.execute(switch)
        app_connection.execute("UPDATE cases_accesslog SET username = 'x'")
    assert AccessLog.objects.get().username == "caseworker"


def test_the_application_role_does_its_normal_work(app_connection, ngo_a, caseworker):
    case = CaseFactory(organisation=ngo_a)
    app_connection.execute(
        "INSERT INTO cases_accesslog (at, user_id, username, action, case_id, path, detail) "
        "VALUES (now(), %s, 'caseworker', 'view', %s, '/cases/1/', '{}')",
        [caseworker.pk, case.pk],
    )
    app_connection.execute("UPDATE cases_case SET repatriation_stage_since = now() WHERE id = %s", [case.pk])
    app_connection.execute(
        "INSERT INTO cases_caseevent (case_id, kind, actor_id, at, note, data) "
        "VALUES (%s, 'note', %s, now(), '', '{}')",
        [case.pk, caseworker.pk],
    )
    app_connection.execute("DELETE FROM django_session")
    rows = app_connection.execute("SELECT count(*) FROM cases_accesslog WHERE case_id = %s", [case.pk])
    assert rows.fetchone() == (1,)
    assert AccessLog.objects.filter(case_id=case.pk).exists()
