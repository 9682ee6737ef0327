"""The inverse of the HTCDS export's record mapping: one reader per field, grouped as the record is.

`reporting.exports.htcds` writes a record from a case; the readers here read each field of
such a record back, checking it as the standard and our vocabularies say (picklist values,
ISO 3166 countries, ISO 639-2 languages, dates, numbers in range, true/false). Each reader
turns one raw cell (CSV text, or JSON's own value) into a Python value or raises
`CellError` with a message a caseworker can act on (the allowed values hinted).

The export's field list drives the known columns: every field it writes must have a reader
here (tests/exchange/test_htcds_readers.py fails otherwise), so a field the export gains is
read back as soon as its reader is added to READERS, in its group.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django_countries import countries
from iso639 import Language as Iso639Language
from iso639 import LanguageNotFoundError

from cases.models import CaseStatus, OrganisationType
from exchange.htcds_files import MAX_CELL
from intake.models import ControlMethod, ExploitationType, Language, RecruitmentChannel
from intake.vocabularies import DecisionMaker, Gender, Platform, RelationToRecruiter, TraffickingStatus
from referrals.models import Service
from reporting.exports.writers import FORMULA_TRIGGERS
from reporting.htcds import fileformat, spec, validation
from reporting.htcds.export import iso639_2
from reporting.htcds.spec import MULTISELECT_SEPARATOR, OTHER

HINTED_VALUES = 12  # a hint lists at most this many allowed values
MAX_AGE = 120


class CellError(ValueError):
    """One cell's value cannot be read; the message says why and what is allowed."""


def _hint(allowed) -> str:
    values = sorted(allowed)
    shown = ", ".join(values[:HINTED_VALUES])
    if len(values) > HINTED_VALUES:
        shown += ", …"
    return shown


def _text(raw) -> str:
    """Return a cell as text: strings as they are (the export's formula escape undone), else refused."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise CellError(_("Expected text, not %(kind)s.") % {"kind": _json_kind(raw)})
    text = str(raw).strip()
    if len(text) > MAX_CELL:
        raise CellError(
            _("This cell has %(count)s characters; at most %(max)s are read.")
            % {"count": f"{len(text):,}", "max": f"{MAX_CELL:,}"}
        )
    # The export writes a value that starts like a formula with a leading apostrophe
    # (reporting.exports.writers.spreadsheet_safe): that apostrophe is the export's, not the value's.
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    return text


def _json_kind(raw) -> str:
    if isinstance(raw, bool):
        return _("true/false")
    if isinstance(raw, int | float):
        return _("a number")
    if isinstance(raw, list):
        return _("a list")
    if isinstance(raw, dict):
        return _("an object")
    return _("text")


def _values(raw) -> list[str]:
    """Return a multiselect cell's values: a JSON list of texts, or text separated by ";"."""
    if raw is None:
        return []
    if isinstance(raw, list):
        if not all(isinstance(value, str) for value in raw):
            raise CellError(_("Expected a list of texts."))
        if len(MULTISELECT_SEPARATOR.join(raw)) > MAX_CELL:
            raise CellError(_("This list is longer than %(max)s characters.") % {"max": f"{MAX_CELL:,}"})
        return [value.strip() for value in raw if value.strip()]
    text = _text(raw)
    return [value.strip() for value in text.split(MULTISELECT_SEPARATOR) if value.strip()]


def _unknown(value: str, allowed) -> CellError:
    return CellError(
        _('"%(value)s" is not one of the allowed values: %(allowed)s.')
        % {"value": value[:60], "allowed": _hint(allowed)}
    )


