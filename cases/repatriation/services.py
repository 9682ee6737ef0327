"""Writes of the repatriation workflow: one transition, or one transition on many cases at once.

Each transition changes the case's stage, records a case event (and, through it, the
notification outbox) and, when the embassy issues a travel document, the document custody:
all in one transaction, so none of them exists without the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases.access import staff_profile
from cases.events import event_record
from cases.models import Case, CaseEvent, RepatriationStage
from cases.repatriation.permissions import side_of, transition_permission
from cases.repatriation.workflow import (
    BEFORE_DEPARTURE,
    RepatriationRefused,
    Side,
    Transition,
    reason_check,
    side_label,
    transition_check,
)
from intake.models import Nationality
from intake.vocabularies import DocumentCustody

NOTE_MAX_LENGTH = 1000
HOLD_REASON_MAX_LENGTH = Case._meta.get_field("repatriation_hold_reason").max_length


def _transition_allowed(*, case: Case, transition_name: str, actor) -> Transition:
    """Return the transition if the workflow allows it from the case's stage and the actor may make it."""
    if case.is_closed:
        raise RepatriationRefused(
            gettext("The case is closed: reopen it before changing its repatriation stage."), code="closed"
        )
    transition = transition_check(stage=case.repatriation_stage, name=transition_name)
    permission = transition_permission(transition.name)
    if not actor.has_perm(permission):
        raise RepatriationRefused(
            gettext("Only %(side)s can %(action)s."),
            code="not_your_side",
            params={"side": side_label(transition.sides), "action": str(transition.label).lower()},
        )
    if not actor.has_perm(permission, case):
        raise PermissionDenied  # a case out of the actor's reach: screens answer 404 before this
    return transition


def _resume_stage(case: Case) -> str:
    """Return the main-line stage a case in a side state goes back to (recorded when it left the line)."""
    data = (
        case.events.filter(kind=CaseEvent.Kind.REPATRIATION, data__to=case.repatriation_stage)
        .order_by("-at", "-pk")
        .values_list("data", flat=True)
        .first()
    ) or {}
    stage = data.get("resume_to")
    # A case put aside before the workflow recorded where it stood starts again from the beginning.
    return stage if stage in BEFORE_DEPARTURE else RepatriationStage.IDENTIFIED


def _custody_update(*, case: Case, country: str) -> dict:
    """Record that the embassy of `country` issued an emergency travel document; return the change."""
    nationality = Nationality.objects.select_for_update().get(person_id=case.person_id, country=country)
    before = nationality.document_custody
    nationality.document_custody = DocumentCustody.EMERGENCY_DOCUMENT
    nationality.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    nationality.save(update_fields=["document_custody", "updated_at"])
    return {"country": country, "from": before, "to": nationality.document_custody}


def _apply(*, case: Case, transition: Transition, actor, note: str, reason: str) -> CaseEvent:
    """Make `transition` on a locked, checked case. Call inside a transaction."""
    reason = reason_check(transition, reason)
    before = case.repatriation_stage
    resume_to = None
    if transition.target in (RepatriationStage.ON_HOLD, RepatriationStage.LEGAL_PROCEEDINGS):
        resume_to = before if before in BEFORE_DEPARTURE else _resume_stage(case)
    after = transition.target or _resume_stage(case)

    case.repatriation_stage = after
    case.repatriation_stage_since = timezone.now()
    case.repatriation_hold_reason = reason if after == RepatriationStage.ON_HOLD else ""
    case.full_clean(
        exclude=[f.name for f in Case._meta.fields if not f.name.startswith("repatriation_")],
        validate_unique=False,
    )
    case.save(update_fields=["repatriation_stage", "repatriation_stage_since", "repatriation_hold_reason"])

    data = {"transition": transition.name, "from": before, "to": after, "side": side_of(actor)}
    if resume_to:
        data["resume_to"] = resume_to
    profile = staff_profile(actor)
    if data["side"] == Side.EMBASSY:
        data["embassy"] = profile.served_country  # the embassy's history is read by this
    if transition.issues_travel_document:
        data["custody"] = _custody_update(case=case, country=profile.served_country)
    text = "\n\n".join(part for part in (reason, note.strip()) if part)
    return event_record(case=case, actor=actor, kind=CaseEvent.Kind.REPATRIATION, note=text, data=data)


@transaction.atomic
def repatriation_transition(
    *, case: Case, transition: str, actor, note: str = "", reason: str = ""
) -> CaseEvent:
    """Move one case through `transition` as `actor`, or refuse with a reason (RepatriationRefused)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)  # two people acting at once: one waits
    checked = _transition_allowed(case=locked, transition_name=transition, actor=actor)
    event = _apply(case=locked, transition=checked, actor=actor, note=note, reason=reason)
    case.refresh_from_db(
        fields=["repatriation_stage", "repatriation_stage_since", "repatriation_hold_reason"]
    )
    return event


@dataclass
class BulkOutcome:
    """What a transition on many cases did: the cases moved, and those left as they were, with why."""

    done: list[Case] = field(default_factory=list)
    skipped: list[tuple[Case, str]] = field(default_factory=list)


@transaction.atomic
def repatriation_transition_many(*, cases: list[Case], transition: str, actor, note: str = "") -> BulkOutcome:
    """Make `transition` on every case that allows it, in one transaction; skip the others, saying why."""
    outcome = BulkOutcome()
    locked = Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]).order_by("pk")
    for case in locked:
        try:
            checked = _transition_allowed(case=case, transition_name=transition, actor=actor)
            # Without a reason: a hold, which needs one per case, is refused here.
            _apply(case=case, transition=checked, actor=actor, note=note, reason="")
        except RepatriationRefused as refusal:
            outcome.skipped.append((case, " ".join(refusal.messages)))
        else:
            outcome.done.append(case)
    return outcome
