"""seed_demo: the demo's personas and a caseload shaped like the October exodus, the same every time."""

import io
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count

from cases.models import Case, Role, StaffProfile
from demo.directory import PERSONAS
from intake.models import Consent, Debt, Nationality, Person
from intake.vocabularies import ConsentScope

pytestmark = pytest.mark.django_db


def seed(**options) -> None:
    call_command("seed_demo", verbosity=0, **options)


def fingerprint() -> list[tuple]:
    """What a user would see of the demo cases: names, birth, nationality, debts, consents, stage."""
    return sorted(
        Case.objects.values_list(
            "reference",
            "organisation__name",
            "repatriation_stage",
            "person__given_name",
            "person__family_name",
            "person__date_of_birth",
            "person__birth_year_estimated",
            "person__nationalities__country",
        ).annotate(
            debts=Count("person__debts", distinct=True), consents=Count("person__consents", distinct=True)
        )
    )


def test_every_persona_can_sign_in_with_the_demo_password(settings):
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    seed(cases=0)
    for username, role, organisation, *_ in PERSONAS:
        user = authenticate(username=username, password="a-demo-password-for-tests")
        assert user is not None, username
        assert user.staff_profile.role == role
        assert user.staff_profile.organisation.name == organisation
        assert not user.is_superuser
    assert [p[0] for p in PERSONAS] == [
        "caseworker",
        "caseworker2",
        "liaison_in",
        "liaison_ph",
        "coordinator",
        "admin",
        "manager",
        "shelter_worker",
        "clinic_worker",
        "legal_worker",
    ]


def test_the_liaisons_serve_india_and_the_philippines():
    seed(cases=0)
    served = {p.user.username: p.served_country for p in StaffProfile.objects.filter(role=Role.LIAISON)}
    assert served == {"liaison_in": "IN", "liaison_ph": "PH"}


def test_the_same_seed_gives_the_same_cases_and_another_seed_different_ones():
    seed(cases=60, seed=7)
    first = fingerprint()
    seed(cases=0)
    assert Case.objects.count() == 0 and Person.objects.count() == 0
    seed(cases=60, seed=7)
    assert fingerprint() == first
    seed(cases=60, seed=8)
    assert fingerprint() != first
    assert Case.objects.count() == 60


def test_running_it_twice_changes_nothing():
    seed(cases=50, seed=3)
    before = (fingerprint(), list(Case.objects.order_by("pk").values_list("pk", flat=True)))
    seed(cases=50, seed=3)
    assert (fingerprint(), list(Case.objects.order_by("pk").values_list("pk", flat=True))) == before


def test_asking_for_fewer_cases_keeps_the_first_ones():
    seed(cases=40, seed=3)
    first_twenty = [row for row in fingerprint() if int(row[0].rsplit("-", 1)[1]) <= 20]
    seed(cases=20, seed=3)
    assert fingerprint() == first_twenty


def test_the_caseload_is_shaped_like_the_october_exodus():
    seed(cases=600, seed=2026)
    primary = Counter(Nationality.objects.filter(is_primary=True).values_list("country", flat=True))
    total = sum(primary.values())
    assert total == 600
    assert len(primary) == 28
    assert primary.most_common(1)[0][0] == "CN"
    assert 0.27 <= primary["IN"] / total <= 0.39  # about a third
    assert 0.08 <= primary["PH"] / total <= 0.17  # about one in eight
    assert 0 < Person.objects.minors().count() < 0.1 * total
    assert Consent.objects.filter(scope=ConsentScope.SHARE_EMBASSY, withdrawn_at__isnull=False).exists()
    in_force = Consent.objects.in_force().filter(scope=ConsentScope.SHARE_EMBASSY).count()
    assert in_force / total > 0.7  # consents mostly given


def test_demo_debts_are_in_the_reported_currencies_and_ranges():
    seed(cases=300, seed=2026)
    units = set(Debt.objects.values_list("currency", "crypto_asset").distinct())
    assert units <= {("CNY", ""), ("USD", ""), ("THB", ""), ("", "USDT")}
    introduction = Debt.objects.filter(kind="introduction")
    assert introduction.exists()
    assert all(30_000 <= amount <= 150_000 for amount in introduction.values_list("amount", flat=True))
    assert Debt.objects.filter(kind="contract_termination").exists()


def test_the_manager_is_the_coordinator_of_the_demo_caseworkers_ngo_and_its_cases_can_be_exported():
    seed(cases=120)
    manager = StaffProfile.objects.get(user__username="manager")
    caseworker = StaffProfile.objects.get(user__username="caseworker")
    assert manager.role == Role.COORDINATOR
    assert manager.organisation == caseworker.organisation
    task_force = StaffProfile.objects.get(user__username="coordinator").organisation
    assert not Case.objects.filter(organisation=task_force).exists()  # the task force reads figures only
    for export in ("case_list", "htcds"):
        assert Case.objects.exportable_by(manager.user, export=export).exists(), export


def test_some_demo_persons_consent_to_share_with_partners_and_some_do_not():
    seed(cases=120)
    sharing = Consent.objects.in_force().filter(scope=ConsentScope.SHARE_PARTNERS).count()
    assert 0 < sharing < Person.objects.count()


def test_demo_logins_prints_one_line_per_persona_manager_included():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    for username, *_ in PERSONAS:
        assert re.search(rf"^  {username} ", out.getvalue(), flags=re.M), username
    assert re.search(r"^  manager\s+Coordinator\s+Moei River Migrant Aid$", out.getvalue(), flags=re.M)


def test_the_demo_has_referrals_in_every_state_to_the_shelter_the_clinic_and_legal_aid():
    seed(cases=120)
    from referrals.models import Referral, ReferralState

    assert set(Referral.objects.values_list("state", flat=True)) == set(ReferralState.values)
    receivers = set(Referral.objects.values_list("receiver__name", flat=True))
    assert receivers == {"Mae Sot Safe House", "Mae Sot Border Clinic", "Tak Legal Aid Centre"}
    consenting = Consent.objects.in_force().filter(scope=ConsentScope.SHARE_SERVICE_PROVIDERS)
    assert set(Referral.objects.values_list("case__person_id", flat=True)) <= set(
        consenting.values_list("person_id", flat=True)
    )
    before = Referral.objects.count()
    seed(cases=120)  # again: nothing doubles
    assert Referral.objects.count() == before