class Vocabularies:
    """What the readers check values against, read from the database once per file."""

    @cached_property
    def channels(self) -> dict[str, RecruitmentChannel]:
        return _terms_by_value(RecruitmentChannel)

    @cached_property
    def exploitation_types(self) -> dict[str, ExploitationType]:
        return _terms_by_value(ExploitationType)

    @cached_property
    def control_methods(self) -> dict[str, ControlMethod]:
        return _terms_by_value(ControlMethod)

    @cached_property
    def referral_reasons(self) -> set[str]:
        return set(_terms_by_value(Service))

    @cached_property
    def _offered_languages(self) -> dict[str, Language]:
        by_code: dict[str, Language] = {}
        for language in Language.objects.filter(is_offered=True).order_by("code"):
            by_code.setdefault(iso639_2(language.code), language)
        by_code.pop(None, None)
        return by_code

    def language(self, code: str) -> Language:
        """Return our language for an ISO 639-2 code (T or B): the same one, or an offered one it covers."""
        code = code.lower()
        if code not in self._languages:
            try:
                self._languages[code] = self._language(code)
            except CellError as error:
                self._languages[code] = error
        found = self._languages[code]
        if isinstance(found, CellError):
            raise found
        return found

    def language_639_3(self, code: str) -> Language:
        """Return our language of an ISO 639-3 code, as the export's x_ columns give it."""
        if code not in self._languages_639_3:
            self._languages_639_3[code] = self._languages_by_code.get(code)
        if self._languages_639_3[code] is None:
            raise CellError(
                _('"%(code)s" is not an ISO 639-3 language of this application.') % {"code": code[:20]}
            )
        return self._languages_639_3[code]

    @cached_property
    def channels_by_code(self) -> dict:
        return {term.code: term for term in RecruitmentChannel.objects.all()}

    @cached_property
    def exploitation_types_by_code(self) -> dict:
        return {term.code: term for term in ExploitationType.objects.all()}

    @cached_property
    def control_methods_by_code(self) -> dict:
        return {term.code: term for term in ControlMethod.objects.all()}

    @cached_property
    def lists(self) -> validation.ListsRead:
        """The lists of the spec's columns, each read once for the file."""
        return validation.ListsRead()

    @cached_property
    def _languages_by_code(self) -> dict[str, Language]:
        return {language.code: language for language in Language.objects.all()}

    @cached_property
    def _languages_639_3(self) -> dict:
        return {}

    @cached_property
    def _languages(self) -> dict:
        return {}  # code -> Language or the CellError it gives, worked out once per code

    def _language(self, code: str) -> Language:
        try:
            iso = Iso639Language.from_part2t(code)
        except LanguageNotFoundError:
            try:
                iso = Iso639Language.from_part2b(code)
            except LanguageNotFoundError:
                raise CellError(
                    _('"%(code)s" is not an ISO 639-2 language code (such as eng, hin, tgl, zho).')
                    % {"code": code[:20]}
                ) from None
        found = self._languages_by_code.get(iso.part3) or self._offered_languages.get(iso.part2t)
        if found is None:
            raise CellError(_('No language of this application is "%(code)s".') % {"code": code})
        return found


def _terms_by_value(model) -> dict:
    """Map each HTCDS value to the first active term exported as it (an empty value exports as Other)."""
    by_value: dict = {}
    for term in model.objects.order_by("-is_active", "position", "label", "pk"):
        by_value.setdefault(term.htcds_value or OTHER, term)
    return by_value


# --- Readers: raw cell -> value ------------------------------------------------------------------


def text_reader(max_length: int) -> Callable:
    def read(raw, vocabularies: Vocabularies) -> str:
        text = _text(raw)
        if len(text) > max_length:
            raise CellError(_("At most %(max)s characters.") % {"max": max_length})
        return text

    return read


def choice_reader(choices) -> Callable:
    def read(raw, vocabularies: Vocabularies) -> str:
        value = _text(raw)
        if value and value not in choices.values:
            raise _unknown(value, choices.values)
        return value

    return read


def multichoice_reader(allowed: Callable[[Vocabularies], object]) -> Callable:
    def read(raw, vocabularies: Vocabularies) -> list:
        known = allowed(vocabularies)
        values = _values(raw)
        for value in values:
            if value not in known:
                raise _unknown(value, known)
        return sorted(set(values))

    return read


