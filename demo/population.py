"""Synthetic cases: one deterministic random stream per case, written in bulk.

Case number i of seed s always comes out the same, whatever else exists, because its
random generator is seeded with (s, i). That makes `seed_demo` idempotent and
incremental: it deletes the demo cases the request does not want and creates the missing
ones, and a run with the same arguments changes nothing.
"""

import datetime
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from cases.models import Case, CaseEvent, CaseStatus, ClosureReason, Organisation, RepatriationStage, Site
from demo.countries import ORIGIN_WEIGHTS, ORIGINS, SOCIAL_PLATFORMS, Origin
from demo.directory import EXODUS_START, NGO_A, NGO_B, SHELTER
from demo.names import NAME_GROUPS, WORK_ALIASES
from intake.interview_steps import STEPS
from intake.matching import identity_keys, phonetic_text
from intake.models import (
    Alias,
    ArrivalGroup,
    Compound,
    Consent,
    ControlMethod,
    Debt,
    Exploitation,
    ExploitationType,
    IndicatorObservation,
    Interview,
    Language,
    MatchKey,
    Nationality,
    Person,
    Recruitment,
    RecruitmentChannel,
)
from intake.services import person_identity
from intake.vocabularies import (
    ConsentMethod,
    ConsentScope,
    DebtImposer,
    DebtKind,
    DecisionMaker,
    DocumentCustody,
    DocumentType,
    ForcedLabourIndicator,
    Gender,
    Payer,
    RelationToRecruiter,
    Seller,
    TraffickingStatus,
)

REFERENCE_PREFIX = "DEMO-"
INTERVIEW_STEPS = [step.slug for step in STEPS]  # a demo interview covered every step
BANGKOK = ZoneInfo("Asia/Bangkok")
LAST_DAY = datetime.date(2026, 11, 20)  # the demo's data ends here, so that it never depends on today
BATCH = 1000

PROMISED_JOBS = [
    "customer service representative",
    "online marketing assistant",
    "data entry clerk",
    "IT support technician",
    "translator",
    "e-commerce sales executive",
    "casino host",
    "call centre agent",
]
PROMISED_EMPLOYERS = [
    "Golden Harbour Trading Co.",
    "Asia Bright Digital Ltd.",
    "Sunrise Smart Tech",
    "Silver Lotus Marketing",
    "Blue Ocean E-Commerce",
]
# Where people resold into their last compound had been held before: (name, weight). Sales ran
# between the Myawaddy compounds and from Cambodia and Laos into them.
EARLIER_COMPOUNDS = [
    ("Sihanoukville compounds", 0.25),
    ("Shwe Kokko (Yatai New City)", 0.25),
    ("KK Park", 0.20),
    ("Golden Triangle Special Economic Zone", 0.15),
    ("Dongmei Park", 0.10),
    ("Taizhang", 0.05),
]
COMPANIES = ["Company 7 (Building A)", "Company 12 (Building C)", "Company 23", "Company 31", "Company 44"]
NARRATIVE = (
    "Recruited through {channel} with a promise of work as a {job}. Travelled through {transit} and was "
    "taken across the river to {compound}. Made to run online scams for about {hours} hours a day against "
    "a quota; phone and passport taken on arrival. Told the introduction price was a debt to be worked off. "
    "Crossed to Mae Sot during the October raid."
)

# (stage, share of cases, days after arrival it was reached at most)
STAGES = [
    (RepatriationStage.IDENTIFIED, 0.30),
    (RepatriationStage.VERIFICATION_REQUESTED, 0.20),
    (RepatriationStage.NATIONALITY_VERIFIED, 0.12),
    (RepatriationStage.TRAVEL_DOCUMENT_REQUESTED, 0.09),
    (RepatriationStage.TRAVEL_DOCUMENT_ISSUED, 0.07),
    (RepatriationStage.EXIT_CLEARANCE, 0.04),
    (RepatriationStage.DEPARTURE_SCHEDULED, 0.04),
    (RepatriationStage.DEPARTED, 0.04),
    (RepatriationStage.RECEIVED, 0.03),
    (RepatriationStage.REINTEGRATION, 0.01),
    (RepatriationStage.ON_HOLD, 0.03),
    (RepatriationStage.DECLINED, 0.01),
    (RepatriationStage.LEGAL_PROCEEDINGS, 0.02),
]
HOLD_REASONS = ["Awaiting medical clearance", "Identity documents disputed", "Witness in a prosecution"]
DOCUMENT_ISSUED_STAGES = {
    RepatriationStage.TRAVEL_DOCUMENT_ISSUED,
    RepatriationStage.EXIT_CLEARANCE,
    RepatriationStage.DEPARTURE_SCHEDULED,
    RepatriationStage.DEPARTED,
    RepatriationStage.RECEIVED,
    RepatriationStage.REINTEGRATION,
}
HOME_STAGES = {RepatriationStage.RECEIVED, RepatriationStage.REINTEGRATION}


