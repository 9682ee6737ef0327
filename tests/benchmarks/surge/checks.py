"""What the database says afterwards: the cases registered, and every notification delivered once.

A notification is delivered once when its outbox row is marked delivered, it has its one
inbox item (no recipient sees the same event twice), and the emails that went out, which
each count the rows they cover, add up to exactly the rows marked emailed.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import redis
from django.db.models import Count, Max

from cases.access import liaisons_seeing_case
from cases.models import Case, CaseEvent, InboxItem, Notification
from cases.notifications.outbox import notification_kind_for

EMAIL_COUNT = re.compile(r"You have (\d+) new notifications? in your repatriation queue")
EMAIL_TO = re.compile(r"^To: (.+)$", re.MULTILINE)
DELIVER_TASK = r"Task cases\.tasks\.notification_deliver\[[^\]]+\]"
TASK_RESULT = re.compile(DELIVER_TASK + r" succeeded in [0-9.]+s: '([^']*)'")
TASK_FAILED = re.compile(DELIVER_TASK + r" (raised|retry)")


@dataclass(frozen=True)
class Snapshot:
    """The highest ids before a phase: what comes after is that phase's."""

    case: int
    event: int
    notification: int

    @classmethod
    def take(cls) -> Snapshot:
        return cls(
            case=Case.objects.aggregate(m=Max("pk"))["m"] or 0,
            event=CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0,
            notification=Notification.objects.aggregate(m=Max("pk"))["m"] or 0,
        )


def cases_check(*, since: Snapshot, expected: int) -> dict:
    """Exactly `expected` new cases, each opened once, none registered twice."""
    new = Case.objects.filter(pk__gt=since.case)
    count = new.count()
    opened = CaseEvent.objects.filter(case__in=new, kind=CaseEvent.Kind.OPENED).count()
    twice = new.values("person__family_name").annotate(n=Count("pk")).filter(n__gt=1).count()
    per_caseworker = list(new.values("caseworker_id").annotate(n=Count("pk")).values_list("n", flat=True))
    return {
        "expected": expected,
        "new_cases": count,
        "opened_events": opened,
        "registered_twice": twice,
        "per_caseworker_min": min(per_caseworker, default=0),
        "per_caseworker_max": max(per_caseworker, default=0),
        "ok": count == expected and opened == expected and twice == 0,
    }


def drain(*, since: Snapshot, redis_url: str, timeout: float) -> dict:
    """Wait until every notification since `since` is delivered and the broker's queue is empty."""
    broker = redis.Redis.from_url(redis_url)
    started = time.monotonic()
    while True:
        undelivered = Notification.objects.filter(
            pk__gt=since.notification, delivered_at__isnull=True
        ).count()
        queued = broker.llen("celery")
        waited = time.monotonic() - started
        if (undelivered == 0 and queued == 0) or waited > timeout:
            return {"seconds": round(waited, 1), "undelivered": undelivered, "queued": queued}
        time.sleep(1)


def _outbox_mismatches(since: Snapshot) -> int:
    """Events since `since` whose outbox rows are not exactly the liaisons who may read the case."""
    mismatches = 0
    events = CaseEvent.objects.filter(pk__gt=since.event).select_related("case").order_by("pk")
    for event in events.iterator(chunk_size=500):
        kind = notification_kind_for(event)
        written = set(Notification.objects.filter(event_id=event.pk).values_list("recipient_id", flat=True))
        if kind is None or event.case.is_closed:
            mismatches += bool(written)
            continue
        wanted = set(liaisons_seeing_case(event.case).exclude(pk=event.actor_id).values_list("pk", flat=True))
        if kind == Notification.Kind.NEW_NATIONAL:  # each liaison hears of a national once
            wanted -= set(
                Notification.objects.filter(
                    case_id=event.case_id, kind=kind, event_id__lt=event.pk
                ).values_list("recipient_id", flat=True)
            )
        mismatches += written != wanted
    return mismatches


def _emails(mail_dir: Path) -> list[tuple[str, int]]:
    """The notification emails in `mail_dir` (Django's file backend): (address, rows it counts) each."""
    emails = []
    for path in sorted(mail_dir.glob("*.log")):
        for text in path.read_text().split("-" * 79):
            count, to = EMAIL_COUNT.search(text), EMAIL_TO.search(text)
            if count and to:
                emails.append((to.group(1).strip(), int(count.group(1))))
    return emails


def _task_outcomes(worker_log: Path) -> dict:
    text = worker_log.read_text() if worker_log.exists() else ""
    outcomes = Counter(TASK_RESULT.findall(text))
    outcomes.update(f"task {kind}" for kind in TASK_FAILED.findall(text))
    return dict(outcomes)


def notifications_check(*, since: Snapshot, mail_dir: Path, worker_log: Path) -> dict:
    """Every outbox row since `since` written for the right liaisons and delivered exactly once."""
    rows = Notification.objects.filter(pk__gt=since.notification)
    items = InboxItem.objects.filter(notification__in=rows)
    emailed = Counter(
        dict(
            rows.filter(emailed_at__isnull=False)
            .values("recipient__email")
            .annotate(n=Count("pk"))
            .values_list("recipient__email", "n")
        )
    )
    emails = _emails(mail_dir)
    counted: Counter = Counter()
    for address, count in emails:
        counted[address] += count
    result = {
        "written": rows.count(),
        "by_kind": dict(rows.values("kind").annotate(n=Count("pk")).values_list("kind", "n")),
        "outbox_mismatches": _outbox_mismatches(since),
        "undelivered": rows.filter(delivered_at__isnull=True).count(),
        "delivered_without_inbox_item": rows.filter(
            delivered_at__isnull=False, inbox_item__isnull=True
        ).count(),
        "inbox_items": items.count(),
        "inbox_duplicates": items.values("recipient_id", "notification__event_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
        "not_emailed": rows.filter(emailed_at__isnull=True).exclude(recipient__email="").count(),
        "emails": len(emails),
        "rows_emailed": sum(emailed.values()),
        "rows_counted_by_emails": sum(counted.values()),
        "task_outcomes": _task_outcomes(worker_log),
    }
    result["ok"] = (
        result["outbox_mismatches"] == 0
        and result["undelivered"] == 0
        and result["delivered_without_inbox_item"] == 0
        and result["inbox_items"] == result["written"]
        and result["inbox_duplicates"] == 0
        and result["not_emailed"] == 0
        and counted == emailed
    )
    return result
