"""The interview's indicator notes and a crossing's notes are free text about survivors: encrypt them."""

import intake.encryption
from django.db import migrations

from intake.encryption import encrypt_column_in_place

COLUMNS = [("intake_arrivalgroup", "notes"), ("intake_indicatorobservation", "notes")]


def encrypt_existing(apps, schema_editor):
    for table, column in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column)


def decrypt_existing(apps, schema_editor):
    for table, column in COLUMNS:
        encrypt_column_in_place(schema_editor, table=table, column=column, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0007_person_name_phonetic_trigram'),
    ]

    operations = [
        migrations.AlterField(
            model_name='arrivalgroup',
            name='notes',
            field=intake.encryption.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='indicatorobservation',
            name='notes',
            field=intake.encryption.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
