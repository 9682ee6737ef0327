"""Who holds which role, and the one path that changes it: logged, and told to the person.

A role and an organisation decide what a person reads (cases/access.py), so they change only
here: `staff_role_change` writes the change, its access-log row (before and after, ids only) in
the same transaction, and after commit emails the person that their access changed, and the
coordinators of the organisation that an account was given a role in it. The admin site's
"Change role" page calls it; nobody reaches it for their own account.

The admin site is the administrators' alone: an account is staff exactly when its role is
administrator, and is in the *Administrators* group (cases migration 0010) then. No role that
reads survivor records goes with staff status or the superuser flag; the access policy ignores
such a profile anyway (cases.access.staff_profile), and this module refuses to write one.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.tasks import organisation_access_granted_notify, staff_access_changed_notify
from cases.models import AccessLog, Organisation, Role, StaffProfile

ADMINISTRATORS_GROUP = "Administrators"  # created with its permissions by cases migration 0010


def administrators_group() -> Group:
    """Return the Administrators group the migrations created."""
    return Group.objects.get(name=ADMINISTRATORS_GROUP)


def staff_role_problems(*, user: User, role: str) -> list[str]:
    """Say why `user` may not hold `role` (an empty list when they may)."""
    if user.is_superuser and role != Role.ADMINISTRATOR:
        return [_("A superuser account can hold no role but administrator.")]
    return []


def _profile_state(profile: StaffProfile | None) -> dict:
    return {
        "role": profile.role if profile else None,
        "organisation": profile.organisation_id if profile else None,
    }


@transaction.atomic
def staff_role_change(
    *, actor: User, user: User, role: str, organisation: Organisation, ip_address: str | None = None
) -> StaffProfile:
    """Give `user` `role` in `organisation`; log it (before and after) and email them after commit.

    Staff status and the Administrators group follow the role: an administrator has the admin
    site and nothing else; any other role has no admin site.
    """
    if actor.pk == user.pk:
        raise ValidationError(_("Nobody changes their own role or organisation: ask another administrator."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if problems := staff_role_problems(user=user, role=role):
        raise ValidationError({"role": problems})
    profile = StaffProfile.objects.select_related("organisation").filter(user=user).first()
    before = _profile_state(profile)
    is_staff_before = user.is_staff
    if profile is None:
        profile = StaffProfile(user=user)
    profile.role = role
    profile.organisation = organisation
    profile.full_clean()
    profile.save()

    user.is_staff = role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff"])
    if user.is_staff:
        user.groups.add(administrators_group())
    else:
        user.groups.remove(administrators_group())

    AccessLog.objects.create(
        user=actor,
        username=actor.get_username(),
        action=AccessLog.Action.ROLE_CHANGE,
        ip_address=ip_address,
        detail={
            "user": user.pk,
            "before": {**before, "is_staff": is_staff_before},
            "after": {**_profile_state(profile), "is_staff": user.is_staff},
        },
    )
    if before != _profile_state(profile):
        staff_access_changed_notify.delay_on_commit(user_id=user.pk)
        if role != Role.ADMINISTRATOR:
            # The organisation's managers learn who may now work on its records: an administrator
            # giving a role in it to an account of their own making does not go unseen.
            organisation_access_granted_notify.delay_on_commit(
                user_id=user.pk, organisation_id=organisation.pk
            )
    return profile


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str, organisation: Organisation) -> User:
    """Create an administrator as the policy means one: staff, not superuser, in the Administrators group.

    For the server's command line (manage.py create_administrator), where no one is signed in:
    the access log names the command as the actor.
    """
    user = User(username=username, email=email, is_staff=True, is_superuser=False)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(administrators_group())
    profile = StaffProfile(user=user, role=Role.ADMINISTRATOR, organisation=organisation)
    profile.full_clean()
    profile.save()
    AccessLog.objects.create(
        user=None,
        username="manage.py create_administrator",
        action=AccessLog.Action.ROLE_CHANGE,
        detail={
            "user": user.pk,
            "before": {"role": None, "organisation": None, "is_staff": False},
            "after": {**_profile_state(profile), "is_staff": True},
        },
    )
    return user
