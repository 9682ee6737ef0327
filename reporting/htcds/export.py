"""Records in the Human Trafficking Case Data Standard (HTCDS 2.0), for partners that use it.

One record per person whose consent to share the case, without the name, with partner
organisations is in force (the view asks cases/access.py). Every column is one of
reporting/htcds/spec.py, in its order, with the standard's value names; what the standard has
no value for travels beside it in an `x_` extension column (forced criminality is ForcedLabour
in vic_TypeOfExploitation and ForcedCriminalityRomanceScam in x_TypeOfExploitation). Names,
phones, document numbers, exact birthdates and free text are left out (spec.WITHHELD); the
days of the story (recruitment, episodes, debts) are given as months. The one full date is the
day a referral was made: a fact of the organisation's work, which the standard asks for.

The exploitation chain travels whole: its episodes in order (x_Episodes), the debts with the
number of the episode they arose in (x_Debts), and the trafficking events the standard
describes (hte_Events), so that the HTCDS import can rebuild the record the file came from.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from iso639 import Language as Iso639Language
from iso639 import LanguageNotFoundError

from cases.models import Case
from intake.models import Consent, Debt, Exploitation, Nationality, Recruitment
from intake.vocabularies import ConsentScope
from referrals.models import Referral, ReferralState
from reporting.htcds import spec
from reporting.htcds.spec import standard_value

# Referrals that went to another organisation: asked, accepted or done (not declined or revoked).
REFERRED_STATES = (ReferralState.REQUESTED, ReferralState.ACCEPTED, ReferralState.DONE)
CHUNK = 1000  # cases per round of queries: the query count is fixed per this many cases


def iso639_2(code: str | None) -> str | None:
    """Return the ISO 639-2 (T) code of an ISO 639-3 language: its own, or its macrolanguage's.

    HTCDS asks for ISO 639-2; Mandarin (cmn) is exported as Chinese (zho), Swahili (swh) as swa.
    None when the language has no 639-2 code of either kind.
    """
    if not code:
        return None
    try:
        language = Iso639Language.from_part3(code)
    except LanguageNotFoundError:
        return None
    if language.part2t:
        return language.part2t
    if language.macrolanguage:
        return Iso639Language.from_part3(language.macrolanguage).part2t or None
    return None


def month(day: datetime.date | None) -> str | None:
    """Return the ISO 8601 month (YYYY-MM) of a day of the story: the day itself would identify."""
    return f"{day.year:04d}-{day.month:02d}" if day else None


def amount(value: Decimal | None) -> str | None:
    """Return an exact amount as a plain decimal string ("80000", "12.5"): never a float, no exponent."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _or_none(value: str) -> str | None:
    return value or None


def closure_reason(case: Case) -> str | None:
    """Return the coded reason a closed case was closed (cases.models.ClosureReason), for
    cas_ReasonForCaseClosure; None for an open case or one closed before reasons were recorded.

    Never the note typed beside the reason: free text never leaves (spec.WITHHELD).
    """
    return (case.closure_reason or None) if case.is_closed else None


def htcds_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Add to `cases` what their HTCDS records need, fetched in a fixed number of queries."""
    return (
        cases.select_related("organisation", "person__primary_language")
        .prefetch_related(
            "person__other_languages",
            Prefetch(
                "person__nationalities", queryset=Nationality.objects.order_by("-is_primary", "country")
            ),
            Prefetch(
                "person__recruitments",
                queryset=Recruitment.objects.select_related("channel"),
                to_attr="htcds_recruitments",
            ),
            Prefetch(
                "person__exploitations",
                queryset=Exploitation.objects.select_related("compound").prefetch_related(
                    "types", "methods_of_control"
                ),
                to_attr="htcds_episodes",
            ),
            Prefetch("person__debts", queryset=Debt.objects.all(), to_attr="htcds_debts"),
            Prefetch(
                "person__consents",
                queryset=Consent.objects.in_force().filter(scope=ConsentScope.RECORD),
                to_attr="record_consents",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.filter(state__in=REFERRED_STATES).select_related(
                    "receiver", "service"
                ),
                to_attr="htcds_referrals",
            ),
        )
        .order_by("pk")  # spec.RECORD_ORDER: an import creates the cases in file order
    )


def _codes(terms) -> list[str]:
    """Our codes of vocabulary terms, each once, sorted."""
    return sorted({term.code for term in terms})


def _standard_values(field: str, terms) -> list[str]:
    """The standard's values of vocabulary terms for `field`, each once, sorted."""
    return sorted({standard_value(field, term.htcds_value) for term in terms})


