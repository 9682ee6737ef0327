"""`manage.py desk_key_rotate`: retire the offline desk's sealing key and make the next one."""

from django.core.management.base import BaseCommand

from offline_desk.sealing import sealing_key_rotate


class Command(BaseCommand):
    help = (
        "Retire the key the offline desks seal arrivals with and make a new one. Arrivals sealed "
        "with the old key still open; each desk takes the new key the next time it opens online."
    )

    def handle(self, *args, **options):
        key = sealing_key_rotate()
        self.stdout.write(f"Desks now seal with key {key.pk}; earlier keys are retired and still open.")
