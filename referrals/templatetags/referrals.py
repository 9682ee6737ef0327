"""The clock and the parts' names of a referral, as templates show them."""

from django import template

from referrals.models import Referral, SharedPart

register = template.Library()


@register.filter
def days_waiting(referral: Referral, now) -> int | None:
    return referral.days_waiting(now)


@register.filter
def days_to_done(referral: Referral, now) -> int | None:
    return referral.days_to_done(now)


@register.filter
def part_label(code: str) -> str:
    return str(SharedPart(code).label) if code in SharedPart.values else ""
