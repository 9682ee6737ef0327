"""Case notes, repatriation step notes and hold reasons are free text about a survivor: encrypt them.

The column becomes text (a token is longer than the typed reason), then every stored value is
encrypted under FIELD_ENCRYPTION_KEYS, the change history's copies of the hold reason included.
"""

import intake.encryption
from django.db import migrations

from intake.encryption import encrypt_column_in_place

COLUMNS = [
    ("cases_case", "repatriation_hold_reason", "id"),
    ("cases_historicalcase", "repatriation_hold_reason", "history_id"),
    ("cases_caseevent", "note", "id"),
]


def encrypt_existing(apps, schema_editor):
    for table, column, pk in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column, pk=pk)


def decrypt_existing(apps, schema_editor):
    for table, column, pk in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column, pk=pk, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0011_anonymised_releases"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="repatriation_hold_reason",
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name="reason on hold"),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="note",
            field=intake.encryption.EncryptedTextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="repatriation_hold_reason",
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name="reason on hold"),
        ),
        # Reversed, the values are decrypted first, so that they fit the column they go back to.
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