def _day_key(day: datetime.date | None) -> tuple:
    return (day is None, day or datetime.date.min)


def _episodes(person) -> list[Exploitation]:
    """The person's episodes in the chain's order, the same on every database."""
    return sorted(person.htcds_episodes, key=lambda e: (e.position, *_day_key(e.started_on), e.pk))


def _recruitment(person) -> Recruitment | None:
    """The recruitment the interview records: the first (the interview edits the first)."""
    recruitments = sorted(person.htcds_recruitments, key=lambda r: (*_day_key(r.recruited_on), r.pk))
    return recruitments[0] if recruitments else None


def _episode_item(episode: Exploitation) -> dict:
    types = list(episode.types.all())
    methods = list(episode.methods_of_control.all())
    country = episode.place_country
    return {
        "vic_LocationOfExploitation": episode.compound.name if episode.compound_id else None,
        "hte_Country": country.code if country else None,
        "x_StartDate": month(episode.started_on),
        "x_EndDate": month(episode.ended_on),
        "vic_TypeOfExploitation": _standard_values("vic_TypeOfExploitation", types),
        "x_TypeOfExploitation": _codes(types),
        "vic_ForcedLabourIndustry": _or_none(episode.forced_labour_industry),
        "vic_TypeOfSexExploitation": sorted(set(episode.sex_exploitation_types or [])),
        "x_HoursPerDay": episode.hours_per_day,
        "vic_MethodsOfControl": _standard_values("vic_MethodsOfControl", methods),
        "x_MethodsOfControl": _codes(methods),
        "x_SoldOn": episode.sold_on,
        "x_SoldBy": _or_none(episode.sold_by),
        "x_SalePriceAmount": amount(episode.sale_price_amount),
        "x_SalePriceCurrency": _or_none(episode.sale_price_currency),
    }


def _debt_item(debt: Debt, episode_numbers: dict[int, int]) -> dict:
    return {
        "x_Episode": episode_numbers.get(debt.exploitation_id),
        "x_Kind": debt.kind,
        "x_Amount": amount(debt.amount),
        "x_Currency": _or_none(debt.currency),
        "x_CryptoAsset": _or_none(debt.crypto_asset),
        "x_ImposedBy": _or_none(debt.imposed_by),
        "x_Date": month(debt.incurred_on),
        "x_Paid": debt.is_paid,
        "x_PaidBy": _or_none(debt.paid_by),
        "x_PaidOn": month(debt.paid_on),
    }


def _events(recruitment: Recruitment | None, episodes: list[dict]) -> list[dict]:
    """The trafficking events: the recruitment, each transit country, each episode."""
    events = []
    if recruitment is not None:
        events.append(
            {
                "hte_Type": "Recruitment",
                "hte_Country": recruitment.origin_country.code or None,
                "hte_Date": month(recruitment.recruited_on),
            }
        )
        # Stored sorted by code (django-countries): the route's order is not held.
        events.extend(
            {"hte_Type": "Transit", "hte_Country": country.code, "hte_Date": None}
            for country in recruitment.transit_countries
        )
    events.extend(
        {
            "hte_Type": "Exploitation",
            "hte_Country": episode["hte_Country"],
            "hte_Date": episode["x_StartDate"],
        }
        for episode in episodes
    )
    return events


