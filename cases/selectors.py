"""Read queries shared by screens. Each costs a fixed number of queries, whatever the caseload."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case, Role, StaffProfile
from intake.models import minor_condition, urgent_condition


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
        )
    )


def staff_by_role() -> list[tuple[str, int]]:
    """Count active staff accounts per role (by the role's label), for administrators."""
    counts = dict(
        StaffProfile.objects.filter(user__is_active=True)
        .values_list("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(role.label, counts.get(role.value, 0)) for role in Role]
