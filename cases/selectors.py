"""Read queries shared by screens. Each costs a fixed number of queries, whatever the caseload."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case, Role, StaffProfile
from intake.models import Interview, minor_condition, urgent_condition


def not_interviewed_condition() -> Exists:
    """Whether no interview of a case's person was started (the caseload tile and the list's filter)."""
    return ~Exists(Interview.objects.filter(person_id=OuterRef("person_id")))


def caseload_summary(*, user) -> dict[str, int]:
    """Count the open cases `user` may read: all, assigned to them, minors, urgent needs, new arrivals."""
    today = timezone.localdate()
    return (
        Case.objects.visible_to(user)
        .exclude(status__in=CLOSED_STATUSES)
        .aggregate(
            open=Count("pk"),
            mine=Count("pk", filter=Q(caseworker_id=user.pk)),
            minors=Count("pk", filter=minor_condition(today, via="person__")),
            urgent=Count("pk", filter=urgent_condition(via="person__")),
            arrived_this_week=Count(
                "pk", filter=Q(person__arrived_on__gt=today - datetime.timedelta(days=7))
            ),
            not_interviewed=Count("pk", filter=Q(not_interviewed_condition())),
        )
    )


def caseload_list_filters(*, user) -> dict[str, dict[str, str]]:
    """For each count of `caseload_summary`, the case list's filters that list the cases it counts.

    The home page's tiles link there: a tile's number is the number of rows the list shows.
    """
    only_open = {"open": "on"}
    week_start = timezone.localdate() - datetime.timedelta(days=6)  # arrived after today - 7 days
    return {
        "open": only_open,
        "mine": {**only_open, "caseworker": str(user.pk)},
        "minors": {**only_open, "minors": "on"},
        "urgent": {**only_open, "urgent": "on"},
        "arrived_this_week": {**only_open, "arrived_after": week_start.isoformat()},
        "not_interviewed": {**only_open, "not_interviewed": "on"},
    }


def staff_by_role() -> list[tuple[str, int]]:
    """Count active staff accounts per role (by the role's label), for administrators."""
    counts = dict(
        StaffProfile.objects.filter(user__is_active=True)
        .values_list("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(role.label, counts.get(role.value, 0)) for role in Role]
