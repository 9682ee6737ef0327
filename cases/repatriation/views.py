"""Screens of the repatriation workflow: the liaison's queue, one case's next step, many cases at once,
and what the embassy has done. Whoever may not read a case gets 404 for it, on every screen."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.access import permission_required_or_404
from cases.access_log.services import access_record
from cases.models import AccessLog
from cases.repatriation import selectors, services
from cases.repatriation.forms import BulkActionForm, BulkConfirmForm, QueueFilterForm, TransitionForm
from cases.repatriation.permissions import transition_permission
from cases.repatriation.workflow import RepatriationRefused, Transition, transitions_from
from intake.ids import record_id


def _transitions_for(user, stage: str) -> list[Transition]:
    """The steps the workflow allows from `stage` that `user`'s side may take."""
    return [t for t in transitions_from(stage) if user.has_perm(transition_permission(t.name))]


def _case_ids(request: HttpRequest) -> list[int]:
    """The case ids ticked, as whole numbers; anything else is left for the form to refuse."""
    values = request.POST.getlist("case") if request.method == "POST" else request.GET.getlist("case")
    return sorted({number for v in values if (number := record_id(v)) is not None})


def _queue_render(request: HttpRequest, *, bulk_form: BulkActionForm | None = None) -> HttpResponse:
    filtering = any(name in request.GET for name in ("stage", "site", "filter"))
    filters = QueueFilterForm(request.GET if filtering else None)
    stage, site_id = "", None
    if filters.is_bound and filters.is_valid():
        stage = filters.cleaned_data["stage"]
        site_id = filters.cleaned_data["site"].pk if filters.cleaned_data["site"] else None
    stages = selectors.stage_counts(user=request.user)
    page, rows = selectors.queue_page(
        user=request.user, stage=stage, site_id=site_id, page=request.GET.get("page", 1), stages=stages
    )
    access_record(
        request=request,
        action=AccessLog.Action.SEARCH,
        detail={
            "screen": "repatriation_queue",
            "stage": stage,
            "site": site_id,
            "case_ids": [r.case_id for r in rows],
        },
    )
    return render(
        request,
        "cases/repatriation/queue.html",
        {
            "rows": rows,
            "page_obj": page,
            "filters": filters,
            "bulk_form": bulk_form or BulkActionForm(user=request.user),
            "stages": stages,
            "stage": stage,
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for bulk_only in ("case", "transition", "review"):
        query.pop(bulk_only, None)
    return query.urlencode()


@require_GET
@permission_required_or_404("cases.view_embassy_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """Show the liaison their consenting nationals, most urgent first, with filters and actions."""
    return _queue_render(request)


@require_GET
@permission_required_or_404("cases.view_repatriation")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show one case's repatriation stage, its next steps and its history of steps."""
    row = selectors.case_row_get(user=request.user, case_id=case_id)
    access_record(
        request=request, action=AccessLog.Action.VIEW, case_id=case_id, detail={"screen": "repatriation"}
    )
    form = TransitionForm(
        case_id=case_id, transitions=_transitions_for(request.user, row.stage), user=request.user
    )
    return _case_render(request, row=row, form=form)


def _case_render(request: HttpRequest, *, row, form: TransitionForm, status: int = 200) -> HttpResponse:
    context = {
        "row": row,
        "form": form,
        "can_act": bool(form.fields["transition"].widget.choices),
        "history": selectors.case_history(user=request.user, case_id=row.case_id),
    }
    return render(request, "cases/repatriation/case_detail.html", context, status=status)


@require_POST
@permission_required_or_404("cases.view_repatriation")
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    """Take one step of the workflow on one case; a refused step is explained beside the choice."""
    case = selectors.case_get_for_repatriation(user=request.user, case_id=case_id)
    form = TransitionForm(
        request.POST,
        case_id=case_id,
        transitions=_transitions_for(request.user, case.repatriation_stage),
        user=request.user,
    )
    if form.is_valid():
        try:
            services.repatriation_transition(
                case=case,
                transition=form.cleaned_data["transition"],
                actor=request.user,
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
            )
        except RepatriationRefused as refusal:
            form.add_error("transition", refusal)
        else:
            messages.success(
                request,
                _("Done: the case is now at “%(stage)s”.") % {"stage": case.get_repatriation_stage_display()},
            )
            return redirect("cases:repatriation_case", case_id=case_id)
    row = selectors.case_row_get(user=request.user, case_id=case_id)
    access_record(
        request=request, action=AccessLog.Action.VIEW, case_id=case_id, detail={"screen": "repatriation"}
    )
    form.fields["transition"].widget.choices = [
        (t.name, t.label) for t in _transitions_for(request.user, row.stage)
    ]
    return _case_render(request, row=row, form=form, status=422)


@require_http_methods(["GET", "POST"])
@permission_required_or_404("cases.view_embassy_queue")
def bulk(request: HttpRequest) -> HttpResponse:
    """Review (GET) and then take (POST) one step on the cases ticked in the queue."""
    selectors.cases_get_for_repatriation(
        user=request.user, case_ids=_case_ids(request)
    )  # 404 if out of reach
    if request.method == "GET":
        form = BulkActionForm(request.GET, user=request.user)
        if not form.is_valid():
            return _queue_render(request, bulk_form=form)
        return _bulk_confirm_render(request, form=form)

    form = BulkConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        return _bulk_confirm_render(request, form=form, status=422)
    transition = form.transition_obj()
    outcome = services.repatriation_transition_many(
        cases=list(form.cleaned_data["case"]),
        transition=transition.name,
        actor=request.user,
        note=form.cleaned_data["note"],
    )
    if outcome.done:
        messages.success(
            request,
            ngettext(
                "%(action)s: done for %(count)d case.",
                "%(action)s: done for %(count)d cases.",
                len(outcome.done),
            )
            % {"action": transition.label, "count": len(outcome.done)},
        )
    for case, reason in outcome.skipped:
        messages.warning(
            request, _("%(reference)s left as it was: %(reason)s") % {"reference": case, "reason": reason}
        )
    return redirect("cases:repatriation_queue")


def _bulk_confirm_render(request: HttpRequest, *, form: BulkActionForm, status: int = 200) -> HttpResponse:
    case_ids = _case_ids(request)
    transition = form.transition_obj() if form.is_valid() else None
    rows = selectors.case_rows_for(user=request.user, case_ids=case_ids)
    ready = [r for r in rows if transition and r.stage in transition.sources]
    not_ready = [r for r in rows if r not in ready]
    access_record(
        request=request,
        action=AccessLog.Action.SEARCH,
        detail={"screen": "repatriation_bulk", "case_ids": [r.case_id for r in rows]},
    )
    if isinstance(form, BulkConfirmForm):
        confirm = form
    else:
        confirm = BulkConfirmForm(
            initial={"transition": transition.name, "case": [r.case_id for r in ready]},
            user=request.user,
            submit_label=_confirm_label(transition, len(ready)),
        )
    return render(
        request,
        "cases/repatriation/bulk_confirm.html",
        {"transition": transition, "ready": ready, "not_ready": not_ready, "form": confirm},
        status=status,
    )


def _confirm_label(transition: Transition, count: int) -> str:
    return ngettext(
        "%(action)s for %(count)d case",
        "%(action)s for %(count)d cases",
        count,
    ) % {"action": transition.label, "count": count}


@require_GET
@permission_required_or_404("cases.view_embassy_history")
def embassy_history(request: HttpRequest) -> HttpResponse:
    """Show what the liaison's embassy has done, newest first."""
    page, events = selectors.embassy_history_page(user=request.user, page=request.GET.get("page", 1))
    access_record(
        request=request,
        action=AccessLog.Action.SEARCH,
        detail={"screen": "embassy_history", "case_ids": sorted({e.case_id for e in events})},
    )
    return render(
        request, "cases/repatriation/history.html", {"events": events, "page_obj": page, "query": ""}
    )
