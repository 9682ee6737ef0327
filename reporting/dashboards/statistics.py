"""What the dashboards need from the database beyond plain SQL, on PostgreSQL and SQLite alike.

- ``Median``: PostgreSQL has ordered-set aggregates (``percentile_cont``/``percentile_disc``);
  SQLite has none, so the same expression registers a small Python aggregate on the SQLite
  connection instead.
- ``reporting_transaction``: PostgreSQL settings for a few large aggregate queries.

Both variants live here; the rest of the code calls these two names.
"""

import statistics
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Aggregate, FloatField

# For the length of one report's transaction on PostgreSQL:
# - no JIT compilation: the aggregates over 100,000 cases cross its cost threshold, and
#   compiling their long CASE expressions took longer (0.3 to 1 s a query) than running them;
# - sorts of a few hundred thousand rows (medians, distinct counts) in memory, not on disk.
POSTGRESQL_REPORTING_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"
# For figures nobody is waiting for: one core, not PostgreSQL's parallel workers on every core.
POSTGRESQL_BACKGROUND_SETTINGS = "SET LOCAL max_parallel_workers_per_gather = 0"


@contextmanager
def reporting_transaction(*, background: bool = False) -> Iterator[None]:
    """Run a report's read queries in one transaction, tuned for aggregates on PostgreSQL.

    `background`: computed ahead for nobody waiting (Celery beat). Its scans then keep to one
    core: on the two-core surge machine, beat's refresh every minute took both cores for three
    seconds, and the pages caseworkers were waiting for queued behind it (`make surge`).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(POSTGRESQL_REPORTING_SETTINGS)
                if background:
                    cursor.execute(POSTGRESQL_BACKGROUND_SETTINGS)
        yield


class _SqliteMedian:
    """SQLite aggregate: the median of the non-null values of a group (the mean of the middle two)."""

    pick = staticmethod(statistics.median)

    def __init__(self) -> None:
        self.values = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return self.pick(self.values) if self.values else None


class _SqliteMedianLow(_SqliteMedian):
    """SQLite aggregate: the lower middle value, which exists for any sortable type (dates too)."""

    pick = staticmethod(statistics.median_low)


class Median(Aggregate):
    """The median of an expression over each group.

    With ``discrete=True`` the result is one of the values (the lower middle one), so it works
    on dates and timestamps as well as numbers; otherwise it is the usual interpolated median
    of numbers, returned as a float.
    """

    name = "Median"
    function = "PERCENTILE_CONT"
    allow_distinct = False

    def __init__(self, expression, *, discrete: bool = False, **extra):
        self.discrete = discrete
        if not discrete:
            extra.setdefault("output_field", FloatField())
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        ordered_set = self.copy()  # Aggregate.as_sql reads the template from the instance when filtered
        ordered_set.function = "PERCENTILE_DISC" if self.discrete else "PERCENTILE_CONT"
        ordered_set.template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return ordered_set.as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        # Registering again on the same connection only replaces the function: cheap and idempotent.
        connection.connection.create_aggregate("MEDIAN_LOW", 1, _SqliteMedianLow)
        connection.connection.create_aggregate("MEDIAN", 1, _SqliteMedian)
        return self.as_sql(
            compiler, connection, function="MEDIAN_LOW" if self.discrete else "MEDIAN", **extra_context
        )
