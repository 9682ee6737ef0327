"""Celery tasks of reporting: thin wrappers, idempotent, with time limits."""

from celery import shared_task

from reporting.dashboards.snapshots import every_case_snapshot_refresh


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60, expires=55)
def dashboard_figures_refresh() -> bool:
    """Compute and keep the dashboard's unfiltered figures (every minute, so no coordinator waits)."""
    return every_case_snapshot_refresh() is not None
