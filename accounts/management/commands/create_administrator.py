"""Create an administrator as the access policy means one (use it instead of createsuperuser)."""

import getpass
import os
import sys

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.roles import administrator_create
from cases.models import Organisation, OrganisationType

PASSWORD_VARIABLE = "ADMINISTRATOR_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    help = (
        "Create an administrator of the admin site: staff, never a superuser, in the Administrators "
        "group, with the administrator role in an organisation. Administrators manage accounts and "
        "reference data and read no survivor record. The password is asked for, or read from "
        f"standard input (--password-from-stdin) or from the {PASSWORD_VARIABLE} variable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--organisation", required=True, help="Name of the organisation the administrator belongs to."
        )
        parser.add_argument(
            "--create-organisation",
            action="store_true",
            help="Create the organisation if no organisation has that name (needs --country).",
        )
        parser.add_argument(
            "--country", default="", help="Country code where a created organisation is based."
        )
        parser.add_argument("--email", default="", help="Email address (told of changes to their access).")
        parser.add_argument(
            "--password-from-stdin",
            action="store_true",
            help="Read the password from the first line of stdin.",
        )

    def handle(self, *args, username: str, organisation: str, email: str, **options) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"An account named {username!r} exists already: change its role in the admin "
                "(Users → the account → Change role), by another administrator."
            )
        org = self._organisation(
            organisation, create=options["create_organisation"], country=options["country"]
        )
        password = self._password(from_stdin=options["password_from_stdin"])
        try:
            validate_password(password, User(username=username, email=email))
            administrator_create(username=username, email=email, password=password, organisation=org)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Administrator {username} created in {org.name}."))
        self.stdout.write(
            f"{username} must enrol a second factor (an authenticator app) before using the admin "
            "site: the sign-in asks for it. An administrator reads no survivor record."
        )

    @staticmethod
    def _organisation(name: str, *, create: bool, country: str) -> Organisation:
        found = Organisation.objects.filter(name=name).first()
        if found is not None:
            return found
        if not create:
            raise CommandError(
                f"No organisation is named {name!r}. Give the exact name of an existing organisation, "
                "or add --create-organisation --country CODE to create it."
            )
        if not country:
            raise CommandError(
                "--create-organisation needs --country, the code of the country where it is based."
            )
        created = Organisation(name=name, org_type=OrganisationType.NGO, country=country.upper())
        try:
            created.full_clean()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        created.save()
        return created

    def _password(self, *, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        if password := os.environ.get(PASSWORD_VARIABLE, ""):
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                f"No password: run it in a terminal, or use --password-from-stdin or {PASSWORD_VARIABLE}."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