def number_reader(low: int, high: int) -> Callable:
    def read(raw, vocabularies: Vocabularies) -> int | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, bool | list | dict):
            raise CellError(_("Expected a whole number, not %(kind)s.") % {"kind": _json_kind(raw)})
        try:
            number = int(_text(raw)) if not isinstance(raw, int) else raw
        except ValueError:
            raise CellError(_('"%(value)s" is not a whole number.') % {"value": str(raw)[:30]}) from None
        if not low <= number <= high:
            raise CellError(
                _("%(value)s is out of range: from %(low)s to %(high)s.")
                % {"value": number, "low": low, "high": high}
            )
        return number

    return read


def date_reader(raw, vocabularies: Vocabularies) -> datetime.date | None:
    text = _text(raw)
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(_('"%(value)s" is not a date as YYYY-MM-DD.') % {"value": text[:30]}) from None
    if not datetime.date(1900, 1, 1) <= day <= datetime.date.today() + datetime.timedelta(days=1):
        raise CellError(_("%(value)s is not a plausible date (from 1900 to today).") % {"value": text})
    return day


def checkbox_reader(raw, vocabularies: Vocabularies) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    text = _text(raw).lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise CellError(_('"%(value)s" is not true or false.') % {"value": text[:30]})


def countries_reader(raw, vocabularies: Vocabularies) -> list[str]:
    codes = []
    for value in _values(raw):
        code = value.upper()
        if code not in countries:
            raise CellError(
                _('"%(value)s" is not an ISO 3166 country code of two letters (such as IN, PH, MM).')
                % {"value": value[:20]}
            )
        if code not in codes:
            codes.append(code)
    return codes


def language_reader(raw, vocabularies: Vocabularies) -> Language | None:
    code = _text(raw)
    return vocabularies.language(code) if code else None


def code_reader(terms: Callable[[Vocabularies], dict], *, many: bool) -> Callable:
    """Read our own vocabulary's codes (the export's x_ columns): one code, or a list of them."""

    def read(raw, vocabularies: Vocabularies):
        known = terms(vocabularies)
        values = _values(raw)
        for value in values:
            if value not in known:
                raise _unknown(value, known)
        if many:
            return [known[value] for value in sorted(set(values))]
        if len(values) > 1:
            raise CellError(_("One value only."))
        return known[values[0]] if values else None

    return read


def languages_639_3_reader(*, many: bool) -> Callable:
    def read(raw, vocabularies: Vocabularies):
        found = []
        for code in _values(raw):
            language = vocabularies.language_639_3(code)
            if language not in found:
                found.append(language)
        if many:
            return found
        if len(found) > 1:
            raise CellError(_("One value only."))
        return found[0] if found else None

    return read


def spec_reader(column: spec.Column) -> Callable:
    """Read a column of the export's spec by its kind and list (reporting.htcds.validation)."""

    def read(raw, vocabularies: Vocabularies):
        if isinstance(raw, str):
            if len(raw) > MAX_CELL:
                raise CellError(
                    _("This cell has %(count)s characters; at most %(max)s are read.")
                    % {"count": f"{len(raw):,}", "max": f"{MAX_CELL:,}"}
                )
            try:
                value = fileformat.value_read(column, fileformat.cell_read(raw.strip()))
            except ValueError:
                raise CellError(
                    _('"%(value)s" is not a %(kind)s.') % {"value": raw[:40], "kind": column.kind}
                ) from None
        elif raw is None and column.kind == spec.Kind.MULTISELECT:
            value = []
        elif raw is None and column.kind == spec.Kind.CHECKBOX:
            value = False
        else:
            value = raw
        if (error := validation.value_error(column, value, lists=vocabularies.lists)) is not None:
            raise CellError(error)
        return value

    return read


# --- The fields, by group of the record -----------------------------------------------------------


@dataclass(frozen=True)
class FieldReader:
    name: str
    group: str
    read: Callable
    required: bool = False


