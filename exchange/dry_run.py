"""The dry run of an upload: for each row, what would be created, what it matches, what is wrong.

The same plan is computed for the page and again, inside the import's transaction, when the
import is confirmed: nothing computed at the dry run is trusted later. A row shows the least a
caseworker needs to decide (nationality, gender, birth year: no name, document or phone), and
its likely matches through the registration's own duplicate check (cases.duplicates), which
shows a match in another organisation only as that organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from cases.duplicates import MatchReport, likely_matches_many
from exchange.htcds_files import Problem, RawFile
from exchange.htcds_readers import READERS, Vocabularies, known_column, record_read
from intake.matching import Identity
from intake.vocabularies import Gender


@dataclass
class RowPlan:
    number: int
    values: dict
    problems: list[Problem] = field(default_factory=list)
    matches: MatchReport = field(default_factory=MatchReport)

    @property
    def nationalities(self) -> str:
        return ", ".join(str(countries.name(code)) for code in self.values.get("prs_Citizenship", []))

    @property
    def gender(self) -> str:
        if any(problem.field == "prs_Gender" for problem in self.problems):
            return "—"  # not read: the error says why, no default is shown for it
        value = self.values.get("prs_Gender") or Gender.UNKNOWN
        return str(Gender(value).label)

    @property
    def birth_year(self) -> int | None:
        birthdate = self.values.get("prs_Birthdate")
        return birthdate.year if birthdate else None


@dataclass
class FilePlan:
    problems: list[Problem] = field(default_factory=list)  # of the file, not of one row
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def every_problem(self) -> list[Problem]:
        return [*self.problems, *(problem for row in self.rows for problem in row.problems)]

    @property
    def importable(self) -> bool:
        return bool(self.rows) and not self.every_problem

    @property
    def matched(self) -> list[RowPlan]:
        return [row for row in self.rows if row.matches]

    @property
    def row_count(self) -> int:
        return len(self.rows)


def identity_of(values: dict) -> Identity:
    """The identity a row gives the duplicate check: names and birth year when the file has them."""
    birthdate = values.get("prs_Birthdate")
    return Identity.of(
        given_name=values.get("prs_FirstName", ""),
        family_name=values.get("prs_SecondName", ""),
        birth_year=birthdate.year if birthdate else None,
        countries=tuple(values.get("prs_Citizenship", ())),
    )


def plan_make(raw: RawFile, *, user) -> FilePlan:
    """Check every row of a read file and find its likely matches among the persons `user` may know of."""
    plan = FilePlan(problems=[problem for problem in raw.problems if problem.row is None])
    if not raw.readable:
        return plan
    for column in raw.columns:
        if not known_column(column):
            plan.problems.append(
                Problem(
                    _("Unknown column: not an HTCDS field this import reads (the upload page lists them)."),
                    field=str(column)[:80],
                )
            )
    for name, reader in READERS.items():
        if reader.required and name not in raw.columns:
            plan.problems.append(Problem(_("A required column is missing."), field=name))
    if plan.problems:
        return plan
    row_problems: dict[int, list[Problem]] = {}
    for problem in raw.problems:
        row_problems.setdefault(problem.row, []).append(problem)
    vocabularies = Vocabularies()
    for number, cells in enumerate(raw.rows, start=1):
        if number in row_problems:
            plan.rows.append(RowPlan(number=number, values={}, problems=row_problems[number]))
            continue
        values, errors = record_read(cells, vocabularies)
        row = RowPlan(
            number=number,
            values=values,
            problems=[Problem(message, row=number, field=name) for name, message in errors.items()],
        )
        plan.rows.append(row)
    # The registration's duplicate check, for every readable row at once (a file's worth of rows
    # in a few queries, not a few per row).
    checked = [row for row in plan.rows if not row.problems]
    reports = likely_matches_many(user=user, identities=[identity_of(row.values) for row in checked])
    for row, report in zip(checked, reports, strict=True):
        row.matches = report
    return plan
