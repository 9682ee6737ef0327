"""The repatriation workflow as a state machine, named in IOM's assisted-return terms.

The main line runs from identification to reintegration follow-up; three side states (on
hold, declined, legal proceedings) can interrupt it before departure. Each transition
belongs to one side of the work or to both: the NGO's caseworkers drive what happens in
Thailand, the embassy's liaisons verify nationality, issue the travel document, schedule
the departure and confirm reception at home. Which role acts for which side, and on which
cases, is decided by the access policy (cases/access.py); this module knows no user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import RepatriationStage

Stage = RepatriationStage


class Side(models.TextChoices):
    NGO = "ngo", _("NGO")
    EMBASSY = "embassy", _("Embassy")


BOTH_SIDES = frozenset({Side.NGO, Side.EMBASSY})

# The main line of return, in order: a case at one stage has passed all the earlier ones.
MAIN_LINE = [
    Stage.IDENTIFIED,
    Stage.VERIFICATION_REQUESTED,
    Stage.NATIONALITY_VERIFIED,
    Stage.TRAVEL_DOCUMENT_REQUESTED,
    Stage.TRAVEL_DOCUMENT_ISSUED,
    Stage.EXIT_CLEARANCE,
    Stage.DEPARTURE_SCHEDULED,
    Stage.DEPARTED,
    Stage.RECEIVED,
    Stage.REINTEGRATION,
]
# The main line up to the person's departure: the stages a hold can interrupt.
BEFORE_DEPARTURE = frozenset(MAIN_LINE[: MAIN_LINE.index(Stage.DEPARTED)])
SIDE_STATES = (Stage.ON_HOLD, Stage.DECLINED, Stage.LEGAL_PROCEEDINGS)  # in the order screens list them


@dataclass(frozen=True)
class Transition:
    """One step a person may take on a case: from which stages, to which, by which side."""

    name: str
    label: str  # the action, as its button says it
    sources: frozenset[str]
    # None: back to the main-line stage the case was at before it left the main line.
    target: str | None
    sides: frozenset[str]
    needs_reason: bool = False
    issues_travel_document: bool = False


def _t(name, label, sources, target, sides, **flags) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(sides), **flags)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t(
            "request_verification",
            _("Request nationality verification"),
            {Stage.IDENTIFIED},
            Stage.VERIFICATION_REQUESTED,
            {Side.NGO},
        ),
        _t(
            "verify_nationality",
            _("Verify nationality"),
            {Stage.VERIFICATION_REQUESTED},
            Stage.NATIONALITY_VERIFIED,
            {Side.EMBASSY},
        ),
        _t(
            "request_travel_document",
            _("Request a travel document"),
            {Stage.NATIONALITY_VERIFIED},
            Stage.TRAVEL_DOCUMENT_REQUESTED,
            {Side.NGO},
        ),
        _t(
            "issue_travel_document",
            _("Issue an emergency travel document"),
            {Stage.TRAVEL_DOCUMENT_REQUESTED},
            Stage.TRAVEL_DOCUMENT_ISSUED,
            {Side.EMBASSY},
            issues_travel_document=True,
        ),
        _t(
            "record_exit_clearance",
            _("Record exit clearance"),
            {Stage.TRAVEL_DOCUMENT_ISSUED},
            Stage.EXIT_CLEARANCE,
            {Side.NGO},
        ),
        _t(
            "schedule_departure",
            _("Schedule departure"),
            {Stage.EXIT_CLEARANCE},
            Stage.DEPARTURE_SCHEDULED,
            {Side.EMBASSY},
        ),
        _t(
            "record_departure", _("Record departure"), {Stage.DEPARTURE_SCHEDULED}, Stage.DEPARTED, {Side.NGO}
        ),
        _t(
            "confirm_reception",
            _("Confirm reception in the home country"),
            {Stage.DEPARTED},
            Stage.RECEIVED,
            {Side.EMBASSY},
        ),
        _t(
            "start_reintegration",
            _("Start reintegration follow-up"),
            {Stage.RECEIVED},
            Stage.REINTEGRATION,
            {Side.NGO},
        ),
        # Side states. Either side may pause the work for a reason and take it up again.
        _t("put_on_hold", _("Put on hold"), BEFORE_DEPARTURE, Stage.ON_HOLD, BOTH_SIDES, needs_reason=True),
        _t("resume", _("Resume where it stopped"), {Stage.ON_HOLD}, None, BOTH_SIDES),
        # Only the NGO hears the person's choice to stay or to seek protection, and knows of a trial.
        _t(
            "record_declined",
            _("Record that the person declines to return"),
            BEFORE_DEPARTURE | {Stage.ON_HOLD, Stage.LEGAL_PROCEEDINGS},
            Stage.DECLINED,
            {Side.NGO},
        ),
        _t(
            "reopen",
            _("Reopen: the person now wants to return"),
            {Stage.DECLINED},
            Stage.IDENTIFIED,
            {Side.NGO},
        ),
        _t(
            "start_legal_proceedings",
            _("Record legal proceedings"),
            BEFORE_DEPARTURE | {Stage.ON_HOLD},
            Stage.LEGAL_PROCEEDINGS,
            {Side.NGO},
        ),
        _t(
            "end_legal_proceedings",
            _("Legal proceedings ended: resume"),
            {Stage.LEGAL_PROCEEDINGS},
            None,
            {Side.NGO},
        ),
    ]
}

# Who acts next at each stage, and what they do: the queue's "next action" column.
WAITING_ON: dict[str, str | None] = {
    Stage.IDENTIFIED: Side.NGO,
    Stage.VERIFICATION_REQUESTED: Side.EMBASSY,
    Stage.NATIONALITY_VERIFIED: Side.NGO,
    Stage.TRAVEL_DOCUMENT_REQUESTED: Side.EMBASSY,
    Stage.TRAVEL_DOCUMENT_ISSUED: Side.NGO,
    Stage.EXIT_CLEARANCE: Side.EMBASSY,
    Stage.DEPARTURE_SCHEDULED: Side.NGO,
    Stage.DEPARTED: Side.EMBASSY,
    Stage.RECEIVED: Side.NGO,
    Stage.REINTEGRATION: None,
    Stage.ON_HOLD: None,
    Stage.DECLINED: None,
    Stage.LEGAL_PROCEEDINGS: None,
}
NEXT_ACTION: dict[str, str] = {
    Stage.IDENTIFIED: _("NGO to request nationality verification"),
    Stage.VERIFICATION_REQUESTED: _("Embassy to verify nationality"),
    Stage.NATIONALITY_VERIFIED: _("NGO to request a travel document"),
    Stage.TRAVEL_DOCUMENT_REQUESTED: _("Embassy to issue an emergency travel document"),
    Stage.TRAVEL_DOCUMENT_ISSUED: _("NGO to obtain exit clearance"),
    Stage.EXIT_CLEARANCE: _("Embassy to schedule departure"),
    Stage.DEPARTURE_SCHEDULED: _("NGO to record departure"),
    Stage.DEPARTED: _("Embassy to confirm reception in the home country"),
    Stage.RECEIVED: _("NGO to start reintegration follow-up"),
    Stage.REINTEGRATION: _("Follow-up in the home country"),
    Stage.ON_HOLD: _("Resolve the hold, then resume"),
    Stage.DECLINED: _("None: the person chose not to return"),
    Stage.LEGAL_PROCEEDINGS: _("Wait for the legal proceedings to end"),
}
STAGES_WAITING_ON_EMBASSY = frozenset(stage for stage, side in WAITING_ON.items() if side == Side.EMBASSY)


class RepatriationRefused(ValidationError):
    """A transition that the workflow or the access policy does not allow; the message says why."""


def transitions_from(stage: str) -> list[Transition]:
    """Return the transitions the workflow allows from `stage`, main line first."""
    return [t for t in TRANSITIONS.values() if stage in t.sources]


def transition_check(*, stage: str, name: str) -> Transition:
    """Return the transition `name` if the workflow allows it from `stage`; refuse it with a reason."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise RepatriationRefused(
            gettext("“%(name)s” is not a step of the repatriation workflow."),
            code="unknown",
            params={"name": name},
        )
    if stage not in transition.sources:
        options = ", ".join(str(t.label).lower() for t in transitions_from(stage)) or gettext("none")
        raise RepatriationRefused(
            gettext(
                "Cannot %(action)s: the case is at “%(stage)s”. The possible steps from there: %(options)s."
            ),
            code="invalid_transition",
            params={"action": str(transition.label).lower(), "stage": Stage(stage).label, "options": options},
        )
    return transition


def reason_check(transition: Transition, reason: str) -> str:
    """Return `reason`, stripped; refuse a transition that needs a reason (a hold) without one."""
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise RepatriationRefused(gettext("Give a reason for the hold."), code="reason_required")
    return reason


def side_label(sides: frozenset[str]) -> str:
    """Name who may make a transition, for refusals: "the embassy", "the NGO", "the NGO or the embassy"."""
    if sides == BOTH_SIDES:
        return str(_("the NGO or the embassy"))
    return str(_("the embassy") if Side.EMBASSY in sides else _("the NGO"))
