"""Grant the application's database role its rights again (migrate does it after every run)."""

from django.core.management.base import BaseCommand, CommandError

from cases.database_roles import app_role, app_role_grant


class Command(BaseCommand):
    help = (
        "Grant the role of DATABASE_URL what the application needs on the tables DATABASE_OWNER_URL's "
        "role owns: rows of every table, only SELECT and INSERT on the access log."
    )

    def handle(self, *args, **options) -> None:
        role = app_role()
        if role is None:
            raise CommandError(
                "One database role: set DATABASE_OWNER_URL (PostgreSQL) to a role other than DATABASE_URL's."
            )
        app_role_grant(role=role)
        self.stdout.write(self.style.SUCCESS(f"Granted the application's rights to {role}."))
