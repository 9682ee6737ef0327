"""The screens that edit one survivor's record: the interview, step by step."""

import datetime

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intake import services
from intake.conflicts import changes_since, formset_changes_since
from intake.forms import NarrativeReasonForm
from intake.interview_steps import (
    FIRST_STEP,
    STEP_BY_SLUG,
    STEPS,
    StepContext,
    narrative_protected,
    next_step,
)
from intake.models import Person
from intake.signals import record_viewed


def person_for_change(request: HttpRequest, person_id: int) -> Person:
    """Return the person if the user may change their record; 404 otherwise, so existence is not revealed."""
    person = get_object_or_404(Person, pk=person_id)
    if not request.user.has_perm("intake.change_person", person):
        raise Http404
    return person


def _all_valid(built: dict) -> bool:
    return all([form.is_valid() for form in built.values()])  # a list, so that every form shows its errors


@require_http_methods(["GET", "POST"])
def interview_step(request: HttpRequest, person_id: int, step: str) -> HttpResponse:
    """Show one step of the interview, and save it as one unit."""
    current_step = STEP_BY_SLUG.get(step)
    if current_step is None:
        raise Http404
    person = person_for_change(request, person_id)
    interview = services.current_interview(person)
    if interview is None and current_step is not FIRST_STEP:
        messages.info(request, _("Start by asking consent, before the person tells their story."))
        return redirect("intake:interview_step", person_id=person.pk, step=FIRST_STEP.slug)
    ctx = StepContext(
        person=person,
        interview=interview,
        actor=request.user,
        narrative_open=_narrative_open(request, interview),
        texts_language=request.GET.get("language", ""),
        interface_language=request.LANGUAGE_CODE,
    )
    conflict = None
    focus = None
    rearranged = current_step.rearrange(request.POST) if current_step.rearrange and request.POST else None
    if rearranged is not None:  # an episode added or moved: shown again, nothing saved yet
        built = current_step.build(ctx, rearranged.data)
        messages.info(request, rearranged.said)
        focus = rearranged
    elif request.method == "POST":
        built = current_step.build(ctx, request.POST)
        version = _posted_version(request, person)
        if _all_valid(built):
            try:
                services.record_step_save(
                    person=person,
                    expected_version=version,
                    actor=request.user,
                    step=current_step.slug,
                    save=lambda: current_step.save(ctx, built),
                    identity_changed=current_step.identity,
                )
            except services.StaleRecord as stale:
                conflict = _conflict(current_step, built, stale.current, request)
                person.version = stale.current.version  # saving again now overwrites, knowingly
            except IntegrityError:
                messages.error(
                    request,
                    _("This could not be saved: another change to the record got in first. Try again."),
                )
            else:
                return _after_save(request, person, current_step)
        else:
            messages.error(request, _("Some answers need correcting: see the messages beside the fields."))
            if version != person.version:  # say so now too: an entry they removed cannot be found
                conflict = _conflict(current_step, built, person, request)
    else:
        built = current_step.build(ctx, None)
        record_viewed.send(sender=Person, request=request, person=person, part=current_step.slug)
    completed = set(interview.completed_steps) if interview else set()
    return render(
        request,
        "intake/interview_step.html",
        {
            "person": person,
            "step": current_step,
            "steps": [(s, s.slug in completed) for s in STEPS],
            "completed_count": len(completed & STEP_BY_SLUG.keys()),
            "built": built,
            # After a rearrangement the page keeps the version it was opened with: saving it then
            # is refused if someone saved meanwhile, as any save from that page would be.
            "version": _posted_version(request, person) if rearranged else person.version,
            "focus": focus,
            "rearrangeable": current_step.rearrange is not None,  # a template would call the function
            "conflict": conflict,
            "next_step": next_step(current_step.slug),
            "narrative_locked": current_step.slug == "details"
            and narrative_protected(interview)
            and not ctx.narrative_open,
            "reason_form": NarrativeReasonForm(),
            "panel": current_step.panel(ctx, built) if current_step.panel else None,
        },
    )


NARRATIVE_SESSION_KEY = "narratives_open"  # interview ids whose narrative this session may read
NARRATIVE_OPEN_FOR = datetime.timedelta(minutes=15)


def _narrative_open(request: HttpRequest, interview) -> bool:
    if interview is None:
        return False
    opened_at = request.session.get(NARRATIVE_SESSION_KEY, {}).get(str(interview.pk))
    return (
        bool(opened_at) and timezone.now() - datetime.datetime.fromisoformat(opened_at) < NARRATIVE_OPEN_FOR
    )


@require_POST
def narrative_open(request: HttpRequest, person_id: int) -> HttpResponse:
    """Break the glass: record why the user reads a narrative, then show it for a quarter of an hour."""
    person = person_for_change(request, person_id)
    interview = services.current_interview(person)
    if interview is None:
        raise Http404
    form = NarrativeReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason of at least 10 characters to read the narrative."))
        return redirect("intake:interview_step", person_id=person.pk, step="details")
    record_viewed.send(
        sender=Person, request=request, person=person, part="narrative", reason=form.cleaned_data["reason"]
    )
    opened = request.session.get(NARRATIVE_SESSION_KEY, {})
    opened[str(interview.pk)] = timezone.now().isoformat()
    request.session[NARRATIVE_SESSION_KEY] = opened
    return redirect("intake:interview_step", person_id=person.pk, step="details")


def _posted_version(request: HttpRequest, person: Person) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a form without its version is treated as stale, never as current


def _conflict(step, built: dict, current: Person, request: HttpRequest) -> dict:
    fresh = step.build(
        StepContext(person=current, interview=services.current_interview(current), actor=None), None
    )
    changes = []
    for name, form in built.items():
        if name not in fresh:
            continue
        if hasattr(form, "fields") and hasattr(fresh[name], "fields"):
            changes += changes_since(form, fresh[name])
        elif hasattr(form, "get_queryset") and hasattr(fresh[name], "get_queryset"):
            changes += formset_changes_since(form, fresh[name])
    messages.warning(
        request,
        _(
            "Someone else saved this record while you were editing it, so your changes were not saved. "
            "What you typed is kept below: check it against their changes, then save again."
        ),
    )
    return {"changes": changes, "at": current.updated_at}


def _after_save(request: HttpRequest, person: Person, step) -> HttpResponse:
    messages.success(request, _("%(step)s saved.") % {"step": step.title})
    following = next_step(step.slug)
    if "save_and_continue" in request.POST and following is not None:
        return redirect("intake:interview_step", person_id=person.pk, step=following.slug)
    return redirect("intake:interview_step", person_id=person.pk, step=step.slug)
