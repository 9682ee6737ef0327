"""Nobody changes their own access: an administrator tries to make themself a caseworker, a superuser, a
group member.

Each test tries one way round the rule as an administrator would, on their own account, and
then reads a case file and the debts step of an interview: both answer 404 whatever was tried.
Roles of other people change on the "Change role" page, which writes the access log and emails
the person.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import ADMINISTRATORS_GROUP, administrators_group
from cases.casefile.forms import CaseAssignForm
from cases.models import AccessLog, AnonymisedRelease, Role, StaffProfile
from cases.notifications.services import digest_recipient_ids
from cases.services import case_assign
from intake.models import Interview
from tests.conftest import administrators_group_migrated
from tests.factories import CaseFactory, StaffFactory
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails_sent_in_process():
    """Deliver the role-change emails in the test's process, with or without a broker (REDIS_URL)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def case(ngo_a, caseworker):
    case = CaseFactory(organisation=ngo_a, nationality="IN")
    Interview.objects.create(
        person=case.person, held_on="2026-10-25", place="Shelter", interviewer=caseworker
    )
    return case


def reads_nothing(client, case) -> None:
    """The case file, its debts step and the case list all answer 404."""
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("intake:interview_step", args=[case.person_id, "debts"])).status_code == 404
    assert client.get(reverse("cases:case_list")).status_code == 404


def signed_in_again(client, user) -> None:
    """As after signing out and in again: a session that sees the account as it is now."""
    client.logout()
    client.force_login(User.objects.get(pk=user.pk))


def own_change_form(client, admin_user) -> dict:
    page = client.get(reverse("admin:auth_user_change", args=[admin_user.pk]))
    assert page.status_code == 200
    return form_fields(page.content.decode(), having="username")


def test_an_administrators_own_change_form_offers_no_role_flag_group_or_permission(client, admin_user):
    client.force_login(admin_user)
    fields = own_change_form(client, admin_user)
    for field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert field not in fields
    assert not any(name.startswith("staff_profile-0-role") for name in fields)
    assert not any(name.startswith("staff_profile-0-organisation") for name in fields)


