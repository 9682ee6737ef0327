"""The second factor: enrolling an authenticator app, verifying a session with its code or a recovery code.

A person enrols one authenticator (TOTP, RFC 6238: a six-digit code that changes every 30
seconds) after typing the one-time enrolment code an administrator issued them
(accounts.enrolment): the password alone never enrols one. Confirming the app's first
code gives them ten recovery codes, shown once, each usable once instead of the app's code.
Each later sign-in asks for a code. django-otp keeps the last time step a device accepted, so
a code that was used once is refused, and slows guessing down by doubling the wait after each
wrong code.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device

from accounts.models import AuthenticatorDevice, RecoveryCode, RecoveryDevice
from accounts.one_time_codes import recovery_code_digest, recovery_code_new, recovery_code_normalise

DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# The authenticator being enrolled in this session: set when the enrolment code was accepted,
# so that only the session that typed the code is shown the new secret.
ENROLLING_SESSION_KEY = "accounts_enrolling_device"


def device_confirmed(user) -> AuthenticatorDevice | None:
    """Return the user's enrolled authenticator, or None if they have not enrolled yet."""
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()


def device_for_enrolment(request: HttpRequest) -> AuthenticatorDevice | None:
    """Return the authenticator this session may enrol (after its enrolment code), or None."""
    device_id = request.session.get(ENROLLING_SESSION_KEY)
    if not isinstance(device_id, int):
        return None
    return AuthenticatorDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


def device_start_enrolment(*, session: SessionBase, user) -> AuthenticatorDevice:
    """Create the authenticator to be enrolled, with a new secret, and let this session enrol it."""
    AuthenticatorDevice.objects.filter(user=user, confirmed=False).delete()
    device = AuthenticatorDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    session[ENROLLING_SESSION_KEY] = device.pk
    return device


def devices_remove(user) -> int:
    """Remove the user's authenticators and recovery codes (a lost phone); return how many were removed."""
    removed = (
        AuthenticatorDevice.objects.filter(user=user).delete()[1].get(AuthenticatorDevice._meta.label, 0)
    )
    RecoveryDevice.objects.filter(user=user).delete()
    return removed


def verification_wait(device: Device) -> int:
    """Return how many seconds must pass before the device accepts another code (0: now)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds() + 0.999))


def _session_verified(request: HttpRequest, device: Device) -> None:
    django_otp.login(request, device)
    # The session now carries more than a password's worth of trust: give it a new key.
    request.session.cycle_key()


def recovery_device(user) -> RecoveryDevice | None:
    """Return the user's set of recovery codes, or None if they have none."""
    return RecoveryDevice.objects.filter(user=user, confirmed=True).first()


def device_for_token(user, token: str) -> Device | None:
    """Return the device a typed code is for: the authenticator for six digits, else the recovery codes."""
    if recovery_code_normalise(token) is not None:
        return recovery_device(user)
    return device_confirmed(user)


def session_verify(*, request: HttpRequest, device: Device, token: str) -> bool:
    """Verify the signed-in session with a code from `device`; False if wrong, used or throttled."""
    verified = django_otp.verify_token(request.user, device.persistent_id, token)
    if verified is None:
        return False
    _session_verified(request, verified)
    return True


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


def recovery_codes_issue(user) -> list[str]:
    """Replace the user's recovery codes with new ones; return them, the only time they are seen in clear."""
    RecoveryDevice.objects.filter(user=user).delete()
    device = RecoveryDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [recovery_code_new() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(recovery_code_normalise(code)))
        for code in codes
    )
    return codes


@transaction.atomic
def enrolment_confirm(*, request: HttpRequest, device: AuthenticatorDevice, token: str) -> list[str] | None:
    """Confirm the device being enrolled with its first code and verify the session with it.

    Return the new recovery codes, or None if the code was wrong (or another device was
    confirmed meanwhile).
    """
    verified = django_otp.verify_token(request.user, device.persistent_id, token)
    if verified is None or device_confirmed(request.user) is not None:
        return None
    verified.confirmed = True
    verified.save(update_fields=["confirmed"])
    AuthenticatorDevice.objects.filter(user=request.user).exclude(pk=verified.pk).delete()
    codes = recovery_codes_issue(request.user)
    request.session.pop(ENROLLING_SESSION_KEY, None)
    _session_verified(request, verified)
    return codes


def secret_text(device: AuthenticatorDevice) -> str:
    """Return the device's secret as an app expects it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: AuthenticatorDevice) -> str:
    """Return the device's otpauth:// address as a QR code, an inline SVG drawn here (no service)."""
    return segno.make(device.config_url, error="m").svg_inline(
        light="#fff",
        omitsize=True,  # a viewBox only: the page sizes it to its column
        title=_("QR code to scan with your authenticator app"),
        svgclass="qr-code img-fluid",
        lineclass=None,
    )
