"""The case list as a table for a spreadsheet: one row per case, without names, phones or documents.

A spreadsheet is copied, mailed and left on laptops; the case reference is enough to find the
record in the application, where reading it is checked and logged.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from cases.models import Case
from cases.templatetags.staff import staff_name
from intake.models import Nationality


def case_list_header() -> list[str]:
    return [
        _("Reference"),
        _("Organisation"),
        _("Status"),
        _("Opened on"),
        _("Arrived on"),
        _("Primary nationality (ISO 3166)"),
        _("Primary nationality"),
        _("Gender"),
        _("Minor or possibly minor"),
        _("Repatriation stage"),
        _("In this stage since"),
        _("Days in this stage"),
        _("Where the person is"),
        _("Caseworker"),
    ]


def case_list_rows(cases: QuerySet[Case]) -> Iterator[list]:
    """Yield one row per case of `cases`, in the list's order, in a fixed number of queries."""
    today = timezone.localdate()
    queryset = cases.select_related("person", "organisation", "current_site", "caseworker").prefetch_related(
        Prefetch(
            "person__nationalities",
            queryset=Nationality.objects.filter(is_primary=True),
            to_attr="primary_nationalities",
        )
    )
    for case in queryset.iterator(chunk_size=1000):
        person = case.person
        primary = person.primary_nationalities[0].country.code if person.primary_nationalities else ""
        since = timezone.localdate(case.repatriation_stage_since)
        yield [
            case.reference,
            case.organisation.name,
            case.get_status_display(),
            timezone.localdate(case.opened_at),
            person.arrived_on,
            primary,
            countries.name(primary) if primary else "",
            person.get_gender_display(),
            _("yes") if person.is_minor else _("no"),
            case.get_repatriation_stage_display(),
            since,
            max((today - since).days, 0),
            case.current_site.name if case.current_site else "",
            staff_name(case.caseworker) if case.caseworker else "",
        ]