READERS: dict[str, FieldReader] = {
    reader.name: reader
    for reader in [
        # The sending organisation: kept as who sent the record, never taken for the importer.
        FieldReader("org_Name", "organisation", text_reader(200)),
        FieldReader("org_Type", "organisation", choice_reader(OrganisationType)),
        # The person.
        FieldReader("prs_FirstName", "person", text_reader(100)),
        FieldReader("prs_SecondName", "person", text_reader(100)),
        FieldReader("prs_Birthdate", "person", date_reader),
        FieldReader("prs_Gender", "person", choice_reader(Gender)),
        FieldReader("prs_Citizenship", "citizenship", countries_reader, required=True),
        FieldReader("prs_PrimaryLanguage", "languages", language_reader),
        FieldReader("prs_SecondaryLanguage", "languages", language_reader),
        # Whether a victim, and who decided.
        FieldReader("vic_TraffickingStatus", "victim", choice_reader(TraffickingStatus)),
        FieldReader("vic_TraffickingStatusDecisionMakingOrg", "victim", choice_reader(DecisionMaker)),
        FieldReader("vic_AgeWhenTrafficked", "victim", number_reader(0, MAX_AGE)),
        # Recruitment.
        FieldReader("vic_RelationshipToTrafficker", "recruitment", choice_reader(RelationToRecruiter)),
        FieldReader("vic_MethodOfRecruitment", "recruitment", multichoice_reader(lambda v: v.channels)),
        FieldReader(
            "vic_RecruitmentWebsitesAndApps",
            "recruitment",
            multichoice_reader(lambda v: set(Platform.values)),
        ),
        # Exploitation.
        FieldReader("vic_MethodsOfControl", "exploitation", multichoice_reader(lambda v: v.control_methods)),
        FieldReader(
            "vic_TypeOfExploitation", "exploitation", multichoice_reader(lambda v: v.exploitation_types)
        ),
        # The case; the sender's referrals are the sender's work: kept as reported.
        FieldReader("cas_Status", "case", choice_reader(CaseStatus)),
        FieldReader("cas_ReferredOrganisation", "reported", multichoice_reader(lambda v: _AnyText())),
        FieldReader(
            "cas_ReasonForOutgoingReferral", "reported", multichoice_reader(lambda v: v.referral_reasons)
        ),
        FieldReader("cas_OutgoingReferralDate", "reported", date_reader),
        # Consent to record, as the sender recorded it.
        FieldReader("con_Consent", "consent", checkbox_reader),
        # The export's extension columns that carry our own codes: preferred to the standard's
        # values they refine (ForcedCriminalityRomanceScam rather than ForcedLabour).
        FieldReader("x_PrimaryLanguage", "languages", languages_639_3_reader(many=False)),
        FieldReader("x_OtherLanguages", "languages", languages_639_3_reader(many=True)),
        FieldReader(
            "x_MethodOfRecruitment", "recruitment", code_reader(lambda v: v.channels_by_code, many=False)
        ),
        FieldReader(
            "x_TypeOfExploitation",
            "exploitation",
            code_reader(lambda v: v.exploitation_types_by_code, many=True),
        ),
        FieldReader(
            "x_MethodsOfControl", "exploitation", code_reader(lambda v: v.control_methods_by_code, many=True)
        ),
    ]
}
# Every other column of the export's spec is read by its kind and list, and kept as reported
# until a reader rebuilds it into the record (see docs/htcds-import.md, "What remains").
# Of those, the ones the record holds again once the repeated parts are rebuilt (exchange.services):
# the holding organisation's (the importer's, by design), what the episodes and the recruitment
# give, and the reason a case was closed.
REBUILT_BY_SPEC = {
    "org_ShippingCity": "organisation",
    "org_ShippingCountry": "organisation",
    "org_Phone": "organisation",
    "vic_LocationOfRecruitment": "recruitment",
    "vic_ForcedLabourIndustry": "exploitation",
    "vic_TypeOfSexExploitation": "exploitation",
    "vic_LocationOfExploitation": "exploitation",
    "cas_ReasonForCaseClosure": "case",
}
READERS.update(
    {
        column.name: FieldReader(
            column.name, REBUILT_BY_SPEC.get(column.name, "reported"), spec_reader(column)
        )
        for column in spec.PERSON_COLUMNS
        if column.name not in READERS
    }
)
GROUPS = {group.name: group for group in spec.GROUPS}
# The sender's referrals are its own work: kept as reported, never made the importer's referrals.
REPORTED_GROUPS = ("x_Referrals",)


