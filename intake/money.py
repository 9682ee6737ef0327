"""Amounts as people write them: "80,000 CNY", "25,000 THB", "0.5 USDT".

The one way every screen and export shows an amount of money: grouped digits, no trailing
zeros (a debt is stored with six decimal places, a salary with two), the currency or crypto
asset after it. Django's locale-aware formatting does the grouping and the decimal mark, so
the figures follow the language when the application is translated.
"""

from decimal import Decimal

from django.utils.formats import number_format


def plain_amount(amount: Decimal | int | float) -> Decimal:
    """The amount without trailing zeros and never in exponent form (80000.000000 -> 80000)."""
    value = Decimal(amount).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def amount_text(amount: Decimal | int | float | None, unit: str = "") -> str:
    """Return the amount grouped and without trailing zeros, followed by its unit: "80,000 CNY"."""
    if amount is None:
        return ""
    text = number_format(plain_amount(amount), force_grouping=True)
    return f"{text} {unit}".strip()
