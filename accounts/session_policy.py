"""How long a signed-in session lives, and what ends it early.

A session ends `SESSION_IDLE_TIMEOUT` seconds after its last request, `SESSION_ABSOLUTE_TIMEOUT`
seconds after sign-in whatever the activity, and at the first request after the account it
belongs to changed in a way access rests on: deactivated, given another role or organisation,
given or refused the admin site. Each of these is checked on the next request, so the person
is sent to sign in again rather than carrying on with access they no longer have.
"""

from __future__ import annotations

import time
from enum import StrEnum

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cases.access import staff_profile

STARTED_AT = "session_started_at"
SEEN_AT = "session_seen_at"
FINGERPRINT = "session_account_fingerprint"
# The last-seen stamp is written at most this often, so that reading pages does not write the
# session at every request; the idle timeout is exact to within this many seconds.
SEEN_RESOLUTION = 60


class SessionEnd(StrEnum):
    """Why a session was ended before the person signed out."""

    IDLE = "idle"
    EXPIRED = "expired"
    ACCOUNT_CHANGED = "account_changed"

    @property
    def message(self) -> str:
        if self is SessionEnd.IDLE:
            return _("You were signed out after %(minutes)d minutes without activity. Sign in again.") % {
                "minutes": settings.SESSION_IDLE_TIMEOUT // 60
            }
        if self is SessionEnd.EXPIRED:
            return _("A session lasts at most %(hours)d hours. Sign in again to continue.") % {
                "hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600
            }
        return _("Your account or its access changed, which ended your session. Sign in again.")


def account_fingerprint(user) -> list:
    """Return what a session's access rests on: active and admin flags, role and organisation."""
    profile = staff_profile(user)
    return [
        user.is_active,
        user.is_staff,
        user.is_superuser,
        profile.role if profile else None,
        profile.organisation_id if profile else None,
    ]


def session_start(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Stamp a new session with its start and the account's fingerprint (a user_logged_in receiver)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[STARTED_AT] = now
    request.session[SEEN_AT] = now
    request.session[FINGERPRINT] = account_fingerprint(user)


def session_end_reason(request: HttpRequest, *, now: float) -> SessionEnd | None:
    """Return why the signed-in session of `request` must end now, or None while it may go on."""
    session = request.session
    started, seen = session.get(STARTED_AT), session.get(SEEN_AT)
    # A session without stamps was not started by a sign-in this policy saw: end it.
    if started is None or seen is None or now - started >= settings.SESSION_ABSOLUTE_TIMEOUT:
        return SessionEnd.EXPIRED
    if now - seen >= settings.SESSION_IDLE_TIMEOUT:
        return SessionEnd.IDLE
    if session.get(FINGERPRINT) != account_fingerprint(request.user):
        return SessionEnd.ACCOUNT_CHANGED
    return None


def session_touch(request: HttpRequest, *, now: float) -> None:
    """Record activity on the session, at most once every SEEN_RESOLUTION seconds."""
    if now - request.session[SEEN_AT] >= SEEN_RESOLUTION:
        request.session[SEEN_AT] = int(now)
