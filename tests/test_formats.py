"""One way to write dates and times in English, on every screen, chart and email; ISO 8601 in files."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import formats

from cases.models import AccessLog

ROOT = Path(__file__).resolve().parents[1]
DAY = datetime.date(2026, 12, 1)
MOMENT = datetime.datetime(2026, 12, 1, 12, 47, tzinfo=ZoneInfo("Asia/Bangkok"))


@pytest.mark.parametrize(
    ("name", "value", "written"),
    [
        ("DATE_FORMAT", DAY, "1 Dec 2026"),
        ("SHORT_DATE_FORMAT", DAY, "1 Dec 2026"),
        ("DATETIME_FORMAT", MOMENT, "1 Dec 2026 12:47"),
        ("SHORT_DATETIME_FORMAT", MOMENT, "1 Dec 2026 12:47"),
        ("YEAR_MONTH_FORMAT", DAY, "Dec 2026"),
    ],
)
def test_each_named_format_writes_day_month_year_and_a_24_hour_time(name, value, written):
    assert formats.date_format(value, name) == written
    # As a template writes it by default, too.
    assert engines["django"].from_string("{{ v|date:f }}").render({"v": value, "f": name}) == written


def test_no_template_spells_out_a_date_format_of_its_own():
    """Templates name a format (DATE_FORMAT...), so changing config/formats changes every screen."""
    spelled = re.compile(r"""\|date:["'](?![A-Z_]+_FORMAT["'])|date\(["'](?![A-Z_]+_FORMAT["'])""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in (".html", ".txt") and spelled.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_recent_exports_are_dated_like_every_other_screen(client, coordinator):
    AccessLog.objects.create(
        user=coordinator,
        username="coordinator",
        action=AccessLog.Action.EXPORT,
        at=MOMENT,
        detail={"export": "case_list", "format": "csv", "rows": 3},
    )
    client.force_login(coordinator)
    page = client.get(reverse("reporting:exports")).content.decode()
    assert "1 Dec 2026 12:47" in page
    assert "12/01/2026" not in page and "p.m." not in page
