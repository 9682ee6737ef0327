"""Illustrative dated exchange rates for the demo, so that its debts add up in US dollars.

Plausible quarterly values, not official ones: a real deployment's administrator enters
the rates the network has agreed to report with, and cites their source.
"""

import datetime
from decimal import Decimal

from cases.models import ExchangeRate

DEMO_SOURCE = "Demo: illustrative quarterly rate, not for reporting"
QUARTERS = [datetime.date(year, month, 1) for year in (2025, 2026) for month in (1, 4, 7, 10)]
# US dollars per unit, one value per quarter above.
USD_PER_UNIT = {
    "CNY": ["0.1370", "0.1378", "0.1392", "0.1401", "0.1405", "0.1410", "0.1415", "0.1404"],
    "THB": ["0.0293", "0.0298", "0.0307", "0.0309", "0.0312", "0.0310", "0.0308", "0.0306"],
    "USDT": ["1.0000", "0.9998", "1.0001", "0.9999", "1.0000", "1.0002", "0.9999", "1.0000"],
    "INR": ["0.01155", "0.01160", "0.01168", "0.01141", "0.01128", "0.01120", "0.01115", "0.01110"],
    "PHP": ["0.01710", "0.01745", "0.01760", "0.01738", "0.01720", "0.01712", "0.01705", "0.01698"],
}


def exchange_rates_seed() -> None:
    """Create or update the demo's rates; rates an administrator added on other dates stay."""
    for unit, values in USD_PER_UNIT.items():
        for valid_from, value in zip(QUARTERS, values, strict=True):
            ExchangeRate.objects.update_or_create(
                unit=unit,
                valid_from=valid_from,
                defaults={"usd_per_unit": Decimal(value), "source": DEMO_SOURCE},
            )
