"""Enrolment codes: the administrator's permission, per account, to set up an authenticator.

A password alone never enrols a second factor: a person with no authenticator must first
type the one-time code an administrator issued for their account (from the account's page in
the admin site, or `manage.py issue_enrolment_code USERNAME` on the server). Issuing a code
removes the account's authenticator and recovery codes (a lost phone is reset this way),
voids any earlier code, and writes an ENROLMENT entry in the access log (never the code).

The code is shown once, stored only as a password hash, expires after
ENROLMENT_CODE_LIFETIME, is deleted when used, and stops working after
ENROLMENT_CODE_ATTEMPTS wrong tries: it cannot be guessed, even by someone holding the password.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts import two_factor
from accounts.models import EnrolmentCode
from accounts.one_time_codes import enrolment_code_new, enrolment_code_normalise
from cases.client_address import client_address
from cases.models import AccessLog


@dataclass(frozen=True)
class IssuedCode:
    code: str  # as shown, grouped: ABCD-EFGH-JKMN
    expires_at: datetime.datetime
    authenticators_removed: int


class Refusal(StrEnum):
    """Why a typed enrolment code was not accepted."""

    WRONG = "wrong"  # wrong, expired, or none issued: the person is told the same
    USED_UP = "used_up"  # too many wrong tries: only a new code helps


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.ENROLMENT_CODE_LIFETIME_HOURS)


@transaction.atomic
def enrolment_code_issue(*, account, issued_by=None, request: HttpRequest | None = None) -> IssuedCode:
    """Issue a new enrolment code for `account`, removing its second factor; log it (never the code)."""
    code = enrolment_code_new()
    now = timezone.now()
    expires_at = now + lifetime()
    removed = two_factor.devices_remove(account)
    EnrolmentCode.objects.filter(user=account).delete()  # issuing a new code voids the old one
    EnrolmentCode.objects.create(
        user=account,
        digest=make_password(enrolment_code_normalise(code)),
        issued_at=now,
        expires_at=expires_at,
        issued_by=issued_by,
    )
    detail = {
        "account": account.get_username(),
        "account_id": account.pk,
        "expires_at": expires_at.isoformat(timespec="minutes"),
        "authenticators_removed": removed,
    }
    if request is None:
        detail["via"] = "manage.py issue_enrolment_code"
    AccessLog.objects.create(
        user=issued_by,
        username=issued_by.get_username() if issued_by else "",
        action=AccessLog.Action.ENROLMENT,
        path=request.path[:200] if request else "",
        ip_address=client_address(request) if request else None,
        detail=detail,
    )
    return IssuedCode(code=code, expires_at=expires_at, authenticators_removed=removed)


def enrolment_code_redeem(*, session: SessionBase, user, code: str) -> Refusal | None:
    """Accept `code` for `user` and let this session enrol an authenticator; or say why not.

    The code is used up whether or not the enrolment is finished: a person who leaves before
    confirming asks for a new one. A wrong code counts against the issued one, which stops
    working after ENROLMENT_CODE_ATTEMPTS wrong tries.
    """
    with transaction.atomic():
        issued = EnrolmentCode.objects.select_for_update().filter(user=user).first()
        if issued is None or issued.expires_at <= timezone.now():
            return Refusal.WRONG
        if issued.failed_attempts >= settings.ENROLMENT_CODE_ATTEMPTS:
            return Refusal.USED_UP
        if check_password(code, issued.digest):
            issued.delete()
            two_factor.device_start_enrolment(session=session, user=user)
            return None
        EnrolmentCode.objects.filter(pk=issued.pk).update(failed_attempts=F("failed_attempts") + 1)
        if issued.failed_attempts + 1 >= settings.ENROLMENT_CODE_ATTEMPTS:
            return Refusal.USED_UP
        return Refusal.WRONG
