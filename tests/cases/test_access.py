"""The access policy, persona by persona: who reads which case, and which parts of it."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from cases.models import Case
from intake.vocabularies import ConsentScope
from tests.factories import CaseFactory, ConsentFactory, DebtFactory, NationalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indian_case_of_ngo_a(ngo_a):
    """An Indian national, registered by NGO A, who consented to share with their embassy."""
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    return case


@pytest.fixture
def filipino_case_of_ngo_b(ngo_b):
    case = CaseFactory(organisation=ngo_b, nationality="PH")
    ConsentFactory(person=case.person, scope=ConsentScope.SHARE_EMBASSY)
    return case


def visible(user) -> set[int]:
    return set(Case.objects.visible_to(user).values_list("pk", flat=True))


def test_caseworker_sees_only_their_organisations_cases(
    caseworker, indian_case_of_ngo_a, filipino_case_of_ngo_b
):
    assert visible(caseworker) == {indian_case_of_ngo_a.pk}


def test_caseworker_of_another_ngo_does_not_see_ngo_a_cases(
    caseworker2, indian_case_of_ngo_a, filipino_case_of_ngo_b
):
    assert visible(caseworker2) == {filipino_case_of_ngo_b.pk}


def test_liaison_for_india_sees_consenting_indian_nationals_of_every_organisation(
    liaison_in, indian_case_of_ngo_a, filipino_case_of_ngo_b, ngo_b
):
    other_ngo_indian = CaseFactory(organisation=ngo_b, nationality="IN")
    ConsentFactory(person=other_ngo_indian.person, scope=ConsentScope.SHARE_EMBASSY)
    assert visible(liaison_in) == {indian_case_of_ngo_a.pk, other_ngo_indian.pk}


def test_liaison_for_india_does_not_see_an_indian_without_consent_to_share(liaison_in, ngo_a):
    CaseFactory(organisation=ngo_a, nationality="IN")
    assert visible(liaison_in) == set()


def test_liaison_does_not_see_a_person_whose_only_consents_are_other_scopes(liaison_in, ngo_a):
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    for scope in (ConsentScope.RECORD, ConsentScope.SHARE_LAW_ENFORCEMENT, ConsentScope.RESEARCH):
        ConsentFactory(person=case.person, scope=scope)
    assert visible(liaison_in) == set()


def test_liaison_loses_sight_of_a_case_when_consent_is_withdrawn(liaison_in, indian_case_of_ngo_a):
    consent = indian_case_of_ngo_a.person.consents.get()
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert visible(liaison_in) == set()


def test_liaison_sees_again_a_case_whose_consent_was_given_anew(liaison_in, indian_case_of_ngo_a):
    person = indian_case_of_ngo_a.person
    person.consents.update(withdrawn_at=timezone.now())
    ConsentFactory(person=person, scope=ConsentScope.SHARE_EMBASSY)
    assert visible(liaison_in) == {indian_case_of_ngo_a.pk}
    assert person.consents.count() == 2  # the withdrawn consent stays in the history


def test_liaison_for_the_philippines_sees_no_indian(liaison_ph, indian_case_of_ngo_a, filipino_case_of_ngo_b):
    assert visible(liaison_ph) == {filipino_case_of_ngo_b.pk}


def test_a_dual_national_is_visible_to_both_embassies(liaison_in, liaison_ph, indian_case_of_ngo_a):
    NationalityFactory(person=indian_case_of_ngo_a.person, country="PH", is_primary=False)
    assert visible(liaison_in) == visible(liaison_ph) == {indian_case_of_ngo_a.pk}


def test_coordinator_counts_every_case_but_reads_only_their_organisations(
    coordinator, task_force, indian_case_of_ngo_a, filipino_case_of_ngo_b
):
    own = CaseFactory(organisation=task_force)
    assert set(Case.objects.countable_by(coordinator).values_list("pk", flat=True)) == {
        indian_case_of_ngo_a.pk,
        filipino_case_of_ngo_b.pk,
        own.pk,
    }
    assert visible(coordinator) == {own.pk}


def test_caseworker_counts_only_what_they_may_read(caseworker, indian_case_of_ngo_a, filipino_case_of_ngo_b):
    assert set(Case.objects.countable_by(caseworker).values_list("pk", flat=True)) == {
        indian_case_of_ngo_a.pk
    }


@pytest.mark.parametrize("persona", ["admin_user", "outsider"])
def test_administrator_and_user_without_role_see_no_case(request, persona, indian_case_of_ngo_a):
    user = request.getfixturevalue(persona)
    assert visible(user) == set()
    assert not user.has_perm("intake.view_person", indian_case_of_ngo_a.person)


def test_a_deactivated_caseworker_sees_nothing(caseworker, indian_case_of_ngo_a):
    caseworker.is_active = False
    caseworker.save()
    assert visible(caseworker) == set()


def test_anonymous_user_sees_nothing(indian_case_of_ngo_a):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


@pytest.mark.parametrize(
    ("persona", "perm", "allowed"),
    [
        ("caseworker", "intake.view_person", True),
        ("caseworker", "intake.change_person", True),
        ("caseworker", "intake.view_debt", True),
        ("caseworker", "intake.view_interview", True),
        ("caseworker", "intake.delete_consent", False),  # withdrawal never deletes consent history
        ("caseworker", "intake.delete_person", False),
        ("caseworker2", "intake.view_person", False),
        ("caseworker2", "intake.view_debt", False),
        ("liaison_in", "intake.view_person", True),
        ("liaison_in", "intake.view_nationality", True),
        ("liaison_in", "cases.view_case", True),
        ("liaison_in", "intake.change_person", False),
        ("liaison_in", "intake.view_debt", False),
        ("liaison_in", "intake.view_interview", False),
        ("liaison_in", "intake.view_exploitation", False),
        ("liaison_in", "intake.view_recruitment", False),
        ("liaison_in", "cases.view_caseevent", False),
        ("liaison_ph", "intake.view_person", False),
        ("coordinator", "intake.view_person", False),  # not their organisation's record
        ("admin_user", "intake.view_person", False),
        ("outsider", "intake.view_person", False),
    ],
)
def test_permission_on_one_record(request, indian_case_of_ngo_a, persona, perm, allowed):
    user = request.getfixturevalue(persona)
    record = indian_case_of_ngo_a.person
    if perm.endswith("debt"):
        record = DebtFactory(person=record)
    elif perm.endswith(("nationality",)):
        record = record.nationalities.get()
    elif perm.startswith("cases."):
        record = indian_case_of_ngo_a
    assert user.has_perm(perm, record) is allowed


def test_only_caseworkers_may_register_arrivals(caseworker, liaison_in, coordinator, admin_user):
    assert [
        u.has_perm("cases.register_arrivals") for u in (caseworker, liaison_in, coordinator, admin_user)
    ] == [
        True,
        False,
        False,
        False,
    ]


def test_an_administrator_cannot_grant_themself_survivor_record_permissions(admin_user, indian_case_of_ngo_a):
    admin_user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["intake", "cases"])
    )
    admin_user = type(admin_user).objects.get(pk=admin_user.pk)  # drop the permission cache
    assert not admin_user.has_perm("intake.view_person")
    assert not admin_user.has_perm("intake.view_person", indian_case_of_ngo_a.person)
    assert not admin_user.has_perm("cases.view_case", indian_case_of_ngo_a)
    assert admin_user.has_perm("cases.change_organisation")  # what they do administer still works


def test_visible_to_costs_one_query_for_the_profile_and_one_for_the_cases(
    django_assert_num_queries, caseworker, liaison_in, indian_case_of_ngo_a
):
    for user in (caseworker, liaison_in):
        fresh = type(user).objects.get(pk=user.pk)
        with django_assert_num_queries(2):
            list(Case.objects.visible_to(fresh))
        with django_assert_num_queries(1):  # the profile is cached on the user for the request
            list(Case.objects.visible_to(fresh))


def test_visible_to_costs_the_same_whatever_the_number_of_cases(django_assert_num_queries, liaison_in, ngo_a):
    for _ in range(30):
        case = CaseFactory(organisation=ngo_a, nationality="IN")
        ConsentFactory(person=case.person)
    fresh = type(liaison_in).objects.get(pk=liaison_in.pk)
    with django_assert_num_queries(2):
        assert len(list(Case.objects.visible_to(fresh).select_related("person"))) == 30