@dataclass
class Vocabulary:
    """Ids of the reference rows the generator picks from, loaded once per run."""

    languages: dict[str, int]
    channels: dict[str, int]
    exploitation_types: dict[str, int]
    control_methods: dict[str, int]
    compounds: dict[str, int]
    organisations: dict[str, Organisation]
    sites: dict[str, int]
    arrival_groups: dict[tuple[datetime.date, str], int]
    caseworkers: dict[str, User | None]

    @classmethod
    def load(cls, *, users: dict[str, User]) -> "Vocabulary":
        return cls(
            languages=dict(Language.objects.values_list("code", "pk")),
            channels=dict(RecruitmentChannel.objects.values_list("code", "pk")),
            exploitation_types=dict(ExploitationType.objects.values_list("code", "pk")),
            control_methods=dict(ControlMethod.objects.values_list("code", "pk")),
            compounds=dict(Compound.objects.values_list("name", "pk")),
            organisations={
                org.name: org for org in Organisation.objects.filter(name__in=[NGO_A, NGO_B, SHELTER])
            },
            sites=dict(Site.objects.values_list("name", "pk")),
            arrival_groups={(g.crossed_on, g.crossing_point): g.pk for g in ArrivalGroup.objects.all()},
            caseworkers={NGO_A: users.get("caseworker"), NGO_B: users.get("caseworker2"), SHELTER: None},
        )


@dataclass
class Story:
    """One synthetic case with every row of its record, not yet saved."""

    reference: str
    person: Person
    case: Case
    origin: Origin
    other_languages: list[int] = field(default_factory=list)
    nationalities: list[Nationality] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    recruitment: Recruitment | None = None
    # The chain of episodes, in order (`position` 0, 1, ...): one, or two or three for a person resold.
    episodes: list[Exploitation] = field(default_factory=list)
    exploitation_types: list[int] = field(default_factory=list)
    control_methods: list[int] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)

    @property
    def exploitation(self) -> Exploitation | None:
        """The last episode: the compound the person came from."""
        return self.episodes[-1] if self.episodes else None


def reference_for(*, seed: int, index: int) -> str:
    return f"{REFERENCE_PREFIX}{seed}-{index:06d}"


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(7, 20), rng.randint(0, 59)), tzinfo=BANGKOK
    )


def _arrival_day(rng: random.Random) -> datetime.date:
    # 1,049 of about 1,500 crossed in the first three days, 677 of them on one day.
    roll = rng.random()
    if roll < 0.45:
        return EXODUS_START + datetime.timedelta(days=1)
    if roll < 0.58:
        return EXODUS_START
    if roll < 0.70:
        return EXODUS_START + datetime.timedelta(days=2)
    return EXODUS_START + datetime.timedelta(days=rng.randint(3, (LAST_DAY - EXODUS_START).days))


