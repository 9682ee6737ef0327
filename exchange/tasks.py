"""Celery tasks of the import: thin, idempotent."""

from celery import shared_task

from exchange.services import uploads_expired_purge


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def uploads_expired_delete() -> int:
    """Delete uploaded HTCDS files whose dry run was never confirmed nor cancelled in time."""
    return uploads_expired_purge()
