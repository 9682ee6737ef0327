"""The second factor in tests: a confirmed authenticator for a user, and the codes it shows.

In this suite, as in Django's, `client.force_login(user)` stands for a finished sign-in: the
conftest makes it pass the second factor too, the way django-otp records it (the device's id
in the session). The sign-in itself (password, enrolment, codes, replay, lockout) is tested
through its real forms in tests/accounts/ and tests/browser/test_sign_in.py.
"""

import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from accounts.enrolment import enrolment_code_issue
from accounts.models import AuthenticatorDevice


def confirmed_device(user) -> AuthenticatorDevice:
    """Return the user's enrolled authenticator, enrolling one if they have none."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
    return device or AuthenticatorDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def enrolment_code(user) -> str:
    """Return a new enrolment code for the user, as an administrator would issue it."""
    return enrolment_code_issue(account=user).code


def code_at(device: AuthenticatorDevice, moment: float) -> str:
    """Return the code the device's app shows at `moment` (Unix time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = moment
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret: str, moment: float | None = None) -> str:
    """Return the code an app given `secret` (base32, as the enrolment page shows it) shows now."""
    key = "".join(secret.split()).upper()
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() if moment is None else moment
    return f"{totp.token():06d}"


def code_now(device: AuthenticatorDevice) -> str:
    """Return the code a person reads off the app now."""
    return code_at(device, time.time())


def unused_code(device: AuthenticatorDevice) -> str:
    """Return a code the device accepts now: the current one, or the next if the current was used.

    A test that signs the same person in twice within 30 seconds needs this, since a used
    code is refused; the device accepts one step ahead (its tolerance).
    """
    device.refresh_from_db()
    step_now = int(time.time() - device.t0) // device.step + device.drift
    step = max(step_now, device.last_t + 1)
    while step > step_now + device.tolerance:  # both steps used: wait for the next one
        time.sleep(1)
        step_now = int(time.time() - device.t0) // device.step + device.drift
    return code_at(device, device.t0 + (step - device.drift) * device.step)


def session_verify(client: Client, user) -> None:
    """Mark the client's session as having passed the second factor, as django_otp.login does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()


# Django's own force_login, kept before the conftest extends it.
force_login_password_only = Client.force_login
