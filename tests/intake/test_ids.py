"""A record id: ASCII digits that a database id column holds, the one rule of URLs, forms and the admin."""

import pytest

from intake.ids import RECORD_ID_MAX, record_id


@pytest.mark.parametrize("value", ["1", "42", str(RECORD_ID_MAX), 7])
def test_a_whole_number_a_column_holds_is_a_record_id(value):
    assert record_id(value) == int(value)


@pytest.mark.parametrize("value", ["", "-1", "1.5", " 1", "²", "١٢", str(RECORD_ID_MAX + 1), "9" * 40, None])
def test_anything_else_is_not(value):
    assert record_id(value) is None
