"""Middleware of the second factor, the session policy, and the no-store rule."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified
from django_otp.models import Device

from accounts.languages import language_apply, session_language
from accounts.models import AuthenticatorDevice, RecoveryDevice
from accounts.session_policy import SessionEnd, session_end_reason, session_touch
from cases.access import staff_profile_remember

# What a signed-in person who has not passed the second factor may still reach.
SECOND_FACTOR_EXEMPT = {"accounts:two_factor_verify", "accounts:two_factor_enrol", "login", "logout"}


class NoStoreMiddleware:
    """Forbid browsers and proxies to keep a copy of any page the application renders.

    Every page shows survivor data or leads to it (and the sign-in page starts a session),
    so the rule has no exception; static files are served before this, by WhiteNoise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, ...
        return response


class SecondFactorMiddleware:
    """Tell each request whether its session passed the second factor, as django-otp's OTPMiddleware does.

    It sets `request.user.otp_device` (the device the session was verified with, or None) and
    `request.user.is_verified()` under django-otp's rules: the device must still exist, be
    confirmed and belong to the user, or the session's mark is dropped. Unlike django-otp's
    middleware, it loads the device with its user's staff profile and organisation, which
    every page needs anyway (cases.access.staff_profile), so the check costs no extra query.
    Only the accounts app's devices (the authenticator, the recovery codes) are looked for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(self._verify, request, user))
        return self.get_response(request)

    @staticmethod
    def _verify(request: HttpRequest, user):
        user.otp_device = None
        user.is_verified = functools.partial(is_verified, user)
        if user.is_authenticated and DEVICE_ID_SESSION_KEY in request.session:
            device = _session_device(request.session[DEVICE_ID_SESSION_KEY], user)
            if device is None:
                del request.session[DEVICE_ID_SESSION_KEY]
            else:
                user.otp_device = device
                staff_profile_remember(user, getattr(device.user, "staff_profile", None))
        return user


# The devices a session may have been verified with, by django-otp's label for them.
SESSION_DEVICES = {model.model_label(): model for model in (AuthenticatorDevice, RecoveryDevice)}


def _session_device(persistent_id: str, user) -> Device | None:
    label, _, device_id = str(persistent_id).rpartition("/")
    model = SESSION_DEVICES.get(label)
    if model is None or not device_id.isdigit():
        return None
    return (
        model.objects.select_related("user__staff_profile__organisation")
        .filter(pk=int(device_id), user_id=user.pk, confirmed=True)
        .first()
    )


class SessionPolicyMiddleware:
    """End a signed-in session that idled, outlived its working day or its account's access."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            now = time.time()
            if not request.user.is_authenticated:
                # Signed in, but Django no longer finds an active account: deactivated or deleted.
                return self._end(request, SessionEnd.ACCOUNT_CHANGED)
            reason = session_end_reason(request, now=now)
            if reason is not None:
                return self._end(request, reason)
            session_touch(request, now=now)
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, reason: SessionEnd) -> HttpResponse:
        logout(request)  # deletes the session from the store, not only the cookie
        messages.info(request, reason.message)
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return redirect(settings.LOGIN_URL)  # what a form posted is not replayed after sign-in


class TwoFactorRequiredMiddleware:
    """Send a session that passed only the password to enrolment or verification of its second factor.

    On unless TWO_FACTOR_REQUIRED is off. It applies to every page behind a sign-in, the
    admin site included; public pages (views marked @login_not_required) stay public.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not settings.TWO_FACTOR_REQUIRED or not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))


class UserLanguageMiddleware:
    """Apply the language saved on the signed-in account, over the browser's (accounts.languages).

    After AuthenticationMiddleware, which tells who is signed in; LocaleMiddleware, earlier, has
    chosen from the cookie or Accept-Language and writes Content-Language from what is active
    when the answer leaves, so the saved language is what the page and its header say.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = session_language(request)
        if language is not None:
            language_apply(request, language)
        return self.get_response(request)
