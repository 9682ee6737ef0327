"""Arrivals to resolve: the synced arrivals that may already be registered, or that need correcting.

Each is shown with its likely matches as the online desk shows them, and resolved by a
caseworker of its organisation: register anyway, it is the same person (linked, no new case),
or discard; each asks for confirmation first.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.access import filter_desk_rows, permission_required_or_404
from cases.arrivals.forms import RegistrationForm
from cases.arrivals.registration import arrival_matches
from cases.duplicates import MatchReport
from cases.models import Case
from offline_desk import services
from offline_desk.forms import ConfirmForm, SamePersonForm
from offline_desk.models import SyncedArrival
from offline_desk.views import USE_DESK

SHOWN = 10  # arrivals shown at once, with their matches: the oldest first


@dataclass
class Waiting:
    row: SyncedArrival
    form: RegistrationForm
    batch: dict | None
    matches: MatchReport

    @property
    def name(self) -> str:
        data = self.form.data
        return " ".join(part for part in (data.get("given_name", ""), data.get("family_name", "")) if part)


def _waiting(request: HttpRequest, row: SyncedArrival) -> Waiting:
    typed = services.typed_of(row)
    form = RegistrationForm(typed["fields"])
    matches = MatchReport()
    if form.is_valid():  # the match shown is the one of now: the records may have changed since the sync
        matches = arrival_matches(request=request, form=form)
    return Waiting(
        row=row, form=form, batch=services.batch_of(typed=typed, user=request.user), matches=matches
    )


def _rows(request: HttpRequest):
    return filter_desk_rows(SyncedArrival.objects.all(), request.user).filter(
        status=SyncedArrival.Status.TO_RESOLVE
    )


def _row(request: HttpRequest, arrival_id: int) -> SyncedArrival:
    return get_object_or_404(filter_desk_rows(SyncedArrival.objects.all(), request.user), pk=arrival_id)


def _already_resolved(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("This arrival was already resolved."))
    return redirect("offline_desk:to_resolve")


@require_GET
@permission_required_or_404(USE_DESK)
def to_resolve(request: HttpRequest) -> HttpResponse:
    """The arrivals a sync could not register on its own, oldest first, each with its matches."""
    rows = _rows(request).select_related("synced_by").order_by("saved_at", "id")
    total = rows.count()
    waiting = [_waiting(request, row) for row in rows[:SHOWN]]
    return render(
        request,
        "offline_desk/to_resolve.html",
        {"waiting": waiting, "total": total, "more": max(total - SHOWN, 0)},
    )


@require_http_methods(["GET", "POST"])
@permission_required_or_404(USE_DESK)
def resolve_register(request: HttpRequest, arrival_id: int) -> HttpResponse:
    """Register a waiting arrival as a new person, after confirming (or correcting what was typed)."""
    row = _row(request, arrival_id)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        return _already_resolved(request)
    waiting = _waiting(request, row)
    typed = services.typed_of(row)
    correcting = row.problem == SyncedArrival.Problem.INVALID
    form = RegistrationForm(request.POST) if correcting and request.method == "POST" else waiting.form
    confirm = ConfirmForm(request.POST or None)
    if request.method == "POST" and confirm.is_valid():
        if correcting:
            typed = {**typed, "fields": {name: request.POST.get(name, "") for name in services.TYPED_FIELDS}}
        try:
            row = services.arrival_register_anyway(request=request, row=row, typed=typed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if row.status == SyncedArrival.Status.TO_RESOLVE:
                messages.warning(
                    request, _("Corrected, this arrival may already be registered: look at the match.")
                )
            else:
                messages.success(request, _("Case %(reference)s opened.") % {"reference": row.case.reference})
            return redirect("offline_desk:to_resolve")
    return render(
        request,
        "offline_desk/resolve_register.html",
        {"waiting": waiting, "form": form, "correcting": correcting},
    )


@require_http_methods(["GET", "POST"])
@permission_required_or_404(USE_DESK)
def resolve_same(request: HttpRequest, arrival_id: int, case_id: int) -> HttpResponse:
    """Link a waiting arrival to the case of the person it is, after confirming: no new case."""
    row = _row(request, arrival_id)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        return _already_resolved(request)
    waiting = _waiting(request, row)
    match = next((m for m in waiting.matches.here if m.case.pk == case_id), None)
    if match is None:  # only a likely match the caseworker may read can be chosen
        raise Http404
    case = Case.objects.select_related("person").get(pk=match.case.pk)
    form = SamePersonForm(
        request.POST or None, initial={"confirm": True, "seen_version": case.person.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.arrival_link(
                row=row, case=case, seen_version=form.cleaned_data["seen_version"], by=request.user
            )
        except services.StaleMatch:
            messages.warning(
                request,
                _("This record was changed since you looked at it: look again before linking."),
            )
            return redirect("offline_desk:resolve_same", arrival_id=row.pk, case_id=case.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("offline_desk:to_resolve")
        messages.success(
            request, _("Linked to case %(reference)s: no new case opened.") % {"reference": case.reference}
        )
        return redirect("offline_desk:to_resolve")
    return render(
        request,
        "offline_desk/resolve_same.html",
        {"waiting": waiting, "match": MatchReport(here=[match]), "form": form},
    )


@require_http_methods(["GET", "POST"])
@permission_required_or_404(USE_DESK)
def resolve_discard(request: HttpRequest, arrival_id: int) -> HttpResponse:
    """Discard a waiting arrival, after confirming: nothing is registered, what was typed is erased."""
    row = _row(request, arrival_id)
    if row.status != SyncedArrival.Status.TO_RESOLVE:
        return _already_resolved(request)
    confirm = ConfirmForm(request.POST or None)
    if request.method == "POST" and confirm.is_valid():
        try:
            services.arrival_discard(row=row, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The arrival was discarded."))
        return redirect("offline_desk:to_resolve")
    return render(request, "offline_desk/resolve_discard.html", {"waiting": _waiting(request, row)})