def _pick(rng: random.Random, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    return pairs[rng.randrange(len(pairs))]


def story_build(*, seed: int, index: int, vocab: Vocabulary) -> Story:
    """Build case `index` of `seed`: the same rows every time."""
    rng = random.Random(f"{seed}:{index}")
    # The first 28 cases cover every nationality once, so that even a small demo shows them all.
    origin = ORIGINS[index - 1] if index <= len(ORIGINS) else rng.choices(ORIGINS, weights=ORIGIN_WEIGHTS)[0]
    male_names, female_names, family_names = NAME_GROUPS[origin.country]
    gender_roll = rng.random()
    gender = (
        Gender.MASCULINE if gender_roll < 0.74 else Gender.FEMININE if gender_roll < 0.98 else Gender.UNKNOWN
    )
    given, given_native = _pick(rng, female_names if gender == Gender.FEMININE else male_names)
    family, family_native = _pick(rng, family_names)

    arrived_on = _arrival_day(rng)
    is_minor = rng.random() < 0.04
    age = rng.randint(14, 17) if is_minor else min(int(rng.gauss(28, 6)), 58)
    age = max(age, 18) if not is_minor else age
    dob = birth_year = None
    if rng.random() < 0.7:
        dob = arrived_on - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
    else:
        birth_year = arrived_on.year - age
    languages = list(origin.languages)
    primary = languages[0] if rng.random() < 0.8 else rng.choice(languages)
    others = [code for code in languages if code != primary and rng.random() < 0.3]
    if rng.random() < 0.4 and "eng" not in (primary, *others):
        others.append("eng")

    status_roll = rng.random()
    person = Person(
        given_name=given,
        family_name=family if origin.country != "MM" else "",
        given_name_native=given_native,
        family_name_native=family_native if origin.country != "MM" else "",
        gender=gender,
        date_of_birth=dob,
        birth_year_estimated=birth_year,
        primary_language_id=vocab.languages[primary],
        phone=f"+{origin.calling_code}00{rng.randrange(10**6, 10**7)}" if rng.random() < 0.55 else "",
        trafficking_status=TraffickingStatus.POSSIBLE
        if status_roll < 0.7
        else TraffickingStatus.ACTUAL
        if status_roll < 0.95
        else TraffickingStatus.NOT_A_VICTIM,
        trafficking_status_decided_by=""
        if status_roll < 0.7
        else rng.choice([DecisionMaker.NGO, DecisionMaker.POLICE]),
        arrived_on=arrived_on,
        needs_medical_care=rng.random() < 0.12,
        protection_risk=rng.random() < 0.08,
        unaccompanied_minor=is_minor and rng.random() < 0.6,
    )
    if origin.country == "MM":  # two syllables make a Burmese given name
        person.given_name = f"{given} {family}"
        person.given_name_native = f"{given_native}{family_native}"
    crossing_point = rng.choice(
        ["Moei River, riverside landing 1", "Moei River, riverside landing 2", "Friendship Bridge 2"]
    )
    person.arrival_group_id = vocab.arrival_groups.get((arrived_on, crossing_point))

    org_name = rng.choices([NGO_A, NGO_B, SHELTER], weights=[0.45, 0.35, 0.20])[0]
    organisation = vocab.organisations[org_name]
    caseworker = vocab.caseworkers[org_name] if rng.random() < 0.6 else None
    opened_at = _at(arrived_on, rng)
    stage = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES])[0]
    days_available = max((LAST_DAY - arrived_on).days, 0)
    stage_since = (
        opened_at + datetime.timedelta(days=rng.randint(0, days_available))
        if stage != RepatriationStage.IDENTIFIED
        else opened_at
    )
    status, closed_at = CaseStatus.ACTIVE, None
    if stage in HOME_STAGES:
        status = CaseStatus.FOLLOW_UP if rng.random() < 0.6 else CaseStatus.CLOSED
        closed_at = stage_since if status == CaseStatus.CLOSED else None
    if arrived_on <= EXODUS_START + datetime.timedelta(days=2):
        site = rng.choice(["Mae Sot Safe House", "Moei River drop-in centre", "Mae Sot immigration facility"])
    else:
        site = rng.choice(["Riverside reception point", "Town hall reception point"])
    if person.needs_medical_care and rng.random() < 0.3:
        site = "Mae Sot district hospital"
    reference = reference_for(seed=seed, index=index)
    case = Case(
        reference=reference,
        organisation=organisation,
        caseworker=caseworker,
        status=status,
        opened_at=opened_at,
        closed_at=closed_at,
        # Home and needing nothing more: the one reason the demo closes a case for (no draw: the
        # rest of the case stays as it was).
        closure_reason=ClosureReason.RETURNED_HOME if status == CaseStatus.CLOSED else "",
        current_site_id=None if stage in (RepatriationStage.DEPARTED, *HOME_STAGES) else vocab.sites[site],
        repatriation_stage=stage,
        repatriation_stage_since=stage_since,
        repatriation_hold_reason=rng.choice(HOLD_REASONS) if stage == RepatriationStage.ON_HOLD else "",
    )
    story = Story(reference=reference, person=person, case=case, origin=origin)
    story.other_languages = [vocab.languages[code] for code in others]

    custody = rng.choices(
        [
            DocumentCustody.CONFISCATED,
            DocumentCustody.LOST,
            DocumentCustody.HELD_BY_PERSON,
            DocumentCustody.HELD_BY_AUTHORITIES,
            DocumentCustody.UNKNOWN,
        ],
        weights=[0.55, 0.15, 0.15, 0.10, 0.05],
    )[0]
    if stage in DOCUMENT_ISSUED_STAGES:
        custody = DocumentCustody.EMERGENCY_DOCUMENT
    has_number = (
        custody in (DocumentCustody.HELD_BY_PERSON, DocumentCustody.HELD_BY_AUTHORITIES) or rng.random() < 0.3
    )
    story.nationalities.append(
        Nationality(
            country=origin.country,
            is_primary=True,
            document_type=DocumentType.PASSPORT if rng.random() < 0.9 else DocumentType.NATIONAL_ID,
            # "ZZ" starts no real passport number: these are recognisably synthetic.
            document_number=f"ZZ{rng.randrange(10**6, 10**7)}" if has_number else "",
            document_custody=custody,
        )
    )
    if rng.random() < 0.02:
        second = rng.choice([o for o in ORIGINS if o.country != origin.country][:8])
        story.nationalities.append(Nationality(country=second.country, is_primary=False))
    if rng.random() < 0.15:
        story.aliases.append(Alias(name=rng.choice(WORK_ALIASES)))

    person.name_phonetic = phonetic_text(
        person.given_name,
        person.family_name,
        person.given_name_native,
        person.family_name_native,
        *(alias.name for alias in story.aliases),
    )
    _journey_build(story, rng=rng, vocab=vocab)
    _consent_and_interview_build(story, rng=rng, vocab=vocab, caseworker=vocab.caseworkers[org_name])
    story.events.append(CaseEvent(kind=CaseEvent.Kind.OPENED, actor=caseworker, at=opened_at))
    if stage != RepatriationStage.IDENTIFIED:
        story.events.append(
            CaseEvent(
                kind=CaseEvent.Kind.REPATRIATION, actor=caseworker, at=stage_since, data={"to": stage.value}
            )
        )
    return story


