"""create_administrator: an administrator as the policy means one; the group from the migrations."""

import io
import sys
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from accounts.roles import ADMINISTRATORS_GROUP
from cases.models import AccessLog, Organisation, Role
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-2026"


def create(*args, stdin: str = PASSWORD + "\n") -> str:
    """Run the command as a script would, the password on its standard input."""
    out = io.StringIO()
    stdin_before, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("create_administrator", *args, "--password-from-stdin", stdout=out)
    finally:
        sys.stdin = stdin_before
    return out.getvalue()


def test_the_administrators_group_and_its_permissions_come_from_the_migrations():
    group = Group.objects.get(name=ADMINISTRATORS_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("auth", "change_user") in codenames
    assert ("cases", "change_staffprofile") in codenames
    assert ("accounts", "add_enrolmentcode") in codenames  # resets a lost phone for someone else
    assert ("accounts", "change_enrolmentcode") not in codenames
    assert not any(app == "accounts" and "authenticatordevice" in codename for app, codename in codenames)
    survivor_records = {"person", "interview", "debt", "consent", "nationality", "case", "caseevent"}
    assert not group.permissions.filter(content_type__model__in=survivor_records).exists()


def test_create_administrator_makes_staff_in_the_group_never_a_superuser(task_force):
    out = create("chief", "--organisation", task_force.name, "--email", "chief@example.org")
    user = User.objects.get(username="chief")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [ADMINISTRATORS_GROUP]
    assert (user.staff_profile.role, user.staff_profile.organisation) == (Role.ADMINISTRATOR, task_force)
    assert authenticate(username="chief", password=PASSWORD) is not None
    assert "second factor" in out
    entry = AccessLog.objects.get(action=AccessLog.Action.ROLE_CHANGE)
    assert entry.detail["after"] == {
        "role": Role.ADMINISTRATOR,
        "organisation": task_force.pk,
        "is_staff": True,
    }


def test_the_administrator_it_creates_manages_accounts_and_reads_no_record(client, task_force, ngo_a):
    create("chief", "--organisation", task_force.name)
    case = CaseFactory(organisation=ngo_a)
    client.force_login(User.objects.get(username="chief"))
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("intake:interview_step", args=[case.person_id, "debts"])).status_code == 404


def test_create_administrator_needs_an_organisation():
    with pytest.raises(CommandError, match="organisation"):
        create("chief")
    with pytest.raises(CommandError, match="No organisation is named 'Nowhere'"):
        create("chief", "--organisation", "Nowhere")
    assert not User.objects.filter(username="chief").exists()


def test_create_administrator_creates_the_organisation_when_asked():
    create("chief", "--organisation", "Border office", "--create-organisation", "--country", "th")
    assert User.objects.get(username="chief").staff_profile.organisation == Organisation.objects.get(
        name="Border office", country="TH"
    )


def test_create_administrator_refuses_a_weak_password_and_an_existing_account(task_force, caseworker):
    with pytest.raises(CommandError):
        create("chief", "--organisation", task_force.name, stdin="short\n")
    assert not User.objects.filter(username="chief").exists()
    with pytest.raises(CommandError, match="exists already"):
        create("caseworker", "--organisation", task_force.name)
    caseworker.refresh_from_db()
    assert not caseworker.is_staff


def test_the_groups_migration_run_again_keeps_the_group_and_what_a_deployer_added():
    migration = import_module("cases.migrations.0010_administrators_group")
    group = Group.objects.get(name=ADMINISTRATORS_GROUP)
    added = Permission.objects.get(codename="view_logentry")
    group.permissions.add(added)
    before = set(group.permissions.values_list("pk", flat=True))
    migration.administrators_group_create(apps, SimpleNamespace(connection=connection))  # as `migrate` would
    assert Group.objects.filter(name=ADMINISTRATORS_GROUP).count() == 1
    assert set(group.permissions.values_list("pk", flat=True)) == before
