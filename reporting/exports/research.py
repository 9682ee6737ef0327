"""Research records in the style of the Counter Trafficking Data Collaborative, for anonymised releases.

Only persons whose consent to anonymised research is in force have a record. It holds no
name, document, phone, exact date, compound name or free text: ages in bands, the year of
registration, countries as ISO codes, and 0/1 flags for types of exploitation and means of
control. These records are never given out one by one: releases.py counts them per
combination of a fixed list of columns and publishes only counts no release can difference.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from cases.models import Case
from intake.models import Consent, Exploitation, Person
from intake.vocabularies import ConsentScope, Gender

UNKNOWN = "Unknown"

# CTDC's age bands at registration: (youngest, oldest or None, label).
AGE_BANDS = [
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, None, "48+"),
]
GENDERS = {
    Gender.FEMININE: "Female",
    Gender.MASCULINE: "Male",
    Gender.TRANSGENDER_FEMININE: "Transgender/NonConforming",
    Gender.TRANSGENDER_MASCULINE: "Transgender/NonConforming",
    Gender.NON_CONFORMING: "Transgender/NonConforming",
    Gender.UNKNOWN: UNKNOWN,
}
# Type of exploitation, by the HTCDS value of our term (forced criminality exports as forced labour).
EXPLOITATION_FLAGS = {"ForcedLabour": "isForcedLabour", "SexualExploitation": "isSexualExploit"}
OTHER_EXPLOITATION_FLAG = "isOtherExploit"
# Means of control, by our term's code or else its HTCDS value; anything else counts as Other.
CONTROL_FLAGS = {
    "DebtBondage": "meansOfControlDebtBondage",
    "TakesEarnings": "meansOfControlTakesEarnings",
    "RestrictsFinancialAccess": "meansOfControlRestrictsFinancialAccess",
    "PhysicalThreats": "meansOfControlThreats",
    "ThreatensChildrenFamily": "meansOfControlThreats",
    "PsychologicalAbuse": "meansOfControlPsychologicalAbuse",
    "PhysicalAbuse": "meansOfControlPhysicalAbuse",
    "SexualAbuse": "meansOfControlSexualAbuse",
    "FalsePromises": "meansOfControlFalsePromises",
    "PsychoactiveSubstance": "meansOfControlPsychoactiveSubstances",
    "RestrictsMovement": "meansOfControlRestrictsMovement",
    "RestrictsMedicalCare": "meansOfControlRestrictsMedicalCare",
    "ExcessiveWorkingHours": "meansOfControlExcessiveWorkingHours",
    "ThreatsLawEnforcement": "meansOfControlThreatOfLawEnforcement",
    "WithholdsNecessities": "meansOfControlWithholdsNecessities",
    "WithholdsDocuments": "meansOfControlWithholdsDocuments",
}
OTHER_CONTROL_FLAG = "meansOfControlOther"


# Every flag a record holds, in CTDC's order; a release publishes the few in RELEASE_COLUMNS.
FLAG_COLUMNS = [
    "isForcedLabour",
    "isSexualExploit",
    OTHER_EXPLOITATION_FLAG,
    *dict.fromkeys(CONTROL_FLAGS.values()),
    OTHER_CONTROL_FLAG,
]


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for youngest, oldest, label in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return label
    return UNKNOWN


def research_persons(cases: QuerySet[Case]) -> QuerySet[Person]:
    """Return the persons of `cases` whose consent to anonymised research is in force."""
    consents = Consent.objects.in_force().filter(person_id=OuterRef("pk"), scope=ConsentScope.RESEARCH)
    return Person.objects.filter(Exists(consents), pk__in=cases.values("person_id")).order_by()


def research_records(cases: QuerySet[Case]) -> list[dict]:
    """Return every whitelisted column for each consenting person of `cases`, in four queries."""
    persons = research_persons(cases)
    ids = persons.values("pk")
    flags: dict[int, set[str]] = defaultdict(set)
    type_links = Exploitation.types.through.objects.filter(exploitation__person_id__in=ids)
    for person_id, htcds_value in type_links.values_list(
        "exploitation__person_id", "exploitationtype__htcds_value"
    ):
        flags[person_id].add(EXPLOITATION_FLAGS.get(htcds_value, OTHER_EXPLOITATION_FLAG))
    control_links = Exploitation.methods_of_control.through.objects.filter(exploitation__person_id__in=ids)
    for person_id, code, htcds_value in control_links.values_list(
        "exploitation__person_id", "controlmethod__code", "controlmethod__htcds_value"
    ):
        flags[person_id].add(CONTROL_FLAGS.get(code) or CONTROL_FLAGS.get(htcds_value, OTHER_CONTROL_FLAG))
    exploited_in: dict[int, set[str]] = defaultdict(set)
    for person_id, country in Exploitation.objects.filter(
        person_id__in=ids, compound__isnull=False
    ).values_list("person_id", "compound__country"):
        exploited_in[person_id].add(country)

    records = []
    primary = FilteredRelation("nationalities", condition=Q(nationalities__is_primary=True))
    for person in (
        persons.only("gender", "date_of_birth", "birth_year_estimated", "arrived_on")
        .annotate(primary_nationality=primary, citizenship=F("primary_nationality__country"))
        .iterator(chunk_size=2000)
    ):
        age = person.youngest_possible_age(on=person.arrived_on)
        record = {
            "yearOfRegistration": person.arrived_on.year,
            "gender": GENDERS.get(person.gender, UNKNOWN),
            "ageBroad": age_band(age),
            "majorityStatus": UNKNOWN if age is None else ("Minor" if age < 18 else "Adult"),
            "citizenship": person.citizenship or UNKNOWN,
            "CountryOfExploitation": ";".join(sorted(exploited_in[person.pk])) or UNKNOWN,
        }
        record.update({flag: int(flag in flags[person.pk]) for flag in FLAG_COLUMNS})
        records.append(record)
    return records
