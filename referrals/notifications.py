"""The referral kinds of the notification outbox: whom a row still concerns, and where it leads.

Registered from ReferralsConfig.ready, so that cases never imports this app.
"""

from django.db.models import Q
from django.urls import reverse

from cases.access import cases_referred_to, role_of, staff_profile
from cases.models import Case, Notification, Role
from cases.notifications.registry import NotificationRule, notification_rule_register
from referrals.models import Referral

KINDS = frozenset(
    {
        Notification.Kind.REFERRAL_REQUESTED,
        Notification.Kind.REFERRAL_ANSWERED,
        Notification.Kind.REFERRAL_REVOKED,
    }
)


def _referral_of(notification: Notification) -> Referral | None:
    referral_id = notification.event.data.get("referral")
    return Referral.objects.select_related("case").filter(pk=referral_id).first() if referral_id else None


def referral_notification_concerns(notification: Notification) -> bool:
    """Whether the recipient may still see what the row is about (the policy, asked now)."""
    referral = _referral_of(notification)
    recipient = notification.recipient
    if referral is None:
        return False
    if notification.kind == Notification.Kind.REFERRAL_ANSWERED:
        return recipient.has_perm("referrals.view_sent_referral", referral)
    if notification.kind == Notification.Kind.REFERRAL_REVOKED:
        profile = staff_profile(recipient)
        return role_of(recipient) == Role.CASEWORKER and profile.organisation_id == referral.receiver_id
    return recipient.has_perm("referrals.view_received_referral", referral)


def referral_notification_cases(user):
    """The cases whose referral rows `user` may see in their inbox: their own, and those referred to them."""
    return Case.objects.filter(
        Q(pk__in=Case.objects.visible_to(user).values("pk"))
        | Q(pk__in=cases_referred_to(user, any_state=True).values("pk"))
    )


def referral_notification_link(notification: Notification) -> str:
    """An answer leads to the case's referrals; a request to the referral; a revocation to the list."""
    if notification.kind == Notification.Kind.REFERRAL_ANSWERED:
        return reverse("referrals:case_referrals", args=[notification.case_id])
    if notification.kind == Notification.Kind.REFERRAL_REQUESTED:
        return reverse("referrals:received", args=[notification.event.data["referral"]])
    return reverse("referrals:incoming")


notification_rule_register(
    NotificationRule(
        kinds=KINDS,
        concerns=referral_notification_concerns,
        cases_for=referral_notification_cases,
        link=referral_notification_link,
        email_template="referral_notifications_new",
    )
)
