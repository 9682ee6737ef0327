"""The load test's accounts, and the cases its caseworkers will send to an embassy.

The demo's organisations and personas come from demo.directory (idempotent); the
load-test caseworkers are added beside them, spread over the NGOs that hold the demo's
cases, each with the demo password and a site of their organisation for their batch.
"""

import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from cases.access import filter_visible_cases
from cases.models import Case, CaseStatus, Organisation, RepatriationStage, Role, Site, StaffProfile
from demo.directory import NGO_A, NGO_B, SHELTER, directory_seed

CASEWORKER_ORGANISATIONS = [NGO_A, NGO_B, SHELTER]
LIAISONS = ["liaison_in", "liaison_ph"]  # the demo's: India and the Philippines
USERNAME = "surge_cw{:02d}"


@dataclass(frozen=True)
class Account:
    username: str
    organisation: str
    site_id: int | None = None  # where the caseworker's arrivals are


@transaction.atomic
def staff_create(*, caseworkers: int, liaisons: int) -> tuple[list[Account], list[Account]]:
    """Create the load test's caseworkers (and the demo's directory); return caseworkers and liaisons."""
    personas = directory_seed(password=settings.DEMO_PASSWORD)
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=CASEWORKER_ORGANISATIONS)}
    sites = {
        name: Site.objects.filter(organisation=org, is_active=True).order_by("kind", "name").first()
        for name, org in organisations.items()
    }
    password = make_password(settings.DEMO_PASSWORD)  # one Argon2 hash for all: same password
    accounts = []
    for i in range(1, caseworkers + 1):
        org_name = CASEWORKER_ORGANISATIONS[(i - 1) % len(CASEWORKER_ORGANISATIONS)]
        user, _ = User.objects.update_or_create(
            username=USERNAME.format(i),
            defaults={
                "first_name": "Load test",
                "last_name": f"Caseworker {i}",
                "email": f"{USERNAME.format(i)}@example.org",
                "is_active": True,
                "password": password,
            },
        )
        StaffProfile.objects.update_or_create(
            user=user, defaults={"organisation": organisations[org_name], "role": Role.CASEWORKER}
        )
        site = sites[org_name]
        accounts.append(Account(user.username, org_name, site.pk if site else None))
    liaison_accounts = [
        Account(name, personas[name].staff_profile.organisation.name) for name in LIAISONS[:liaisons]
    ]
    return accounts, liaison_accounts


def verification_pool(*, per_organisation: int, seed: int = 2026) -> dict[str, list[int]]:
    """Return, per NGO, active cases at "identified" that an embassy liaison of the demo may read.

    A caseworker asking for their nationality verification writes an outbox row for that
    liaison: these are the surge's notifications.
    """
    waiting = Case.objects.filter(
        repatriation_stage=RepatriationStage.IDENTIFIED, status=CaseStatus.ACTIVE, anonymised_at__isnull=True
    )
    visible: set[int] = set()
    for user in User.objects.filter(username__in=LIAISONS):
        visible |= set(filter_visible_cases(waiting, user).values_list("pk", flat=True))
    rng = random.Random(seed)
    pool = {}
    for name in CASEWORKER_ORGANISATIONS:
        ids = sorted(
            Case.objects.filter(pk__in=visible, organisation__name=name).values_list("pk", flat=True)
        )
        rng.shuffle(ids)
        pool[name] = ids[:per_organisation]
    return pool
