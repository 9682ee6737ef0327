"""`{{ debt.amount|money:debt.unit }}`: an amount as people write it (intake.money)."""

from django import template

from intake.money import amount_text

register = template.Library()


@register.filter
def money(amount, unit: str = "") -> str:
    return amount_text(amount, unit)
