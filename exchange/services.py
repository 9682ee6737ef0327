"""Writes of the HTCDS import: keeping an upload for its dry run, applying it all or nothing, discarding."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.access import role_of, staff_profile
from cases.events import events_record_bulk
from cases.models import Case, CaseEvent, CaseStatus, Role
from cases.models.case import CLOSED_STATUSES
from exchange.dry_run import FilePlan, RowPlan, plan_make
from exchange.htcds_files import RawFile, text_read
from exchange.htcds_readers import READERS, REPORTED_GROUPS, Vocabularies
from exchange.models import HtcdsUpload, ImportedRecord
from intake.models import Compound, Consent, Debt, Exploitation, MatchKey, Nationality, Person, Recruitment
from intake.services import person_match_keys, person_name_phonetic
from intake.vocabularies import ConsentMethod, ConsentScope, TraffickingStatus

# A person's given name is required; a record without one (HTCDS files usually have none) gets
# this mark, which no name search or identity digest picks up (it has no letters).
NAME_NOT_GIVEN = "—"


class ImportRefused(Exception):
    """The import was not applied; the message says why. Nothing was written."""


def content_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def upload_store(*, raw: RawFile, uploaded_by: User, size: int) -> HtcdsUpload:
    """Keep a readable file's text, encrypted, for its uploader's dry run and confirmation."""
    upload = HtcdsUpload(
        uploaded_by=uploaded_by,
        organisation=staff_profile(uploaded_by).organisation,
        format=raw.format,
        content=raw.text,
        digest=content_digest(raw.text),
        size=size,
        consent_stated=raw.consent_stated,
    )
    upload.full_clean()
    upload.save()
    return upload


def upload_plan(*, upload: HtcdsUpload, user: User) -> FilePlan:
    """Read the stored upload again and make its dry run for `user`."""
    raw = text_read(upload.content, fmt=upload.format, consent_stated=upload.consent_stated)
    return plan_make(raw, user=user)


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int


@transaction.atomic
def upload_apply(
    *, upload: HtcdsUpload, applied_by: User, digest: str, create_anyway: set[int]
) -> ImportResult:
    """Create a case for every row of the upload, in one transaction, or none; delete the upload.

    Rows matching a person the importer may know of are skipped unless listed in
    `create_anyway`; nothing is ever merged into an existing record.
    """
    upload = HtcdsUpload.objects.select_for_update().get(pk=upload.pk)
    if digest != upload.digest or content_digest(upload.content) != upload.digest:
        raise ImportRefused(_("The file changed since its dry run. Upload it again."))
    if upload.expires_at <= timezone.now():
        raise ImportRefused(_("This upload has expired. Upload the file again."))
    plan = upload_plan(upload=upload, user=applied_by)
    if not plan.importable:
        raise ImportRefused(_("The file has errors: correct them and upload it again."))
    vocabularies = Vocabularies()
    context = _Context(
        upload=upload,
        imported_by=applied_by,
        vocabularies=vocabularies,
        compounds=_compounds_named(plan),
        caseworker=applied_by if role_of(applied_by) == Role.CASEWORKER else None,
    )
    built: list[Built] = []
    skipped = 0
    # In file order: the export writes cases in the order they were created, so the export of
    # an import lists its records as the file did.
    for row in plan.rows:
        if row.matches and row.number not in create_anyway:
            skipped += 1
            continue
        built.append(record_build(row=row, context=context))
    records_save(built, imported_by=applied_by, upload=upload)
    created = len(built)
    upload.delete()
    return ImportResult(created=created, skipped=skipped)


@transaction.atomic
def upload_discard(*, upload: HtcdsUpload) -> None:
    """Delete an upload that will not be imported."""
    upload.delete()


def uploads_expired_purge() -> int:
    """Delete every upload past its expiry; return how many."""
    deleted, _by_model = HtcdsUpload.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


@dataclass(frozen=True)
class _Context:
    """What every row of one import shares, read once."""

    upload: HtcdsUpload
    imported_by: User
    vocabularies: Vocabularies
    compounds: dict[str, Compound]
    caseworker: User | None


@dataclass
class Built:
    """One row's record, checked and not yet saved: `records_save` writes every row's at once."""

    person: Person
    case: Case
    other_languages: list = field(default_factory=list)
    nationalities: list[Nationality] = field(default_factory=list)
    recruitments: list[Recruitment] = field(default_factory=list)
    # Each episode with its types and methods of control (many-to-many, written after it).
    episodes: list[tuple[Exploitation, list, list]] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    imported: ImportedRecord | None = None
    event: CaseEvent | None = None


def _checked(obj):
    """Validate an unsaved object as full_clean does, in Python, without a query per object.

    Every field is checked (type, length, choices, validators) except its relations, which point
    at objects read from the database or built in this import; the constraints (unique, checks)
    are the database's, enforced on the bulk insert: one failing rolls the whole import back.
    """
    obj.full_clean(
        exclude=[f.name for f in obj._meta.concrete_fields if f.is_relation],
        validate_unique=False,
        validate_constraints=False,
    )
    return obj


def _compounds_named(plan: FilePlan) -> dict[str, Compound]:
    """The compounds the file's episodes name, in one query (the first of each name, as .first())."""
    names = {
        item["vic_LocationOfExploitation"]
        for row in plan.rows
        for item in row.values.get("x_Episodes", [])
        if item["vic_LocationOfExploitation"]
    }
    compounds: dict[str, Compound] = {}
    for compound in Compound.objects.filter(name__in=names).order_by(*Compound._meta.ordering or ["pk"]):
        compounds.setdefault(compound.name, compound)
    return compounds


