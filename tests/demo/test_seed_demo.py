"""seed_demo: the demo's personas and a caseload shaped like the October exodus, the same every time."""

import io
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, F

from cases.models import Case, Role, StaffProfile
from demo.directory import PERSONAS
from intake.models import Consent, Debt, Exploitation, Nationality, Person
from intake.vocabularies import ConsentScope, DebtKind

pytestmark = pytest.mark.django_db


def seed(**options) -> None:
    call_command("seed_demo", verbosity=0, **options)


def fingerprint() -> list[tuple]:
    """What a user would see of the demo cases: names, birth, nationality, debts, consents, episodes."""
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
            debts=Count("person__debts", distinct=True),
            consents=Count("person__consents", distinct=True),
            episodes=Count("person__exploitations", distinct=True),
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


def _chains() -> dict[int, list[Exploitation]]:
    chains: dict[int, list[Exploitation]] = {}
    for episode in Exploitation.objects.select_related("compound").order_by("person_id", "position"):
        chains.setdefault(episode.person_id, []).append(episode)
    return chains


def test_about_a_fifth_of_demo_persons_were_resold_once_or_twice_along_a_chain_of_compounds():
    seed(cases=300, seed=2026)
    chains = _chains()
    assert len(chains) == 300  # everyone has a story of at least one episode
    resold = {person: chain for person, chain in chains.items() if len(chain) > 1}
    assert 0.15 <= len(resold) / 300 <= 0.25
    assert {len(chain) for chain in resold.values()} == {2, 3}
    compounds = set()
    for chain in chains.values():
        assert [episode.position for episode in chain] == list(range(len(chain)))
        *sold, last = chain
        assert not last.sold_on and last.sale_price_amount is None
        for episode, following in zip(sold, chain[1:], strict=True):
            assert episode.sold_on and episode.sold_by and episode.sale_price_currency in {"CNY", "USD"}
            assert episode.compound_id != following.compound_id  # sold on to another compound
            assert episode.started_on <= episode.ended_on <= following.started_on
            compounds.add(episode.compound.name)
    assert {"Sihanoukville compounds", "Shwe Kokko (Yatai New City)", "KK Park"} <= compounds
    prices = Counter(e.sale_price_currency for e in Exploitation.objects.filter(sold_on=True))
    assert prices["CNY"] and prices["USD"]
    assert all(
        30_000 <= amount <= 150_000
        for amount in Exploitation.objects.filter(sale_price_currency="CNY").values_list(
            "sale_price_amount", flat=True
        )
    )


def test_each_resale_price_is_a_debt_in_the_buyers_episode_and_every_debt_has_its_episode():
    seed(cases=300, seed=2026)
    chains = _chains()
    assert not Debt.objects.filter(exploitation__isnull=True).exists()
    assert not Debt.objects.exclude(exploitation__person_id=F("person_id")).exists()
    resales = Debt.objects.filter(kind=DebtKind.RESALE).select_related("exploitation")
    assert resales.count() == Exploitation.objects.filter(sold_on=True).count() > 0
    for debt in resales:
        chain = chains[debt.person_id]
        position = debt.exploitation.position
        assert position >= 1
        seller = chain[position - 1]
        assert (debt.amount, debt.currency) == (seller.sale_price_amount, seller.sale_price_currency)
        assert debt.incurred_on == seller.ended_on
    for debt in Debt.objects.filter(kind=DebtKind.INTRODUCTION).select_related("exploitation"):
        assert debt.exploitation.position == 0
    for debt in Debt.objects.filter(kind__in=[DebtKind.CONTRACT_TERMINATION, DebtKind.RANSOM]).select_related(
        "exploitation"
    ):
        assert debt.exploitation == chains[debt.person_id][-1]


def test_cases_seeded_before_debts_had_episodes_are_written_again_as_chains():
    seed(cases=30, seed=3)
    before = fingerprint()
    # What the earlier generator left: one episode, and debts in none.
    old = Case.objects.filter(person__debts__isnull=False).distinct()
    old_pks = set(old.values_list("pk", flat=True))
    Debt.objects.update(exploitation=None)
    Exploitation.objects.filter(position__gt=0).delete()
    seed(cases=30, seed=3)
    assert fingerprint() == before
    assert not Debt.objects.filter(exploitation__isnull=True).exists()
    assert not set(Case.objects.values_list("pk", flat=True)) & old_pks  # written again
    after = set(Case.objects.values_list("pk", flat=True))
    seed(cases=30, seed=3)  # and from then on, nothing changes
    assert set(Case.objects.values_list("pk", flat=True)) == after


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
