"""The printed consent sheet of a person, and the exact words read for a consent."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cases.access import require_perm_or_404
from cases.access_log.services import access_record
from cases.models import AccessLog, Case
from intake.models import Person
from survivor_texts import selectors
from survivor_texts.models import SOURCE_LANGUAGE


def _caseworker_column_language(request: HttpRequest):
    return selectors.interface_language(request.LANGUAGE_CODE) or selectors.source_language()


@require_GET
def consent_sheet(request: HttpRequest, person_id: int) -> HttpResponse:
    """A one-page sheet: the texts in the survivor's language beside the caseworker's, to sign."""
    person = get_object_or_404(Person, pk=person_id)
    require_perm_or_404(request.user, "intake.change_person", person)  # whoever may record consent
    # The survivor's language, as the consent step chose it; the English source if none is given.
    code = request.GET.get("language") or SOURCE_LANGUAGE
    survivor_language = selectors.languages_with_texts().filter(code=code).first()
    if survivor_language is None:
        raise Http404
    case = Case.objects.filter(person_id=person.pk).only("pk", "reference").first()
    access_record(
        request=request,
        action=AccessLog.Action.VIEW,
        case_id=case.pk if case else None,
        detail={"part": "consent_sheet"},
    )
    source = selectors.current_versions(selectors.source_language())
    survivor = selectors.sheet_column(survivor_language, source)
    caseworker = selectors.sheet_column(_caseworker_column_language(request), source)
    return render(
        request,
        "survivor_texts/consent_sheet.html",
        {
            "person_id": person.pk,
            "reference": case.reference if case else "",
            "columns": [survivor, caseworker] if survivor.language != caseworker.language else [survivor],
            "rows": selectors.sheet_rows(survivor, caseworker),
            "same_language": survivor.language == caseworker.language,
        },
    )


@require_GET
def consent_text(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The words read to the person before this consent, exactly as they were then."""
    consent = selectors.consent_text_get(consent_id=consent_id)
    case = get_object_or_404(Case.objects.visible_to(request.user), person_id=consent.person_id)
    require_perm_or_404(request.user, "cases.view_case_file", case)
    access_record(
        request=request, action=AccessLog.Action.VIEW, case_id=case.pk, detail={"part": "consent_text"}
    )
    return render(request, "survivor_texts/consent_text.html", {"consent": consent, "case": case})
