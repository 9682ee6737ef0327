"""Whether a value is what its HTCDS column (reporting/htcds/spec.py) holds: its type and its list.

The export's tests check every file against it; the HTCDS import can use it to refuse a value
with a message naming the column, before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry
from iso639 import Language as Iso639Language
from iso639 import LanguageNotFoundError

from cases.models import ClosureReason
from intake.models import Compound, ControlMethod, ExploitationType, Language, RecruitmentChannel
from intake.vocabularies import CryptoAsset, DebtKind, Payer
from referrals.models import Service
from reporting.htcds import spec
from reporting.htcds.spec import Column, Kind

_DECIMAL = re.compile(r"\d+(\.\d*[1-9])?")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _iso639_2(code: str) -> bool:
    try:
        return Iso639Language.from_part2t(code) is not None
    except LanguageNotFoundError:
        return False


# Our own lists, by the name the spec gives them; the editable ones are asked of the database.
_LISTS: dict[str, Callable[[str], bool]] = {
    spec.ISO3166: lambda v: pycountry.countries.get(alpha_2=v) is not None,
    spec.ISO639_2: _iso639_2,
    spec.ISO639_3: lambda v: Language.objects.filter(code=v).exists(),
    spec.ISO4217: lambda v: pycountry.currencies.get(alpha_3=v) is not None,
    "intake.RecruitmentChannel.code": lambda v: RecruitmentChannel.objects.filter(code=v).exists(),
    "intake.ExploitationType.code": lambda v: ExploitationType.objects.filter(code=v).exists(),
    "intake.ControlMethod.code": lambda v: ControlMethod.objects.filter(code=v).exists(),
    "intake.Compound.name": lambda v: Compound.objects.filter(name=v).exists(),
    "intake.vocabularies.DebtKind": lambda v: v in DebtKind.values,
    "intake.vocabularies.CryptoAsset": lambda v: v in CryptoAsset.values,
    "intake.vocabularies.Payer": lambda v: v in Payer.values,
    "cases.ClosureReason": lambda v: v in ClosureReason.values,
    "referrals.Service.code": lambda v: Service.objects.filter(code=v).exists(),
}


# The editable lists of _LISTS as one column of one table, for reading each of them whole once.
_TABLES = {
    spec.ISO639_3: (Language, "code"),
    "intake.RecruitmentChannel.code": (RecruitmentChannel, "code"),
    "intake.ExploitationType.code": (ExploitationType, "code"),
    "intake.ControlMethod.code": (ControlMethod, "code"),
    "intake.Compound.name": (Compound, "name"),
    "referrals.Service.code": (Service, "code"),
}


class ListsRead:
    """The same lists as _LISTS, each editable one read from the database once, when first asked.

    For checking many values (an imported file's): a query per list, not one per value.
    """

    def __init__(self) -> None:
        self._read: dict[str, set[str]] = {}

    def __call__(self, picklist: str, value: str) -> bool:
        if picklist not in _TABLES:
            return _LISTS[picklist](value)
        if picklist not in self._read:
            model, column = _TABLES[picklist]
            self._read[picklist] = set(model.objects.values_list(column, flat=True))
        return value in self._read[picklist]


def in_list(picklist: str, value: str, *, lists: ListsRead | None = None) -> bool:
    """Whether `value` is one of the list the spec names (any text, for no list).

    `lists` reads the editable lists once for many values; without it each value is asked of
    the database.
    """
    if not picklist:
        return True
    if picklist in spec.STANDARD_PICKLISTS:
        return value in spec.STANDARD_PICKLISTS[picklist]
    return lists(picklist, value) if lists is not None else _LISTS[picklist](value)


def value_error(column: Column, value, *, lists: ListsRead | None = None) -> str | None:
    """Return why `value` cannot be `column`'s (type or list), or None when it can."""
    if column.kind == Kind.CHECKBOX:
        return None if isinstance(value, bool) else f"{column.name}: true or false, not {value!r}"
    if column.kind == Kind.MULTISELECT:
        if not isinstance(value, list):
            return f"{column.name}: a list, not {value!r}"
        if len(set(value)) != len(value):
            return f"{column.name}: {value!r} repeats a value"
        bad = [
            item
            for item in value
            if not isinstance(item, str) or not in_list(column.picklist, item, lists=lists)
        ]
        return f"{column.name}: {bad!r} not in {column.picklist}" if bad else None
    if value is None:
        return None
    if column.kind == Kind.NUMBER:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif column.kind == Kind.DECIMAL:
        ok = isinstance(value, str) and bool(_DECIMAL.fullmatch(value))
    elif column.kind == Kind.DATE:
        ok = isinstance(value, str) and bool(_DATE.fullmatch(value))
    elif column.kind == Kind.MONTH:
        ok = isinstance(value, str) and bool(_MONTH.fullmatch(value))
    else:
        ok = isinstance(value, str) and value != "" and in_list(column.picklist, value, lists=lists)
    return (
        None
        if ok
        else f"{column.name}: {value!r} is not a {column.kind}"
        + (f" of {column.picklist}" if column.picklist else "")
    )


def record_errors(record: dict) -> list[str]:
    """Return every problem of a record: a missing or unknown column, a value not its column's."""
    errors = []
    expected = [column.name for column in spec.PERSON_COLUMNS] + list(spec.GROUP_NAMES)
    if list(record) != expected:
        errors.append(f"columns {sorted(set(record) ^ set(expected))} differ from the spec's")
    for column in spec.PERSON_COLUMNS:
        if column.name in record and (error := value_error(column, record[column.name])):
            errors.append(error)
    for group in spec.GROUPS:
        for number, item in enumerate(record.get(group.name, []), start=1):
            if list(item) != [column.name for column in group.columns]:
                errors.append(f"{group.name}.{number}: its columns differ from the spec's")
                continue
            errors.extend(
                f"{group.name}.{number}.{error}"
                for column in group.columns
                if (error := value_error(column, item[column.name]))
            )
    return errors