def record_build(*, row: RowPlan, context: _Context) -> Built:
    """Build and check one imported person's record and case, unsaved (inside upload_apply)."""
    values = row.values
    upload, imported_by, vocabularies = context.upload, context.imported_by, context.vocabularies
    recruited_on = _recruited_on(values)
    person = Person(
        given_name=values.get("prs_FirstName") or NAME_NOT_GIVEN,
        family_name=values.get("prs_SecondName", ""),
        date_of_birth=values.get("prs_Birthdate"),
        birth_year_estimated=_birth_year_estimated(values, recruited_on),
        gender=values.get("prs_Gender") or Person._meta.get_field("gender").default,
        primary_language=values.get("x_PrimaryLanguage") or values.get("prs_PrimaryLanguage"),
        trafficking_status=values.get("vic_TraffickingStatus") or TraffickingStatus.POSSIBLE,
        trafficking_status_decided_by=values.get("vic_TraffickingStatusDecisionMakingOrg", ""),
    )
    person.refresh_blind_indexes()
    person.name_phonetic = person_name_phonetic(person, aliases=[])  # a new record has no alias
    _checked(person)
    others = values.get("x_OtherLanguages") or (
        [values["prs_SecondaryLanguage"]] if values.get("prs_SecondaryLanguage") else []
    )
    status = values.get("cas_Status") or CaseStatus.ACTIVE
    now = timezone.now()
    case = Case(
        person=person,
        organisation=upload.organisation,
        caseworker=context.caseworker,
        status=status,
        opened_at=now,
        closed_at=now if status in CLOSED_STATUSES else None,
        closure_reason=(values.get("cas_ReasonForCaseClosure") or "") if status in CLOSED_STATUSES else "",
        closed_by=imported_by
        if values.get("cas_ReasonForCaseClosure") and status in CLOSED_STATUSES
        else None,
    )
    built = Built(
        person=person,
        case=_checked(case),
        other_languages=list(
            dict.fromkeys(language for language in others if language != person.primary_language)
        ),
    )
    for position, country in enumerate(values["prs_Citizenship"]):
        nationality = Nationality(person=person, country=country, is_primary=position == 0)
        nationality.refresh_blind_indexes()
        built.nationalities.append(_checked(nationality))
    built.recruitments = _recruitments_build(person, values, vocabularies, recruited_on=recruited_on)
    if "x_Episodes" in values:
        built.episodes = _episodes_build(person, values["x_Episodes"], vocabularies, context.compounds)
        built.debts = _debts_build(person, values.get("x_Debts", []), [e for e, _t, _m in built.episodes])
    else:
        built.episodes = _exploitation_build(person, values, vocabularies)
    built.consents = _consents_build(person, values, upload, imported_by)
    reported = {
        name: _jsonable(values[name])
        for name in [*(n for n, reader in READERS.items() if reader.group == "reported"), *REPORTED_GROUPS]
        if name in values
    }
    if values.get("vic_AgeWhenTrafficked") is not None and person.birth_year is None:
        # No birthdate and no month of recruitment to derive it from: kept as reported, not lost.
        reported["vic_AgeWhenTrafficked"] = values["vic_AgeWhenTrafficked"]
    built.imported = _checked(
        ImportedRecord(
            case=case,
            row=row.number,
            source_organisation=values.get("org_Name", ""),
            source_organisation_type=values.get("org_Type", ""),
            imported_by=imported_by,
            reported=json.dumps(reported, sort_keys=True),
        )
    )
    # The event holds what events hold: facts of the work, no survivor data (the sender's name
    # is an organisation's, the row a number).
    built.event = CaseEvent(
        case=case,
        actor=imported_by,
        kind=CaseEvent.Kind.IMPORTED,
        data={"format": upload.format, "row": row.number, "sent_by": values.get("org_Name", "")[:200]},
    )
    return built


