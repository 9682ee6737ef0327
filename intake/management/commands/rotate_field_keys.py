"""Re-encrypt every encrypted field under the first key of FIELD_ENCRYPTION_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from intake.encryption import EncryptedTextField, rotate


def encrypted_columns() -> list[tuple[str, str, str]]:
    """Return (table, column, primary key column) of every encrypted field of every model.

    The change history's tables included: their primary key is history_id, and their `id`
    repeats once per version, so rows are addressed by the primary key, not by `id`.
    """
    return [
        (model._meta.db_table, field.column, model._meta.pk.column)
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
        for table, column, pk_column in encrypted_columns():
            with transaction.atomic(), connection.cursor() as cursor:
                select = f"SELECT {quote(pk_column)}, {quote(column)} FROM {quote(table)}"  # noqa: S608
                cursor.execute(f"{select} WHERE {quote(column)} <> ''")
                rows = cursor.fetchall()
                for pk, token in rows:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk_column)} = %s",  # noqa: S608
                        [rotate(token), pk],
                    )
            total += len(rows)
            self.stdout.write(f"  {table}.{column}: {len(rows):,} values re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{total:,} values now under the first key."))
