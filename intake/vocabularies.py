"""Fixed vocabularies of the survivor record, named after HTCDS 2.0 where it has them.

Stored values are the standard's value names (e.g. ``NonSpecifiedUnknown``) so that an
HTCDS export needs no mapping; where HTCDS has no value, ours are marked in a comment.
Lists that administrators extend (recruitment channels, compounds, types of exploitation,
methods of control) are tables in ``intake.models.reference`` instead.
"""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class Gender(models.TextChoices):
    """HTCDS prs_Gender."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class TraffickingStatus(models.TextChoices):
    """HTCDS vic_TraffickingStatus."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionMaker(models.TextChoices):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg: who decided the trafficking status."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Government (not police)")
    OTHER = "Other", _("Other")


class DocumentType(models.TextChoices):
    """Identity documents (our own list; HTCDS has only prs_IdentityNumber)."""

    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    SEAFARER_BOOK = "seafarer_book", _("Seafarer's identity document")
    OTHER = "other", _("Other document")
    NONE = "none", _("No document known")


class DocumentCustody(models.TextChoices):
    """Where the identity document is now (our own list)."""

    HELD_BY_PERSON = "held_by_person", _("Held by the person")
    CONFISCATED = "confiscated", _("Confiscated by traffickers")
    LOST = "lost", _("Lost or destroyed")
    HELD_BY_AUTHORITIES = "held_by_authorities", _("Held by authorities")
    EMERGENCY_DOCUMENT = "emergency_document", _("Emergency travel document issued")
    UNKNOWN = "unknown", _("Unknown")


class Platform(models.TextChoices):
    """HTCDS vic_RecruitmentWebsitesAndApps (and vic_ExploitationWebsitesAndApps)."""

    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "Snapchat"
    LINE = "Line", "LINE"
    FOUR_SALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "Qzone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter / X"
    OTHER = "Other", _("Other")


class RelationToRecruiter(models.TextChoices):
    """HTCDS vic_RelationshipToTrafficker (the standard spells the last value so)."""

    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance or friend")
    UNACQUAINTED = "Unaquainted", _("Stranger")


class ForcedLabourIndicator(models.TextChoices):
    """The ILO's eleven indicators of forced labour."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of vulnerability")
    DECEPTION = "deception", _("Deception")
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement", _("Restriction of movement")
    ISOLATION = "isolation", _("Isolation")
    PHYSICAL_AND_SEXUAL_VIOLENCE = "physical_and_sexual_violence", _("Physical and sexual violence")
    INTIMIDATION_AND_THREATS = "intimidation_and_threats", _("Intimidation and threats")
    RETENTION_OF_DOCUMENTS = "retention_of_identity_documents", _("Retention of identity documents")
    WITHHOLDING_OF_WAGES = "withholding_of_wages", _("Withholding of wages")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    ABUSIVE_CONDITIONS = "abusive_working_and_living_conditions", _("Abusive working and living conditions")
    EXCESSIVE_OVERTIME = "excessive_overtime", _("Excessive overtime")


# One question per fact: the ILO indicator a method of control shows (by ControlMethod.code).
# The interview asks the methods of control once (HTCDS exports them); the indicators they
# show are recorded by themselves, and the interviewer adds only what else was observed
# (abuse of vulnerability, isolation, ...). A method not listed here implies no indicator.
CONTROL_METHOD_INDICATORS: dict[str, str] = {
    "WithholdsDocuments": ForcedLabourIndicator.RETENTION_OF_DOCUMENTS,
    "DebtBondage": ForcedLabourIndicator.DEBT_BONDAGE,
    "RestrictsMovement": ForcedLabourIndicator.RESTRICTION_OF_MOVEMENT,
    "PhysicalAbuse": ForcedLabourIndicator.PHYSICAL_AND_SEXUAL_VIOLENCE,
    "SexualAbuse": ForcedLabourIndicator.PHYSICAL_AND_SEXUAL_VIOLENCE,
    "PhysicalThreats": ForcedLabourIndicator.INTIMIDATION_AND_THREATS,
    "ThreatensChildrenFamily": ForcedLabourIndicator.INTIMIDATION_AND_THREATS,
    "ThreatsLawEnforcement": ForcedLabourIndicator.INTIMIDATION_AND_THREATS,
    "ExcessiveWorkingHours": ForcedLabourIndicator.EXCESSIVE_OVERTIME,
    "TakesEarnings": ForcedLabourIndicator.WITHHOLDING_OF_WAGES,
    "WithholdsNecessities": ForcedLabourIndicator.ABUSIVE_CONDITIONS,
    "FalsePromises": ForcedLabourIndicator.DECEPTION,
}


def indicators_shown_by(control_methods) -> dict[str, list[str]]:
    """Return each ILO indicator the methods of control show, with the methods that show it."""
    shown: dict[str, list[str]] = {}
    for method in control_methods:
        indicator = CONTROL_METHOD_INDICATORS.get(method.code)
        if indicator:
            shown.setdefault(str(indicator), []).append(str(method))
    return shown


class DebtKind(models.TextChoices):
    """What a debt or fee was called by those who imposed it (our own list)."""

    INTRODUCTION = "introduction", _("Introduction or recruitment debt")
    RESALE = "resale", _("Resale price")
    CONTRACT_TERMINATION = "contract_termination", _('"Contract termination" fee')
    RANSOM = "ransom", _("Ransom")
    FINE = "fine", _("Fine")
    OTHER = "other", _("Other")


class DebtImposer(models.TextChoices):
    """Who imposed a debt, in HTCDS per_RoleInProcess terms where they fit."""

    EXPLOITER = "Exploiter", _("The compound or company")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    BUYER = "BoughtIndividual", _("Whoever bought the person")
    TRANSPORTER = "Transporter", _("Transporter")
    OTHER = "Other", _("Other")


class Seller(models.TextChoices):
    """Who sold a person on from one compound to the next (HTCDS per_RoleInProcess terms where they fit)."""

    EXPLOITER = "Exploiter", _("The compound or company")
    BROKER = "BrokerTravelAgent", _("Broker or agent")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    OTHER = "Other", _("Other")


class ForcedLabourIndustry(models.TextChoices):
    """The industry of forced labour (HTCDS vic_ForcedLabourIndustry: ISIC sections)."""

    AGRICULTURE = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    MINING = "B_MiningAndQuarrying", _("Mining and quarrying")
    MANUFACTURING = "C_Manufacturing", _("Manufacturing")
    ENERGY = (
        "D_ElectricityGasSteamAndAirConditioningSupply",
        _("Electricity, gas, steam and air conditioning supply"),
    )
    WATER = (
        "E_WaterSupplySewerageWasteManagement",
        _("Water supply; sewerage, waste management and remediation"),
    )
    CONSTRUCTION = "F_Construction", _("Construction")
    TRADE = (
        "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
        _("Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    )
    TRANSPORT = "H_TransportationAndStorage", _("Transportation and storage")
    ACCOMMODATION = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food service activities")
    INFORMATION = "J_InformationAndCommunication", _("Information and communication")
    FINANCE = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    REAL_ESTATE = "L_RealEstateActivities", _("Real estate activities")
    PROFESSIONAL = (
        "M_ProfessionalScientificAndTechnicalActivities",
        _("Professional, scientific and technical activities"),
    )
    ADMINISTRATIVE = (
        "N_AdministrativeAndSupportServiceActivities",
        _("Administrative and support service activities"),
    )
    PUBLIC = (
        "O_PublicAdministrationAndDefence",
        _("Public administration and defence; compulsory social security"),
    )
    EDUCATION = "P_Education", _("Education")
    HEALTH = "Q_HumanHealthAndSocialWorkActivities", _("Human health and social work activities")
    ARTS = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    OTHER_SERVICES = "S_OtherServiceActivities", _("Other service activities")
    HOUSEHOLDS = "T_ActivitiesOfHouseholdsAsEmployers", _("Activities of households as employers")
    EXTRATERRITORIAL = (
        "U_ActivitiesOfExtraterritorialOrganizations",
        _("Activities of extraterritorial organizations and bodies"),
    )


class SexExploitationType(models.TextChoices):
    """The type of sexual exploitation (HTCDS vic_TypeOfSexExploitation)."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE = "PrivateSexualServices", _("Private sexual services")