def _journey_build(story: Story, *, rng: random.Random, vocab: Vocabulary) -> None:
    origin = story.origin
    arrived_on = story.person.arrived_on
    channel = rng.choices(
        [
            "ThroughAnOnlineAdvertisement",
            "ThroughOnlineSocialNetworks",
            "RecruitingAgentOrAgency",
            "ThroughFriendsOrSocialEvents",
            "ThroughFamilyOrFamilyEvents",
            "FreeTripOrCheapFlightOffer",
            "RecruitedAsReplacement",
            "Other",
        ],
        weights=[0.35, 0.25, 0.15, 0.12, 0.04, 0.05, 0.02, 0.02],
    )[0]
    recruited_on = arrived_on - datetime.timedelta(days=rng.randint(45, 540))
    salary_currency, low, high = rng.choice([("USD", 800, 1400), ("THB", 30000, 45000), ("CNY", 8000, 12000)])
    transit = ["TH"] + ([rng.choice(["MY", "SG", "KH", "LA", "VN"])] if rng.random() < 0.2 else [])
    story.recruitment = Recruitment(
        channel_id=vocab.channels[channel],
        platform=rng.choice(origin.platforms if rng.random() < 0.8 else SOCIAL_PLATFORMS),
        relation_to_recruiter=rng.choices(
            [RelationToRecruiter.UNACQUAINTED, RelationToRecruiter.ACQUAINTED, RelationToRecruiter.FAMILIAL],
            weights=[0.7, 0.25, 0.05],
        )[0],
        promised_job=rng.choice(PROMISED_JOBS),
        promised_employer=rng.choice(PROMISED_EMPLOYERS),
        promised_salary_amount=Decimal(rng.randrange(low, high, 50 if salary_currency == "USD" else 500)),
        promised_salary_currency=salary_currency,
        recruited_on=recruited_on,
        origin_place=rng.choice(origin.cities),
        origin_country=origin.country,
        transit_countries=transit,
        crossing_point="Moei River near Myawaddy",
    )
    compound_name = rng.choices(
        ["KK Park", "Shwe Kokko (Yatai New City)", "Dongmei Park", "Taizhang", "Other or unknown site"],
        weights=[0.60, 0.25, 0.08, 0.04, 0.03],
    )[0]
    hours = rng.randint(10, 18)
    last = Exploitation(
        compound_id=vocab.compounds[compound_name],
        company=rng.choice(COMPANIES),
        started_on=recruited_on + datetime.timedelta(days=rng.randint(3, 20)),
        ended_on=arrived_on,
        hours_per_day=hours,
    )
    types = [
        code
        for code, share in (
            ("ForcedCriminalityRomanceScam", 0.6),
            ("ForcedCriminalityInvestmentFraud", 0.5),
            ("ForcedCriminalityIllegalGambling", 0.2),
            ("SexualExploitation", 0.03),
        )
        if rng.random() < share
    ]
    story.exploitation_types = [
        vocab.exploitation_types[code] for code in (types or ["ForcedCriminalityRomanceScam"])
    ]
    controls = [
        code
        for code, share in (
            ("WithholdsDocuments", 0.8),
            ("DebtBondage", 0.6),
            ("RestrictsMovement", 0.95),
            ("PhysicalAbuse", 0.4),
            ("PhysicalThreats", 0.6),
            ("ExcessiveWorkingHours", 0.9),
            ("TakesEarnings", 0.5),
            ("ThreatensChildrenFamily", 0.2),
            ("SexualAbuse", 0.05),
            ("WithholdsNecessities", 0.25),
            ("PsychologicalAbuse", 0.5),
        )
        if rng.random() < share
    ]
    story.control_methods = [vocab.control_methods[code] for code in controls]
    indicators = {
        ForcedLabourIndicator.RETENTION_OF_DOCUMENTS: "WithholdsDocuments" in controls,
        ForcedLabourIndicator.DEBT_BONDAGE: "DebtBondage" in controls,
        ForcedLabourIndicator.RESTRICTION_OF_MOVEMENT: "RestrictsMovement" in controls,
        ForcedLabourIndicator.PHYSICAL_AND_SEXUAL_VIOLENCE: "PhysicalAbuse" in controls
        or "SexualAbuse" in controls,
        ForcedLabourIndicator.EXCESSIVE_OVERTIME: hours >= 12,
        ForcedLabourIndicator.DECEPTION: rng.random() < 0.85,
        ForcedLabourIndicator.ABUSIVE_CONDITIONS: rng.random() < 0.7,
        ForcedLabourIndicator.INTIMIDATION_AND_THREATS: rng.random() < 0.6,
        ForcedLabourIndicator.ISOLATION: rng.random() < 0.5,
        ForcedLabourIndicator.WITHHOLDING_OF_WAGES: rng.random() < 0.55,
        ForcedLabourIndicator.ABUSE_OF_VULNERABILITY: rng.random() < 0.4,
    }
    story.indicators = [indicator.value for indicator, seen in indicators.items() if seen]
    story.episodes = [last]
    story.debts = list(_debts_build(rng=rng, recruited_on=recruited_on, arrived_on=arrived_on))
    # The chain of resales came later than the rest of the story: drawn from its own generator, so
    # that every value drawn before (and the consents and interview drawn after) stayed as it was.
    _resales_build(story, rng=random.Random(f"resales:{story.reference}"), vocab=vocab)


