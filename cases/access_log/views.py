"""The access log screen: who looked at which case, when, and from where."""

import django_filters
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.access import access_log_shows_reasons, filter_access_log, permission_required_or_404
from cases.access_log.services import access_record
from cases.access_log.wording import describe
from cases.models import AccessLog, Case
from cases.pagination import CappedPaginator

# Free text a person typed into an entry (why they opened a narrative): shown only to the
# coordinator of the organisation the entry concerns (cases.access.access_log_shows_reasons).
TYPED_DETAILS = {"reason"}


def _date_range_widget() -> django_filters.widgets.DateRangeWidget:
    """Two date boxes under one label ("Between"): each says which end of the range it is."""
    widget = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    for box, name in zip(widget.widgets, (_("Between: from"), _("Between: until")), strict=True):
        box.attrs["aria-label"] = name
    return widget


class AccessLogFilter(django_filters.FilterSet):
    # A reference matches entries or nothing: the screen never says whether a case exists.
    case = django_filters.CharFilter(label=_("Case reference"), method="filter_case")
    username = django_filters.CharFilter(label=_("User"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(
        label=_("What"), choices=AccessLog.Action.choices, empty_label=_("Anything")
    )
    at = django_filters.DateFromToRangeFilter(label=_("Between"), widget=_date_range_widget())

    class Meta:
        model = AccessLog
        fields = ["case", "username", "action", "at"]

    def filter_case(self, queryset, name, value):
        cases = Case.objects.filter(reference__iexact=value.strip()).values("pk")
        return queryset.filter(case_id__in=cases)


@require_GET
@permission_required_or_404("cases.view_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Search the access log ("who looked at this case?"), newest first, within the reader's scope."""
    readable = filter_access_log(AccessLog.objects.order_by("-at", "-id"), request.user)
    log_filter = AccessLogFilter(request.GET, queryset=readable)
    entries = log_filter.qs if log_filter.is_valid() else AccessLog.objects.none()
    # The log grows with every page anyone reads: it is counted up to a cap, never whole.
    page = CappedPaginator(entries, 100).get_page(request.GET.get("page"))
    references = dict(
        Case.objects.filter(pk__in={e.case_id for e in page.object_list}).values_list("pk", "reference")
    )
    shows_reasons = access_log_shows_reasons(request.user)
    for entry in page.object_list:
        entry.reference = references.get(entry.case_id, "")
        if not shows_reasons:
            entry.detail = {key: value for key, value in entry.detail.items() if key not in TYPED_DETAILS}
        entry.description = describe(entry)
    # Reading the log is itself logged: which filters, not what they matched.
    searched = {key: request.GET[key] for key in ("case", "username", "action") if request.GET.get(key)}
    access_record(request=request, action=AccessLog.Action.LOG_READ, detail={"filters": sorted(searched)})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/access_log/access_log.html",
        {"filter": log_filter, "page": page, "query": query.urlencode()},
    )
