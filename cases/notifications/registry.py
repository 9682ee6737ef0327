"""Notification kinds that a feature above cases owns (referrals): who they still concern, where they lead.

The outbox, the inbox and delivery are the same for every kind. For the embassy's kinds the
rule is built in (the recipient is a liaison who may still read the case); a feature registers
its own kinds here, from its AppConfig.ready, so that cases never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class NotificationRule:
    kinds: frozenset[str]
    # Whether the row still concerns its recipient (consent withdrawn, referral revoked: no longer).
    concerns: Callable[..., bool]
    # The cases whose rows of these kinds the user may see in their inbox.
    cases_for: Callable[..., QuerySet]
    # Where opening an inbox item of these kinds leads (a URL path).
    link: Callable[..., str]
    # The email template (templates/emails/<name>.txt and _subject.txt) telling of new rows.
    email_template: str


_RULES: list[NotificationRule] = []


def notification_rule_register(rule: NotificationRule) -> None:
    """Let a feature own notification kinds: its rule decides who they concern and where they lead."""
    if not any(existing.kinds == rule.kinds for existing in _RULES):
        _RULES.append(rule)


def notification_rule_for(kind: str) -> NotificationRule | None:
    """The registered rule of `kind`, or None for the embassy's own kinds."""
    return next((rule for rule in _RULES if kind in rule.kinds), None)


def registered_kinds() -> set[str]:
    """Every kind a feature registered."""
    return {kind for rule in _RULES for kind in rule.kinds}


def registered_rows_for(user) -> Q:
    """Rows of registered kinds that `user` may see (a filter on Notification)."""
    condition = Q(pk__in=[])
    for rule in _RULES:
        condition |= Q(kind__in=rule.kinds, case__in=rule.cases_for(user))
    return condition
