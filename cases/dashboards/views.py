"""The coordinator's dashboard: aggregates over every case, narrowed by the filters."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.dashboards.access import permission_required_or_404
from cases.dashboards.forms import DashboardFilterForm
from cases.dashboards.panels import dashboard_figures
from cases.dashboards.statistics import reporting_transaction


@require_GET
@permission_required_or_404("cases.view_dashboards")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show every panel for the filters in the query string; bad filters are shown beside their field."""
    form = DashboardFilterForm(request.GET)
    figures = None
    if form.is_valid():
        with reporting_transaction():
            figures = dashboard_figures(user=request.user, filters=form.filters())
    return render(request, "cases/dashboards/dashboard.html", {"form": form, "figures": figures})