def csv_group_column(name: str) -> tuple[spec.Group, int, spec.Column] | None:
    """The group, item number and column a CSV column `<group>.<n>.<column>` names, or None."""
    parts = name.split(fileformat.CSV_GROUP_SEPARATOR)
    if len(parts) != 3 or parts[0] not in GROUPS or not parts[1].isdigit() or int(parts[1]) < 1:
        return None
    group = GROUPS[parts[0]]
    column = next((column for column in group.columns if column.name == parts[2]), None)
    return (group, int(parts[1]), column) if column else None


def known_column(name: str) -> bool:
    return name in READERS or name in GROUPS or csv_group_column(name) is not None


def _groups_read(raw: dict, vocabularies: Vocabularies, values: dict, errors: dict) -> None:
    """Read the repeated parts (JSON lists of items, or CSV numbered columns), checked by the spec."""
    csv_items: dict[str, dict[int, dict]] = {}
    for name, cell in raw.items():
        if (found := csv_group_column(name)) is not None:
            group, number, column = found
            csv_items.setdefault(group.name, {}).setdefault(number, {})[column.name] = cell
    for group in spec.GROUPS:
        if group.name in raw:
            items = raw[group.name]
            if items is None:
                items = []
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                errors[group.name] = _("Expected a list of objects.")
                continue
            numbered = dict(enumerate(items, start=1))
        elif group.name in csv_items:
            numbered = {n: item for n, item in sorted(csv_items[group.name].items()) if any(item.values())}
        else:
            continue
        read_items = []
        for number, item in numbered.items():
            read_item = {}
            for column in group.columns:
                field = f"{group.name}.{number}.{column.name}"
                if field_error := _unknown_keys(item, group):
                    errors[f"{group.name}.{number}"] = field_error
                    break
                try:
                    read_item[column.name] = spec_reader(column)(item.get(column.name), vocabularies)
                except CellError as error:
                    errors[field] = str(error)
            read_items.append(read_item)
        values[group.name] = read_items
    episodes = len(values.get("x_Episodes", []))
    for number, debt in enumerate(values.get("x_Debts", []), start=1):
        episode = debt.get("x_Episode")
        if episode is not None and not 1 <= episode <= episodes:
            errors[f"x_Debts.{number}.x_Episode"] = _(
                "The debt names episode %(episode)s; the record has %(count)s episodes."
            ) % {"episode": episode, "count": episodes}


def _unknown_keys(item: dict, group: spec.Group) -> str:
    unknown = set(item) - {column.name for column in group.columns}
    return _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))[:200]} if unknown else ""


class _AnyText:
    """Any text is allowed (organisation names): `in` always holds."""

    def __contains__(self, value) -> bool:
        return True


def record_read(raw: dict, vocabularies: Vocabularies) -> tuple[dict, dict[str, str]]:
    """Read one raw record: (field -> value for the fields it has, field -> error message)."""
    values: dict = {}
    errors: dict[str, str] = {}
    for name, reader in READERS.items():
        cell = raw.get(name)
        try:
            value = reader.read(cell, vocabularies)
        except CellError as error:
            errors[name] = str(error)
            continue
        if reader.required and not value:
            errors[name] = _("Required: at least one value.")
            continue
        if name in raw:
            values[name] = value
    _groups_read(raw, vocabularies, values, errors)
    return values, errors
