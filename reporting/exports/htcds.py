"""Records in the Human Trafficking Case Data Standard (HTCDS 2.0), for partners that use it.

One record per person, with the standard's prefixed field names and picklist value names.
Stored values already are HTCDS value names (see intake/vocabularies.py); the editable
vocabularies carry the value each term is exported as, so our own terms map as they say
(forced criminality, which HTCDS lacks, exports as ForcedLabour; a term without one, as
Other). Names, phones, document numbers, exact dates and free text are left out: the
partner gets the case's facts, not the person's identity. The one date given is the day the
case was first referred to another organisation (cas_OutgoingReferralDate): a fact of the
organisation's work, which the standard asks for; the referrals' notes are never exported.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from iso639 import Language as Iso639Language
from iso639 import LanguageNotFoundError

from cases.models import Case
from intake.models import Consent, Exploitation, Nationality, Recruitment
from intake.vocabularies import ConsentScope
from referrals.models import Referral, ReferralState

# Referrals that went to another organisation: asked, accepted or done (not declined or revoked).
REFERRED_STATES = (ReferralState.REQUESTED, ReferralState.ACCEPTED, ReferralState.DONE)

OTHER = "Other"

# Field name -> HTCDS field type, in export order. Multiselect fields are lists in JSON and
# ";"-separated in CSV (as Salesforce, where the standard comes from, writes them).
FIELDS: dict[str, str] = {
    "org_Name": "Text",
    "org_Type": "Picklist",
    "prs_Gender": "Picklist",
    "prs_Citizenship": "Multiselect Picklist",
    "prs_PrimaryLanguage": "Picklist",
    "prs_SecondaryLanguage": "Picklist",
    "vic_TraffickingStatus": "Picklist",
    "vic_TraffickingStatusDecisionMakingOrg": "Picklist",
    "vic_RelationshipToTrafficker": "Picklist",
    "vic_AgeWhenTrafficked": "Number",
    "vic_MethodOfRecruitment": "Multiselect Picklist",
    "vic_RecruitmentWebsitesAndApps": "Multiselect Picklist",
    "vic_MethodsOfControl": "Multiselect Picklist",
    "vic_TypeOfExploitation": "Multiselect Picklist",
    "cas_Status": "Picklist",
    "cas_ReferredOrganisation": "Lookup [to organisation]",
    "cas_ReasonForOutgoingReferral": "Picklist",
    "cas_OutgoingReferralDate": "Date",
    "con_Consent": "Checkbox",
}
MULTISELECT_SEPARATOR = ";"


def iso639_2(code: str | None) -> str:
    """Return the ISO 639-2 (T) code of an ISO 639-3 language: its own, or its macrolanguage's.

    HTCDS asks for ISO 639-2; Mandarin (cmn) is exported as Chinese (zho), Swahili (swh) as swa.
    Empty when the language has no 639-2 code of either kind.
    """
    if not code:
        return ""
    try:
        language = Iso639Language.from_part3(code)
    except LanguageNotFoundError:
        return ""
    if language.part2t:
        return language.part2t
    if language.macrolanguage:
        return Iso639Language.from_part3(language.macrolanguage).part2t or ""
    return ""


def htcds_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Add to `cases` what their HTCDS records need, fetched in a fixed number of queries."""
    return cases.select_related("organisation", "person__primary_language").prefetch_related(
        "person__other_languages",
        Prefetch("person__nationalities", queryset=Nationality.objects.order_by("-is_primary", "country")),
        Prefetch(
            "person__recruitments",
            queryset=Recruitment.objects.select_related("channel").order_by("recruited_on", "id"),
        ),
        Prefetch(
            "person__exploitations",
            queryset=Exploitation.objects.prefetch_related("types", "methods_of_control"),
        ),
        Prefetch(
            "person__consents",
            queryset=Consent.objects.in_force().filter(scope=ConsentScope.RECORD),
            to_attr="record_consents",
        ),
        Prefetch(
            "referrals",
            queryset=Referral.objects.filter(state__in=REFERRED_STATES)
            .select_related("receiver", "service")
            .order_by("requested_at", "id"),
            to_attr="htcds_referrals",
        ),
    )


def _term_values(terms) -> list[str]:
    """Return the HTCDS values of vocabulary terms, each once, in a stable order."""
    return sorted({term.htcds_value or OTHER for term in terms})


def htcds_record(case: Case) -> dict:
    """Return one person's HTCDS record: field name -> value (a list for multiselect fields)."""
    person = case.person
    recruitments = list(person.recruitments.all())
    exploitations = list(person.exploitations.all())
    first_recruited = next((r.recruited_on for r in recruitments if r.recruited_on), None)
    other_languages = sorted({iso639_2(language.code) for language in person.other_languages.all()} - {""})
    return {
        "org_Name": case.organisation.name,
        "org_Type": case.organisation.org_type,
        "prs_Gender": person.gender,
        "prs_Citizenship": [nationality.country.code for nationality in person.nationalities.all()],
        "prs_PrimaryLanguage": iso639_2(person.primary_language.code if person.primary_language else ""),
        "prs_SecondaryLanguage": other_languages[0] if other_languages else "",
        "vic_TraffickingStatus": person.trafficking_status,
        "vic_TraffickingStatusDecisionMakingOrg": person.trafficking_status_decided_by,
        "vic_RelationshipToTrafficker": next(
            (r.relation_to_recruiter for r in recruitments if r.relation_to_recruiter), ""
        ),
        "vic_AgeWhenTrafficked": person.youngest_possible_age(on=first_recruited)
        if first_recruited
        else None,
        "vic_MethodOfRecruitment": _term_values(r.channel for r in recruitments if r.channel),
        "vic_RecruitmentWebsitesAndApps": sorted({r.platform for r in recruitments if r.platform}),
        "vic_MethodsOfControl": _term_values(
            method for exploitation in exploitations for method in exploitation.methods_of_control.all()
        ),
        "vic_TypeOfExploitation": _term_values(
            kind for exploitation in exploitations for kind in exploitation.types.all()
        ),
        "cas_Status": case.status,
        # One value per organisation the case was referred to; the reasons as HTCDS names them.
        "cas_ReferredOrganisation": sorted({referral.receiver.name for referral in case.htcds_referrals}),
        "cas_ReasonForOutgoingReferral": sorted(
            {referral.service.htcds_value or OTHER for referral in case.htcds_referrals}
        ),
        # The first referral's day: the standard's one date for the case's referrals.
        "cas_OutgoingReferralDate": case.htcds_referrals[0].requested_at.date().isoformat()
        if case.htcds_referrals
        else "",
        "con_Consent": bool(person.record_consents),
    }


def htcds_records(cases: QuerySet[Case]) -> Iterator[dict]:
    """Yield the HTCDS record of each case of `cases`."""
    for case in htcds_cases(cases).iterator(chunk_size=1000):
        yield htcds_record(case)


def csv_value(value) -> str | int:
    """Return a record's value as a CSV cell: lists joined by ";", booleans as true/false."""
    if isinstance(value, list):
        return MULTISELECT_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value