def _with_history(model, objs: list, *, user: User) -> list:
    """Insert `objs` at once, each with the history row its save would have written (by `user`)."""
    return bulk_create_with_history(objs, model, default_user=user) if objs else []


def _links(m2m: models.ManyToManyField, pairs: list[tuple[int, int]]) -> None:
    """Insert the rows of a many-to-many field's table, as `.set()` on new objects does."""
    through = m2m.remote_field.through
    source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs])


def records_save(built: list[Built], *, imported_by: User, upload: HtcdsUpload) -> None:
    """Write every built record, one model at a time, in upload_apply's transaction.

    The same rows as saving each object in turn: history rows for the models that keep one, the
    match keys and name codes of intake.services' rule, the events through cases.events.
    """
    _with_history(Person, [b.person for b in built], user=imported_by)
    _links(
        Person._meta.get_field("other_languages"),
        [(b.person.pk, language.pk) for b in built for language in b.other_languages],
    )
    _with_history(Nationality, [n for b in built for n in b.nationalities], user=imported_by)
    MatchKey.objects.bulk_create([key for b in built for key in person_match_keys(b.person, b.nationalities)])
    _with_history(Recruitment, [r for b in built for r in b.recruitments], user=imported_by)
    episodes = [episode for b in built for episode in b.episodes]
    _with_history(Exploitation, [e for e, _types, _methods in episodes], user=imported_by)
    _links(
        Exploitation._meta.get_field("types"),
        [(e.pk, t.pk) for e, types, _methods in episodes for t in dict.fromkeys(types)],
    )
    _links(
        Exploitation._meta.get_field("methods_of_control"),
        [(e.pk, m.pk) for e, _types, methods in episodes for m in dict.fromkeys(methods)],
    )
    _with_history(Debt, [d for b in built for d in b.debts], user=imported_by)
    _with_history(Consent, [c for b in built for c in b.consents], user=imported_by)
    _with_history(Case, [b.case for b in built], user=imported_by)
    ImportedRecord.objects.bulk_create([b.imported for b in built])
    events_record_bulk([b.event for b in built])


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _month(text: str | None) -> datetime.date | None:
    """The first day of an ISO month (YYYY-MM): the export gives the days of the story as months."""
    if not text:
        return None
    year, month = (int(part) for part in text.split("-"))
    return datetime.date(year, month, 1)


def _episodes_build(
    person: Person, items: list[dict], vocabularies: Vocabularies, compounds: dict[str, Compound]
) -> list[tuple[Exploitation, list, list]]:
    """Rebuild the exploitation chain from x_Episodes, in its order."""
    episodes = []
    for position, item in enumerate(items):
        compound = (
            compounds.get(item["vic_LocationOfExploitation"]) if item["vic_LocationOfExploitation"] else None
        )
        country = item["hte_Country"] or ""
        episode = Exploitation(
            person=person,
            position=position,
            compound=compound,
            # The compound's own country is the episode's unless the file says another.
            country="" if compound and compound.country.code == country else country,
            started_on=_month(item["x_StartDate"]),
            ended_on=_month(item["x_EndDate"]),
            forced_labour_industry=item["vic_ForcedLabourIndustry"] or "",
            sex_exploitation_types=list(item["vic_TypeOfSexExploitation"]),
            hours_per_day=item["x_HoursPerDay"],
            sold_on=item["x_SoldOn"],
            sold_by=item["x_SoldBy"] or "",
            sale_price_amount=Decimal(item["x_SalePriceAmount"]) if item["x_SalePriceAmount"] else None,
            sale_price_currency=item["x_SalePriceCurrency"] or "",
        )
        types = [vocabularies.exploitation_types_by_code[code] for code in item["x_TypeOfExploitation"]] or [
            vocabularies.exploitation_types[value] for value in item["vic_TypeOfExploitation"]
        ]
        methods = [vocabularies.control_methods_by_code[code] for code in item["x_MethodsOfControl"]] or [
            vocabularies.control_methods[value] for value in item["vic_MethodsOfControl"]
        ]
        episodes.append((_checked(episode), types, methods))
    return episodes


