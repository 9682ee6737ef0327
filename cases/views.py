"""Home pages, one per role."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases import selectors
from cases.access import staff_profile
from cases.models import Role
from cases.repatriation import views as repatriation


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user the summary their role needs, and nothing more."""
    profile = staff_profile(request.user)
    if profile is None:
        return render(request, "cases/home_no_role.html", status=403)
    user = request.user
    if profile.role == Role.CASEWORKER:
        list_url = reverse("cases:case_list")
        context = {
            "summary": selectors.caseload_summary(user=user),
            "links": {
                tile: f"{list_url}?{urlencode(filters)}"
                for tile, filters in selectors.caseload_list_filters(user=user).items()
            },
        }
    elif profile.role == Role.LIAISON:
        return repatriation.queue(request)  # a liaison's home is their queue
    elif profile.role == Role.COORDINATOR:
        return redirect("reporting:dashboard")  # a coordinator's home is the dashboard
    else:
        context = {"staff_by_role": selectors.staff_by_role()}
    return render(request, f"cases/home_{profile.role}.html", context)