def _resale_price(rng: random.Random) -> tuple[Decimal, str]:
    """A resale price as reported: 30,000 to 150,000 RMB or its dollar equivalent, more after the raids."""
    roll = rng.random()
    if roll < 0.05:  # after the raids, up to £70,000 a person was reported
        return Decimal(rng.randrange(40, 91) * 1000), "USD"
    if roll < 0.60:
        return Decimal(rng.randrange(30, 151) * 1000), "CNY"
    return Decimal(rng.randrange(40, 201) * 100), "USD"


def _resales_build(story: Story, *, rng: random.Random, vocab: Vocabulary) -> None:
    """Turn a resold person's story into a chain of episodes; attach every debt to its episode.

    `_debts_build` draws whether the person was resold (about one in five) and yields a resale
    debt as the mark of it. The chain replaces that mark: two or three episodes, each but the last
    sold on (by whom, for how much), and the resale price a debt in the next episode, the buyer's.
    The introduction debt arose in the first episode, the fee or ransom for leaving in the last,
    and a fine in the episode it was imposed in.
    """
    last = story.episodes[-1]
    marks = [debt for debt in story.debts if debt.kind == DebtKind.RESALE]
    story.debts = [debt for debt in story.debts if debt.kind != DebtKind.RESALE]
    if marks:
        sales = 1 if rng.random() < 0.7 else 2
        span = (last.ended_on - last.started_on).days  # at least 25 days: recruited 45 days before arrival
        days = sorted(rng.sample(range(1, span), sales))
        sold_on = [last.started_on + datetime.timedelta(days=day) for day in days]
        compounds = [last.compound_id]
        for _ in range(sales):  # backwards from the last compound: each sold on into the next
            names = [name for name, _ in EARLIER_COMPOUNDS if vocab.compounds.get(name) != compounds[0]]
            weights = [weight for name, weight in EARLIER_COMPOUNDS if name in names]
            compounds.insert(0, vocab.compounds[rng.choices(names, weights=weights)[0]])
        starts = [last.started_on, *sold_on]
        episodes = []
        for position, (compound_id, started_on) in enumerate(zip(compounds[:-1], starts[:-1], strict=True)):
            price, currency = _resale_price(rng)
            episodes.append(
                Exploitation(
                    position=position,
                    compound_id=compound_id,
                    company=rng.choice(COMPANIES),
                    started_on=started_on,
                    ended_on=sold_on[position],
                    hours_per_day=rng.randint(10, 18),
                    sold_on=True,
                    sold_by=rng.choices(
                        [Seller.EXPLOITER, Seller.BROKER, Seller.RECRUITER], weights=[0.6, 0.3, 0.1]
                    )[0],
                    sale_price_amount=price,
                    sale_price_currency=currency,
                )
            )
        last.position = sales
        last.started_on = sold_on[-1]
        story.episodes = [*episodes, last]
        for seller, buyer in itertools.pairwise(story.episodes):
            story.debts.append(
                Debt(
                    kind=DebtKind.RESALE,
                    amount=seller.sale_price_amount,
                    currency=seller.sale_price_currency,
                    imposed_by=DebtImposer.BUYER,
                    incurred_on=seller.ended_on,
                    exploitation=buyer,
                )
            )
    for debt in story.debts:
        if debt.kind == DebtKind.INTRODUCTION:
            debt.exploitation = story.episodes[0]
        elif debt.kind in (DebtKind.CONTRACT_TERMINATION, DebtKind.RANSOM):
            debt.exploitation = last
        elif debt.exploitation is None:  # a fine: the episode it was imposed in
            debt.exploitation = next(
                (e for e in reversed(story.episodes) if e.started_on <= debt.incurred_on), story.episodes[0]
            )


