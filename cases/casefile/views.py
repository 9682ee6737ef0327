"""The case list and the case file."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import services
from cases.access import require_perm_or_404
from cases.access_log.services import access_record
from cases.casefile import selectors
from cases.casefile.forms import CaseAssignForm, CaseCloseForm, CaseNoteForm
from cases.casefile.panels import casefile_panels
from cases.closure import closure_warnings, repatriation_blocks_closing
from cases.filters import CaseFilter, case_filter_data, case_search_remember
from cases.models import AccessLog, Case
from cases.pagination import CappedPaginator
from intake.interview_steps import FIRST_STEP, STEPS, first_unsaved_step

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """List the cases the user may see, searched, filtered, sorted and paginated.

    The search form is posted: what was typed (a name, a phone) is kept in the session and the
    list redirects to a URL that carries only filter codes.
    """
    require_perm_or_404(request.user, "cases.list_cases")
    if request.method == "POST":
        case_search_remember(request, request.POST.get("q", ""))
        codes = {k: v for k, v in request.POST.items() if v and k not in ("q", "csrfmiddlewaretoken")}
        return redirect(
            f"{reverse('cases:case_list')}?{urlencode(codes)}" if codes else reverse("cases:case_list")
        )
    if "clear" in request.GET:
        case_search_remember(request, "")
        return redirect("cases:case_list")
    visible = Case.objects.visible_to(request.user)
    data = case_filter_data(request)
    case_filter = CaseFilter(data, queryset=visible, request=request)
    cases = case_filter.qs if case_filter.is_valid() else visible.none()
    page = CappedPaginator(selectors.case_list_rows(cases), PAGE_SIZE).get_page(request.GET.get("page"))
    used = sorted(key for key, value in data.items() if value and key != "page")
    access_record(
        request=request,
        action=AccessLog.Action.SEARCH,
        detail={"filters": used, "results": page.paginator.count, "results_capped": page.paginator.capped},
    )
    query = request.GET.copy()
    query.pop("page", None)
    # The rows are drawn by Jinja2, several times faster for fifty of them (config/jinja2_environment.py).
    rows = render_to_string(
        "cases/case_list_rows.html",
        {"cases": page.object_list, "progress": selectors.interview_progress},
        using="jinja2",
    )
    return render(
        request,
        "cases/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "rows": mark_safe(rows),  # noqa: S308 - autoescaped by Jinja2
            "filtered": bool(used),
            "query": query.urlencode(),
        },
    )


@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show the whole case file to those who may read it."""
    case = selectors.case_file_get(user=request.user, case_id=case_id)
    access_record(
        request=request, action=AccessLog.Action.VIEW, case_id=case.pk, detail={"part": "case_file"}
    )
    return _render_detail(request, case)


def _render_detail(request, case, note_form=None, assign_form=None, status=200) -> HttpResponse:
    can_change = request.user.has_perm("cases.change_case", case)
    interviews = list(case.person.interviews.all())
    interview = interviews[0] if interviews else None
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "debt_totals": selectors.debt_totals(case),
            "chain": selectors.exploitation_chain(case),
            "consents": selectors.consent_state(case),
            "changes": selectors.person_changes(case),
            "interview": interview,
            # Where the interview resumes; None once every step is saved (no "Continue" then).
            "resume_step": first_unsaved_step(interview),
            "first_step": FIRST_STEP,
            "step_count": len(STEPS),
            "can_change": can_change,
            "can_close": request.user.has_perm("cases.close_case", case),
            "can_reopen": request.user.has_perm("cases.reopen_case", case),
            "note_form": note_form or (CaseNoteForm() if can_change else None),
            "assign_form": assign_form or (CaseAssignForm(case=case) if can_change else None),
            "panels": casefile_panels(request, case),  # added by features above cases (referrals)
        },
        status=status,
    )


def _case_for_change(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_file_get(user=request.user, case_id=case_id)
    require_perm_or_404(request.user, "cases.change_case", case)
    return case


@require_POST
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, note_form=form, status=422)
    services.case_note_add(case=case, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect("cases:case_detail", case_id=case.pk)


@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = CaseAssignForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_assign(
                case=case, caseworker=form.cleaned_data["caseworker"], assigned_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("cases:case_detail", case_id=case.pk)
    return _render_detail(request, case, assign_form=form, status=422)


@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask why the case is closed (a reason from the list, a note), then close it."""
    case = selectors.case_for_closure_get(user=request.user, case_id=case_id, perm="cases.close_case")
    if case.is_closed:
        messages.info(request, _("This case is already closed."))
        return redirect("cases:case_detail", case_id=case.pk)
    blocked = repatriation_blocks_closing(case)
    form = CaseCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.case_close(
                case=case,
                closed_by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Case closed."))
            return redirect("cases:case_detail", case_id=case.pk)
    access_record(request=request, action=AccessLog.Action.VIEW, case_id=case.pk, detail={"part": "close"})
    return render(
        request,
        "cases/case_close.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "blocked": blocked,
            "warnings": closure_warnings(case),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    """Open a closed case again."""
    case = selectors.case_for_closure_get(user=request.user, case_id=case_id, perm="cases.reopen_case")
    try:
        services.case_reopen(case=case, reopened_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Case reopened."))
    return redirect("cases:case_detail", case_id=case.pk)


@require_GET
def case_for_person(request: HttpRequest, person_id: int) -> HttpResponse:
    """Go from a person's record to their case."""
    case = get_object_or_404(Case.objects.visible_to(request.user), person_id=person_id)
    return redirect("cases:case_detail", case_id=case.pk)
