"""The HTCDS 2.0 file's field spec: every column, its type, the list it validates against, its source.

One place for the export and the import (another helper's): the export writes exactly these
columns in this order (reporting/htcds/export.py), the import reads them back with the same
types and picklists, and docs/htcds.md is checked against it (tests/reporting/test_htcds_spec.py).

A record is one person. Its columns are either
- the standard's fields (`prs_Gender`, `vic_TypeOfExploitation`, ...) with the standard's
  value names, or
- extension columns, prefixed `x_`, which carry what the standard has no value or no field for
  (our own type of exploitation, forced criminality; our own method of control, restriction of
  movement; every language in ISO 639-3; the episodes of the exploitation chain; the debts).
Repeated parts (`GROUPS`: trafficking events, episodes, debts, referrals) are lists of items,
each item a small record with the same kind of columns. How they are laid out in CSV and JSON
is the file format's business (reporting/htcds/fileformat.py).

Every standard field that is not exported is listed in WITHHELD (the record holds it, the
recipient's consent or our rules keep it back) or NOT_HELD (the record has nothing for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a value is written: JSON type and CSV cell."""

    TEXT = "text"  # a string; JSON null when empty
    PICKLIST = "picklist"  # one value of a list; JSON null when empty
    MULTISELECT = "multiselect"  # values of a list, sorted, each once; JSON [] when empty, CSV "a;b"
    NUMBER = "number"  # an integer; JSON null when empty
    DECIMAL = "decimal"  # an exact amount as a string ("80000", "12.5"): never a float; JSON null when empty
    DATE = "date"  # ISO 8601 day, YYYY-MM-DD; JSON null when empty
    MONTH = "month"  # ISO 8601 month, YYYY-MM: a day of the story reduced to its month; JSON null when empty
    CHECKBOX = "checkbox"  # true / false, never empty


# Code lists that are not the standard's own picklists.
ISO3166 = "ISO 3166-1 alpha-2"
ISO639_2 = "ISO 639-2/T"
ISO639_3 = "ISO 639-3"
ISO4217 = "ISO 4217"


@dataclass(frozen=True)
class Column:
    """One column of the file: a standard field or an extension (`x_`)."""

    name: str
    kind: Kind
    htcds_type: str  # the standard's field type; for an extension, the type it would have
    read: str  # where the value comes from in the record, and how it is mapped
    # What the values are checked against: a standard field's name (its picklist, STANDARD_PICKLISTS),
    # a code list above, or our own vocabulary ("intake.ExploitationType.code", a TextChoices path).
    picklist: str = ""
    # The standard field this column carries (its own name for a standard column; "" for an extension).
    standard: str = ""

    @property
    def is_extension(self) -> bool:
        return self.name.startswith(EXTENSION_PREFIX)


EXTENSION_PREFIX = "x_"
MULTISELECT_SEPARATOR = ";"


@dataclass(frozen=True)
class Group:
    """A repeated part of a record: a list of items, each with these columns, in a stable order."""

    name: str
    columns: tuple[Column, ...]
    order: str  # how the items are ordered (the import creates them in this order)


def _std(name, kind, htcds_type, read, picklist=None) -> Column:
    """A standard field; a picklist's values are the standard's unless another list is given."""
    if picklist is None:
        picklist = name if kind in (Kind.PICKLIST, Kind.MULTISELECT) else ""
    return Column(name=name, kind=kind, htcds_type=htcds_type, read=read, picklist=picklist, standard=name)


def _ext(name, kind, htcds_type, read, picklist="", carries="") -> Column:
    return Column(name=name, kind=kind, htcds_type=htcds_type, read=read, picklist=picklist, standard=carries)


# --- The record's columns, in file order ------------------------------------------------------