def _debts_build(
    *, rng: random.Random, recruited_on: datetime.date, arrived_on: datetime.date
) -> Iterator[Debt]:
    def on(days_before_arrival: int) -> datetime.date:
        return max(arrived_on - datetime.timedelta(days=days_before_arrival), recruited_on)

    if rng.random() < 0.65:  # "introduced" into the compound for 30,000 to 150,000 RMB
        yield Debt(
            kind=DebtKind.INTRODUCTION,
            amount=Decimal(rng.randrange(30, 151) * 1000),
            currency="CNY",
            imposed_by=rng.choices([DebtImposer.EXPLOITER, DebtImposer.RECRUITER], weights=[0.7, 0.3])[0],
            incurred_on=recruited_on + datetime.timedelta(days=rng.randint(3, 20)),
        )
    # Resold between compounds (the price became a new debt): a mark that _resales_build replaces by
    # the chain of sales; its amount is still drawn, so that the draws after it stay as they were.
    if rng.random() < 0.2:
        amount = rng.randrange(5, 41) * 1000 if rng.random() < 0.95 else rng.randrange(41, 91) * 1000
        yield Debt(
            kind=DebtKind.RESALE,
            amount=Decimal(amount),
            currency="USD",
            imposed_by=DebtImposer.BUYER,
            incurred_on=on(rng.randint(30, 120)),
        )
    if rng.random() < 0.4:  # the "contract termination" fee for leaving
        paid = rng.random() < 0.4
        currency, amount = (
            ("USD", rng.randrange(20, 151) * 100)
            if rng.random() < 0.6
            else ("THB", rng.randrange(70, 501) * 1000)
        )
        yield Debt(
            kind=DebtKind.CONTRACT_TERMINATION,
            amount=Decimal(amount),
            currency=currency,
            imposed_by=DebtImposer.EXPLOITER,
            incurred_on=on(rng.randint(5, 40)),
            is_paid=paid,
            paid_by=rng.choice([Payer.FAMILY, Payer.BORROWED]) if paid else "",
            paid_on=on(rng.randint(0, 4)) if paid else None,
        )
    if rng.random() < 0.1:  # ransom, often demanded in USDT
        paid = rng.random() < 0.6
        yield Debt(
            kind=DebtKind.RANSOM,
            amount=Decimal(rng.randrange(3, 31) * 1000),
            crypto_asset="USDT",
            imposed_by=DebtImposer.EXPLOITER,
            incurred_on=on(rng.randint(5, 30)),
            is_paid=paid,
            paid_by=Payer.FAMILY if paid else "",
        )
    if rng.random() < 0.3:  # fines for missed quotas
        paid = rng.random() < 0.3
        yield Debt(
            kind=DebtKind.FINE,
            amount=Decimal(rng.randrange(5, 101) * 100),
            currency="CNY",
            imposed_by=DebtImposer.EXPLOITER,
            incurred_on=on(rng.randint(10, 90)),
            is_paid=paid,
            paid_by=Payer.SELF if paid else "",
        )