def test_forged_fields_posted_to_an_administrators_own_change_form_change_nothing(
    client, admin_user, ngo_a, case
):
    client.force_login(admin_user)
    fields = own_change_form(client, admin_user)
    some_group = Group.objects.create(name="Case readers")
    some_group.permissions.add(Permission.objects.get(codename="view_person"))
    forged = {
        **fields,
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [some_group.pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
        "staff_profile-0-role": Role.CASEWORKER,
        "staff_profile-0-organisation": ngo_a.pk,
        "staff_profile-0-user": admin_user.pk,
        "staff_profile-0-id": admin_user.staff_profile.pk,
    }
    response = client.post(reverse("admin:auth_user_change", args=[admin_user.pk]), forged)
    assert response.status_code in (200, 302)
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert list(admin_user.groups.all()) == [administrators_group()]
    assert not admin_user.user_permissions.exists()
    assert StaffProfile.objects.get(user=admin_user).role == Role.ADMINISTRATOR
    signed_in_again(client, admin_user)
    reads_nothing(client, case)


def test_an_administrator_cannot_change_their_own_role_on_the_change_role_page(
    client, admin_user, ngo_a, case
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_role_change", args=[admin_user.pk])
    refused = client.get(url, follow=True)
    assert "Nobody changes their own role" in refused.content.decode()
    client.post(url, {"role": Role.CASEWORKER, "organisation": ngo_a.pk})
    profile = StaffProfile.objects.get(user=admin_user)
    assert (profile.role, profile.organisation_id) == (
        Role.ADMINISTRATOR,
        admin_user.staff_profile.organisation_id,
    )
    assert not AccessLog.objects.filter(action=AccessLog.Action.ROLE_CHANGE).exists()
    assert mail.outbox == []
    signed_in_again(client, admin_user)
    reads_nothing(client, case)


def test_an_administrator_cannot_change_or_delete_a_group_they_belong_to(client, admin_user, case):
    client.force_login(admin_user)
    group = administrators_group()
    url = reverse("admin:auth_group_change", args=[group.pk])
    page = client.get(url)
    assert page.status_code == 200  # shown, not editable
    assert 'name="permissions"' not in page.content.decode()
    view_person = Permission.objects.get(codename="view_person")
    response = client.post(url, {"name": ADMINISTRATORS_GROUP, "permissions": [view_person.pk]})
    assert response.status_code == 403
    assert not group.permissions.filter(pk=view_person.pk).exists()
    assert (
        client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    )
    assert Group.objects.filter(name=ADMINISTRATORS_GROUP).exists()
    reads_nothing(client, case)


def test_an_administrator_cannot_add_themself_to_a_group_they_created(client, admin_user, case):
    client.force_login(admin_user)
    client.post(
        reverse("admin:auth_group_add"),
        {"name": "Readers", "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )
    readers = Group.objects.get(name="Readers")  # creating a group is their work
    fields = own_change_form(client, admin_user)
    client.post(reverse("admin:auth_user_change", args=[admin_user.pk]), {**fields, "groups": [readers.pk]})
    assert not admin_user.groups.filter(pk=readers.pk).exists()
    signed_in_again(client, admin_user)
    reads_nothing(client, case)


def test_the_add_user_form_creates_no_superuser_no_staff_and_no_role(client, admin_user, ngo_a):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "alter-ego",
            "usable_password": "true",
            "password1": "a-long-enough-password-2026",
            "password2": "a-long-enough-password-2026",
            "is_superuser": "on",
            "is_staff": "on",
            "staff_profile-TOTAL_FORMS": "1",
            "staff_profile-INITIAL_FORMS": "0",
            "staff_profile-0-role": Role.CASEWORKER,
            "staff_profile-0-organisation": ngo_a.pk,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="alter-ego")
    assert not created.is_superuser and not created.is_staff
    assert not StaffProfile.objects.filter(user=created).exists()  # a role is given on Change role, logged


def test_a_staff_account_with_a_caseworker_profile_forced_into_the_database_reads_nothing(
    client, admin_user, ngo_a, case
):
    StaffProfile.objects.filter(user=admin_user).update(role=Role.CASEWORKER, organisation=ngo_a)
    client.force_login(User.objects.get(pk=admin_user.pk))
    reads_nothing(client, case)
    assert client.get(reverse("cases:home")).status_code == 403  # the page of an account without a role


def test_a_superuser_made_in_the_database_reads_and_exports_nothing(client, ngo_a, case):
    superuser = User.objects.create_superuser("root", "root@example.org", "a-long-enough-password-2026")
    client.force_login(superuser)
    reads_nothing(client, case)
    for name, args in [
        ("reporting:export_case_list", ["csv"]),
        ("reporting:export_htcds", ["json"]),
        ("reporting:exports", []),
        ("reporting:dashboard", []),
        ("cases:case_for_person", [case.person_id]),
        ("cases:repatriation_case", [case.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("reporting:release_create")).status_code == 404
    assert not AnonymisedRelease.objects.exists()
    assert (
        client.post(reverse("intake:interview_step", args=[case.person_id, "debts"]), {}).status_code == 404
    )
    # The admin site still works for them: its permissions are not the policy's.
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_a_superuser_with_a_caseworker_profile_reads_nothing(client, ngo_a, case):
    superuser = User.objects.create_superuser("root", "root@example.org", "a-long-enough-password-2026")
    StaffProfile.objects.create(user=superuser, role=Role.CASEWORKER, organisation=ngo_a)
    client.force_login(superuser)
    reads_nothing(client, case)


# --- Another administrator changes someone's role: logged, and the person is told ------------


@pytest.fixture
def other_admin(task_force):
    user = StaffFactory(username="admin2", role=Role.ADMINISTRATOR, organisation=task_force, is_staff=True)
    user.groups.add(administrators_group_migrated())
    return user


def test_another_administrator_changing_a_role_writes_the_access_log_and_emails_the_person(
    client, other_admin, caseworker, ngo_a, ngo_b, case, django_capture_on_commit_callbacks
):
    caseworker.email = "caseworker@example.org"
    caseworker.save()
    client.force_login(other_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_role_change", args=[caseworker.pk]),
            {"role": Role.COORDINATOR, "organisation": ngo_b.pk},
        )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=caseworker)
    assert (profile.role, profile.organisation_id) == (Role.COORDINATOR, ngo_b.pk)
    entry = AccessLog.objects.get(action=AccessLog.Action.ROLE_CHANGE)
    assert entry.user == other_admin
    assert entry.detail == {
        "user": caseworker.pk,
        "before": {"role": Role.CASEWORKER, "organisation": ngo_a.pk, "is_staff": False},
        "after": {"role": Role.COORDINATOR, "organisation": ngo_b.pk, "is_staff": False},
    }
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["caseworker@example.org"]
    text = email.subject + email.body
    assert "access" in text and "administrator" in text
    for secret in (case.reference, case.person.given_name, case.person.family_name, ngo_a.name, ngo_b.name):
        assert secret not in text


def test_making_someone_an_administrator_gives_them_the_admin_site_and_takes_their_reading(
    client, other_admin, caseworker, task_force, case, django_capture_on_commit_callbacks
):
    client.force_login(other_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:auth_user_role_change", args=[caseworker.pk]),
            {"role": Role.ADMINISTRATOR, "organisation": task_force.pk},
        )
    caseworker.refresh_from_db()
    assert caseworker.is_staff and not caseworker.is_superuser
    assert caseworker.groups.filter(name=ADMINISTRATORS_GROUP).exists()
    client.force_login(caseworker)
    reads_nothing(client, case)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(other_admin)
        client.post(
            reverse("admin:auth_user_role_change", args=[caseworker.pk]),
            {"role": Role.CASEWORKER, "organisation": case.organisation_id},
        )
    caseworker.refresh_from_db()
    assert not caseworker.is_staff
    assert not caseworker.groups.exists()


def test_a_superuser_cannot_be_given_a_role_that_reads_records(client, other_admin, ngo_a):
    superuser = User.objects.create_superuser("root", "root@example.org", "a-long-enough-password-2026")
    client.force_login(other_admin)
    response = client.post(
        reverse("admin:auth_user_role_change", args=[superuser.pk]),
        {"role": Role.CASEWORKER, "organisation": ngo_a.pk},
    )
    assert response.status_code == 200
    assert "A superuser account can hold no role but administrator." in response.content.decode()
    assert not StaffProfile.objects.filter(user=superuser).exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.ROLE_CHANGE).exists()


def test_a_liaison_of_an_organisation_that_serves_no_country_is_refused_beside_the_field(
    client, other_admin, caseworker, ngo_b
):
    client.force_login(other_admin)
    response = client.post(
        reverse("admin:auth_user_role_change", args=[caseworker.pk]),
        {"role": Role.LIAISON, "organisation": ngo_b.pk},
    )
    assert response.status_code == 200
    assert "must belong to an organisation that serves a country" in response.content.decode()
    assert StaffProfile.objects.get(user=caseworker).role == Role.CASEWORKER


@pytest.mark.parametrize("role", ["", "superuser", "x" * 300])
def test_the_change_role_page_refuses_a_role_it_does_not_offer(client, other_admin, caseworker, ngo_b, role):
    client.force_login(other_admin)
    response = client.post(
        reverse("admin:auth_user_role_change", args=[caseworker.pk]), {"role": role, "organisation": ngo_b.pk}
    )
    assert response.status_code == 200
    assert StaffProfile.objects.get(user=caseworker).role == Role.CASEWORKER


def test_forged_flags_on_someone_elses_change_form_make_no_superuser_and_no_staff(
    client, other_admin, caseworker, ngo_b
):
    client.force_login(other_admin)
    page = client.get(reverse("admin:auth_user_change", args=[caseworker.pk]))
    fields = form_fields(page.content.decode(), having="username")
    assert "is_superuser" not in fields and "is_staff" not in fields
    client.post(
        reverse("admin:auth_user_change", args=[caseworker.pk]),
        {**fields, "is_superuser": "on", "is_staff": "on", "staff_profile-0-organisation": ngo_b.pk},
    )
    caseworker.refresh_from_db()
    assert not caseworker.is_superuser and not caseworker.is_staff
    assert StaffProfile.objects.get(user=caseworker).organisation != ngo_b


def test_a_caseworker_cannot_open_the_change_role_page(client, caseworker, caseworker2):
    client.force_login(caseworker)
    assert client.get(reverse("admin:auth_user_role_change", args=[caseworker2.pk])).status_code == 404


def test_the_coordinators_of_the_organisation_are_told_that_an_account_was_given_a_role_in_it(
    client, other_admin, ngo_b, django_capture_on_commit_callbacks
):
    manager = StaffFactory(
        username="manager_b", role=Role.COORDINATOR, organisation=ngo_b, email="manager_b@example.org"
    )
    alter_ego = User.objects.create_user("alter-ego", "alter-ego@example.org", "a-long-enough-password-2026")
    client.force_login(other_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:auth_user_role_change", args=[alter_ego.pk]),
            {"role": Role.CASEWORKER, "organisation": ngo_b.pk},
        )
    told = {tuple(email.to): email for email in mail.outbox}
    assert set(told) == {("alter-ego@example.org",), (manager.email,)}
    assert "alter-ego" in told[(manager.email,)].body
    assert "Caseworker" in told[(manager.email,)].body


def test_an_admin_site_account_with_a_forced_role_is_given_no_case_and_no_liaisons_digest(
    admin_user, caseworker, ngo_a, embassy_in, case
):
    StaffProfile.objects.filter(user=admin_user).update(role=Role.CASEWORKER, organisation=ngo_a)
    admin_user = User.objects.get(pk=admin_user.pk)
    assert list(CaseAssignForm(case=case).fields["caseworker"].queryset) == [caseworker]
    with pytest.raises(ValidationError):
        case_assign(case=case, caseworker=admin_user, assigned_by=caseworker)
    StaffProfile.objects.filter(user=admin_user).update(role=Role.LIAISON, organisation=embassy_in)
    assert admin_user.pk not in digest_recipient_ids()