PERSON_COLUMNS: tuple[Column, ...] = (
    _std("org_Name", Kind.TEXT, "Text", "the name of the organisation holding the case", picklist=""),
    _std("org_ShippingCity", Kind.TEXT, "Text", "the holding organisation's city", picklist=""),
    _std(
        "org_ShippingCountry",
        Kind.PICKLIST,
        "Picklist or Text",
        "the country the holding organisation is based in",
        picklist=ISO3166,
    ),
    _std(
        "org_Phone",
        Kind.TEXT,
        "Text",
        "the holding organisation's phone, E.164 (never a survivor's)",
        picklist="",
    ),
    _std(
        "org_Type",
        Kind.PICKLIST,
        "Picklist",
        "the holding organisation's type (stored as the standard's names)",
    ),
    _std("prs_Gender", Kind.PICKLIST, "Picklist", "Person.gender (stored as the standard's names)"),
    _std(
        "prs_PrimaryLanguage",
        Kind.PICKLIST,
        "Picklist",
        "Person.primary_language in ISO 639-2/T: its own code or its macrolanguage's (cmn -> zho); "
        "null when it has neither (x_PrimaryLanguage keeps it)",
        picklist=ISO639_2,
    ),
    _std(
        "prs_SecondaryLanguage",
        Kind.PICKLIST,
        "Picklist",
        "the first of Person.other_languages (by ISO 639-3 code) whose ISO 639-2/T code differs from "
        "prs_PrimaryLanguage; x_OtherLanguages has them all",
        picklist=ISO639_2,
    ),
    _std(
        "prs_Citizenship",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every Nationality.country, the primary first, then by code (the one multiselect kept in that order)",
        picklist=ISO3166,
    ),
    _std("vic_TraffickingStatus", Kind.PICKLIST, "Picklist", "Person.trafficking_status"),
    _std(
        "vic_TraffickingStatusDecisionMakingOrg",
        Kind.PICKLIST,
        "Picklist",
        "Person.trafficking_status_decided_by",
    ),
    _std(
        "vic_RelationshipToTrafficker",
        Kind.PICKLIST,
        "Picklist",
        "the recruitment's relation_to_recruiter",
    ),
    _std(
        "vic_AgeWhenTrafficked",
        Kind.NUMBER,
        "Number",
        "age in years on the recruitment's date (from the date of birth, or the youngest age an "
        "estimated birth year allows); null without both. An import sets birth_year_estimated = "
        "year of the Recruitment event - age - 1, which gives the same age back",
    ),
    _std(
        "vic_RecruitmentWebsitesAndApps",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the recruitment's platform (stored as the standard's names)",
    ),
    _std(
        "vic_MethodOfRecruitment",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the recruitment channel's htcds_value (an editable term; not a standard value -> Other); "
        "x_MethodOfRecruitment has our code",
    ),
    _std(
        "vic_LocationOfRecruitment",
        Kind.TEXT,
        "Lookup [to organisation]",
        "the country of recruitment (ISO 3166 alpha-2): the lookup names a place, and the place we "
        "hold (a home village) is withheld",
        picklist=ISO3166,
    ),
    _std(
        "vic_MethodsOfControl",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every episode's methods of control, as their htcds_value (RestrictsMovement -> Other); "
        "x_MethodsOfControl has our codes",
    ),
    _std(
        "vic_TypeOfExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every episode's types, as their htcds_value (forced criminality -> ForcedLabour); "
        "x_TypeOfExploitation has our codes",
    ),
    _std(
        "vic_ForcedLabourIndustry",
        Kind.PICKLIST,
        "Picklist",
        "the first episode's (in the chain's order) that has one; each episode's is in x_Episodes",
    ),
    _std(
        "vic_TypeOfSexExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every episode's types of sexual exploitation",
    ),
    _std(
        "vic_LocationOfExploitation",
        Kind.TEXT,
        "Lookup [to organisation]",
        "the compound's name (from the administrators' list, never typed) of the first episode that "
        "has one; each episode's is in x_Episodes",
        picklist="intake.Compound.name",
    ),
    _std("cas_Status", Kind.PICKLIST, "Picklist", "Case.status: Active, FollowUp, Closed, ClosedReferred"),
    _std(
        "cas_ReasonForCaseClosure",
        Kind.TEXT,
        "Long Text",
        "Case.closure_reason: the coded reason a closed case was closed (our list, each reason "
        "deciding Closed or ClosedReferred; null when open or closed before reasons were kept); "
        "the note typed beside it never leaves",
        picklist="cases.ClosureReason",
    ),
    _std(
        "con_Consent",
        Kind.CHECKBOX,
        "Checkbox",
        "whether consent to record the person's information is in force",
        picklist="",
    ),
    _ext(
        "x_PrimaryLanguage",
        Kind.PICKLIST,
        "Picklist",
        "Person.primary_language in ISO 639-3, as held (639-2 merges languages and lacks many)",
        picklist=ISO639_3,
        carries="prs_PrimaryLanguage",
    ),
    _ext(
        "x_OtherLanguages",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every one of Person.other_languages in ISO 639-3, but the primary language itself",
        picklist=ISO639_3,
        carries="prs_SecondaryLanguage",
    ),
    _ext(
        "x_MethodOfRecruitment",
        Kind.PICKLIST,
        "Picklist",
        "the recruitment channel's code (RecruitingAgentOrAgency, FreeTripOrCheapFlightOffer, ...)",
        picklist="intake.RecruitmentChannel.code",
        carries="vic_MethodOfRecruitment",
    ),
    _ext(
        "x_TypeOfExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every episode's types, as our codes (ForcedCriminalityRomanceScam, ...)",
        picklist="intake.ExploitationType.code",
        carries="vic_TypeOfExploitation",
    ),
    _ext(
        "x_MethodsOfControl",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "every episode's methods of control, as our codes (RestrictsMovement, ...)",
        picklist="intake.ControlMethod.code",
        carries="vic_MethodsOfControl",
    ),
)

