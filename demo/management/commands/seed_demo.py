"""Create the demo: organisations, one account per persona, and synthetic cases."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from demo.directory import directory_seed
from demo.population import population_seed
from demo.referrals import referrals_seed


class Command(BaseCommand):
    help = (
        "Create or update the demo organisations, persona accounts and N synthetic cases. "
        "Idempotent, and deterministic for a seed: the same arguments always give the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=600, help="How many synthetic cases (default 600).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, cases: int, seed: int, verbosity: int, **options) -> None:
        if cases < 0 or seed < 0:
            self.stderr.write("--cases and --seed must be zero or more.")
            raise SystemExit(2)
        users = directory_seed(password=settings.DEMO_PASSWORD)

        def progress(done: int, total: int) -> None:
            if verbosity >= 1 and (done == total or done % 10_000 == 0):
                self.stdout.write(f"  {done:,} of {total:,} cases written")

        created, removed = population_seed(seed=seed, cases=cases, users=users, progress=progress)
        referrals_seed()
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo ready: {cases:,} synthetic cases for seed {seed} "
                    f"({created:,} created, {removed:,} removed)."
                )
            )
