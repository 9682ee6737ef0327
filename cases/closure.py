"""What closing a case decides besides its status: what stops it, and what the caseworker is told.

- A case whose repatriation is in progress cannot be closed. From the request for nationality
  verification to a scheduled departure an embassy is acting on the case (and a liaison sees it
  in their queue): closing it would leave that work without anyone answering for it. The
  caseworker first finishes the repatriation, or puts it on hold or declined with its reason.
  Before the first request (identified), after departure, on hold, declined or in legal
  proceedings, the case may be closed.
- Open referrals do not stop a closure, and closing does not revoke them: a case closed because
  the person was referred or handed to a partner is closed *because* another organisation now
  helps. The confirmation page warns how many are still open, so that the caseworker can revoke
  those the person no longer needs. A feature above cases (referrals) registers that warning
  here, so that cases never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from cases.models import Case, RepatriationStage

REPATRIATION_IN_PROGRESS = (
    RepatriationStage.VERIFICATION_REQUESTED,
    RepatriationStage.NATIONALITY_VERIFIED,
    RepatriationStage.TRAVEL_DOCUMENT_REQUESTED,
    RepatriationStage.TRAVEL_DOCUMENT_ISSUED,
    RepatriationStage.EXIT_CLEARANCE,
    RepatriationStage.DEPARTURE_SCHEDULED,
)

ClosureWarning = Callable[[Case], "str | None"]
_WARNINGS: list[ClosureWarning] = []


def repatriation_blocks_closing(case: Case) -> bool:
    """True while the case's repatriation is in progress: an embassy is acting on it."""
    return case.repatriation_stage in REPATRIATION_IN_PROGRESS


def closure_warning_register(warning: ClosureWarning) -> None:
    """Add a check whose message (or None) the closing page shows before a case is closed."""
    if warning not in _WARNINGS:
        _WARNINGS.append(warning)


def closure_warnings(case: Case) -> list[str]:
    """The registered warnings that apply to closing `case` now."""
    return [message for warning in _WARNINGS if (message := warning(case))]
