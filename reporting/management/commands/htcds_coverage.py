"""Print how many of the HTCDS 2.0 standard's fields the HTCDS export carries (and, optionally, the table)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.htcds.coverage import counts, extension_table, groups_table, markdown_table, standard_fields

DEFAULT_STANDARD = Path(settings.BASE_DIR) / "tests" / "reporting" / "standards" / "htcds-2.0-fields.csv"


class Command(BaseCommand):
    help = "Print the HTCDS export's coverage of the standard's fields (core and all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--standard", type=Path, default=DEFAULT_STANDARD, help="the standard's field list (CSV)"
        )
        parser.add_argument("--markdown", action="store_true", help="also print the tables of docs/htcds.md")

    def handle(self, *args, standard: Path, markdown: bool, **options):
        fields = standard_fields(standard)
        for label, (exported, total) in counts(fields).items():
            self.stdout.write(f"{label}: {exported} of {total} exported")
        if markdown:
            for table in (markdown_table(fields), extension_table(), groups_table()):
                self.stdout.write("\n" + table)
