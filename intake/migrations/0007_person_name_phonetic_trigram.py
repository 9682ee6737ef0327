"""A trigram index on the phonetic codes of names, for the case list's name search (PostgreSQL).

The search asks for names containing " CODE " for each word typed (cases.filters.search_cases):
a LIKE with a leading wildcard, which no B-tree serves. pg_trgm's GIN index does: at 100,000
persons, 33 ms of scanning became 1.6 ms. SQLite, the embedded default, keeps scanning.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "intake_person_name_phonetic_trgm"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON intake_person USING gin (name_phonetic gin_trgm_ops)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_change_history")]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(index_create, index_drop, elidable=False),
    ]
