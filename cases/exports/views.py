"""Reports and exports: the case list, HTCDS records and the anonymised research extract.

Every download is written to the access log (who, when, which filters, how many rows). Bad
filters never give a file: the export page is shown again with a message beside the field.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.audit import access_record
from cases.dashboards.access import permission_required_or_404
from cases.dashboards.forms import DashboardFilterForm
from cases.dashboards.selectors import DashboardFilters, cases_narrowed, dashboard_cases
from cases.dashboards.statistics import reporting_transaction
from cases.exports import htcds
from cases.exports.case_list import case_list_header, case_list_rows
from cases.exports.forms import ResearchColumnsForm
from cases.exports.research import K, research_extract
from cases.exports.writers import csv_response, json_response, xlsx_response
from cases.filters import SEARCH_SESSION_KEY, CaseFilter, case_filter_data
from cases.models import AccessLog, Case

RECENT_EXPORTS = 10
EXPORT_NAMES = {
    "case_list": _("Case list"),
    "htcds": _("HTCDS 2.0 records"),
    "research": _("Anonymised research extract"),
}


def _filename(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _exports_page(request: HttpRequest, *, filter_errors: list[str] | None = None) -> HttpResponse:
    """Render the export page for the query string, with any error beside its field."""
    form = DashboardFilterForm(request.GET)
    columns_form = ResearchColumnsForm(request.GET)
    context = {
        "form": form,
        "columns_form": columns_form,
        "filter_errors": filter_errors or [],
        "k": K,
        "search_remembered": bool(request.session.get(SEARCH_SESSION_KEY)),
        "recent": [
            (
                entry.at,
                EXPORT_NAMES.get(entry.detail.get("export"), ""),
                entry.detail.get("format", ""),
                entry.detail.get("rows"),
            )
            for entry in AccessLog.objects.filter(user_id=request.user.pk, action=AccessLog.Action.EXPORT)[
                :RECENT_EXPORTS
            ]
        ],
    }
    if form.is_valid():
        filters = form.filters()
        context["codes"] = urlencode(filters.as_codes())
        context["filter_codes"] = filters.as_codes()
        context["readable"] = cases_narrowed(Case.objects.visible_to(request.user), filters).count()
        if (
            "check" in request.GET
            and columns_form.is_valid()
            and request.user.has_perm("cases.export_research")
        ):
            with reporting_transaction():
                context["extract"] = research_extract(
                    dashboard_cases(user=request.user, filters=filters), columns_form.cleaned_data["columns"]
                )
    return render(request, "cases/exports/exports.html", context)


@require_GET
@permission_required_or_404("cases.view_dashboards")
def exports(request: HttpRequest) -> HttpResponse:
    """Offer each export for the filters in the query string, and check the research extract."""
    return _exports_page(request)


def _valid_filters(request: HttpRequest) -> DashboardFilters | None:
    form = DashboardFilterForm(request.GET)
    return form.filters() if form.is_valid() else None


def _log_export(request: HttpRequest, *, export: str, fmt: str, filters: dict, rows: int, **facts) -> None:
    access_record(
        request=request,
        action=AccessLog.Action.EXPORT,
        detail={"export": export, "format": fmt, "filters": filters, "rows": rows, **facts},
    )


@require_GET
@permission_required_or_404("cases.export_cases")
def case_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the case list the user may see, with the case list's current filters, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if _valid_filters(request) is None:
        return _exports_page(request)
    data = case_filter_data(request)  # the case list's codes, and its search kept in the session
    case_filter = CaseFilter(data, queryset=Case.objects.visible_to(request.user), request=request)
    if not case_filter.is_valid():
        errors = [
            f"{case_filter.form[name].label}: {' '.join(messages)}"
            for name, messages in case_filter.errors.items()
        ]
        return _exports_page(request, filter_errors=errors)
    rows = list(case_list_rows(case_filter.qs))
    codes = {key: value for key, value in request.GET.items() if value and key not in ("q", "page")}
    _log_export(request, export="case_list", fmt=fmt, filters=codes, rows=len(rows), search="q" in data)
    header = case_list_header()
    if fmt == "xlsx":
        return xlsx_response(
            filename=_filename("cases", "xlsx"), sheet=str(_("Cases")), header=header, rows=rows
        )
    return csv_response(filename=_filename("cases", "csv"), header=header, rows=rows)


@require_GET
@permission_required_or_404("cases.export_cases")
def htcds_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download HTCDS 2.0 records of the cases the user may read, narrowed by the filters."""
    if fmt not in ("csv", "json"):
        raise Http404
    filters = _valid_filters(request)
    if filters is None:
        return _exports_page(request)
    records = list(htcds.htcds_records(cases_narrowed(Case.objects.visible_to(request.user), filters)))
    _log_export(request, export="htcds", fmt=fmt, filters=filters.as_codes(), rows=len(records))
    if fmt == "json":
        payload = {"standard": "HTCDS 2.0", "records": records}
        return json_response(filename=_filename("htcds", "json"), payload=payload)
    header = list(htcds.FIELDS)
    rows = ([htcds.csv_value(record[field]) for field in header] for record in records)
    return csv_response(filename=_filename("htcds", "csv"), header=header, rows=rows)


@require_GET
@permission_required_or_404("cases.export_research")
def research_export(request: HttpRequest) -> HttpResponse:
    """Download the anonymised, k-anonymous research extract of every case the user may count."""
    filters = _valid_filters(request)
    columns_form = ResearchColumnsForm(request.GET)
    if filters is None or not columns_form.is_valid():
        return _exports_page(request)
    with reporting_transaction():
        extract = research_extract(
            dashboard_cases(user=request.user, filters=filters), columns_form.cleaned_data["columns"]
        )
    _log_export(
        request,
        export="research",
        fmt="csv",
        filters=filters.as_codes(),
        rows=len(extract.rows),
        columns=extract.columns,
        eligible=extract.eligible,
        suppressed=extract.suppressed,
        k=extract.k,
    )
    return csv_response(filename=_filename("research-ctdc", "csv"), header=extract.columns, rows=extract.rows)
