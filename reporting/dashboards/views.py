"""The coordinator's dashboard: aggregates over every case, narrowed by the filters."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.access import permission_required_or_404
from reporting.dashboards.forms import DashboardFilterForm
from reporting.dashboards.snapshots import dashboard_snapshot


@require_GET
@permission_required_or_404("cases.view_dashboards")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show every panel for the filters in the query string; bad filters are shown beside their field.

    The figures may have been computed some seconds ago (reporting.dashboards.snapshots); `fresh`
    in the query string computes them again.
    """
    form = DashboardFilterForm(request.GET)
    snapshot = None
    if form.is_valid():
        snapshot = dashboard_snapshot(user=request.user, filters=form.filters(), fresh="fresh" in request.GET)
    return render(
        request,
        "reporting/dashboards/dashboard.html",
        {"form": form, "figures": snapshot.figures if snapshot else None, "snapshot": snapshot},
    )
