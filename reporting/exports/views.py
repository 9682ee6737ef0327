"""Reports and exports: the case list, HTCDS records and the anonymised releases.

Every download is written to the access log (who, when, which filters or which release, how
many rows). Bad filters never give a file: the export page is shown again with a message
beside the field. Case-level files hold only persons whose consent covers the file
(cases/access.py); research gets numbered anonymised releases, never a file computed for
the asker's filters (reporting/exports/releases.py).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import consent_scope_of_export, permission_required_or_404
from cases.access_log.services import access_record
from cases.filters import SEARCH_SESSION_KEY, CaseFilter, case_filter_data
from cases.models import AccessLog, AnonymisedRelease, Case
from intake.vocabularies import ConsentScope
from reporting.dashboards.forms import DashboardFilterForm
from reporting.dashboards.selectors import DashboardFilters, cases_narrowed
from reporting.dashboards.statistics import reporting_transaction
from reporting.exports.case_list import case_list_header, case_list_rows
from reporting.exports.releases import RELEASE_COLUMNS, K, release_publish
from reporting.exports.research import research_persons
from reporting.exports.writers import CSV_TYPE, JSON_TYPE, attachment, csv_response, xlsx_response
from reporting.htcds.export import htcds_records
from reporting.htcds.fileformat import Spool, csv_chunks, json_chunks

RECENT_EXPORTS = 10
EXPORT_NAMES = {
    "case_list": _("Case list"),
    "htcds": _("HTCDS 2.0 records"),
    "release": _("Anonymised release"),
    "research": _("Anonymised research extract"),  # older entries of the log, before releases
}


def _filename(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _consent_label(export: str) -> str:
    return str(ConsentScope(consent_scope_of_export(export)).label)


def _exports_page(request: HttpRequest, *, filter_errors: list[str] | None = None) -> HttpResponse:
    """Render the export page for the query string, with any error beside its field."""
    form = DashboardFilterForm(request.GET)
    context = {
        "form": form,
        "filter_errors": filter_errors or [],
        "k": K,
        "release_columns": RELEASE_COLUMNS,
        "case_list_consent": _consent_label("case_list"),
        "htcds_consent": _consent_label("htcds"),
        "search_remembered": bool(request.session.get(SEARCH_SESSION_KEY)),
        "recent": [
            (
                entry.at,
                EXPORT_NAMES.get(entry.detail.get("export"), ""),
                entry.detail.get("release") or entry.detail.get("format", ""),
                entry.detail.get("rows"),
            )
            for entry in AccessLog.objects.filter(user_id=request.user.pk, action=AccessLog.Action.EXPORT)[
                :RECENT_EXPORTS
            ]
        ],
    }
    if request.user.has_perm("cases.download_release"):
        context["releases"] = list(AnonymisedRelease.objects.select_related("created_by").defer("content"))
        context["consenting"] = research_persons(Case.objects.all()).count()
    # Case-level files are of the user's own organisation's cases: an organisation that holds
    # none (a task force) is told so and pointed to the releases, not offered files of 0 cases.
    context["holds_cases"] = Case.objects.visible_to(request.user).exists()
    if form.is_valid():
        filters = form.filters()
        context["codes"] = urlencode(filters.as_codes())
        if context["holds_cases"]:
            exportable = cases_narrowed(Case.objects.all(), filters)
            context["case_list_count"] = exportable.exportable_by(request.user, export="case_list").count()
            context["htcds_count"] = exportable.exportable_by(request.user, export="htcds").count()
    return render(request, "reporting/exports/exports.html", context)


@require_GET
@permission_required_or_404("cases.view_dashboards")
def exports(request: HttpRequest) -> HttpResponse:
    """Offer each export for the filters in the query string, and the anonymised releases."""
    return _exports_page(request)


def _valid_filters(request: HttpRequest) -> DashboardFilters | None:
    form = DashboardFilterForm(request.GET)
    return form.filters() if form.is_valid() else None


def _log_export(request: HttpRequest, *, export: str, fmt: str, rows: int, **facts) -> None:
    access_record(
        request=request,
        action=AccessLog.Action.EXPORT,
        detail={"export": export, "format": fmt, "rows": rows, **facts},
    )


@require_GET
@permission_required_or_404("cases.export_cases")
def case_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the consenting cases the user may read, with the case list's filters, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if _valid_filters(request) is None:
        return _exports_page(request)
    data = case_filter_data(request)  # the case list's codes, and its search kept in the session
    exportable = Case.objects.exportable_by(request.user, export="case_list")
    case_filter = CaseFilter(data, queryset=exportable, request=request)
    if not case_filter.is_valid():
        errors = [
            f"{case_filter.form[name].label}: {' '.join(messages)}"
            for name, messages in case_filter.errors.items()
        ]
        return _exports_page(request, filter_errors=errors)
    consent = _consent_label("case_list")
    rows = [[*row, consent] for row in case_list_rows(case_filter.qs)]
    codes = {key: value for key, value in request.GET.items() if value and key not in ("q", "page")}
    _log_export(
        request,
        export="case_list",
        fmt=fmt,
        filters=codes,
        rows=len(rows),
        search="q" in data,
        consent=consent_scope_of_export("case_list"),
    )
    header = [*case_list_header(), _gettext("Consent in force for this file")]
    if fmt == "xlsx":
        return xlsx_response(
            filename=_filename("cases", "xlsx"), sheet=_gettext("Cases"), header=header, rows=rows
        )
    return csv_response(filename=_filename("cases", "csv"), header=header, rows=rows)


@require_GET
@permission_required_or_404("cases.export_cases")
def htcds_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download HTCDS 2.0 records of the consenting cases the user may read, narrowed by the filters."""
    if fmt not in ("csv", "json"):
        raise Http404
    filters = _valid_filters(request)
    if filters is None:
        return _exports_page(request)
    cases = cases_narrowed(Case.objects.exportable_by(request.user, export="htcds"), filters)
    # Read once, streamed out: the CSV's header needs every record's repeated parts counted first.
    spool = Spool(htcds_records(cases))
    scope = consent_scope_of_export("htcds")
    _log_export(request, export="htcds", fmt=fmt, filters=filters.as_codes(), rows=spool.rows, consent=scope)
    if fmt == "json":
        consent = {"scope": scope, "in_force_for_every_record": _consent_label("htcds")}
        response = StreamingHttpResponse(json_chunks(spool, consent=consent), content_type=JSON_TYPE)
        return attachment(response, _filename("htcds", "json"))
    # CSV has no place for a note that importers would not take for a record: the consent is
    # named in the file's name (the JSON file carries it as a field).
    response = StreamingHttpResponse(csv_chunks(spool), content_type=CSV_TYPE)
    return attachment(response, _filename(f"htcds-consent-{scope}", "csv"))


@permission_required_or_404("cases.publish_release")  # first: to anyone else, no such screen
@require_POST
def release_create(request: HttpRequest) -> HttpResponse:
    """Publish the next anonymised release over every consenting case (nothing to choose)."""
    with reporting_transaction():
        release = release_publish(published_by=request.user)
    messages.success(
        request,
        _gettext("Release %(number)s is published.") % {"number": release.number},
    )
    return redirect("reporting:exports")


@permission_required_or_404("cases.download_release")
@require_GET
def release_download(request: HttpRequest, number: int) -> HttpResponse:
    """Download a published release: the same file every time, each download logged."""
    if number >= 2**31:  # a URL can name any number; the column cannot hold one this large
        raise Http404
    release = get_object_or_404(AnonymisedRelease, number=number)
    _log_export(request, export="release", fmt="csv", rows=len(release.groups), release=release.number)
    response = HttpResponse(release.content, content_type=CSV_TYPE)
    return attachment(response, release.filename)
