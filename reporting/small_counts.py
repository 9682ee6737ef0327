"""The one small-count rule: a count of persons from 1 to 4 is shown as "<5", wherever it is shown.

A figure about one to four persons may be about someone a reader can recognise (the only
Japanese woman who arrived on a given day). Every screen that shows a count of persons it
does not list one by one (dashboards, the export page's checks, the anonymised releases)
asks here: in Python through ``small_count_text``/``is_small_count``, in a template through
the ``small_count`` filter (``{% load small_counts %}``). 0 is shown: "nobody" identifies no one.

The rule holds whether or not a filter narrows the figures, and for what reaches the browser
unseen as well (a chart's data carries no value for a hidden count). A sum or median of
fewer than 5 people is not shown either, nor a figure that would give a hidden count back by
subtraction (reporting/dashboards/panels.py).

Counts of the viewer's own cases, the ones they may open one by one, are not hidden: the
caseworker's home tiles, the liaison's queue and its counts per stage, the export page's
"cases your organisation holds" (cases/selectors.py, cases/repatriation/selectors.py,
reporting/exports/views.py). Hiding a number of records the viewer can list and read reveals
nothing it would protect, and would only make their own work harder to follow.
"""

from __future__ import annotations

from django.utils.formats import number_format

SMALL_COUNT = 5  # counts from 1 to SMALL_COUNT - 1 are hidden
SMALL_COUNT_TEXT = "<5"


def is_small_count(count: int | None) -> bool:
    """True when `count` persons are few enough to be recognised: from 1 to 4."""
    return count is not None and 0 < count < SMALL_COUNT


def small_count_text(count: int | None) -> str:
    """Return `count` as shown to a reader: "<5" for 1 to 4, the grouped number otherwise."""
    if count is None:
        return ""
    if is_small_count(count):
        return SMALL_COUNT_TEXT
    return number_format(count, force_grouping=True)
