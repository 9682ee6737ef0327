"""Recompute every keyed digest of every person (after IDENTITY_HASH_KEY changes).

That is the identity digests the duplicate check compares (MatchKey), the searchable name
codes, and the blind indexes the case search finds a phone or a document number by.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from intake.models import Nationality, Person
from intake.services import person_keys_refresh

BATCH = 500


class Command(BaseCommand):
    help = (
        "Recompute the name codes, identity digests and phone/document search indexes of every person "
        "under the current IDENTITY_HASH_KEY (run it right after changing the key)."
    )

    def handle(self, *args, **options) -> None:
        done = 0
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                persons = list(
                    Person.objects.filter(pk__in=ids[start : start + BATCH]).prefetch_related(
                        "nationalities", "aliases"
                    )
                )
                for person in persons:
                    person.refresh_blind_indexes()
                    person_keys_refresh(person=person)
                    done += 1
                Person.objects.bulk_update(persons, ["phone_index"])
        documents = 0
        ids = list(
            Nationality.objects.exclude(document_number="").order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                nationalities = list(Nationality.objects.filter(pk__in=ids[start : start + BATCH]))
                for nationality in nationalities:
                    nationality.refresh_blind_indexes()
                Nationality.objects.bulk_update(nationalities, ["document_number_index"])
                documents += len(nationalities)
        self.stdout.write(
            self.style.SUCCESS(f"Identity keys rebuilt for {done:,} persons and {documents:,} documents.")
        )