class Payer(models.TextChoices):
    """Who paid a debt (our own list)."""

    SELF = "self", _("The person themself")
    FAMILY = "family", _("Family")
    BORROWED = "borrowed", _("Borrowed money")
    OTHER = "other", _("Other")


class CryptoAsset(models.TextChoices):
    """Crypto assets demanded instead of money; they have no ISO 4217 code."""

    USDT = "USDT", "USDT (Tether)"
    USDC = "USDC", "USDC"
    BTC = "BTC", "Bitcoin"
    ETH = "ETH", "Ether"
    TRX = "TRX", "TRON"


class ConsentScope(models.TextChoices):
    """What a survivor may agree to, one scope at a time."""

    RECORD = "record", _("Record my information")
    SHARE_EMBASSY = "share_embassy", _("Share with my embassy")
    SHARE_LAW_ENFORCEMENT = "share_law_enforcement", _("Share with law enforcement")
    # Case-level records without the name (HTCDS) given to partner organisations and data
    # collaboratives: more than anonymised research (one record per person), less than the embassy.
    SHARE_PARTNERS = "share_partners", _("Share my case, without my name, with partner organisations")
    # A referral to a shelter, a clinic, legal aid...: the receiving organisation reads the parts
    # of the record the sender chose, only while this is in force (cases/access.py).
    SHARE_SERVICE_PROVIDERS = "share_service_providers", _("Share with organisations that help me")
    RESEARCH = "research", _("Use anonymised for research")
    CONTACT_LATER = "contact_later", _("Contact me later")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written")


class CrossingMeans(models.TextChoices):
    """How a group crossed the border (our own list)."""

    BOAT = "boat", _("Boat")
    RAFT = "raft", _("Raft or float (foam box, tyre)")
    ON_FOOT = "on_foot", _("On foot or wading")
    VEHICLE = "vehicle", _("Vehicle over a bridge")
    OTHER = "other", _("Other")


# --- ISO code lists from pycountry -------------------------------------------------------
# Model fields validate these codes instead of listing them as choices, so that a newer
# pycountry never asks for a migration; forms take the choices from here.

E164_PHONE = RegexValidator(
    r"^\+[1-9]\d{6,14}$",
    _("Enter the number in international format: + then country code and number, digits only."),
)


@cache
def currency_choices() -> list[tuple[str, str]]:
    """Return ISO 4217 currencies as (code, 'CODE — name') pairs, by code."""
    return sorted((c.alpha_3, f"{c.alpha_3} — {c.name}") for c in pycountry.currencies)


def validate_currency(code: str) -> None:
    """Refuse a code that is not an ISO 4217 currency."""
    if code and pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code."), params={"code": code})


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries as (code, name), named in the active language: a form field's `choices`.

    Pass the function itself, not its result: the names are then those of each request's
    language, and a form's copy of its fields copies a reference instead of 249 names.
    """
    return list(countries)


def country_choices_or_none() -> list[tuple[str, str]]:
    """`country_choices` after an empty choice, for a required field with nothing chosen yet."""
    return [("", "—"), *countries]
