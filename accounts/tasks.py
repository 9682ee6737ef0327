"""Celery tasks of the accounts: periodic housekeeping of sessions, and the emails of role changes.

Thin wrappers that take ids, never model objects; idempotent, with time limits.
"""

from celery import shared_task
from django.core.management import call_command

from accounts import emails
from cases.tasks import TRANSIENT_ERRORS


@shared_task(acks_late=True)
def sessions_clear() -> None:
    """Delete expired sessions from the store, so that an abandoned session leaves nothing behind."""
    call_command("clearsessions")


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=8,
    soft_time_limit=50,
    time_limit=60,
)
def staff_access_changed_notify(*, user_id: int) -> None:
    """Tell a person by email that an administrator changed their role or organisation."""
    emails.staff_access_changed_send(user_id=user_id)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=8,
    soft_time_limit=50,
    time_limit=60,
)
def organisation_access_granted_notify(*, user_id: int, organisation_id: int) -> None:
    """Tell an organisation's coordinators by email that an account was given a role in it."""
    emails.organisation_access_granted_send(user_id=user_id, organisation_id=organisation_id)
