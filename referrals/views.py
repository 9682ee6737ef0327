"""Screens of referrals: the receiving organisation's list, view and answers; the sender's panel of a case.

Thin: each view asks the policy (through the selectors and `require_perm_or_404`), calls a
service, renders. Every read of a referred record is written to the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.access import permission_required_or_404, referral_parts_readable, require_perm_or_404
from cases.access_log.services import access_record
from cases.models import AccessLog, Case
from referrals import selectors, services
from referrals.forms import (
    IncomingFilterForm,
    ReferralCompleteForm,
    ReferralDeclineForm,
    ReferralMakeForm,
    ReferralNoteForm,
)
from referrals.models import SharedPart

PAGE_SIZE = 25


def _log_read(request: HttpRequest, referral, part: str) -> None:
    action = AccessLog.Action.VIEW_NARRATIVE if part == SharedPart.NARRATIVE else AccessLog.Action.VIEW
    access_record(
        request=request,
        action=action,
        case_id=referral.case_id,
        detail={"part": f"referral:{part}", "referral": referral.pk},
    )


# --- The receiving organisation ------------------------------------------------------------------


@require_GET
@permission_required_or_404("referrals.view_incoming")
def incoming(request: HttpRequest) -> HttpResponse:
    """List the referrals the user's organisation received, with the clock, filtered and paginated."""
    form = IncomingFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    referrals = selectors.incoming_referrals(
        user=request.user,
        state=filters.get("state", ""),
        service=filters.get("service"),
        reference=filters.get("reference", ""),
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    access_record(
        request=request,
        action=AccessLog.Action.SEARCH,
        detail={"list": "incoming_referrals", "results": page.paginator.count},
    )
    return render(
        request,
        "referrals/incoming_list.html",
        {"form": form, "page": page, "now": timezone.now(), "query": query.urlencode()},
    )


def _received_page(request, referral, *, status=200, note_form=None):
    may_read = referral_parts_readable(request.user, referral)
    return render(
        request,
        "referrals/referral_received.html",
        {
            "referral": referral,
            "parts": [SharedPart(code) for code in referral.parts],
            "readable": may_read,
            "notes": selectors.receiver_notes(referral=referral),
            "note_form": note_form or ReferralNoteForm(),
            "now": timezone.now(),
            "may_answer": request.user.has_perm("referrals.answer_referral", referral),
            "may_complete": request.user.has_perm("referrals.complete_referral", referral),
        },
        status=status,
    )


@require_GET
def received(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Show a received referral: reference, service, clock; once accepted, links to the parts shared."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    _log_read(request, referral, "summary")
    return _received_page(request, referral)


@require_GET
def received_part(request: HttpRequest, referral_id: int, part: str) -> HttpResponse:
    """Show one part of the referred record: only one the sender shared, once accepted (else 404)."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    view = selectors.referral_part(user=request.user, referral=referral, part=part)
    _log_read(request, referral, part)
    return render(request, "referrals/referral_part.html", {"referral": referral, "part": view})


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Confirm, then accept a requested referral."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    require_perm_or_404(request.user, "referrals.answer_referral", referral)
    if request.method == "POST":
        services.referral_accept(referral=referral, accepted_by=request.user)
        messages.success(request, _("Referral accepted. Your organisation now reads the parts shared."))
        return redirect("referrals:received", referral_id=referral.pk)
    return render(request, "referrals/referral_accept.html", {"referral": referral})


@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Decline a requested referral, with a reason."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    require_perm_or_404(request.user, "referrals.answer_referral", referral)
    form = ReferralDeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.referral_decline(
            referral=referral, declined_by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Referral declined. The organisation that sent it has been told."))
        return redirect("referrals:incoming")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "referrals/referral_decline.html", {"referral": referral, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Mark an accepted referral done, with its outcome."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    require_perm_or_404(request.user, "referrals.complete_referral", referral)
    form = ReferralCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.referral_complete(referral=referral, completed_by=request.user, **form.cleaned_data)
        messages.success(request, _("Referral marked done."))
        return redirect("referrals:received", referral_id=referral.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "referrals/referral_complete.html", {"referral": referral, "form": form}, status=status
    )


@require_POST
def note_add(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Add a note of the receiving organisation (theirs alone)."""
    referral = selectors.referral_received_get(user=request.user, referral_id=referral_id)
    require_perm_or_404(request.user, "referrals.note_referral", referral)
    form = ReferralNoteForm(request.POST)
    if not form.is_valid():
        return _received_page(request, referral, note_form=form, status=422)
    services.referral_note_add(referral=referral, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect("referrals:received", referral_id=referral.pk)


# --- The sending organisation ---------------------------------------------------------------------


def _sender_case(request: HttpRequest, case_id: int) -> Case:
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("person"), pk=case_id)
    require_perm_or_404(request.user, "cases.change_case", case)
    return case


@require_http_methods(["GET", "POST"])
def case_referrals(request: HttpRequest, case_id: int) -> HttpResponse:
    """The Referrals panel of a case: its referrals with state and clock, and a form to make one."""
    case = _sender_case(request, case_id)
    offers = [
        offer
        for offers in selectors.receivers_by_service().values()
        for offer in offers
        if offer.organisation_id != case.organisation_id
    ]
    may_refer = request.user.has_perm("referrals.make_referral", case)
    form = ReferralMakeForm(request.POST or None, offers=offers)
    status = 200
    if request.method == "POST":
        if may_refer and form.is_valid():
            offer = form.cleaned_data["offer"]
            try:
                services.referral_make(
                    case=case,
                    receiver=offer.organisation,
                    service=offer.service,
                    parts=form.cleaned_data["parts"],
                    note=form.cleaned_data["note"],
                    made_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Referral sent. The organisation has been notified."))
                return redirect("referrals:case_referrals", case_id=case.pk)
        elif not may_refer:
            form.add_error(None, _("The person has not agreed to share with organisations that help them."))
        status = 422
    access_record(
        request=request, action=AccessLog.Action.VIEW, case_id=case.pk, detail={"part": "referrals"}
    )
    referrals = selectors.case_referrals(user=request.user, case=case)
    return render(
        request,
        "referrals/case_referrals.html",
        {
            "case": case,
            "referrals": referrals,
            "form": form,
            "may_refer": may_refer,
            "consent_in_force": may_refer,
            "now": timezone.now(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Confirm, then revoke a referral the user's organisation sent."""
    referral = selectors.referral_sent_get(user=request.user, referral_id=referral_id)
    require_perm_or_404(request.user, "referrals.revoke_referral", referral)
    if request.method == "POST":
        services.referral_revoke(referral=referral, revoked_by=request.user)
        messages.success(request, _("Referral revoked. The organisation no longer sees anything of it."))
        return redirect("referrals:case_referrals", case_id=referral.case_id)
    return render(request, "referrals/referral_revoke.html", {"referral": referral})
