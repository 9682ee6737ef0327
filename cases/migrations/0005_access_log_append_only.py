"""The database itself refuses to change or delete access-log entries.

The only way around is the maintenance switch a database administrator sets on purpose (a
row in cases_accesslog_maintenance on SQLite; the session setting
cases.accesslog_maintenance = 'on' on PostgreSQL): the test suite sets it to empty the
tables between browser tests, and a legal purge would set it, visibly, in a session of its own.
Since migration 0013 the switch works on PostgreSQL only for the table's owner, and the
application connects as a role that owns no table (cases.database_roles).
"""

from django.db import migrations

MESSAGE = "the access log is append-only"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION cases_accesslog_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('cases.accesslog_maintenance', true), '') = 'on' THEN
            RETURN coalesce(NEW, OLD);
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER cases_accesslog_append_only_rows BEFORE UPDATE OR DELETE ON cases_accesslog
    FOR EACH ROW EXECUTE FUNCTION cases_accesslog_append_only()
    """,
    """
    CREATE TRIGGER cases_accesslog_append_only_truncate BEFORE TRUNCATE ON cases_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION cases_accesslog_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_accesslog_append_only_rows ON cases_accesslog",
    "DROP TRIGGER IF EXISTS cases_accesslog_append_only_truncate ON cases_accesslog",
    "DROP FUNCTION IF EXISTS cases_accesslog_append_only()",
]

SQLITE = [
    "CREATE TABLE IF NOT EXISTS cases_accesslog_maintenance (reason text NOT NULL)",
    f"""
    CREATE TRIGGER cases_accesslog_no_update BEFORE UPDATE ON cases_accesslog
    WHEN NOT EXISTS (SELECT 1 FROM cases_accesslog_maintenance)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER cases_accesslog_no_delete BEFORE DELETE ON cases_accesslog
    WHEN NOT EXISTS (SELECT 1 FROM cases_accesslog_maintenance)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_accesslog_no_update",
    "DROP TRIGGER IF EXISTS cases_accesslog_no_delete",
    "DROP TABLE IF EXISTS cases_accesslog_maintenance",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_repatriation_notifications")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
