"""The access log screen: who looked at which case, when, and from where."""

import django_filters
from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.models import AccessLog, Case
from cases.pagination import CappedPaginator


class AccessLogFilterForm(forms.Form):
    def clean_case(self):
        reference = self.cleaned_data.get("case", "").strip()
        if reference and not Case.objects.filter(reference__iexact=reference).exists():
            raise forms.ValidationError(_("No case has this reference."))
        return reference


class AccessLogFilter(django_filters.FilterSet):
    case = django_filters.CharFilter(label=_("Case reference"), method="filter_case")
    username = django_filters.CharFilter(label=_("User"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("What"), choices=AccessLog.Action.choices)
    at = django_filters.DateFromToRangeFilter(
        label=_("Between"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = AccessLog
        fields = ["case", "username", "action", "at"]
        form = AccessLogFilterForm

    def filter_case(self, queryset, name, value):
        return queryset.filter(case_id__in=Case.objects.filter(reference__iexact=value).values("pk"))


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Search the access log ("who looked at this case?"), newest first."""
    if not request.user.has_perm("cases.view_access_log"):
        raise Http404
    log_filter = AccessLogFilter(request.GET, queryset=AccessLog.objects.order_by("-at", "-id"))
    entries = log_filter.qs if log_filter.is_valid() else AccessLog.objects.none()
    # The log grows with every page anyone reads: it is counted up to a cap, never whole.
    page = CappedPaginator(entries, 100).get_page(request.GET.get("page"))
    references = dict(
        Case.objects.filter(pk__in={e.case_id for e in page.object_list}).values_list("pk", "reference")
    )
    for entry in page.object_list:
        entry.reference = references.get(entry.case_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/auditlog/access_log.html",
        {"filter": log_filter, "page": page, "query": query.urlencode()},
    )
