"""Surge registration: set a batch's shared context once, then register arrivals one after another."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import services
from cases.access import filter_visible_arrival_groups, permission_required_or_404, staff_profile
from cases.arrivals.forms import RegistrationContextForm, RegistrationForm
from cases.arrivals.registration import CONTEXT_KEY, arrival_matches, arrival_of, saved_context
from intake.interview_steps import FIRST_STEP
from intake.models import ArrivalGroup
from intake.services import arrival_group_for


@require_http_methods(["GET", "POST"])
@permission_required_or_404("cases.register_arrivals")
def registration_context(request: HttpRequest) -> HttpResponse:
    """Set what the next arrivals share: where they are, the day, the crossing, and the
    nationality, language and compound each arrival starts with."""
    current = saved_context(request)
    initial = {}
    if current:
        initial = {
            name: current[name] for name in ("site", "arrived_on", "group", "country", "primary_language")
        }
        if not current["group"]:
            initial["came_from"] = current["came_from"]
    groups = filter_visible_arrival_groups(ArrivalGroup.objects.all(), request.user)
    form = RegistrationContextForm(request.POST or None, initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = data["group"]
        if form.describes_new_group:
            group = arrival_group_for(
                crossed_on=data["crossed_on"],
                crossing_point=data["crossing_point"],
                means=data["means"],
                came_from=data["came_from"],
                created_by=request.user,
                among=groups,
            )
        request.session[CONTEXT_KEY] = {
            "site": data["site"].pk,
            "arrived_on": data["arrived_on"].isoformat(),
            "group": group.pk if group else None,
            "country": data["country"] or "",
            "language": data["primary_language"].pk if data["primary_language"] else None,
            "compound": data["came_from"].pk if data["came_from"] else None,
        }
        return redirect("cases:register")
    return render(request, "cases/arrivals/context.html", {"form": form})


@require_POST
@permission_required_or_404("cases.register_arrivals")
def registration_end(request: HttpRequest) -> HttpResponse:
    """Forget the batch's shared context."""
    request.session.pop(CONTEXT_KEY, None)
    messages.info(request, _("The batch is closed."))
    return redirect("cases:home")


@require_http_methods(["GET", "POST"])
@permission_required_or_404("cases.register_arrivals")
def register(request: HttpRequest) -> HttpResponse:
    """Register one arrival, after checking for likely duplicates; then offer the next one."""
    context = saved_context(request)
    if context is None:
        return redirect("cases:registration_context")
    form = RegistrationForm(request.POST or None, batch=context)
    matches = None
    if request.method == "POST" and form.is_valid():
        if "register_new" not in request.POST:
            matches = arrival_matches(request=request, form=form)
        if not matches:
            case = services.case_register(
                arrival=arrival_of(form),
                organisation=staff_profile(request.user).organisation,
                registered_by=request.user,
                arrived_on=context["arrived_on"],
                site=context["site"],
                arrival_group=context["group"],
            )
            messages.success(
                request,
                format_html(
                    _(
                        'Case {reference} opened. <a href="{case}">Open the case</a> or '
                        '<a href="{interview}">start the interview</a>.'
                    ),
                    reference=case.reference,
                    case=reverse("cases:case_detail", args=[case.pk]),
                    interview=reverse("intake:interview_step", args=[case.person_id, FIRST_STEP.slug]),
                ),
            )
            return redirect("cases:register")
    return render(
        request, "cases/arrivals/register.html", {"form": form, "context": context, "matches": matches}
    )
