"""What the second factor keeps: authenticators (encrypted secret), recovery and enrolment codes (hashed).

A database dump, a backup or a replica holds none of these in a usable form: the
authenticator's secret is encrypted with the field-encryption keys (intake.encryption), and
recovery and enrolment codes are kept only as digests.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from accounts.one_time_codes import recovery_code_digest, recovery_code_normalise
from intake.encryption import EncryptedTextField


def authenticator_key() -> str:
    """Return a new secret: 20 random bytes (160 bits, as RFC 4226 recommends), hex-encoded."""
    return random_hex(20)


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238): django-otp's TOTPDevice, its secret encrypted at rest.

    django-otp's TOTPDevice keeps the secret as plain hex: anyone with a copy of the database
    and a password could compute every code. Here the secret is a field encrypted under
    FIELD_ENCRYPTION_KEYS (rotated with the other encrypted fields by `rotate_field_keys`);
    codes are checked with django-otp's own TOTP implementation, with its throttling and its
    refusal of a code whose time step was already used.
    """

    key = EncryptedTextField(
        default=authenticator_key, help_text="The hex-encoded secret, encrypted at rest."
    )
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)  # one step either side: 90 seconds in all
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # the step of the last code accepted: never accepted again

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Accept a code of the current step (or one either side) never accepted before; throttle failures."""
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            token = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self) -> str:
        """Return the otpauth:// address an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "")).replace(":", "")
        label = f"{issuer}:{self.user.get_username()}" if issuer else self.user.get_username()
        params = {
            "secret": b32encode(self.bin_key),
            "algorithm": "SHA1",
            "digits": self.digits,
            "period": self.step,
        }
        query = urlencode(params) + (f"&issuer={quote(issuer)}" if issuer else "")
        return f"otpauth://totp/{quote(label)}?{query}"


class RecoveryDevice(ThrottlingMixin, Device):
    """The person's recovery codes, each usable once instead of the authenticator's code.

    Only the SHA-256 digest of each code is stored. A code carries 80 random bits, so its
    digest cannot be reversed by trying codes: a copy of the database gives no usable code,
    and no key is needed (none to keep, none to rotate).
    """

    class Meta(Device.Meta):
        verbose_name = _("set of recovery codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Accept a code of this set once (it is deleted), throttling wrong ones as the authenticator does."""
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = recovery_code_normalise(str(token))
        used = 0
        if code is not None:
            used, _ = self.codes.filter(digest=recovery_code_digest(code)).delete()
        if used:
            self.throttle_reset(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False


class RecoveryCode(models.Model):
    """One recovery code, by its digest; deleted when used."""

    device = models.ForeignKey(RecoveryDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_once_per_set")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk}"


class EnrolmentCode(models.Model):
    """The one-time code an administrator issued so that an account may enrol an authenticator.

    One per account: issuing another replaces it. Stored hashed with the password hasher, it
    expires, is deleted when used, and stops working after a few wrong attempts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_code",
        verbose_name=_("account"),
    )
    digest = models.CharField(max_length=128)  # make_password(): the hasher's name, salt and hash
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    failed_attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")

    def __str__(self) -> str:
        return f"{self.user} · {self.expires_at:%Y-%m-%d %H:%M}"


class LanguagePreference(models.Model):
    """The interface language a person chose: it follows them to every device they use, and into emails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference"
    )
    # A code of settings.LANGUAGES, checked by the switcher's form; no choices here, so that adding
    # a language needs no migration.
    language = models.CharField(_("language"), max_length=16)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("language preference")

    def __str__(self) -> str:
        return self.language
