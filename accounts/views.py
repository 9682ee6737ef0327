"""The second-factor screens, the admin site's way in, and the sign-in lockout page.

Thin: the work is in two_factor.py and enrolment.py. Both second-factor screens are reached only by a person
who passed the password (TwoFactorRequiredMiddleware sends them here); once verified they go on.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import enrolment, languages, two_factor
from accounts.forms import EnrolmentCodeForm, LanguageForm, TokenForm
from accounts.models import AuthenticatorDevice


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def _wait_refusal(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then enter the code your app shows.",
        "Too many wrong codes. Wait %(seconds)d seconds, then enter the code your app shows.",
        seconds,
    ) % {"seconds": seconds}


WRONG_CODE = gettext_lazy(
    "That code is not valid or was already used. Enter the code your app shows now; "
    "if it was just used, wait for the next one."
)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a person who passed the password for the code their authenticator app shows, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if two_factor.device_confirmed(request.user) is None:
        return redirect(_with_next("accounts:two_factor_enrol", request))
    form = TokenForm(request.POST or None, allow_recovery_code=True)
    if form.is_valid():
        token = form.cleaned_data["token"]
        device = two_factor.device_for_token(request.user, token)
        if device is None:  # a recovery code, and the person has none left
            form.add_error("token", WRONG_CODE)
        elif wait := two_factor.verification_wait(device):  # after wrong codes: not even tried
            form.add_error("token", _wait_refusal(wait))
        elif two_factor.session_verify(request=request, device=device, token=token):
            if not isinstance(device, AuthenticatorDevice):
                messages.warning(request, _recovery_code_used(two_factor.recovery_codes_left(request.user)))
            return redirect(_next_url(request))
        else:
            form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _recovery_code_used(left: int) -> str:
    return ngettext(
        "You signed in with a recovery code; it will not work again. %(left)d code is left. "
        "If you lost your phone, ask an administrator for an enrolment code to set up a new one.",
        "You signed in with a recovery code; it will not work again. %(left)d codes are left. "
        "If you lost your phone, ask an administrator for an enrolment code to set up a new one.",
        left,
    ) % {"left": left}


ENROLMENT_CODE_REFUSALS = {
    enrolment.Refusal.WRONG: gettext_lazy(
        "That enrolment code is not valid or has expired. Check it with the administrator who gave it to you."
    ),
    enrolment.Refusal.USED_UP: gettext_lazy(
        "Too many wrong enrolment codes: this code no longer works. Ask an administrator for a new one."
    ),
}


@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: take the enrolment code, then show the secret and take a first code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if two_factor.device_confirmed(request.user) is not None:
        # Enrolled already: a password alone must never be enough to replace the authenticator.
        return redirect(_with_next("accounts:two_factor_verify", request))
    device = two_factor.device_for_enrolment(request)
    if device is None:
        return _enrolment_code(request)
    form = TokenForm(request.POST if "token" in request.POST else None)
    if form.is_valid():
        if wait := two_factor.verification_wait(device):
            form.add_error("token", _wait_refusal(wait))
        elif (
            codes := two_factor.enrolment_confirm(
                request=request, device=device, token=form.cleaned_data["token"]
            )
        ) is not None:
            context = {"codes": codes, "next": _next_url(request)}
            # Shown once, in this answer only (never stored in clear, never cached: no-store).
            return render(request, "accounts/two_factor_recovery_codes.html", context)
        else:
            form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": mark_safe(two_factor.qr_code_svg(device)),  # noqa: S308 - SVG drawn by segno, its text escaped
        "secret": two_factor.secret_text(device),
        "account": request.user.get_username(),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _enrolment_code(request: HttpRequest) -> HttpResponse:
    """Ask for the enrolment code an administrator issued; once accepted, the same page shows the secret."""
    form = EnrolmentCodeForm(request.POST if "code" in request.POST else None)
    if form.is_valid():
        refusal = enrolment.enrolment_code_redeem(
            session=request.session, user=request.user, code=form.cleaned_data["code"]
        )
        if refusal is None:
            return redirect(_with_next("accounts:two_factor_enrol", request))
        form.add_error("code", ENROLMENT_CODE_REFUSALS[refusal])
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_enrolment_code.html", context)


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Send the admin site's sign-in to the application's, which has the lockout and the second factor."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Answer a sign-in attempt that django-axes refused after repeated failures.

    The same page whether or not the username exists (unknown usernames are counted and
    locked like real ones): it says what to do and nothing about the account.
    """
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_not_required
@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the account when signed in, in a cookie before sign-in.

    Then back to the page the switcher was on (`next`, posted, never in a URL), if it is one of
    this site's; any other address is refused for the home page or the sign-in page.
    """
    candidate = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = candidate
    else:
        fallback = settings.LOGIN_REDIRECT_URL if request.user.is_authenticated else settings.LOGIN_URL
        target = resolve_url(fallback)
    response = redirect(target)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext_lazy("Choose one of the languages listed."))
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        languages.language_preference_set(user=request.user, language=language)
        request.session[languages.SESSION_KEY] = language
    # The cookie too: the sign-in page, after signing out, stays in the language last chosen.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
