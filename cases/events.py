"""Case events: the timeline of what was done on a case, by whom and when."""

from cases.models import Case, CaseEvent
from cases.notifications.outbox import notification_outbox_write


def event_record(*, case: Case, actor, kind: str, note: str = "", data: dict | None = None) -> CaseEvent:
    """Append an event to the case's timeline. Call it inside the transaction of the change it records."""
    event = CaseEvent.objects.create(case=case, actor=actor, kind=kind, note=note, data=data or {})
    # An event that needs an embassy liaison writes its outbox rows here, in the same transaction.
    notification_outbox_write(event=event)
    return event
