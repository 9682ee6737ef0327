"""Seed the reference vocabularies: ISO 639-3 languages, HTCDS 2.0 terms, known compounds.

The data is written here, not imported from app code, so that this migration does the same
thing however the code changes later. Administrators extend the lists in the admin.
"""

from django.db import migrations

# (code, label, HTCDS value) — codes of HTCDS terms are the standard's value names.
RECRUITMENT_CHANNELS = [
    ("ThroughAnOnlineAdvertisement", "Online job advertisement", "ThroughAnOnlineAdvertisement"),
    ("ThroughOnlineSocialNetworks", "Social media or messaging contact", "ThroughOnlineSocialNetworks"),
    ("RecruitingAgentOrAgency", "Recruiting agent or agency", "Other"),
    ("ThroughFriendsOrSocialEvents", "Friend or acquaintance", "ThroughFriendsOrSocialEvents"),
    ("ThroughFamilyOrFamilyEvents", "Family member", "ThroughFamilyOrFamilyEvents"),
    ("FreeTripOrCheapFlightOffer", "Offer of a free trip or cheap flight", "Other"),
    ("RecruitedAsReplacement", "Recruited by a worker buying their own release", "Other"),
    ("AtWork", "At work", "AtWork"),
    ("AtAPlaceOfBusiness", "At a place of business", "AtAPlaceOfBusiness"),
    ("AtAnEducationalInstitution", "At a school or college", "AtAnEducationalInstitution"),
    ("ThroughATelevisionAdvert", "Television advertisement", "ThroughATelevisionAdvert"),
    ("ThroughANewspaperAdvert", "Newspaper advertisement", "ThroughANewspaperAdvert"),
    ("Other", "Other", "Other"),
]

EXPLOITATION_TYPES = [
    # Forced criminality has no HTCDS value: it is forced labour under the ILO's definition.
    ("ForcedCriminalityRomanceScam", 'Forced criminality: romance or "pig-butchering" scams', "ForcedLabour"),
    ("ForcedCriminalityInvestmentFraud", "Forced criminality: crypto-investment fraud", "ForcedLabour"),
    ("ForcedCriminalityIllegalGambling", "Forced criminality: illegal online gambling", "ForcedLabour"),
    ("ForcedLabour", "Forced labour (other)", "ForcedLabour"),
    ("SexualExploitation", "Sexual exploitation", "SexualExploitation"),
    ("ChildLabour", "Child labour", "ChildLabour"),
    ("ForcedMarriage", "Forced marriage", "ForcedMarriage"),
    ("Servitude", "Servitude", "Servitude"),
    ("ForcedMilitaryByNonStateActors", "Forced military service by non-state actors", "ForcedMilitaryByNonStateActors"),
    ("OrganRemoval", "Organ removal", "OrganRemoval"),
    ("ForcedBegging", "Forced begging", "ForcedBegging"),
    ("ForcedAdoption", "Forced adoption", "ForcedAdoption"),
    ("Surrogacy", "Surrogacy", "Surrogacy"),
    ("Other", "Other", "Other"),
]

CONTROL_METHODS = [
    ("WithholdsDocuments", "Withholds identity documents", "WithholdsDocuments"),
    ("DebtBondage", "Debt bondage", "DebtBondage"),
    ("RestrictsMovement", "Restricts movement (guarded compound, no exit)", "Other"),
    ("PhysicalAbuse", "Physical abuse", "PhysicalAbuse"),
    ("PhysicalThreats", "Physical threats", "PhysicalThreats"),
    ("ThreatensChildrenFamily", "Threatens children or family", "ThreatensChildrenFamily"),
    ("ThreatsLawEnforcement", "Threats of arrest or deportation", "ThreatsLawEnforcement"),
    ("SexualAbuse", "Sexual abuse", "SexualAbuse"),
    ("PsychologicalAbuse", "Psychological abuse", "PsychologicalAbuse"),
    ("ExcessiveWorkingHours", "Excessive working hours", "ExcessiveWorkingHours"),
    ("TakesEarnings", "Takes earnings", "TakesEarnings"),
    ("RestrictsFinancialAccess", "Restricts access to money", "RestrictsFinancialAccess"),
    ("WithholdsNecessities", "Withholds food, water or sleep", "WithholdsNecessities"),
    ("RestrictsMedicalCare", "Restricts medical care", "RestrictsMedicalCare"),
    ("PsychoactiveSubstance", "Psychoactive substances", "PsychoactiveSubstance"),
    ("FalsePromises", "False promises", "FalsePromises"),
    ("Other", "Other", "Other"),
]

COMPOUNDS = [
    ("KK Park", "MM", "Myawaddy, Kayin State"),
    ("Shwe Kokko (Yatai New City)", "MM", "Myawaddy, Kayin State"),
    ("Dongmei Park", "MM", "Myawaddy, Kayin State"),
    ("Taizhang", "MM", "Myawaddy, Kayin State"),
    ("Golden Triangle Special Economic Zone", "LA", "Bokeo"),
    ("Sihanoukville compounds", "KH", "Sihanoukville"),
    ("Other or unknown site", "MM", ""),
]


def seed(apps, schema_editor):
    import pycountry

    db = schema_editor.connection.alias  # the owner's connection when migrations run as the owner
    Language = apps.get_model("intake", "Language")
    living = [
        Language(code=lang.alpha_3, name=lang.name)
        for lang in pycountry.languages
        if getattr(lang, "type", "") == "L" and getattr(lang, "scope", "") in ("I", "M")
    ]
    Language.objects.using(db).bulk_create(living, ignore_conflicts=True)

    for model_name, terms in (
        ("RecruitmentChannel", RECRUITMENT_CHANNELS),
        ("ExploitationType", EXPLOITATION_TYPES),
        ("ControlMethod", CONTROL_METHODS),
    ):
        model = apps.get_model("intake", model_name)
        for position, (code, label, htcds_value) in enumerate(terms, start=1):
            model.objects.using(db).update_or_create(
                code=code, defaults={"label": label, "htcds_value": htcds_value, "position": position * 10}
            )

    Compound = apps.get_model("intake", "Compound")
    for name, country, area in COMPOUNDS:
        Compound.objects.using(db).update_or_create(name=name, defaults={"country": country, "area": area})


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
