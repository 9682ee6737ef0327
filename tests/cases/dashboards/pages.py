"""Reading what the dashboard shows: its tables, by panel and row key, as a person reads them."""

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
