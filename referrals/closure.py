"""Closing a case with referrals still open: the closing page says so (cases/closure.py).

Closing does not revoke them: a case is often closed because another organisation now helps.
The caseworker is told how many are open, so as to revoke those the person no longer needs.
"""

from django.utils.translation import ngettext

from cases.closure import closure_warning_register
from cases.models import Case
from referrals.models import OPEN_STATES, Referral


def open_referrals_warning(case: Case) -> str | None:
    """Warn of the case's referrals still requested or accepted; None when there are none."""
    count = Referral.objects.filter(case=case, state__in=OPEN_STATES).count()
    if not count:
        return None
    return ngettext(
        "%(count)s referral of this case is still open (requested or accepted). Closing the case does not "
        "revoke it: the receiving organisation keeps what was shared until you revoke it from the case file.",
        "%(count)s referrals of this case are still open (requested or accepted). Closing the case does not "
        "revoke them: the receiving organisations keep what was shared until you revoke them from the case "
        "file.",
        count,
    ) % {"count": count}


closure_warning_register(open_referrals_warning)