EVENT_COLUMNS: tuple[Column, ...] = (
    _std(
        "hte_Type",
        Kind.PICKLIST,
        "Picklist",
        "Recruitment, then one Transit per transit country, then one Exploitation per episode",
    ),
    _std(
        "hte_Country",
        Kind.PICKLIST,
        "Text",
        "Recruitment: the country of recruitment; Transit: the transit country; Exploitation: the "
        "episode's country (as recorded, or its compound's)",
        picklist=ISO3166,
    ),
    _std(
        "hte_Date",
        Kind.MONTH,
        "Date",
        "Recruitment: the month of recruitment; Transit: null (not held); Exploitation: the month the "
        "episode began",
        picklist="",
    ),
)

EPISODE_COLUMNS: tuple[Column, ...] = (
    _std(
        "vic_LocationOfExploitation",
        Kind.TEXT,
        "Lookup [to organisation]",
        "the episode's compound (name from the administrators' list)",
        picklist="intake.Compound.name",
    ),
    _std(
        "hte_Country",
        Kind.PICKLIST,
        "Text",
        "the episode's country, as recorded or its compound's",
        picklist=ISO3166,
    ),
    _ext("x_StartDate", Kind.MONTH, "Date", "the month the episode began", carries="hte_Date"),
    _ext("x_EndDate", Kind.MONTH, "Date", "the month the episode ended"),
    _std(
        "vic_TypeOfExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the episode's types, as their htcds_value",
    ),
    _ext(
        "x_TypeOfExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the episode's types, as our codes",
        picklist="intake.ExploitationType.code",
        carries="vic_TypeOfExploitation",
    ),
    _std("vic_ForcedLabourIndustry", Kind.PICKLIST, "Picklist", "the episode's industry of forced labour"),
    _std(
        "vic_TypeOfSexExploitation",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the episode's types of sexual exploitation",
    ),
    _ext("x_HoursPerDay", Kind.NUMBER, "Number", "hours worked per day"),
    _std(
        "vic_MethodsOfControl",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the episode's methods, as their htcds_value",
    ),
    _ext(
        "x_MethodsOfControl",
        Kind.MULTISELECT,
        "Multiselect Picklist",
        "the episode's methods, as our codes",
        picklist="intake.ControlMethod.code",
        carries="vic_MethodsOfControl",
    ),
    _ext("x_SoldOn", Kind.CHECKBOX, "Checkbox", "whether a sale to another compound ended the episode"),
    _ext(
        "x_SoldBy",
        Kind.PICKLIST,
        "Picklist",
        "who sold the person on, in per_RoleInProcess terms (the seller's role; see per_RoleInProcess)",
        picklist="per_RoleInProcess",
        carries="per_RoleInProcess",
    ),
    _ext("x_SalePriceAmount", Kind.DECIMAL, "Number", "the price the person was sold on for"),
    _ext("x_SalePriceCurrency", Kind.PICKLIST, "Picklist", "its currency", picklist=ISO4217),
)

