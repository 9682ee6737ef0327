"""Case events: the timeline of what was done on a case, by whom and when."""

from cases.models import Case, CaseEvent
from cases.notifications.outbox import notification_outbox_write


def event_record(*, case: Case, actor, kind: str, note: str = "", data: dict | None = None) -> CaseEvent:
    """Append an event to the case's timeline. Call it inside the transaction of the change it records."""
    event = CaseEvent.objects.create(case=case, actor=actor, kind=kind, note=note, data=data or {})
    # An event that needs an embassy liaison writes its outbox rows here, in the same transaction.
    notification_outbox_write(event=event)
    return event


def events_record_bulk(events: list[CaseEvent]) -> list[CaseEvent]:
    """Append many unsaved events at once, each with the outbox rows `event_record` would write.

    For a write of many cases in one transaction (an import): the same rows as `event_record`
    called for each, in fewer queries.
    """
    events = CaseEvent.objects.bulk_create(events)
    for event in events:
        notification_outbox_write(event=event)  # no query for a kind no liaison hears of
    return events
