"""Celery tasks of the case work: thin wrappers over services that take ids, never model objects.

Every task is idempotent (acks late: a task lost with its worker runs again) and has time
limits, so a stuck SMTP server cannot hold a worker forever.
"""

import datetime

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from cases.erasure import services as erasure
from cases.notifications import services

# Worth retrying: the mail server or the database was unreachable (SMTPException is an OSError).
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError, SoftTimeLimitExceeded)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,  # 1 s, 2 s, 4 s, ... with jitter
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,  # then the sweep takes over, at a slower pace
    soft_time_limit=50,
    time_limit=60,
)
def notification_deliver(*, notification_id: int) -> str:
    """Deliver one outbox row: in-app inbox, then email."""
    return services.notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True, soft_time_limit=100, time_limit=120)
def notification_sweep() -> int:
    """Queue again whatever the broker or a worker let fall (run by Celery beat every minute)."""
    return services.notifications_sweep()


@shared_task(acks_late=True, soft_time_limit=100, time_limit=120)
def notification_digests_queue() -> int:
    """Queue today's digest for every liaison (run by Celery beat every morning)."""
    day = timezone.localdate().isoformat()
    recipient_ids = services.digest_recipient_ids()
    for user_id in recipient_ids:
        notification_digest_deliver.apply_async(kwargs={"user_id": user_id, "day": day})
    return len(recipient_ids)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=50,
    time_limit=60,
)
def notification_digest_deliver(*, user_id: int, day: str) -> bool:
    """Email one liaison the digest of `day` (ISO date), once."""
    return services.notification_digest_deliver(user_id=user_id, day=datetime.date.fromisoformat(day))


@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3600)
def retention_sweep() -> int:
    """Anonymise the closed cases past the retention period (run by Celery beat every night)."""
    return erasure.retention_sweep()