DEBT_COLUMNS: tuple[Column, ...] = (
    _ext(
        "x_Episode",
        Kind.NUMBER,
        "Number",
        "the episode the debt arose in: its number in x_Episodes, from 1; null when none",
    ),
    _ext("x_Kind", Kind.PICKLIST, "Picklist", "Debt.kind", picklist="intake.vocabularies.DebtKind"),
    _ext("x_Amount", Kind.DECIMAL, "Number", "Debt.amount, exact"),
    _ext(
        "x_Currency",
        Kind.PICKLIST,
        "Picklist",
        "Debt.currency (or null with a crypto asset)",
        picklist=ISO4217,
    ),
    _ext(
        "x_CryptoAsset",
        Kind.PICKLIST,
        "Picklist",
        "Debt.crypto_asset (USDT, ...: no ISO 4217 code)",
        picklist="intake.vocabularies.CryptoAsset",
    ),
    _ext(
        "x_ImposedBy",
        Kind.PICKLIST,
        "Picklist",
        "who imposed it, in per_RoleInProcess terms",
        picklist="per_RoleInProcess",
        carries="per_RoleInProcess",
    ),
    _ext("x_Date", Kind.MONTH, "Date", "the month it was imposed"),
    _ext("x_Paid", Kind.CHECKBOX, "Checkbox", "whether it was paid"),
    _ext("x_PaidBy", Kind.PICKLIST, "Picklist", "who paid it", picklist="intake.vocabularies.Payer"),
    _ext("x_PaidOn", Kind.MONTH, "Date", "the month it was paid"),
)

REFERRAL_COLUMNS: tuple[Column, ...] = (
    _std(
        "cas_ReferredOrganisation",
        Kind.TEXT,
        "Lookup [to organisation]",
        "the receiving organisation's name",
        picklist="",
    ),
    _std(
        "cas_ReasonForOutgoingReferral",
        Kind.PICKLIST,
        "Picklist",
        "the service's htcds_value (an editable term; not a standard value -> Other)",
    ),
    _std(
        "cas_OutgoingReferralDate",
        Kind.DATE,
        "Date",
        "the day the referral was made (a fact of the organisation's work)",
        picklist="",
    ),
    _ext(
        "x_Service",
        Kind.PICKLIST,
        "Picklist",
        "the service asked for, as our code",
        picklist="referrals.Service.code",
        carries="cas_ReasonForOutgoingReferral",
    ),
)

GROUPS: tuple[Group, ...] = (
    Group(
        "hte_Events",
        EVENT_COLUMNS,
        "the story's order: the recruitment, its transit countries (by code), the episodes in "
        "the chain's order",
    ),
    Group("x_Episodes", EPISODE_COLUMNS, "the chain's order (position, then start, then creation)"),
    Group("x_Debts", DEBT_COLUMNS, "by the day imposed (none last), then creation"),
    Group(
        "x_Referrals",
        REFERRAL_COLUMNS,
        "by the time requested, then creation; only referrals asked, accepted or done",
    ),
)
GROUP_NAMES = tuple(group.name for group in GROUPS)

# Records come in the order the cases were created; an import creates them in file order.
RECORD_ORDER = "case id"

FORMAT_NAME = "htcds-2.0-records"
FORMAT_VERSION = 1


def all_columns() -> list[Column]:
    """Every column of the person and of every group's items."""
    return [*PERSON_COLUMNS, *(column for group in GROUPS for column in group.columns)]


def exported_standard_fields() -> set[str]:
    """The standard's fields some column carries with the standard's own name."""
    return {column.name for column in all_columns() if not column.is_extension}


def extension_columns() -> list[Column]:
    """The extension columns, once each (episodes and events repeat some names)."""
    seen: dict[str, Column] = {}
    for column in all_columns():
        if column.is_extension:
            seen.setdefault(column.name, column)
    return list(seen.values())


# --- The standard's picklists (tests/reporting/test_htcds_spec.py checks them against the CSV) --

