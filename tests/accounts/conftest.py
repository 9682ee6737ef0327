import pytest


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    """As by default: a TWO_FACTOR_REQUIRED=false in the shell running the tests must not weaken them."""
    settings.TWO_FACTOR_REQUIRED = True
