"""The demo's organisations, sites, arrival groups and one account per persona (idempotent)."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from accounts.roles import administrators_group
from cases.models import Organisation, OrganisationType, Role, Site, StaffProfile
from demo.rates import exchange_rates_seed
from intake.models import ArrivalGroup, Compound
from intake.vocabularies import CrossingMeans
from referrals.models import OrganisationService, Service

NGO_A = "Moei River Migrant Aid"
NGO_B = "Tak Border Freedom Network"
SHELTER = "Mae Sot Safe House"
TASK_FORCE = "Border Anti-Trafficking Task Force"
CLINIC = "Mae Sot Border Clinic"
LEGAL_AID = "Tak Legal Aid Centre"

# (name, HTCDS type, country based in, city, country served, phone: fictional numbers)
ORGANISATIONS = [
    (NGO_A, OrganisationType.NGO, "TH", "Mae Sot", "", "+6655000101"),
    (NGO_B, OrganisationType.NGO, "TH", "Mae Sot", "", "+6655000102"),
    (SHELTER, OrganisationType.NGO, "TH", "Mae Sot", "", "+6655000103"),
    (TASK_FORCE, OrganisationType.NGO, "TH", "Mae Sot", "", "+6655000104"),
    (CLINIC, OrganisationType.HEALTH, "TH", "Mae Sot", "", "+6655000105"),
    (LEGAL_AID, OrganisationType.LEGAL, "TH", "Mae Sot", "", "+6655000106"),
    ("Embassy of India, Bangkok", OrganisationType.CENTRAL_GOVERNMENT, "TH", "Bangkok", "IN", "+6620000201"),
    (
        "Embassy of the Philippines, Bangkok",
        OrganisationType.CENTRAL_GOVERNMENT,
        "TH",
        "Bangkok",
        "PH",
        "+6620000202",
    ),
    ("Embassy of China, Bangkok", OrganisationType.CENTRAL_GOVERNMENT, "TH", "Bangkok", "CN", "+6620000203"),
    (
        "Embassy of Pakistan, Bangkok",
        OrganisationType.CENTRAL_GOVERNMENT,
        "TH",
        "Bangkok",
        "PK",
        "+6620000204",
    ),
    (
        "Embassy of Viet Nam, Bangkok",
        OrganisationType.CENTRAL_GOVERNMENT,
        "TH",
        "Bangkok",
        "VN",
        "+6620000205",
    ),
    (
        "Embassy of Indonesia, Bangkok",
        OrganisationType.CENTRAL_GOVERNMENT,
        "TH",
        "Bangkok",
        "ID",
        "+6620000206",
    ),
    (
        "Embassy of Ethiopia, Bangkok",
        OrganisationType.CENTRAL_GOVERNMENT,
        "TH",
        "Bangkok",
        "ET",
        "+6620000207",
    ),
    ("Embassy of Kenya, Bangkok", OrganisationType.CENTRAL_GOVERNMENT, "TH", "Bangkok", "KE", "+6620000208"),
]

# (name, kind, town, owning organisation)
SITES = [
    ("Riverside reception point", Site.Kind.RECEPTION_POINT, "Mae Sot", NGO_A),
    ("Town hall reception point", Site.Kind.RECEPTION_POINT, "Mae Sot", NGO_B),
    ("Mae Sot Safe House", Site.Kind.SHELTER, "Mae Sot", SHELTER),
    ("Moei River drop-in centre", Site.Kind.SHELTER, "Mae Sot", NGO_A),
    ("Mae Sot district hospital", Site.Kind.HOSPITAL, "Mae Sot", None),
    ("Mae Sot immigration facility", Site.Kind.IMMIGRATION_FACILITY, "Mae Sot", None),
]

# (username, role, organisation, first name, last name): the personas every test and demo uses.
PERSONAS = [
    ("caseworker", Role.CASEWORKER, NGO_A, "Demo", "Caseworker A"),
    ("caseworker2", Role.CASEWORKER, NGO_B, "Demo", "Caseworker B"),
    ("liaison_in", Role.LIAISON, "Embassy of India, Bangkok", "Demo", "Liaison India"),
    ("liaison_ph", Role.LIAISON, "Embassy of the Philippines, Bangkok", "Demo", "Liaison Philippines"),
    ("coordinator", Role.COORDINATOR, TASK_FORCE, "Demo", "Coordinator"),
    ("admin", Role.ADMINISTRATOR, TASK_FORCE, "Demo", "Administrator"),
    # The manager of the caseworker's NGO: exports its own cases (case list, HTCDS), while the
    # task force's coordinator, whose organisation holds no case, reads the dashboard and
    # publishes the anonymised releases.
    ("manager", Role.COORDINATOR, NGO_A, "Demo", "Manager A"),
    # The organisations cases are referred to (referrals/): one caseworker each.
    ("shelter_worker", Role.CASEWORKER, SHELTER, "Demo", "Shelter caseworker"),
    ("clinic_worker", Role.CASEWORKER, CLINIC, "Demo", "Clinic caseworker"),
    ("legal_worker", Role.CASEWORKER, LEGAL_AID, "Demo", "Legal aid caseworker"),
]

# (organisation, service code, place, contact: a desk's fictional number): what each offers.
SERVICES_OFFERED = [
    (SHELTER, "shelter", "Mae Sot", "+6655000103"),
    (SHELTER, "psychosocial", "Mae Sot", "+6655000103"),
    (CLINIC, "medical", "Mae Sot", "+6655000105"),
    (CLINIC, "psychosocial", "Mae Sot", "+6655000105"),
    (LEGAL_AID, "legal_aid", "Mae Sot", "+6655000106"),
    (LEGAL_AID, "legal_aid", "Tak", "+6655000107"),
    (NGO_B, "family_tracing", "Mae Sot", "+6655000102"),
]

EXODUS_START = datetime.date(2026, 10, 22)
CROSSING_POINTS = [
    "Moei River, riverside landing 1",
    "Moei River, riverside landing 2",
    "Friendship Bridge 2",
]


@transaction.atomic
def directory_seed(*, password: str) -> dict[str, User]:
    """Create or update the demo organisations, sites, arrival groups and persona accounts."""
    orgs = {}
    for name, org_type, country, city, serves, phone in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "org_type": org_type,
                "country": country,
                "city": city,
                "represents_country": serves,
                "phone": phone,
            },
        )
    for name, kind, town, owner in SITES:
        Site.objects.update_or_create(
            name=name, defaults={"kind": kind, "town": town, "organisation": orgs.get(owner)}
        )
    _arrival_groups_seed()
    exchange_rates_seed()
    for org_name, code, place, contact in SERVICES_OFFERED:
        OrganisationService.objects.update_or_create(
            organisation=orgs[org_name],
            service=Service.objects.get(code=code),  # the vocabulary, from referrals migration 0002
            place=place,
            defaults={"contact": contact, "is_active": True},
        )

    administrators = administrators_group()  # from the migrations, as in every deployment
    users = {}
    for username, role, org_name, first, last in PERSONAS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_active": True,
                "is_staff": role == Role.ADMINISTRATOR,  # the admin site is theirs alone
                "is_superuser": False,  # a superuser holds no role (cases/access.py): never one in the demo
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        StaffProfile.objects.update_or_create(
            user=user, defaults={"organisation": orgs[org_name], "role": role}
        )
        if role == Role.ADMINISTRATOR:
            user.groups.add(administrators)
        users[username] = user
    return users


def _arrival_groups_seed() -> None:
    compound = Compound.objects.get(name="KK Park")
    for day in range(3):
        for point in CROSSING_POINTS:
            ArrivalGroup.objects.get_or_create(
                crossed_on=EXODUS_START + datetime.timedelta(days=day),
                crossing_point=point,
                defaults={
                    "means": CrossingMeans.ON_FOOT if "Bridge" in point else CrossingMeans.BOAT,
                    "came_from": compound,
                },
            )
