"""The dashboard's figures, kept a short while so that every visit need not aggregate again.

At 100,000 cases the figures cost 1.3 to 1.9 s of database time (`make bench`), while
coordinators come back to the same figures again and again, and a figure a minute old serves
them as well as a new one when the page says how old it is. So the figures computed for a
set of filters are kept in the cache (Redis with REDIS_URL) for DASHBOARD_CACHE_SECONDS, the
page says when they were computed and offers to compute them again, and Celery beat
recomputes the unfiltered ones every minute: the dashboard a coordinator lands on is never
the slow one. With DASHBOARD_CACHE_SECONDS = 0 every visit computes its figures.

Only figures over every case are kept: they are the same for everyone who may count every
case (coordinators), and they are aggregates, never a record. Anyone whose countable cases
are fewer gets figures computed for them alone.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation

from cases.models import Case
from reporting.dashboards.panels import Figures, figures_of
from reporting.dashboards.selectors import DashboardFilters
from reporting.dashboards.statistics import reporting_transaction

# Raise when Figures changes shape or what they hide: figures kept by an older release are then
# ignored (version 2: small counts hidden in the unfiltered figures too; 3: the resales panels).
KEY_VERSION = 3


@dataclass(frozen=True)
class Snapshot:
    figures: Figures
    computed_at: datetime.datetime
    kept: bool  # whether these figures are kept for others (and may be some seconds old)


def dashboard_snapshot(*, user, filters: DashboardFilters, fresh: bool = False) -> Snapshot:
    """Return the figures `user` sees for `filters`: kept ones if any and not `fresh`, else new ones."""
    countable = Case.objects.countable_by(user)
    if settings.DASHBOARD_CACHE_SECONDS <= 0 or countable.query.has_filters():
        return Snapshot(_computed(countable, filters), timezone.now(), kept=False)
    if not fresh:
        snapshot = cache.get(_key(filters))
        if snapshot is not None:
            return snapshot
    return _keep(countable, filters)


def every_case_snapshot_refresh() -> Snapshot | None:
    """Compute and keep the unfiltered figures over every case, in the default language (Celery beat)."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        return _keep(Case.objects.all(), DashboardFilters(), background=True)


def _computed(countable: QuerySet[Case], filters: DashboardFilters, *, background: bool = False) -> Figures:
    with reporting_transaction(background=background):
        return figures_of(countable, filters)


def _keep(countable: QuerySet[Case], filters: DashboardFilters, *, background: bool = False) -> Snapshot:
    snapshot = Snapshot(_computed(countable, filters, background=background), timezone.now(), kept=True)
    cache.set(_key(filters), snapshot, settings.DASHBOARD_CACHE_SECONDS)
    return snapshot


def _key(filters: DashboardFilters) -> str:
    """The cache key of the figures over every case for `filters`, in the active language (labels differ)."""
    codes = "&".join(f"{name}={value}" for name, value in sorted(filters.as_codes().items()))
    digest = hashlib.sha256(codes.encode()).hexdigest()[:32]
    return f"dashboard:v{KEY_VERSION}:{translation.get_language()}:{digest}"
