"""Re-encrypt every encrypted field under the first key of FIELD_ENCRYPTION_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from intake.encryption import EncryptedTextField, rotate


def encrypted_columns() -> list[tuple[str, str]]:
    """Return (table, column) of every encrypted field of every model."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the first key of FIELD_ENCRYPTION_KEYS. Put the new key "
        "first and keep the old ones until this has run; then the old keys can be removed."
    )

    def handle(self, *args, **options) -> None:
        quote = connection.ops.quote_name
        total = 0
        for table, column in encrypted_columns():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
                rows = cursor.fetchall()
                for pk, token in rows:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [rotate(token), pk],
                    )
            total += len(rows)
            self.stdout.write(f"  {table}.{column}: {len(rows):,} values re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{total:,} values now under the first key."))
