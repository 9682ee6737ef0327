"""`manage.py migrate`, run as the tables' owner when DATABASE_OWNER_URL is set (docs/operations.md).

Django's own command, with `--database` defaulting to settings.MIGRATION_DATABASE: the
`owner` alias when there are two roles, else `default`. After the migrations, a post_migrate
receiver (cases.database_roles) grants the application's role its rights on every table.
"""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate


class Command(DjangoMigrate):
    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(database=settings.MIGRATION_DATABASE)