def _consent_and_interview_build(
    story: Story, *, rng: random.Random, vocab: Vocabulary, caseworker: User | None
) -> None:
    opened_at = story.case.opened_at
    language_id = story.person.primary_language_id
    method = ConsentMethod.VERBAL if rng.random() < 0.7 else ConsentMethod.WRITTEN
    interpreter = "" if story.origin.country in ("PH", "KE", "UG", "GH", "NG") else "Staff interpreter"
    if rng.random() < 0.97:
        shares = [
            (ConsentScope.RECORD, 1.0),
            (ConsentScope.SHARE_EMBASSY, 0.87),
            (ConsentScope.SHARE_LAW_ENFORCEMENT, 0.45),
            (ConsentScope.RESEARCH, 0.6),
            (ConsentScope.CONTACT_LATER, 0.7),
        ]
        for scope, share in shares:
            if rng.random() < share:
                withdrawn = scope == ConsentScope.SHARE_EMBASSY and rng.random() < 0.04
                story.consents.append(
                    Consent(
                        scope=scope,
                        given_at=opened_at,
                        method=method,
                        language_id=language_id,
                        interpreter=interpreter,
                        recorded_by=caseworker,
                        withdrawn_at=opened_at + datetime.timedelta(days=rng.randint(1, 10))
                        if withdrawn
                        else None,
                    )
                )
        # Consent to share with partners (HTCDS) came later than the other scopes: drawn from its
        # own generator, so that adding it left every other value of a seed's demo as it was.
        if random.Random(f"share_partners:{story.reference}").random() < 0.55:
            story.consents.append(
                Consent(
                    scope=ConsentScope.SHARE_PARTNERS,
                    given_at=opened_at,
                    method=method,
                    language_id=language_id,
                    interpreter=interpreter,
                    recorded_by=caseworker,
                )
            )
        # Consent to share with service providers (referrals) came later still: its own generator too.
        if random.Random(f"share_service_providers:{story.reference}").random() < 0.6:
            story.consents.append(
                Consent(
                    scope=ConsentScope.SHARE_SERVICE_PROVIDERS,
                    given_at=opened_at,
                    method=method,
                    language_id=language_id,
                    interpreter=interpreter,
                    recorded_by=caseworker,
                )
            )
    if rng.random() < 0.7 and story.recruitment and story.exploitation:
        held_on = min(story.person.arrived_on + datetime.timedelta(days=rng.randint(1, 10)), LAST_DAY)
        story.interviews.append(
            Interview(
                held_on=held_on,
                place=rng.choice(
                    ["Mae Sot Safe House", "Moei River drop-in centre", "Riverside reception point"]
                ),
                interviewer=caseworker,
                interpreter=interpreter,
                language_id=language_id,
                completed_steps=INTERVIEW_STEPS,
                narrative=NARRATIVE.format(
                    channel=rng.choice(
                        ["an online job advertisement", "a message on social media", "an agent"]
                    ),
                    job=story.recruitment.promised_job,
                    transit=", ".join(str(c) for c in story.recruitment.transit_countries) or "Thailand",
                    compound="the compound",
                    hours=story.exploitation.hours_per_day,
                ),
            )
        )


