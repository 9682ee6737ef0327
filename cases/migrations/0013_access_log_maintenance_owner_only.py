"""The access log's maintenance switch works only for the table's owner (PostgreSQL).

Before, any session could `SET LOCAL cases.accesslog_maintenance = 'on'` and change the log.
The application now connects as a role that does not own the table (cases.database_roles):
it is granted neither UPDATE, DELETE nor TRUNCATE on the log, and should it ever be, the
switch still refuses it. The owner (migrations, a database administrator's legal purge, the
test suite emptying tables) keeps it, set visibly in a session of its own. SQLite has no roles.
"""

from django.db import migrations

MESSAGE = "the access log is append-only"

OWNER_ONLY = f"""
CREATE OR REPLACE FUNCTION cases_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('cases.accesslog_maintenance', true), '') = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql
"""

ANY_SESSION = f"""
CREATE OR REPLACE FUNCTION cases_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('cases.accesslog_maintenance', true), '') = 'on' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql
"""


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_encrypted_notes")]

    operations = [migrations.RunPython(_run(OWNER_ONLY), _run(ANY_SESSION))]
