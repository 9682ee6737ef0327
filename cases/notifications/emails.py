"""What notification emails say: a link and a count, never a name, a reference or any survivor data.

Email leaves our hands: it crosses servers we do not control and sits in inboxes that may be
read over a shoulder. So an email only tells a liaison that something is waiting, and where
to sign in to see it.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute_url(view_name: str) -> str:
    """Return the full address of a page, for links in emails (SITE_URL + path)."""
    return settings.SITE_URL.rstrip("/") + reverse(view_name)


def recipient_language(user) -> str:
    """Return the language an email to `user` is written in: the one saved on their account, else the site's.

    The preference is accounts' LanguagePreference, reached through its relation to the user
    (`user.language_preference`), so that cases needs no import of accounts.
    """
    preference = getattr(user, "language_preference", None)  # None when the person never chose one
    if preference is not None and preference.language in dict(settings.LANGUAGES):
        return preference.language
    return settings.LANGUAGE_CODE


def _send(*, recipient, template: str, context: dict) -> None:
    with translation.override(recipient_language(recipient)):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email]).send()


def new_notifications_send(*, recipient, count: int, template: str = "notifications_new") -> None:
    """Tell a user that `count` new notifications wait in their inbox."""
    _send(
        recipient=recipient,
        template=template,
        context={"count": count, "link": absolute_url("cases:notification_inbox")},
    )


def digest_send(*, recipient, summary, day: datetime.date) -> None:
    """Send a liaison the day's counts of their queue: per stage, waiting on them, urgent."""
    _send(
        recipient=recipient,
        template="digest",
        context={"summary": summary, "day": day, "link": absolute_url("cases:repatriation_queue")},
    )
