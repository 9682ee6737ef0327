"""Anonymised releases: one file of counts over every consenting person, that no two releases can difference.

A per-request extract with the reader's choice of filters and columns was k-anonymous within
each download, yet two downloads (persons who arrived before one day, then before the next)
differed by a single person. A release is therefore:

- computed over every case whose person's consent to anonymised research is in force, never
  narrowed by a filter, with one fixed list of columns (``RELEASE_COLUMNS``) generalised once
  (age bands, the year instead of dates, 0/1 flags) — there is no choice to difference;
- published as one row per combination of values with a ``count`` column (rather than one row
  per person): the count is what differencing would attack, so it is the count that is checked;
- numbered and immutable: the file is stored when published and every download gives the
  same bytes; a new release never replaces an older one, it is checked against all of them.

The count published for each combination is the largest ``c`` not above the real number of
consenting persons with those values such that ``c`` is 0 or at least ``K``, and, for every
earlier release, ``c`` equals the count it published for the combination (0 when absent) or
differs from it by at least ``K``. 0 always qualifies, so a count never exceeds the truth.
Subtracting any two releases, or a release from itself, then gives 0 or at least ``K`` per
combination, and every published group holds 0 or at least ``K`` persons.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max

from cases.models import AnonymisedRelease, Case
from reporting.exports.research import research_records

K = 11  # CTDC's threshold: every published group, and every difference between releases
COUNT_COLUMN = "count"
# The fixed columns of every release, generalised as CTDC does (see research.py). Few columns:
# each one splits the groups further, and a group under K is published as 0.
RELEASE_COLUMNS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
]

Combination = tuple


def combination_counts(records: Iterable[dict], columns: list[str] = RELEASE_COLUMNS) -> Counter:
    """Count the records per combination of the values of `columns`."""
    return Counter(tuple(record[name] for name in columns) for record in records)


def publishable_count(actual: int, earlier: Iterable[int], *, k: int = K) -> int:
    """Return the largest c <= `actual`, 0 or >= k, equal to or >= k away from every earlier count."""
    earlier = set(earlier)
    for c in range(actual, k - 1, -1):
        if all(c == r or abs(c - r) >= k for r in earlier):
            return c
    return 0


def publishable_groups(
    actual: Counter, earlier_releases: list[dict[Combination, int]], *, k: int = K
) -> dict[Combination, int]:
    """Return the count to publish for every combination ever seen (0 where nothing may be)."""
    combinations = set(actual)
    for published in earlier_releases:
        combinations |= set(published)
    return {
        combination: publishable_count(
            actual.get(combination, 0), (published.get(combination, 0) for published in earlier_releases), k=k
        )
        for combination in combinations
    }


def release_groups(release: AnonymisedRelease) -> dict[Combination, int]:
    """Return what `release` published: count per combination of values."""
    return {tuple(values): count for values, count in release.groups}


def release_csv(columns: list[str], groups: dict[Combination, int]) -> str:
    """Return the release file: the columns and a count, one row per published group, sorted by value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, COUNT_COLUMN])
    for combination in sorted(groups, key=lambda values: tuple(str(value) for value in values)):
        if groups[combination]:
            writer.writerow([*combination, groups[combination]])
    return buffer.getvalue()


def _lock_releases() -> None:
    """Let one release be published at a time: each is checked against every one before it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE cases_anonymisedrelease IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def release_publish(*, published_by) -> AnonymisedRelease:
    """Publish the next anonymised release over every case whose person consents to research."""
    _lock_releases()
    earlier = list(AnonymisedRelease.objects.order_by("number"))
    if any(release.columns != RELEASE_COLUMNS for release in earlier):
        # Releases over other columns could be differenced against these ones (a margin of one
        # against a cross-table of the other): changing the columns needs a new series, decided
        # on purpose, not a code change that publishes silently.
        raise ValueError("the release columns changed since earlier releases were published")
    records = research_records(Case.objects.all())
    actual = combination_counts(records)
    groups = publishable_groups(actual, [release_groups(release) for release in earlier])
    published = {combination: count for combination, count in groups.items() if count}
    number = (AnonymisedRelease.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    release = AnonymisedRelease(
        number=number,
        created_by=published_by,
        k=K,
        columns=RELEASE_COLUMNS,
        groups=sorted(
            ([list(combination), count] for combination, count in published.items()),
            key=lambda pair: [str(value) for value in pair[0]],
        ),
        persons=sum(published.values()),
        consenting=len(records),
        content=release_csv(RELEASE_COLUMNS, published),
    )
    release.full_clean()
    release.save()
    return release
