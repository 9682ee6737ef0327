"""Issue an enrolment code from the server: the first administrator's, or anyone's."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.enrolment import enrolment_code_issue


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code for USERNAME, with which they set up an authenticator app at "
        "their next sign-in. Removes the account's current authenticator and recovery codes, voids any "
        "earlier code, and writes the access log. The code is printed once; give it to the person yourself."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(f"No active account has the username {username!r}.")
        issued = enrolment_code_issue(account=account)
        expires = timezone.localtime(issued.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(f"Enrolment code for {username}: {issued.code}  (works once, until {expires})")
        if issued.authenticators_removed:
            self.stdout.write("Their authenticator app and recovery codes were removed.")
