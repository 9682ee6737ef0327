"""The emails of staff administration: a person's access changed; an organisation has a new member.

Sent by the tasks in accounts.tasks, after the change committed (accounts.roles). They name
an account and a role, never survivor data.
"""

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cases.access import users_holding
from cases.models import Role, StaffProfile
from cases.notifications.emails import recipient_language


def organisation_access_granted_send(*, user_id: int, organisation_id: int) -> None:
    """Email an organisation's coordinators that an account was given a role in it: its username and role."""
    profile = StaffProfile.objects.select_related("user").filter(user_id=user_id).first()
    if profile is None or profile.organisation_id != organisation_id:
        return  # changed again since: the later change sends its own
    managers = (
        users_holding(Role.COORDINATOR)
        .filter(staff_profile__organisation_id=organisation_id)
        .exclude(pk=user_id)
        .exclude(email="")
    )
    for manager in managers:
        with translation.override(recipient_language(manager)):
            context = {"username": profile.user.get_username(), "role": profile.get_role_display()}
            subject = render_to_string("emails/organisation_access_granted_subject.txt", context).strip()
            body = render_to_string("emails/organisation_access_granted.txt", context)
        EmailMessage(subject=" ".join(subject.split()), body=body, to=[manager.email]).send()


def staff_access_changed_send(*, user_id: int) -> None:
    """Email a person that their access changed: no role, no organisation, no survivor data."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    with translation.override(recipient_language(user)):
        subject = render_to_string("emails/access_changed_subject.txt", {}).strip()
        body = render_to_string("emails/access_changed.txt", {"username": user.get_username()})
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
