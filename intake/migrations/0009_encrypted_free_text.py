"""Free text typed about survivors is encrypted at rest, as the narrative is (issue 12, door 8).

The interview's indicator notes, a crossing's notes, and what erasure already treats as able
to name someone: the interview's place and interpreter, the consent's interpreter, the place
of recruitment. Every stored value is encrypted under FIELD_ENCRYPTION_KEYS, the change
history's copies included; reversed, they are decrypted first.
"""

import intake.encryption
from django.db import migrations

from intake.encryption import encrypt_column_in_place

# (table, column, primary key)
COLUMNS = [
    ("intake_arrivalgroup", "notes", "id"),
    ("intake_indicatorobservation", "notes", "id"),
    ("intake_interview", "place", "id"),
    ("intake_interview", "interpreter", "id"),
    ("intake_historicalinterview", "place", "history_id"),
    ("intake_historicalinterview", "interpreter", "history_id"),
    ("intake_consent", "interpreter", "id"),
    ("intake_historicalconsent", "interpreter", "history_id"),
    ("intake_recruitment", "origin_place", "id"),
    ("intake_historicalrecruitment", "origin_place", "history_id"),
]


def encrypt_existing(apps, schema_editor):
    for table, column, pk in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column, pk=pk)


def decrypt_existing(apps, schema_editor):
    for table, column, pk in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column, pk=pk, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0008_consent_share_partners'),
    ]

    operations = [
        migrations.AlterField(
            model_name='arrivalgroup',
            name='notes',
            field=intake.encryption.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='interpreter',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='interpreter'),
        ),
        migrations.AlterField(
            model_name='historicalconsent',
            name='interpreter',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='interpreter'),
        ),
        migrations.AlterField(
            model_name='historicalinterview',
            name='interpreter',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='interpreter'),
        ),
        migrations.AlterField(
            model_name='historicalinterview',
            name='place',
            field=intake.encryption.EncryptedTextField(max_length=200, verbose_name='place'),
        ),
        migrations.AlterField(
            model_name='historicalrecruitment',
            name='origin_place',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='recruited in (place)'),
        ),
        migrations.AlterField(
            model_name='indicatorobservation',
            name='notes',
            field=intake.encryption.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='interview',
            name='interpreter',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='interpreter'),
        ),
        migrations.AlterField(
            model_name='interview',
            name='place',
            field=intake.encryption.EncryptedTextField(max_length=200, verbose_name='place'),
        ),
        migrations.AlterField(
            model_name='recruitment',
            name='origin_place',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=200, verbose_name='recruited in (place)'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
