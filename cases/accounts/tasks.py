"""Periodic housekeeping of sessions."""

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def sessions_clear() -> None:
    """Delete expired sessions from the store, so that an abandoned session leaves nothing behind."""
    call_command("clearsessions")
