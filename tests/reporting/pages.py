"""Reading what the dashboard shows: its tables, by panel and row key, as a person reads them,
and the numbers its charts are given."""

import json
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.table = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.table = self.tables.setdefault(attrs["data-table"], {})
        elif tag == "tr" and self.table is not None and "data-key" in attrs:
            self.row = self.table.setdefault(attrs["data-key"], [])
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> dict[str, dict[str, list[str]]]:
    """Return every panel table: {panel key: {row key: [row label, cell, cell, ...]}}."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def number(text: str) -> int:
    """Read a count as shown ("1,234") as an int."""
    return int(text.replace(",", ""))


def column(table: dict[str, list[str]], index: int = 1) -> dict[str, str]:
    """Return one column of a panel table by row key (index 1: the first figure after the label)."""
    return {key: cells[index] for key, cells in table.items()}


def shown_as(count: int) -> str:
    """How a count of persons must read on every screen: "<5" from 1 to 4, else the number (written
    here again, not imported, so that a change of the rule in the application fails these tests)."""
    return "<5" if 1 <= count <= 4 else f"{count:,}"


def expected_column(counts: dict[str, int]) -> dict[str, str]:
    return {key: shown_as(count) for key, count in counts.items()}


class _ChartData(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts: dict[str, dict] = {}
        self.key = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and (attrs.get("id") or "").startswith("chart-data-"):
            self.key = attrs["id"].removeprefix("chart-data-")

    def handle_endtag(self, tag):
        self.key = None

    def handle_data(self, data):
        if self.key is not None:
            self.charts[self.key] = json.loads(data)


def charts(html: str) -> dict[str, dict]:
    """Return every chart's data as the browser receives it: {panel key: {"labels", "series"}}."""
    parser = _ChartData()
    parser.feed(html)
    return parser.charts
