"""What cases does when the survivor record tells it something (intake.signals)."""

from cases.access_log.services import access_record
from cases.events import event_record
from cases.models import AccessLog, Case, CaseEvent


def on_record_changed(sender, *, person, actor, part: str, **kwargs) -> None:
    """Put the change on the case's timeline, in the transaction of the change."""
    case = Case.objects.filter(person_id=person.pk).first()
    if case is not None:
        kind = CaseEvent.Kind.CONSENT_CHANGED if part == "consent" else CaseEvent.Kind.RECORD_UPDATED
        event_record(case=case, actor=actor, kind=kind, data={"part": part})


def on_record_viewed(sender, *, request, person, part: str, reason: str = "", **kwargs) -> None:
    """Log the read of a survivor's record; reading a narrative is logged with the reason given."""
    case_id = Case.objects.filter(person_id=person.pk).values_list("pk", flat=True).first()
    if part == "narrative":
        access_record(
            request=request,
            action=AccessLog.Action.VIEW_NARRATIVE,
            case_id=case_id,
            detail={"reason": reason},
        )
    else:
        access_record(request=request, action=AccessLog.Action.VIEW, case_id=case_id, detail={"part": part})
