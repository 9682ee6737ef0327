"""Recompute every person's searchable name codes and identity digests (after IDENTITY_HASH_KEY changes)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from intake.models import Person
from intake.services import person_keys_refresh


class Command(BaseCommand):
    help = "Recompute the name codes and keyed identity digests of every person (e.g. after a key change)."

    def handle(self, *args, **options) -> None:
        done = 0
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for person in Person.objects.filter(pk__in=ids[start : start + 500]).prefetch_related(
                    "nationalities", "aliases"
                ):
                    person_keys_refresh(person=person)
                    done += 1
        self.stdout.write(self.style.SUCCESS(f"Identity keys rebuilt for {done:,} persons."))
