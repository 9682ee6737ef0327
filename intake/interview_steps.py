"""The survivor interview, step by step: what each step shows, and how it is saved.

Consent comes first, before the person tells their story; asking it starts the interview.
Each step is saved on its own (intake.services.record_step_save), so an interview can stop
and resume; the steps saved so far are kept on the interview to show progress.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from intake import consent_texts, forms, services
from intake.models import Interview, Person, Recruitment
from intake.vocabularies import ConsentScope


@dataclass
class StepContext:
    person: Person
    interview: Interview | None
    actor: object
    narrative_open: bool = False  # a reason was given to read the recorded narrative
    texts_language: str = ""  # the ISO 639-3 code of the language whose consent texts are shown
    interface_language: str = "en"  # the caseworker's interface language (request.LANGUAGE_CODE)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    lead: str
    build: Callable[[StepContext, dict | None], dict]
    save: Callable[[StepContext, dict], None]
    identity: bool = False  # saving it changes the keys duplicate checks compare
    # What the step shows beside its forms (the consent texts): context for the template.
    panel: Callable[[StepContext, dict], dict] | None = None
    # Buttons that rearrange the step's forms without saving (add, move): the rearranged data.
    rearrange: Callable[[QueryDict], "Rearranged | None"] | None = None


def _first_or_new(queryset, model, person: Person):
    return queryset.first() or model(person=person)


def narrative_protected(interview: Interview | None) -> bool:
    """A recorded narrative is shown only after a reason is given; writing a new one needs none."""
    return bool(interview and interview.narrative)


def _details(ctx: StepContext, data):
    interview = ctx.interview or Interview(person=ctx.person)
    show = ctx.narrative_open or not narrative_protected(ctx.interview)
    return {
        "details": forms.InterviewDetailsForm(data, instance=interview, prefix="details", show_narrative=show)
    }


def _details_save(ctx: StepContext, built):
    interview = built["details"].save(commit=False)
    interview.person = ctx.person
    if interview.interviewer_id is None:
        interview.interviewer = ctx.actor
    interview.save()
    ctx.interview = interview


def _identity(ctx: StepContext, data):
    return {
        "identity": forms.IdentityForm(data, instance=ctx.person, prefix="identity"),
        "nationalities": forms.NationalityFormSet(data, instance=ctx.person, prefix="nationalities"),
    }


def _recruitment(ctx: StepContext, data):
    instance = _first_or_new(ctx.person.recruitments.all(), Recruitment, ctx.person)
    return {"recruitment": forms.RecruitmentForm(data, instance=instance, prefix="recruitment")}


def _journey(ctx: StepContext, data):
    instance = _first_or_new(ctx.person.recruitments.all(), Recruitment, ctx.person)
    return {"journey": forms.JourneyForm(data, instance=instance, prefix="journey")}


EPISODES_PREFIX = "episodes"
EPISODE_ACTION = "episode_action"  # the name of the add and move buttons: "add", "up:2", "down:0"


def _exploitation(ctx: StepContext, data):
    episodes = forms.EpisodeFormSet(data, instance=ctx.person, prefix=EPISODES_PREFIX)
    if data is None and not len(episodes.get_queryset()):
        episodes.extra = 1  # a story not told yet starts with one empty episode
    return {
        "episodes": episodes,
        "indicators": forms.IndicatorsForm(data, person=ctx.person, episodes=episodes),
    }


@dataclass(frozen=True)
class Rearranged:
    """A step's forms rearranged without saving: the data to show them with, and what was done."""

    data: QueryDict
    said: str
    focus: str  # the html name prefix of the form to put the focus in ("episodes-2")
    verb: str  # "add", "up" or "down": the button to focus again, if it can still be pressed


