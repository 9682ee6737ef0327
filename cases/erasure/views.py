"""Erasure on request: someone of the case's organisation asks, its coordinator approves or rejects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.access import filter_erasure_requests, require_perm_or_404
from cases.erasure import services
from cases.erasure.forms import ErasureConfirmForm, ErasureRequestForm
from cases.models import Case, ErasureRequest


@require_http_methods(["GET", "POST"])
def erasure_list(request: HttpRequest) -> HttpResponse:
    """List the organisation's erasure requests; ask for a new one here."""
    require_perm_or_404(request.user, "cases.view_erasure_requests")
    can_request = request.user.has_perm("cases.request_erasure")
    form = None
    if can_request:
        form = ErasureRequestForm(request.POST or None, cases=Case.objects.visible_to(request.user))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            require_perm_or_404(request.user, "cases.request_erasure", form.case)
            try:
                services.erasure_request_create(
                    case=form.case, requested_by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Erasure requested. A coordinator of your organisation must approve it.")
                )
                return redirect("cases:erasure_list")
    requests = filter_erasure_requests(ErasureRequest.objects.all(), request.user).select_related(
        "requested_by", "decided_by"
    )[:200]
    return render(request, "cases/erasure/erasure_list.html", {"form": form, "requests": requests})


@require_http_methods(["GET", "POST"])
def erasure_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """Confirm (by typing the reference) or reject an erasure someone else asked for."""
    require_perm_or_404(request.user, "cases.view_erasure_requests")
    erasure = get_object_or_404(
        filter_erasure_requests(ErasureRequest.objects.all(), request.user),
        pk=request_id,
        status=ErasureRequest.Status.PENDING,
    )
    may_decide = request.user.has_perm("cases.decide_erasure", erasure)
    form = ErasureConfirmForm(request.POST or None, reference=erasure.case_reference)
    if request.method == "POST" and may_decide:
        try:
            if "reject" in request.POST:
                services.erasure_reject(request=erasure, decided_by=request.user)
                messages.info(request, _("Erasure rejected."))
                return redirect("cases:erasure_list")
            if form.is_valid():
                services.erasure_approve(request=erasure, decided_by=request.user)
                messages.success(
                    request, _("The person's data is erased. Only the fact of the erasure remains.")
                )
                return redirect("cases:erasure_list")
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error)
    return render(
        request,
        "cases/erasure/erasure_decide.html",
        {
            "erasure": erasure,
            "form": form,
            "own": erasure.requested_by_id == request.user.pk,
            "may_decide": may_decide,
        },
    )
