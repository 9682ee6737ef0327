"""The application's database role: rights on rows, none on the tables themselves.

In production (PostgreSQL with DATABASE_OWNER_URL set) the tables belong to the role the
migrations run as; the application connects as another role (DATABASE_URL) that is granted
here what it needs and nothing more:

- SELECT, INSERT, UPDATE, DELETE on every table, and the sequences behind their ids;
- on the access log (cases_accesslog) only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE;
- on django_migrations only SELECT (runserver and `migrate --check` read it).

Not owning the tables, the application's role cannot ALTER them (DISABLE TRIGGER), DROP or
replace their triggers, and the access log's maintenance switch works only for the table's
owner (cases migration 0013). Migrations call this after every run (`post_migrate`); so does
`manage.py grant_app_role`.
"""

from django.conf import settings
from django.db import connections

ACCESS_LOG = "cases_accesslog"
READ_ONLY = {"django_migrations"}


def app_role() -> str | None:
    """Return the application's role, if it is a role apart from the owner's; None with one role."""
    if "owner" not in settings.DATABASES:
        return None
    app, owner = settings.DATABASES["default"], settings.DATABASES["owner"]
    if app.get("ENGINE") != "django.db.backends.postgresql" or app.get("USER") == owner.get("USER"):
        return None
    return app.get("USER") or None


def app_role_grant(*, role: str, using: str = "owner") -> None:
    """Grant `role` the rights the application needs on the tables of `using`'s current schema, no more."""
    connection = connections[using]
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        grantee = quote(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")
        # Nothing but the owner changes the table's rows or shape: the log is appended to and read.
        cursor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(ACCESS_LOG)} FROM {grantee}"
        )
        for table in READ_ONLY:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {grantee}")


def grant_after_migrate(sender, using: str, **kwargs) -> None:
    """After migrations ran as the owner, grant the application's role its rights on every table."""
    role = app_role()
    if role and using == "owner":
        app_role_grant(role=role, using=using)
