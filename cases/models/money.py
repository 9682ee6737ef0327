"""Dated exchange rates, kept by administrators, that put debts in different currencies on one scale.

The application fetches no rate from anywhere (field offices may have no network, and a
rate should be one a person chose and can cite): an administrator enters each rate with the
date it applies from. A debt keeps its own amount and currency; the rate is applied only
when figures are added up, so the original currency is never lost.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake.vocabularies import CryptoAsset, currency_choices, validate_currency

REPORTING_CURRENCY = "USD"


def validate_unit(code: str) -> None:
    """Refuse a code that is neither an ISO 4217 currency nor a crypto asset the record knows."""
    if code in CryptoAsset.values:
        return
    if not code:
        raise ValidationError(_("Give a currency code or a crypto asset."))
    validate_currency(code)


def unit_choices() -> list[tuple[str, str]]:
    """Return what a rate can be given for: crypto assets first, then ISO 4217 currencies."""
    return [*CryptoAsset.choices, *currency_choices()]


class ExchangeRate(models.Model):
    """What one unit of a currency or crypto asset was worth in US dollars, from a date on."""

    unit = models.CharField(
        _("currency or crypto asset"),
        max_length=8,
        validators=[validate_unit],
        help_text=_("ISO 4217 code (CNY, THB, INR, PHP, ...) or a crypto asset (USDT, ...)."),
    )
    valid_from = models.DateField(
        _("applies from"), help_text=_("Debts incurred on or after this date use this rate.")
    )
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"),
        max_digits=20,
        decimal_places=10,
        help_text=_("For example 0.1389 for one Chinese yuan."),
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the rate comes from, to cite in reports.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="exchange_rate_once_per_unit_and_date",
                violation_error_message=_("A rate for this currency already applies from this date."),
            ),
            models.CheckConstraint(
                condition=Q(usd_per_unit__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("The rate must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        rate = f"{self.usd_per_unit.normalize():f}"
        return f"1 {self.unit} = {rate} {REPORTING_CURRENCY} ({self.valid_from:%Y-%m-%d})"
