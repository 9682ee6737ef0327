"""Read queries shared by screens. Each costs a fixed number of queries, whatever the caseload."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django_countries import countries

from cases.models import CLOSED_STATUSES, Case, RepatriationStage, Role, StaffProfile
from intake.models import Nationality, Person


def caseload_summary(*, user) -> dict[str, int]:
    """Count the open cases `user` may read: all, assigned to them, minors, and urgent."""
    today = timezone.localdate()
    minors = Person.objects.minors(on=today).values("pk")
    return (
        Case.objects.visible_to(user)
        .exclude(status__in=CLOSED_STATUSES)
        .aggregate(
            open=Count("pk"),
            mine=Count("pk", filter=Q(caseworker_id=user.pk)),
            minors=Count("pk", filter=Q(person_id__in=minors)),
            urgent=Count("pk", filter=Q(person__needs_medical_care=True) | Q(person__protection_risk=True)),
            arrived_this_week=Count(
                "pk", filter=Q(person__arrived_on__gt=today - datetime.timedelta(days=7))
            ),
        )
    )


def repatriation_stage_counts(*, user) -> list[tuple[str, str, int]]:
    """Count the open cases `user` may count per repatriation stage, in workflow order."""
    counts = dict(
        Case.objects.countable_by(user)
        .exclude(status__in=CLOSED_STATUSES)
        .values_list("repatriation_stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in RepatriationStage]


def arrivals_by_nationality(*, user, limit: int = 10) -> list[tuple[str, int]]:
    """Count the persons `user` may count by primary nationality, largest groups first: (country name, n)."""
    rows = (
        Nationality.objects.filter(is_primary=True, person__case__in=Case.objects.countable_by(user))
        .values_list("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")[:limit]
    )
    return [(countries.name(code), n) for code, n in rows]


def network_totals(*, user) -> dict[str, int]:
    """Count every case `user` may count: in all, open, minors, with consent to share with an embassy."""
    today = timezone.localdate()
    return Case.objects.countable_by(user).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status__in=CLOSED_STATUSES)),
        minors=Count("pk", filter=Q(person_id__in=Person.objects.minors(on=today).values("pk"))),
        arrived_this_week=Count("pk", filter=Q(person__arrived_on__gt=today - datetime.timedelta(days=7))),
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