@transaction.atomic
def stories_save(stories: list[Story]) -> None:
    """Write a batch of stories with one bulk insert per table."""
    for story in stories:  # bulk inserts skip save(), which keeps the blind indexes
        story.person.refresh_blind_indexes()
        for nationality in story.nationalities:
            nationality.refresh_blind_indexes()
    persons = Person.objects.bulk_create([s.person for s in stories])
    for story, person in zip(stories, persons, strict=True):
        story.case.person_id = person.pk
        for row in (*story.nationalities, *story.aliases, *story.debts, *story.consents, *story.interviews):
            row.person_id = person.pk
        story.recruitment.person_id = person.pk
        for episode in story.episodes:
            episode.person_id = person.pk
    Person.other_languages.through.objects.bulk_create(
        Person.other_languages.through(person_id=s.person.pk, language_id=lang)
        for s in stories
        for lang in s.other_languages
    )
    cases = Case.objects.bulk_create([s.case for s in stories])
    for story, case in zip(stories, cases, strict=True):
        for event in story.events:
            event.case_id = case.pk
    Nationality.objects.bulk_create(n for s in stories for n in s.nationalities)
    MatchKey.objects.bulk_create(
        MatchKey(person_id=s.person.pk, kind=kind, digest=value) for s in stories for kind, value in _keys(s)
    )
    Alias.objects.bulk_create(a for s in stories for a in s.aliases)
    Recruitment.objects.bulk_create(s.recruitment for s in stories)
    Exploitation.objects.bulk_create([e for s in stories for e in s.episodes])
    # The kind of work and the means of control were the same in every compound of the chain; the
    # indicators were observed of the last one, the compound the person came from.
    Exploitation.types.through.objects.bulk_create(
        Exploitation.types.through(exploitation_id=e.pk, exploitationtype_id=t)
        for s in stories
        for e in s.episodes
        for t in s.exploitation_types
    )
    Exploitation.methods_of_control.through.objects.bulk_create(
        Exploitation.methods_of_control.through(exploitation_id=e.pk, controlmethod_id=c)
        for s in stories
        for e in s.episodes
        for c in s.control_methods
    )
    IndicatorObservation.objects.bulk_create(
        IndicatorObservation(exploitation_id=s.exploitation.pk, indicator=i)
        for s in stories
        for i in s.indicators
    )
    Debt.objects.bulk_create(d for s in stories for d in s.debts)  # each with its episode, saved above
    Consent.objects.bulk_create(c for s in stories for c in s.consents)
    Interview.objects.bulk_create(i for s in stories for i in s.interviews)
    CaseEvent.objects.bulk_create(e for s in stories for e in s.events)


def _keys(story: Story) -> set[tuple[str, str]]:
    return identity_keys(person_identity(story.person, nationalities=story.nationalities))


def _unchained_references() -> list[str]:
    """Return the demo cases written before debts had episodes: debts, and none of them in an episode."""
    debts = Debt.objects.filter(person_id=OuterRef("person_id"))
    return sorted(
        Case.objects.filter(reference__startswith=REFERENCE_PREFIX)
        .filter(Exists(debts))
        .exclude(Exists(debts.filter(exploitation__isnull=False)))
        .values_list("reference", flat=True)
    )


@transaction.atomic
def demo_cases_remove(references: list[str]) -> int:
    """Delete the demo cases with these references, and their persons' records."""
    removed = 0
    for start in range(0, len(references), BATCH):
        chunk = references[start : start + BATCH]
        person_ids = list(Case.objects.filter(reference__in=chunk).values_list("person_id", flat=True))
        Case.objects.filter(reference__in=chunk).delete()
        Person.objects.filter(pk__in=person_ids).delete()
        removed += len(person_ids)
    return removed


def population_seed(*, seed: int, cases: int, users: dict[str, User], progress=None) -> tuple[int, int]:
    """Make the demo cases exactly cases 1..`cases` of `seed`; return (created, removed)."""
    wanted = {reference_for(seed=seed, index=i): i for i in range(1, cases + 1)}
    existing = set(
        Case.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list("reference", flat=True)
    )
    removed = demo_cases_remove(sorted(existing - wanted.keys()))
    # Cases an earlier generator wrote, before debts pointed to their episode and resales made a
    # chain, are written again: the same case as this generator makes it.
    unchained = _unchained_references()
    removed += demo_cases_remove(unchained)
    existing -= set(unchained)
    missing = sorted(wanted[ref] for ref in wanted.keys() - existing)
    vocab = Vocabulary.load(users=users)
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        stories_save([story_build(seed=seed, index=i, vocab=vocab) for i in chunk])
        if progress:
            progress(start + len(chunk), len(missing))
    if missing or removed:
        with connection.cursor() as cursor:
            # Bulk loads leave the planner's statistics stale; refresh them (PostgreSQL and SQLite alike).
            # On PostgreSQL, outside a transaction, VACUUM too: until the new rows are marked visible,
            # counts read the table instead of an index alone (the case list's count among them);
            # autovacuum would get there, but late after a bulk load.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return len(missing), removed
