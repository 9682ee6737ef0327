"""The Referrals panel of the case file: the case's referrals with state and clock, revoke, and a
link to make one. Registered with the case file from ReferralsConfig.ready."""

from django.http import HttpRequest
from django.utils import timezone

from cases.casefile.panels import casefile_panel_register
from cases.models import Case
from referrals import selectors


def referrals_panel(request: HttpRequest, case: Case) -> dict | None:
    """What the panel shows the sending organisation's caseworker; None for anyone else."""
    if not request.user.has_perm("cases.change_case", case):
        return None
    return {
        "referrals": selectors.case_referrals(user=request.user, case=case),
        "may_refer": request.user.has_perm("referrals.make_referral", case),
        "now": timezone.now(),
    }


casefile_panel_register(template="referrals/case_panel.html", context=referrals_panel)