STANDARD_PICKLISTS: dict[str, frozenset[str]] = {
    name: frozenset(values)
    for name, values in {
        "org_Type": (
            "NGO", "LawEnforcement", "HealthServiceOrganisation", "CentralGovernmentOrganisation",
            "LocalGovernmentOrganisation", "ImmigrationService", "LegalService", "CorporateBusiness",
            "SchoolOrCollege",
        ),
        "prs_Gender": (
            "Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming",
            "NonSpecifiedUnknown",
        ),
        "vic_TraffickingStatus": (
            "PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking",
        ),
        "vic_TraffickingStatusDecisionMakingOrg": (
            "Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization", "Other",
        ),
        "vic_RelationshipToTrafficker": ("Familial", "Acquainted", "Unaquainted"),
        "vic_RecruitmentWebsitesAndApps": (
            "Facebook", "Instagram", "WhatsApp", "Telegram", "FacebookMessenger", "Viber", "SnapChat",
            "Line", "4Sale", "WeChat", "QQ", "QZone", "TikTok", "Twitter", "Other",
        ),
        "vic_MethodOfRecruitment": (
            "AtAPlaceOfBusiness", "AtAnEducationalInstitution", "AtWork", "ThroughOnlineSocialNetworks",
            "ThroughAnOnlineAdvertisement", "ThroughATelevisionAdvert", "ThroughANewspaperAdvert",
            "ThroughFamilyOrFamilyEvents", "ThroughFriendsOrSocialEvents", "Other",
        ),
        "vic_MethodsOfControl": (
            "PhysicalThreats", "ThreatsLawEnforcement", "ThreatensChildrenFamily", "DebtBondage",
            "FalsePromises", "PhysicalAbuse", "SexualAbuse", "TakesEarnings", "RestrictsFinancialAccess",
            "RestrictsMedicalCare", "WithholdsNecessities", "PsychologicalAbuse", "PsychoactiveSubstance",
            "ExcessiveWorkingHours", "WithholdsDocuments", "Other",
        ),
        "vic_TypeOfExploitation": (
            "ForcedLabour", "SexualExploitation", "ChildLabour", "ForcedMarriage", "Servitude",
            "ForcedMilitaryByNonStateActors", "OrganRemoval", "ForcedBegging", "ForcedAdoption",
            "Surrogacy", "Other",
        ),
        "vic_ForcedLabourIndustry": (
            "A_AgricultureForestryAndFishing", "B_MiningAndQuarrying", "C_Manufacturing",
            "D_ElectricityGasSteamAndAirConditioningSupply", "E_WaterSupplySewerageWasteManagement",
            "F_Construction", "G_WholesaleAndRetailTradeRepairOfMotorVehicles", "H_TransportationAndStorage",
            "I_AccommodationAndFoodServiceActivities", "J_InformationAndCommunication",
            "K_FinancialAndInsuranceActivities", "L_RealEstateActivities",
            "M_ProfessionalScientificAndTechnicalActivities", "N_AdministrativeAndSupportServiceActivities",
            "O_PublicAdministrationAndDefence", "P_Education", "Q_HumanHealthAndSocialWorkActivities",
            "R_ArtsEntertainmentAndRecreation", "S_OtherServiceActivities",
            "T_ActivitiesOfHouseholdsAsEmployers", "U_ActivitiesOfExtraterritorialOrganizations",
        ),
        "vic_TypeOfSexExploitation": (
            "Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices",
        ),
        "per_RoleInProcess": (
            "TravellingPartner", "Transporter", "RecruiterOrIntermediary", "BrokerTravelAgent",
            "TransferredIndividual", "HarbouredIndividual", "SoldIndividual", "BoughtIndividual",
            "ReceivedIndividual", "ControlledIndividual", "Smuggler", "Abuser", "Kidnapper", "Exploiter",
            "Other",
        ),
        "cas_Status": ("Active", "FollowUp", "Closed", "ClosedReferred"),
        "cas_ReasonForOutgoingReferral": (
            "AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other",
        ),
        "hte_Type": ("Recruitment", "Transit", "Exploitation"),
    }.items()
}  # fmt: skip
OTHER = "Other"


def standard_value(field: str, value: str | None) -> str:
    """Return `value` if the standard's picklist for `field` has it, else Other.

    The editable vocabularies say which standard value each term is exported as; an administrator's
    typo there must not put a value the standard does not define into a partner's file.
    """
    return value if value in STANDARD_PICKLISTS[field] else OTHER


# --- The standard's fields that are not exported, and why ------------------------------------

NAME_CONSENT = (
    "the consent is to share the case without the person's name: names, and what reaches the "
    "person (phones, email, address, identity numbers), never leave"
)
FREE_TEXT = "free text never leaves: it can hold anything about the person"

