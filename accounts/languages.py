"""The interface language a person reads: chosen once, kept on the account, applied at every sign-in.

Before sign-in the browser's Accept-Language decides (LocaleMiddleware), or the language a
visitor chose on the sign-in page (Django's language cookie). At sign-in the language saved on
the account is copied into the session, and from then on UserLanguageMiddleware applies it to
every request, whatever the device's browser asks for: one read at sign-in, none per page.
Emails are written in the recipient's language too (cases.notifications.emails.recipient_language).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from accounts.models import LanguagePreference

# The session's copy of the saved preference (a language code: nothing sensitive).
SESSION_KEY = "interface_language"


def language_supported(code: str) -> bool:
    """Return whether `code` is one of the interface languages (settings.LANGUAGES)."""
    return code in dict(settings.LANGUAGES)


@transaction.atomic
def language_preference_set(*, user, language: str) -> None:
    """Save `language` as the interface language of `user`, for every device and every email."""
    LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


def session_language_remember(sender, request: HttpRequest, user, **kwargs) -> None:
    """At sign-in, copy the account's saved language into the session (user_logged_in receiver)."""
    language = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if language and language_supported(language):
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


def session_language(request: HttpRequest) -> str | None:
    """Return the language saved on the signed-in account, as the session keeps it, or None."""
    if not request.user.is_authenticated:
        return None
    language = request.session.get(SESSION_KEY)
    return language if language and language_supported(language) else None


def language_apply(request: HttpRequest, language: str) -> None:
    """Draw the rest of this request in `language`."""
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()
