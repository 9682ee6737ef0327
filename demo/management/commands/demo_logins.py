"""Print how to sign in to the demo as each persona."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.directory import PERSONAS


class Command(BaseCommand):
    help = "Print the demo login of every role."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="The port the server listens on.")

    def handle(self, *args, port: int, **options) -> None:
        self.stdout.write(f"\nDemo logins at http://127.0.0.1:{port}/ (synthetic data only):\n")
        for username, role, organisation, _first, _last in PERSONAS:
            self.stdout.write(f"  {username:<12} {role.label:<16} {organisation}")
        source = (
            "from DEMO_PASSWORD"
            if os.environ.get("DEMO_PASSWORD")
            else "the default; set DEMO_PASSWORD to change it"
        )
        self.stdout.write(f"\nPassword for every persona ({source}): {settings.DEMO_PASSWORD}")
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Two-factor authentication is on: each persona enrols an authenticator app first, with an\n"
                "enrolment code an administrator issues (the admin site, on the account's page) or, for\n"
                "the demo, this command: python manage.py issue_enrolment_code <username>\n"
            )
        else:
            self.stdout.write("Two-factor authentication is OFF for this demo (TWO_FACTOR_REQUIRED=false).\n")