def episodes_rearrange(data: QueryDict) -> Rearranged | None:
    """Add an empty episode at the end, or move one earlier or later, in the posted data.

    Nothing is saved: the step is shown again with what was typed, in the new order (the
    forms' hidden ORDER fields renumbered 1..n), and saved as a whole when its Save is pressed.
    Without JavaScript and without dragging: each is a button, usable from the keyboard.
    """
    action = data.get(EPISODE_ACTION)
    if not action:
        return None
    try:
        total = int(data.get(f"{EPISODES_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return None  # a broken management form: the save that follows explains it
    total = max(0, min(total, forms.EpisodeFormSet.absolute_max))

    def order(index: int) -> tuple[int, int]:
        try:
            return (int(data.get(f"{EPISODES_PREFIX}-{index}-ORDER", "")), index)
        except ValueError:
            return (total + 1 + index, index)

    ordered = sorted(range(total), key=order)
    data = data.copy()
    verb, _sep, which = action.partition(":")
    if verb == "add":
        moved, said = total, _("An episode was added at the end. It is saved when you save the step.")
        ordered.append(total)
        data[f"{EPISODES_PREFIX}-TOTAL_FORMS"] = str(total + 1)
    else:
        try:
            moved = int(which)
            at = ordered.index(moved)
        except ValueError:
            return None
        to = at - 1 if verb == "up" else at + 1
        if verb not in ("up", "down") or not 0 <= to < len(ordered):
            return None
        ordered[at], ordered[to] = ordered[to], ordered[at]
        said = (
            _("Episode moved earlier, to number %(n)s. The new order is saved when you save the step.")
            if verb == "up"
            else _("Episode moved later, to number %(n)s. The new order is saved when you save the step.")
        ) % {"n": to + 1}
    for rank, index in enumerate(ordered, start=1):
        data[f"{EPISODES_PREFIX}-{index}-ORDER"] = str(rank)
    return Rearranged(data=data, said=said, focus=f"{EPISODES_PREFIX}-{moved}", verb=verb)


def _debts(ctx: StepContext, data):
    episodes = ctx.person.exploitations.select_related("compound").order_by("position", "id")
    return {
        "debts": forms.DebtFormSet(
            data, instance=ctx.person, prefix="debts", form_kwargs={"episodes": episodes}
        )
    }


def _needs(ctx: StepContext, data):
    return {"needs": forms.NeedsForm(data, instance=ctx.person, prefix="needs")}


def _texts_language_default(ctx: StepContext, languages) -> int | None:
    """The language whose texts are shown first: the one asked for, else the person's primary
    language, the interview's, the caseworker's, or English, the first that has texts."""
    by_code = {language.code: language.pk for language in languages}
    candidates = [
        by_code.get(ctx.texts_language),
        ctx.person.primary_language_id,
        ctx.interview.language_id if ctx.interview else None,
        getattr(consent_texts.source().interface_language(ctx.interface_language), "pk", None),
        by_code.get("eng"),
    ]
    return next((pk for pk in candidates if pk in by_code.values()), None)


def _consent(ctx: StepContext, data):
    in_force = set(ctx.person.consents.in_force().values_list("scope", flat=True))
    asked_before = ctx.person.consents.exists() or bool(
        ctx.interview and "consent" in ctx.interview.completed_steps
    )
    initial = {}
    if ctx.interview is not None:
        initial = {
            "interpreter": ctx.interview.interpreter,
            "read_by_interpreter": bool(ctx.interview.interpreter),
        }
    form = forms.ConsentForm(data, in_force=in_force, asked_before=asked_before, initial=initial)
    form.initial["language"] = _texts_language_default(ctx, form.fields["language"].queryset)
    return {"consent": form}


def _consent_texts(ctx: StepContext, built) -> dict:
    """The texts to read, in the survivor's language beside the caseworker's, scope by scope."""
    form = built["consent"]
    languages = list(form.fields["language"].queryset)
    chosen = str(form["language"].value() or "")
    survivor = next((language for language in languages if str(language.pk) == chosen), None)
    if survivor is None:
        return {"languages": languages, "survivor": None, "rows": []}
    texts = consent_texts.source()
    caseworker = texts.interface_language(ctx.interface_language) or next(
        (language for language in languages if language.code == "eng"), survivor
    )
    theirs = texts.current(survivor)
    ours = texts.current(caseworker) if caseworker != survivor else {}
    kinds = [consent_texts.consent_kind(scope) for scope in ConsentScope.values]
    kinds += [consent_texts.RIGHTS, consent_texts.EMBASSY_SHARING]
    return {
        "languages": languages,
        "survivor": survivor,
        "caseworker": caseworker if ours else None,
        "rows": [(theirs.get(kind), ours.get(kind)) for kind in kinds if kind in theirs or kind in ours],
    }


def _consent_save(ctx: StepContext, built):
    form = built["consent"]
    if ctx.interview is None:  # consent is the first question: asking it starts the interview
        ctx.interview = services.interview_start(
            person=ctx.person,
            actor=ctx.actor,
            language=form.cleaned_data.get("language"),
            interpreter=form.cleaned_data.get("interpreter", ""),
        )
    services.consent_save(person=ctx.person, form=form, actor=ctx.actor)


STEPS = [
    Step(
        "consent",
        _("Consent"),
        _(
            "Before the person tells their story: ask each question separately, in their language. "
            "Nothing is shared with an embassy without it."
        ),
        _consent,
        _consent_save,
        panel=_consent_texts,
    ),
    Step(
        "details",
        _("Interview and account"),
        _("When and where the interview takes place, who interprets, and the person's account."),
        _details,
        _details_save,
    ),
    Step(
        "identity",
        _("Identity and documents"),
        _("Names, age, languages, nationalities, and where each identity document is now."),
        _identity,
        lambda ctx, b: services.identity_save(
            person=ctx.person, form=b["identity"], nationalities=b["nationalities"]
        ),
        identity=True,
    ),
    Step(
        "recruitment",
        _("Recruitment"),
        _("How the person was recruited, and what they were promised."),
        _recruitment,
        lambda ctx, b: services.recruitment_save(person=ctx.person, form=b["recruitment"]),
    ),
    Step(
        "journey",
        _("Journey"),
        _("Where the person was recruited, the countries they passed through, and where they crossed."),
        _journey,
        lambda ctx, b: services.recruitment_save(person=ctx.person, form=b["journey"]),
    ),
    Step(
        "exploitation",
        _("Exploitation"),
        _(
            "Each compound the person was held in, in order, with the company, the work they were "
            "forced to do and how they were controlled; and each sale to the next compound."
        ),
        _exploitation,
        lambda ctx, b: services.exploitation_save(
            person=ctx.person, episodes=b["episodes"], indicators=b["indicators"]
        ),
        rearrange=episodes_rearrange,
    ),
    Step(
        "debts",
        _("Debts and fees"),
        _(
            "Every debt or fee imposed: introduction price, resale, "
            '"contract termination" fee, ransom, fines.'
        ),
        _debts,
        lambda ctx, b: b["debts"].save(),
    ),
    Step(
        "needs",
        _("Needs"),
        _("Urgent needs and the trafficking status."),
        _needs,
        lambda ctx, b: b["needs"].save(),
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


FIRST_STEP = STEPS[0]


def first_unsaved_step(interview: Interview | None) -> Step | None:
    """The step an interview resumes at: the first not saved yet; None when every step is saved."""
    saved = set(interview.completed_steps) if interview else set()
    return next((step for step in STEPS if step.slug not in saved), None)


def next_step(slug: str) -> Step | None:
    index = [s.slug for s in STEPS].index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None