def htcds_record(case: Case) -> dict:
    """Return one person's HTCDS record: every column of the spec, in order, then the groups."""
    person = case.person
    organisation = case.organisation
    recruitment = _recruitment(person)
    episode_rows = _episodes(person)
    episodes = [_episode_item(episode) for episode in episode_rows]
    episode_numbers = {episode.pk: number for number, episode in enumerate(episode_rows, start=1)}
    debts = sorted(person.htcds_debts, key=lambda d: (*_day_key(d.incurred_on), d.pk))
    referrals = sorted(case.htcds_referrals, key=lambda r: (r.requested_at, r.pk))

    primary = person.primary_language
    primary_639_2 = iso639_2(primary.code) if primary else None
    others = sorted(
        (language for language in person.other_languages.all() if language.pk != person.primary_language_id),
        key=lambda language: language.code,
    )
    secondary = next(
        (code for code in (iso639_2(language.code) for language in others) if code and code != primary_639_2),
        None,
    )
    first_recruited = recruitment.recruited_on if recruitment else None
    channel = recruitment.channel if recruitment and recruitment.channel_id else None
    types = [kind for episode in episode_rows for kind in episode.types.all()]
    methods = [method for episode in episode_rows for method in episode.methods_of_control.all()]

    values = {
        "org_Name": organisation.name,
        "org_ShippingCity": _or_none(organisation.city),
        "org_ShippingCountry": organisation.country.code or None,
        "org_Phone": _or_none(organisation.phone),
        "org_Type": organisation.org_type,
        "prs_Gender": person.gender,
        "prs_PrimaryLanguage": primary_639_2,
        "prs_SecondaryLanguage": secondary,
        "prs_Citizenship": [nationality.country.code for nationality in person.nationalities.all()],
        "vic_TraffickingStatus": person.trafficking_status,
        "vic_TraffickingStatusDecisionMakingOrg": _or_none(person.trafficking_status_decided_by),
        "vic_RelationshipToTrafficker": _or_none(recruitment.relation_to_recruiter) if recruitment else None,
        "vic_AgeWhenTrafficked": person.youngest_possible_age(on=first_recruited)
        if first_recruited
        else None,
        "vic_RecruitmentWebsitesAndApps": [recruitment.platform]
        if recruitment and recruitment.platform
        else [],
        "vic_MethodOfRecruitment": [standard_value("vic_MethodOfRecruitment", channel.htcds_value)]
        if channel
        else [],
        "vic_LocationOfRecruitment": (recruitment.origin_country.code or None) if recruitment else None,
        "vic_MethodsOfControl": _standard_values("vic_MethodsOfControl", methods),
        "vic_TypeOfExploitation": _standard_values("vic_TypeOfExploitation", types),
        "vic_ForcedLabourIndustry": next(
            (item["vic_ForcedLabourIndustry"] for item in episodes if item["vic_ForcedLabourIndustry"]), None
        ),
        "vic_TypeOfSexExploitation": sorted(
            {value for item in episodes for value in item["vic_TypeOfSexExploitation"]}
        ),
        "vic_LocationOfExploitation": next(
            (item["vic_LocationOfExploitation"] for item in episodes if item["vic_LocationOfExploitation"]),
            None,
        ),
        "cas_Status": case.status,
        "cas_ReasonForCaseClosure": closure_reason(case),
        "con_Consent": bool(person.record_consents),
        "x_PrimaryLanguage": primary.code if primary else None,
        "x_OtherLanguages": [language.code for language in others],
        "x_MethodOfRecruitment": channel.code if channel else None,
        "x_TypeOfExploitation": _codes(types),
        "x_MethodsOfControl": _codes(methods),
    }
    record = {column.name: values[column.name] for column in spec.PERSON_COLUMNS}
    record["hte_Events"] = _events(recruitment, episodes)
    record["x_Episodes"] = episodes
    record["x_Debts"] = [_debt_item(debt, episode_numbers) for debt in debts]
    record["x_Referrals"] = [
        {
            "cas_ReferredOrganisation": referral.receiver.name,
            "cas_ReasonForOutgoingReferral": standard_value(
                "cas_ReasonForOutgoingReferral", referral.service.htcds_value
            ),
            "cas_OutgoingReferralDate": timezone.localtime(referral.requested_at).date().isoformat(),
            "x_Service": referral.service.code,
        }
        for referral in referrals
    ]
    return record


def htcds_records(cases: QuerySet[Case]) -> Iterator[dict]:
    """Yield the HTCDS record of each case of `cases`, CHUNK cases per round of queries."""
    for case in htcds_cases(cases).iterator(chunk_size=CHUNK):
        yield htcds_record(case)
