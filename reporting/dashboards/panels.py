"""The dashboard's panels: each selector's numbers as a table, and the same numbers for a chart.

Always, filtered or not, a count of 1 to 4 persons is shown as "<5" and not drawn (its
chart value is None: the exact number never reaches the page), and a sum or median of fewer
than 5 people is not shown: a small group may be a person someone can recognise. The rule
itself is the one every screen uses, in reporting/small_counts.py. A figure the page would let
a reader work out from the others by subtraction (the adults, when the minors are hidden;
the persons who never gave a consent, when those who withdrew it are hidden; the paid sum,
when the unpaid debts are of fewer than 5 people) is hidden with the small one.
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from cases.models import REPORTING_CURRENCY, Case, RepatriationStage
from cases.repatriation.workflow import SIDE_STATES
from intake.money import amount_text
from intake.term_labels import vocabulary_label
from intake.vocabularies import ConsentScope, DebtKind, Platform
from referrals import selectors as referral_selectors
from referrals.models import ReferralOutcome
from reporting.dashboards import debts as debt_selectors
from reporting.dashboards import repatriation as repatriation_selectors
from reporting.dashboards import resales as resale_selectors
from reporting.dashboards import selectors
from reporting.dashboards.selectors import DashboardFilters
from reporting.small_counts import SMALL_COUNT, is_small_count, small_count_text

NO_FIGURE = "—"


@dataclass(frozen=True)
class Cell:
    """One figure: `value` for a chart (None when hidden or not a number), `text` for the table."""

    value: float | int | None
    text: str


@dataclass(frozen=True)
class Row:
    key: str  # a code, not a label: tests and scripts find rows by it
    label: str
    cells: list[Cell]


@dataclass
class Panel:
    key: str
    title: str
    headers: list[str]  # the label column's header, then one per cell
    rows: list[Row]
    chart: str = "bar"  # "bar", "hbar", "line", "stacked", "hstacked"; "" for a table alone
    series: int = 1  # how many of the first cells the chart draws, one series each
    note: str = ""
    draws_money: bool = False  # the chart draws sums of money, not counts of persons

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def chart_data(self) -> dict:
        """The numbers the chart draws, passed to dashboards.js through json_script."""
        return {
            "type": self.chart,
            "labels": [row.label for row in self.rows],
            "series": [
                {"label": self.headers[index + 1], "values": [row.cells[index].value for row in self.rows]}
                for index in range(self.series)
            ],
        }


@dataclass
class Figures:
    """Everything the dashboard shows for one set of filters."""

    filters: DashboardFilters
    totals: dict[str, Cell]
    panels: list[Panel] = field(default_factory=list)

    @property
    def by_key(self) -> dict[str, Panel]:
        return {panel.key: panel for panel in self.panels}


class Formatter:
    """Turns numbers into cells, hiding counts of 1 to 4 persons and figures about so few people."""

    @staticmethod
    def is_small(count: int) -> bool:
        return is_small_count(count)

    def count(self, count: int) -> Cell:
        """A count of persons (or of their debts): "<5" from 1 to 4, with no value for the chart."""
        if self.is_small(count):
            return Cell(None, small_count_text(count))
        return Cell(count, number_format(count, force_grouping=True))

    def derived(self, count: int, *, of: list[int]) -> Cell:
        """A count that, with the counts `of`, adds up to a figure shown elsewhere: hidden ("—")
        when one of `of` is hidden, as shown it would give the hidden one back by subtraction.

        The adults are the persons less the minors and the unknown ages; a row's total is the
        sum of its cells.
        """
        if any(self.is_small(term) for term in of) and not self.is_small(count):
            return Cell(None, NO_FIGURE)
        return self.count(count)

    def money(self, amount: Decimal | float | None, *, people: int) -> Cell:
        """Whole US dollars; hidden when about fewer than 5 people."""
        if amount is None or self.is_small(people):
            return Cell(None, NO_FIGURE)
        dollars = int(Decimal(amount).quantize(Decimal(1)))
        return Cell(dollars, amount_text(dollars, REPORTING_CURRENCY))

    def amount(self, amount: Decimal | None, unit: str, *, people: int) -> Cell:
        """An amount in its own currency, as recorded (never rounded to another unit)."""
        if amount is None or self.is_small(people):
            return Cell(None, NO_FIGURE)
        return Cell(None, amount_text(amount, unit))

    def days(self, days: int | None, *, people: int) -> Cell:
        if days is None or self.is_small(people):
            return Cell(None, NO_FIGURE)
        return Cell(days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})


def dashboard_figures(*, user, filters: DashboardFilters) -> Figures:
    """Compute every panel of the dashboard for `user` and `filters`, in a fixed number of queries."""
    return figures_of(Case.objects.countable_by(user), filters)


def figures_of(countable: QuerySet[Case], filters: DashboardFilters) -> Figures:
    """Compute every panel over the cases `countable` narrowed by `filters`, in a fixed number of queries."""
    cases = selectors.cases_narrowed(countable, filters)
    fmt = Formatter()
    totals = selectors.dashboard_totals(cases)
    figures = Figures(filters=filters, totals={key: fmt.count(value) for key, value in totals.items()})
    days = selectors.arrivals_per_day(cases)
    rates = debt_selectors.rate_periods()  # read once: debts and sale prices convert alike
    debts = debt_selectors.debt_figures(debt_selectors.debts_in_usd(cases, periods=rates))
    resales = resale_selectors.resale_figures(cases, periods=rates)
    figures.panels = [
        _arrivals_per_day(days, fmt),
        _arrivals_per_week(days, fmt),
        _nationalities(selectors.persons_by_primary_nationality(cases), fmt),
        _channels(selectors.persons_by_recruitment_channel(cases), fmt),
        _platforms(selectors.persons_by_recruitment_platform(cases), fmt),
        _compounds(selectors.persons_by_compound(cases), fmt),
        _exploitation_types(selectors.persons_by_exploitation_type(cases), fmt),
        _minors(totals, fmt),
        _consent(selectors.consent_states(cases), persons=totals["persons"], fmt=fmt),
        *_debts(debts.by_kind, fmt),
        _debts_by_currency(debts.by_unit, fmt),
        *_resales(resales, fmt),
        _funnel(repatriation_selectors.repatriation_stage_counts(cases), fmt),
        _embassy_queues(
            repatriation_selectors.embassy_queues(cases), repatriation_selectors.embassies_by_country(), fmt
        ),
        *_referrals(referral_selectors.referral_groups(cases), fmt),
    ]
    return figures


def _not_recorded() -> str:
    return _("Not recorded")


def _arrivals_per_day(days: list[tuple[datetime.date, int]], fmt: Formatter) -> Panel:
    counts = dict(days)
    rows = []
    if days:
        day, last = days[0][0], days[-1][0]
        while day <= last:  # every day from the first arrival to the last, with or without arrivals
            rows.append(
                Row(day.isoformat(), date_format(day, "SHORT_DATE_FORMAT"), [fmt.count(counts.get(day, 0))])
            )
            day += datetime.timedelta(days=1)
    return Panel("arrivals_day", _("Arrivals per day"), [_("Day"), _("Arrivals")], rows, chart="line")


def _arrivals_per_week(days: list[tuple[datetime.date, int]], fmt: Formatter) -> Panel:
    weeks: dict[datetime.date, int] = {}
    for day, count in days:
        monday = day - datetime.timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    rows = []
    if weeks:
        monday, last = min(weeks), max(weeks)
        while monday <= last:
            label = _("Week of %(day)s") % {"day": date_format(monday, "SHORT_DATE_FORMAT")}
            rows.append(Row(monday.isoformat(), label, [fmt.count(weeks.get(monday, 0))]))
            monday += datetime.timedelta(days=7)
    return Panel(
        "arrivals_week",
        _("Arrivals per week"),
        [_("Week (from Monday)"), _("Arrivals")],
        rows,
        note=_("Weeks run from Monday to Sunday."),
    )


def _nationalities(rows: list[tuple[str | None, int]], fmt: Formatter) -> Panel:
    return Panel(
        "nationality",
        _("Arrivals by primary nationality"),
        [_("Nationality"), _("Persons")],
        [
            Row(code or "", countries.name(code) if code else _not_recorded(), [fmt.count(n)])
            for code, n in rows
        ],
        chart="hbar",
    )


def _channels(rows: list[tuple], fmt: Formatter) -> Panel:
    return Panel(
        "channel",
        _("How people were recruited"),
        [_("Recruitment channel"), _("Persons")],
        [
            Row(code or "", vocabulary_label(label) or _not_recorded(), [fmt.count(n)])
            for code, label, n in rows
        ],
        chart="hbar",
        note=_("A person recruited more than once counts under each channel."),
    )


def _platforms(rows: list[tuple[str | None, int]], fmt: Formatter) -> Panel:
    labels = dict(Platform.choices)
    return Panel(
        "platform",
        _("Platforms and apps recruiters used"),
        [_("Platform or app"), _("Persons")],
        [Row(code or "", str(labels.get(code, "")) or _not_recorded(), [fmt.count(n)]) for code, n in rows],
        chart="hbar",
    )


def _compounds(rows: list[tuple], fmt: Formatter) -> Panel:
    return Panel(
        "compound",
        _("Compounds people came from"),
        [_("Compound"), _("Persons")],
        [
            Row(str(pk or ""), vocabulary_label(name) or _not_recorded(), [fmt.count(n)])
            for pk, name, n in rows
        ],
        chart="hbar",
        note=_("A person exploited in more than one compound counts under each."),
    )


def _exploitation_types(rows: list[tuple], fmt: Formatter) -> Panel:
    return Panel(
        "exploitation_type",
        _("Types of exploitation"),
        [_("Type of exploitation"), _("Persons")],
        [
            Row(code or "", vocabulary_label(label) or _not_recorded(), [fmt.count(n)])
            for code, label, n in rows
        ],
        chart="hbar",
        note=_("A person forced into several kinds of work counts under each."),
    )


def _minors(totals: dict[str, int], fmt: Formatter) -> Panel:
    adults = totals["persons"] - totals["minors"] - totals["age_unknown"]
    return Panel(
        "minors",
        _("Minors"),
        [_("Age"), _("Persons")],
        [
            Row("minors", _("Minors or possibly minors"), [fmt.count(totals["minors"])]),
            Row("adults", _("Adults"), [fmt.derived(adults, of=[totals["minors"], totals["age_unknown"]])]),
            Row("age-unknown", _("Age not known"), [fmt.count(totals["age_unknown"])]),
            Row("unaccompanied", _("Unaccompanied minors"), [fmt.count(totals["unaccompanied_minors"])]),
        ],
        note=_(
            "Whoever may be under 18 today counts as a minor: with only a birth year, the youngest "
            "age it allows decides. Unaccompanied minors are among the minors."
        ),
    )


def _consent(states: dict[str, dict[str, int]], *, persons: int, fmt: Formatter) -> Panel:
    rows = []
    for scope in ConsentScope:
        state = states.get(scope.value, {"in_force": 0, "withdrawn": 0})
        never = persons - state["in_force"] - state["withdrawn"]
        rows.append(
            Row(
                scope.value,
                str(scope.label),
                [
                    fmt.count(state["in_force"]),
                    fmt.count(state["withdrawn"]),
                    fmt.derived(never, of=[state["in_force"], state["withdrawn"]]),
                ],
            )
        )
    return Panel(
        "consent",
        _("Consent"),
        [_("What the person agreed to"), _("In force"), _("Withdrawn"), _("Not given")],
        rows,
        chart="hstacked",
        series=3,
    )


def _fewest(paid_persons: int, unpaid_persons: int) -> int:
    """The persons a paid sum is about: those who paid, and those who did not (the total less it)."""
    return min(count for count in (paid_persons, unpaid_persons, SMALL_COUNT) if count)


def _debt_kind_label(kind: str) -> str:
    return str(dict(DebtKind.choices).get(kind, kind))


def _debts(rows: list[debt_selectors.DebtKindFigures], fmt: Formatter) -> list[Panel]:
    totals, bands = [], []
    for row in rows:
        label = _debt_kind_label(row.kind)
        totals.append(
            Row(
                row.kind,
                label,
                [
                    fmt.money(row.total_usd, people=row.persons),
                    fmt.count(row.debts),
                    fmt.money(row.median_usd, people=row.persons),
                    fmt.money(row.paid_usd, people=_fewest(row.paid_persons, row.unpaid_persons)),
                    fmt.count(row.unconverted),
                ],
            )
        )
        bands.append(Row(row.kind, label, [fmt.count(count) for count in row.bands]))
    edges = [number_format(edge, force_grouping=True) for edge in debt_selectors.BAND_EDGES_USD]
    band_headers = [
        _("under %(high)s") % {"high": edges[0]},
        *(_("%(low)s to %(high)s") % {"low": low, "high": high} for low, high in itertools.pairwise(edges)),
        _("%(low)s or more") % {"low": edges[-1]},
    ]
    return [
        Panel(
            "debts",
            _("Debts and fees, in US dollars"),
            [
                _("Kind"),
                _("Total (USD)"),
                _("Debts"),
                _("Median debt (USD)"),
                _("Paid (USD)"),
                _("Without an exchange rate"),
            ],
            totals,
            draws_money=True,
            note=_(
                "Each debt is converted at the administrators' rate in force on the day it was incurred "
                "(the arrival day when that is not known). Debts in a currency without a rate in force "
                "are counted but left out of the dollar figures; the table by currency shows them as "
                "recorded."
            ),
        ),
        Panel(
            "debt_bands",
            _("How large the debts were (US dollars)"),
            [_("Kind"), *band_headers],
            bands,
            chart="hstacked",
            series=len(band_headers),
        ),
    ]


def _debts_by_currency(rows: list[debt_selectors.DebtUnitFigures], fmt: Formatter) -> Panel:
    return Panel(
        "debts_by_currency",
        _("Debts and fees as recorded, by currency"),
        [_("Kind and currency"), _("Debts"), _("Amount"), _("Paid"), _("Without an exchange rate")],
        [
            Row(
                f"{row.kind}:{row.unit}",
                f"{_debt_kind_label(row.kind)} · {row.unit}",
                [
                    fmt.count(row.debts),
                    fmt.amount(row.amount, row.unit, people=row.persons),
                    fmt.amount(row.paid, row.unit, people=_fewest(row.paid_persons, row.unpaid_persons)),
                    fmt.count(row.unconverted),
                ],
            )
            for row in rows
        ],
        chart="",
    )


def _compound_name(name: str | None) -> str:
    return vocabulary_label(name) if name else _not_recorded()


def _resales(figures: resale_selectors.ResaleFigures, fmt: Formatter) -> list[Panel]:
    """Persons sold on, their sales per pair of compounds, and the sale prices in US dollars."""
    totals = figures.totals
    few = fmt.is_small(totals.persons)

    def about_persons(count: int) -> Cell:
        # A count of sales is about the persons sold: hidden with them when they are fewer than 5.
        return Cell(None, small_count_text(totals.persons)) if few and count else fmt.count(count)

    summary = Panel(
        "resales",
        _("Resales between compounds"),
        [_("Figure"), _("Value")],
        [
            Row("persons", _("Persons sold on at least once"), [fmt.count(totals.persons)]),
            Row("sales", _("Sales"), [about_persons(totals.sales)]),
            Row("converted", _("Sales with a price in US dollars"), [about_persons(totals.converted)]),
            Row(
                "total_usd",
                _("Total of those prices (USD)"),
                [fmt.money(totals.total_usd, people=totals.converted_persons)],
            ),
            Row(
                "median_usd",
                _("Median price (USD)"),
                [fmt.money(totals.median_usd, people=totals.converted_persons)],
            ),
            Row("unconverted", _("Prices without an exchange rate"), [about_persons(totals.unconverted)]),
        ],
        chart="",
        note=_(
            "A sale ends one episode of a person's exploitation and starts the next, in the compound "
            "they were sold to. Each price is converted at the administrators' rate in force on the day "
            "of the sale (the arrival day when that is not known); prices in a currency without a rate "
            "in force are counted but left out of the dollar figures."
        ),
    )
    pairs = Panel(
        "resale_pairs",
        _("Sales from one compound to another"),
        [_("From → to"), _("Sales"), _("Persons")],
        [
            Row(
                f"{pair.from_id or ''}:{pair.to_id or ''}",
                f"{_compound_name(pair.from_name)} → {_compound_name(pair.to_name)}",
                [
                    Cell(None, small_count_text(pair.persons))
                    if fmt.is_small(pair.persons)
                    else fmt.count(pair.sales),
                    fmt.count(pair.persons),
                ],
            )
            for pair in figures.pairs
        ],
        chart="hbar",
        note=_(
            "The compound a person was sold to is the one of the next episode of their story. A person "
            "sold more than once counts under each sale."
        ),
    )
    return [summary, pairs]


def _smallest_shown(counts: list[int], hidden: list[bool], among: range) -> int | None:
    """The index of the smallest count in `among` that is shown and not 0: the one to hide besides."""
    shown = [index for index in among if counts[index] and not hidden[index]]
    return min(shown, key=lambda index: counts[index]) if shown else None


def _funnel_hiding(now: list[int], side: list[int]) -> tuple[list[bool], list[bool]]:
    """Which "at this stage now" cells to hide, main line then side states, and which "reached" to show.

    The persons are the sum of every stage's count, and each "reached" count the sum of the
    main line's from its stage on: were a single count hidden among shown ones, a subtraction
    would give it back. So a second count is hidden beside a lone small one, and a "reached"
    count is shown only where the stretch since the last shown one hides 0 or 2 or more counts.
    """
    counts = [*now, *side]
    hidden = [is_small_count(count) for count in counts]
    if sum(hidden) == 1 and (index := _smallest_shown(counts, hidden, range(len(counts)))) is not None:
        hidden[index] = True
    show_reached = [False] * len(now)
    stretch = 0  # hidden counts since the last "reached" shown (none after the last stage)
    for index in reversed(range(len(now))):
        stretch += hidden[index]
        if stretch != 1:
            show_reached[index] = True
            stretch = 0
    # The first stage's "reached" is the persons less the side states: when they are all shown,
    # the stretch before the first "reached" shown must not hide a lone count either.
    if stretch == 1 and not any(hidden[len(now) :]):
        first = show_reached.index(True) if True in show_reached else len(now)
        index = _smallest_shown(counts, hidden, range(first))
        if index is None:
            index = _smallest_shown(counts, hidden, range(len(now), len(counts)))
        if index is not None:
            hidden[index] = True
    return hidden, show_reached


def _funnel(counts: dict[str, int], fmt: Formatter) -> Panel:
    labels = dict(RepatriationStage.choices)
    line = repatriation_selectors.funnel(counts)
    side = [counts.get(stage, 0) for stage in SIDE_STATES]
    hidden, show_reached = _funnel_hiding([now for _, now, _ in line], side)

    def now_cell(index: int, count: int) -> Cell:
        return Cell(None, NO_FIGURE) if hidden[index] and not is_small_count(count) else fmt.count(count)

    rows = [
        Row(
            stage,
            str(labels[stage]),
            [fmt.count(reached) if show_reached[index] else Cell(None, NO_FIGURE), now_cell(index, now)],
        )
        for index, (stage, now, reached) in enumerate(line)
    ]
    rows += [
        Row(stage, str(labels[stage]), [Cell(None, NO_FIGURE), now_cell(len(line) + index, count)])
        for index, (stage, count) in enumerate(zip(SIDE_STATES, side, strict=True))
    ]
    return Panel(
        "funnel",
        _("Repatriation funnel"),
        [_("Stage"), _("Reached this stage or beyond"), _("At this stage now")],
        rows,
        series=1,
        note=_(
            "Every case, open or closed. How far a case on hold, declined or in legal proceedings had "
            "come is not counted in the funnel."
        ),
    )


def _embassy_queues(
    queues: dict[str | None, dict[str, repatriation_selectors.QueueCell]],
    embassies: dict[str, str],
    fmt: Formatter,
) -> Panel:
    stages = repatriation_selectors.WAITING
    labels = dict(RepatriationStage.choices)
    rows = []
    ordered = sorted(queues.items(), key=lambda item: -sum(cell.waiting for cell in item[1].values()))
    for country, cells in ordered:
        label = countries.name(country) if country else _not_recorded()
        if country in embassies:
            label = f"{label} · {embassies[country]}"
        row_cells = []
        for stage in stages:
            cell = cells.get(stage)
            if cell is None:
                row_cells.append(Cell(0, "0"))
                continue
            count = fmt.count(cell.waiting)
            days = fmt.days(cell.median_days, people=cell.waiting)
            text = count.text if days.value is None else f"{count.text} · {days.text}"
            row_cells.append(Cell(count.value, text))
        waiting = [cell.waiting for cell in cells.values()]
        row_cells.append(fmt.derived(sum(waiting), of=waiting))
        rows.append(Row(country or "", label, row_cells))
    return Panel(
        "embassy_queues",
        _("Waiting for return, per embassy"),
        [_("Nationality and embassy"), *(str(labels[stage]) for stage in stages), _("Waiting in all")],
        rows,
        chart="hstacked",
        series=len(stages),
        note=_(
            "Open cases not yet departed, by primary nationality. Each cell: the persons at that stage "
            "now · the median days since they entered it. Where people wait long, the queue is stuck."
        ),
    )


def _referrals(groups: list[referral_selectors.ReferralGroup], fmt: Formatter) -> list[Panel]:
    """Referrals per receiving organisation and service (states, waits), and their outcomes per service."""
    rows = []
    for group in sorted(groups, key=lambda g: (g.receiver, g.service)):
        states = group.by_state
        closed_unserved = states.get("declined", 0) + states.get("revoked", 0)
        parts = [
            states.get("requested", 0),
            states.get("accepted", 0),
            states.get("done", 0),
            closed_unserved,
        ]
        waits = sorted(group.waits)
        rows.append(
            Row(
                f"{group.receiver}:{group.service}",
                f"{group.receiver} · {vocabulary_label(group.service)}",
                [
                    *(fmt.count(count) for count in parts),
                    fmt.derived(group.total, of=parts),
                    fmt.days(int(statistics.median(waits)) if waits else None, people=len(waits)),
                    fmt.days(waits[-1] if waits else None, people=len(waits)),
                ],
            )
        )
    by_service: dict[str, dict[str, int]] = {}
    for group in groups:
        outcomes = by_service.setdefault(group.service, {})
        for outcome, count in group.by_outcome.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
    outcome_rows = [
        Row(
            service,
            vocabulary_label(service),
            [fmt.count(outcomes.get(outcome, 0)) for outcome in ReferralOutcome.values],
        )
        for service, outcomes in sorted(by_service.items())
        if outcomes
    ]
    return [
        Panel(
            "referrals",
            _("Referrals per receiving organisation and service"),
            [
                _("Organisation and service"),
                _("Waiting to be accepted"),
                _("Accepted"),
                _("Done"),
                _("Declined or revoked"),
                _("Referrals in all"),
                _("Median days to acceptance"),
                _("Longest wait (days)"),
            ],
            rows,
            chart="hstacked",
            series=4,
            note=_(
                "Each referral asks one organisation for one service for one person. The wait runs from "
                "the request to acceptance, or to today for a referral still waiting; declined and "
                "revoked referrals have none. Where people wait long, the network is stuck."
            ),
        ),
        Panel(
            "referral_outcomes",
            _("Outcomes of referrals done, per service"),
            [_("Service"), *(str(label) for label in ReferralOutcome.labels)],
            outcome_rows,
            chart="hstacked",
            series=len(ReferralOutcome.values),
        ),
    ]