WITHHELD: dict[str, str] = {
    "prs_FirstName": NAME_CONSENT,
    "prs_SecondName": NAME_CONSENT,
    "prs_Birthdate": (
        "an exact birthdate identifies; the standard's vic_AgeWhenTrafficked (years) is what an "
        "analysis needs"
    ),
    "prs_IdentityNumber": NAME_CONSENT + " (the document numbers we hold are encrypted at rest)",
    "prs_MobilePhone": NAME_CONSENT + " (Person.phone)",
    "cas_CaseOwner": (
        "a caseworker's name in a partner's file puts the staff member at risk and is not a fact of "
        "the case; the owner at organisation level is org_Name (with org_Phone to reach it)"
    ),
    "per_RoleInProcess": (
        "per_ is the perpetrator's context: the field belongs to a perpetrator's record, and on a "
        "survivor's row an importer would read the survivor as a perpetrator. The roles we hold (who "
        "sold the person on, who imposed a debt) are per_RoleInProcess values in x_Episodes x_SoldBy "
        "and x_Debts x_ImposedBy"
    ),
    "cas_OutgoingReferralDetails": FREE_TEXT + " (the referral's notes)",
    "cco_CaseComment": FREE_TEXT + " (the case's notes)",
    "hte_City": (
        "the place of recruitment we hold is the person's home village (encrypted): it identifies; "
        "the country is hte_Country"
    ),
    "hte_Description": FREE_TEXT,
}

NOT_HELD: dict[str, str] = {
    "org_ShippingState": "organisations have a city and a country only",
    "org_ShippingStreet": "organisations have a city and a country only",
    "org_ShippingPostalCode": "organisations have a city and a country only",
    "org_ShippingLongitude": "no geolocation is held",
    "org_ShippingLatitude": "no geolocation is held",
    "prs_Salutation": "not asked (and a name part, withheld if it were)",
    "prs_MiddleName": "not asked: a given and a family name (both withheld)",
    "prs_Deceased": "not asked",
    "prs_MaritalStatus": "not asked",
    "prs_NumberOfChildren": "not asked",
    "prs_HighestLevelOfEducation": "not asked",
    "prs_Title": "a position within an organisation: not a survivor's",
    "prs_Email": "not asked (and withheld if it were)",
    "prs_HomePhone": "one phone is held, prs_MobilePhone (withheld)",
    "prs_MailingCity": "no mailing address is held (where the person stays, the site, never leaves)",
    "prs_MailingCountry": "no mailing address is held",
    "prs_MailingState": "no mailing address is held",
    "prs_MailingStreet": "no mailing address is held",
    "prs_MailingPostalCode": "no mailing address is held",
    "prs_MailingLongitude": "no geolocation is held",
    "prs_MailingLatitude": "no geolocation is held",
    "vic_AgreementToManagePersonalData": "deprecated by the standard for the Consent section: con_Consent",
    "vic_ExploitationWebsitesAndApps": (
        "the platforms held are the recruitment's (vic_RecruitmentWebsitesAndApps)"
    ),
    "vic_Vulnerabilities": "deprecated by the standard; not asked",
    "vic_DetailsOfVulnerabilities": "deprecated by the standard; not asked (and free text)",
    "per_RoleDetails": "no perpetrator records are held (and free text)",
    "cas_ReferringOrganisation": (
        "a referral asks another organisation for a service; the case stays with the organisation that "
        "holds it, so no case is held by incoming referral"
    ),
    "cas_IncomingReferralDate": "no case is held by incoming referral (see cas_ReferringOrganisation)",
    "cas_ReferringPrimaryCaseWorker": "no case is held by incoming referral (and a caseworker's name)",
    "cas_ReasonForIncomingReferral": "no case is held by incoming referral",
    "cas_IncomingReferralDetails": "no case is held by incoming referral (and free text)",
    "cas_ReferredPrimaryCaseWorker": "the receiving organisation's caseworker is not recorded",
    "hte_Longitude": "no geolocation is held",
    "hte_Latitude": "no geolocation is held",
    "hte_State": "not held by itself (a compound's area is free text of the administrators')",
    "hte_Street": "not held",
    "hte_PostalCode": "not held",
    "spl_Objectives": "support plans are not held",
    "spl_ActionPlan": "support plans are not held",
    "spl_PlannedEndDate": "support plans are not held",
    "spl_ActualEndDate": "support plans are not held",
    "spl_Type": "support plans are not held",
}
