"""How much of HTCDS 2.0 the export covers: each standard field exported, withheld or not held.

Read from the standard's own field list (the CSV the standard publishes; a copy is kept in
tests/reporting/standards/) and from reporting/htcds/spec.py. `manage.py htcds_coverage`
prints the counts and, with --markdown, the table docs/htcds.md holds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from reporting.htcds import spec

EXPORTED, WITHHELD, NOT_HELD = "exported", "withheld on purpose", "not held"


@dataclass(frozen=True)
class StandardField:
    """One row of the standard's field list, its values stripped of the file's stray spaces."""

    section: str
    status: str  # DRAFT or DEPRECATED
    core: bool
    name: str
    label: str
    htcds_type: str
    values: tuple[str, ...]


def standard_fields(path: Path) -> list[StandardField]:
    """Read the standard's field list (one row per field, 83 in HTCDS 2.0)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            StandardField(
                section=" ".join(row["Section"].replace("-", " ").split()),
                status=row["Status"].strip(),
                core=row["Core"].strip() == "Core",
                name=row["Field Name"].strip(),
                label=row["Field Label"].strip(),
                htcds_type=row["Field Type"].strip(),
                values=tuple(value.strip() for value in row["Value Names"].splitlines() if value.strip()),
            )
            for row in csv.DictReader(handle)
        ]


def disposition(name: str) -> tuple[str, str]:
    """Return what the export does with a standard field, and how or why."""
    columns = [
        (group, column)
        for group, columns in (("", spec.PERSON_COLUMNS), *((g.name, g.columns) for g in spec.GROUPS))
        for column in columns
        if column.name == name
    ]
    if columns:
        where = "; ".join(
            f"`{group + '[].' if group else ''}{column.name}`: {column.read}" for group, column in columns
        )
        return EXPORTED, where
    if name in spec.WITHHELD:
        return WITHHELD, spec.WITHHELD[name]
    if name in spec.NOT_HELD:
        return NOT_HELD, spec.NOT_HELD[name]
    return "", ""


def counts(fields: list[StandardField]) -> dict[str, tuple[int, int]]:
    """Return (exported, of how many) for: all fields, core, not deprecated, core not deprecated."""
    exported = {field.name for field in fields if disposition(field.name)[0] == EXPORTED}

    def share(selection):
        names = [field.name for field in selection]
        return sum(name in exported for name in names), len(names)

    current = [field for field in fields if field.status != "DEPRECATED"]
    return {
        "all fields": share(fields),
        "core fields": share([field for field in fields if field.core]),
        "fields not deprecated": share(current),
        "core fields not deprecated": share([field for field in current if field.core]),
    }


def markdown_table(fields: list[StandardField]) -> str:
    """Return the table of every standard field: section, core, what the export does, and how or why."""
    lines = [
        "| field | section | core | export | column and mapping, or why not |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field in fields:
        state, how = disposition(field.name)
        core = "core" if field.core else ""
        if field.status == "DEPRECATED":
            core = (core + " (deprecated)").strip()
        lines.append(f"| `{field.name}` | {field.section} | {core} | {state} | {how.replace('|', '/')} |")
    return "\n".join(lines)


def extension_table() -> str:
    """Return the table of the extension columns: where each appears, what it carries, its values."""
    lines = [
        "| extension column | in | type | values | carries beside | read from |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    places: dict[str, list[str]] = {}
    for group, columns in (("record", spec.PERSON_COLUMNS), *((g.name, g.columns) for g in spec.GROUPS)):
        for column in columns:
            if column.is_extension:
                places.setdefault(column.name, []).append(group)
    for column in spec.extension_columns():
        carries = f"`{column.standard}`" if column.standard else ""
        lines.append(
            f"| `{column.name}` | {', '.join(places[column.name])} | {column.kind} | {column.picklist} "
            f"| {carries} | {column.read} |"
        )
    return "\n".join(lines)


def groups_table() -> str:
    """Return the table of the repeated parts: their columns and their order."""
    lines = ["| repeated part | item columns | order |", "| --- | --- | --- |"]
    for group in spec.GROUPS:
        columns = ", ".join(f"`{column.name}`" for column in group.columns)
        lines.append(f"| `{group.name}` | {columns} | {group.order} |")
    return "\n".join(lines)