def _debts_build(person: Person, items: list[dict], episodes: list[Exploitation]) -> list[Debt]:
    """Rebuild the debts from x_Debts, each with the episode it arose in."""
    debts = []
    for item in items:
        number = item["x_Episode"]
        if number is not None and not 1 <= number <= len(episodes):
            raise ValidationError(
                _("A debt names episode %(number)s, which the record does not have.") % {"number": number}
            )
        debt = Debt(
            person=person,
            exploitation=episodes[number - 1] if number else None,
            kind=item["x_Kind"],
            amount=Decimal(item["x_Amount"]),
            currency=item["x_Currency"] or "",
            crypto_asset=item["x_CryptoAsset"] or "",
            imposed_by=item["x_ImposedBy"] or "",
            incurred_on=_month(item["x_Date"]),
            is_paid=item["x_Paid"],
            paid_by=item["x_PaidBy"] or "",
            paid_on=_month(item["x_PaidOn"]),
        )
        debts.append(_checked(debt))
    return debts


def _recruited_on(values: dict) -> datetime.date | None:
    """The first day of the month of the file's Recruitment event (hte_Events), when it gives one."""
    for event in values.get("hte_Events", []):
        if event.get("hte_Type") == "Recruitment" and event.get("hte_Date"):
            return _month(event["hte_Date"])
    return None


def _route(values: dict) -> tuple[str, list[str]]:
    """The country of recruitment and the transit countries, from hte_Events (or the person's column)."""
    origin = values.get("vic_LocationOfRecruitment") or ""
    transit = []
    for event in values.get("hte_Events", []):
        if event.get("hte_Type") == "Recruitment" and event.get("hte_Country"):
            origin = event["hte_Country"]
        elif event.get("hte_Type") == "Transit" and event.get("hte_Country"):
            transit.append(event["hte_Country"])
    return origin, sorted(set(transit))


def _birth_year_estimated(values: dict, recruited_on: datetime.date | None) -> int | None:
    """Without a birthdate: the birth year giving the file's age when trafficked back (the spec's rule)."""
    age = values.get("vic_AgeWhenTrafficked")
    if values.get("prs_Birthdate") or age is None or recruited_on is None:
        return None
    return recruited_on.year - age - 1


def _recruitments_build(
    person: Person, values: dict, vocabularies: Vocabularies, *, recruited_on: datetime.date | None
) -> list[Recruitment]:
    """One recruitment per channel or platform the file names: the export lists their distinct values."""
    if values.get("x_MethodOfRecruitment"):
        channels = [values["x_MethodOfRecruitment"]]
    else:
        channels = [vocabularies.channels[value] for value in values.get("vic_MethodOfRecruitment", [])]
    platforms = values.get("vic_RecruitmentWebsitesAndApps", [])
    relation = values.get("vic_RelationshipToTrafficker") or ""
    origin, transit = _route(values)
    return [
        _checked(
            Recruitment(
                person=person,
                channel=channels[index] if index < len(channels) else None,
                platform=platforms[index] if index < len(platforms) else "",
                relation_to_recruiter=relation if index == 0 else "",
                recruited_on=recruited_on if index == 0 else None,
                origin_country=origin if index == 0 else "",
                transit_countries=transit if index == 0 else [],
            )
        )
        for index in range(
            max(len(channels), len(platforms), 1 if relation or recruited_on or origin or transit else 0)
        )
    ]


def _exploitation_build(
    person: Person, values: dict, vocabularies: Vocabularies
) -> list[tuple[Exploitation, list, list]]:
    """One episode holding every type and method of control the file names (the chain is not in HTCDS)."""
    types = values.get("x_TypeOfExploitation") or [
        vocabularies.exploitation_types[value] for value in values.get("vic_TypeOfExploitation", [])
    ]
    methods = values.get("x_MethodsOfControl") or [
        vocabularies.control_methods[value] for value in values.get("vic_MethodsOfControl", [])
    ]
    if not (types or methods):
        return []
    return [(_checked(Exploitation(person=person, position=0)), types, methods)]


def _consents_build(person: Person, values: dict, upload: HtcdsUpload, imported_by: User) -> list[Consent]:
    """Record the consents the file states: to record (con_Consent), and the one it was shared under."""
    scopes = []
    if values.get("con_Consent"):
        scopes.append(ConsentScope.RECORD)
    if upload.consent_stated == ConsentScope.SHARE_PARTNERS:
        scopes.append(ConsentScope.SHARE_PARTNERS)
    return [
        _checked(
            Consent(
                person=person,
                scope=scope,
                given_at=timezone.now(),
                method=ConsentMethod.WRITTEN,  # a written record of it, the sender's file
                recorded_by=imported_by,
            )
        )
        for scope in scopes
    ]
