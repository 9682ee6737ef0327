"""Amounts as people write them, on every screen and in every file: "80,000 CNY"."""

from decimal import Decimal

import pytest
from django.utils import translation

from intake.money import amount_text
from tests.factories import DebtFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "unit", "written"),
    [
        (Decimal("80000.000000"), "CNY", "80,000 CNY"),  # a debt keeps six decimal places
        (Decimal("25000.00"), "THB", "25,000 THB"),  # a salary two
        (Decimal("0.500000"), "USDT", "0.5 USDT"),
        (Decimal("1234567.89"), "USD", "1,234,567.89 USD"),
        (Decimal("100"), "", "100"),
        (None, "USD", ""),
    ],
)
def test_an_amount_is_grouped_without_trailing_zeros(amount, unit, written):
    assert amount_text(amount, unit) == written


def test_the_grouping_and_decimal_mark_follow_the_language():
    with translation.override("de"):
        assert amount_text(Decimal("80000.500000"), "EUR") == "80.000,5 EUR"


def test_a_debt_names_itself_with_its_amount_as_written():
    debt = DebtFactory.build(kind="ransom", amount=Decimal("80000.000000"), currency="CNY")
    assert str(debt) == "Ransom: 80,000 CNY"
