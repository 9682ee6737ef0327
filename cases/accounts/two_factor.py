"""The second factor: enrolling an authenticator app, and verifying a session with its code.

A person enrols one TOTP device (RFC 6238: a six-digit code that changes every 30 seconds)
the first time they sign in. Each later sign-in asks for a code from it. django-otp keeps the
last time step a device accepted, so a code that was used once is refused, and slows guessing
down by doubling the wait after each wrong code.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def device_confirmed(user) -> TOTPDevice | None:
    """Return the user's enrolled authenticator, or None if they have not enrolled yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_for_enrolment(user) -> TOTPDevice:
    """Return the authenticator being enrolled: created once, the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def verification_wait(device: TOTPDevice) -> int:
    """Return how many seconds must pass before the device accepts another code (0: now)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds() + 0.999))


def _session_verified(request: HttpRequest, device: TOTPDevice) -> None:
    django_otp.login(request, device)
    # The session now carries more than a password's worth of trust: give it a new key.
    request.session.cycle_key()


def session_verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Verify the signed-in session with a code from `device`; False if wrong, used or throttled."""
    verified = django_otp.verify_token(request.user, device.persistent_id, token)
    if verified is None:
        return False
    _session_verified(request, verified)
    return True


@transaction.atomic
def enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the device being enrolled with its first code, and verify the session with it."""
    verified = django_otp.verify_token(request.user, device.persistent_id, token)
    if verified is None or device_confirmed(request.user) is not None:
        return False  # a wrong code, or another device was confirmed meanwhile
    verified.confirmed = True
    verified.save(update_fields=["confirmed"])
    _session_verified(request, verified)
    return True


def secret_text(device: TOTPDevice) -> str:
    """Return the device's secret as an app expects it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """Return the device's otpauth:// address as a QR code, an inline SVG drawn here (no service)."""
    return segno.make(device.config_url, error="m").svg_inline(
        light="#fff",
        omitsize=True,  # a viewBox only: the page sizes it to its column
        title=_("QR code to scan with your authenticator app"),
        svgclass="qr-code img-fluid",
        lineclass=None,
    )
