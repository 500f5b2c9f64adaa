"""The timeline: one bar per action over the plan's quarters, grouped by domain and objective.

The page's Content-Security-Policy allows no inline styles, so bars are placed with grid classes; `grid_css`
writes those classes for as many quarters as a timeline can hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.api.explorer.rows import ActionRow
from plan_model.timing import quarter_index, quarter_number

# Ten years of quarters; a plan reaching further is cut at the edges (its bars marked as running on).
MAX_QUARTERS = 40


@dataclass(frozen=True)
class Bar:
    """An action's bar: from its first to its last quarter (1-based columns), open where the plan leaves it open."""

    row: ActionRow
    first: int
    last: int
    open_start: bool
    open_end: bool


@dataclass
class ObjectiveLane:
    """The bars of one operational objective."""

    id: str
    title: str
    bars: list[Bar] = field(default_factory=list)


@dataclass
class DomainGroup:
    """The objectives of one focus domain."""

    code: str
    name: str
    objectives: list[ObjectiveLane] = field(default_factory=list)


@dataclass
class Timeline:
    """What the timeline page draws."""

    quarters: list[str]
    today_column: int | None
    today_third: int
    groups: list[DomainGroup]
    ongoing: list[ActionRow]
    undetermined: list[ActionRow]

    @property
    def years(self) -> list[tuple[int, int, int]]:
        """Each year on the axis with its first and last column."""
        spans: dict[int, list[int]] = {}
        for column, quarter in enumerate(self.quarters, start=1):
            spans.setdefault(int(quarter[:4]), []).append(column)
        return [(year, columns[0], columns[-1]) for year, columns in spans.items()]

    @property
    def last_ids(self) -> set[str]:
        """The ids of the chart's last rows, whose cards open upwards to stay inside the chart."""
        return {bar.row.id for bar in self.bars[-3:]}

    @property
    def bars(self) -> list[Bar]:
        """Every bar, in plan order."""
        return [bar for group in self.groups for lane in group.objectives for bar in lane.bars]


def _label(index: int) -> str:
    return f"{index // 4}-Q{index % 4 + 1}"


def build_timeline(rows: list[ActionRow], titles: dict[str, str], today: date) -> Timeline:
    """Lay the rows out by quarter; actions without dates go to the "doorlopend" and "nog te bepalen" lanes."""
    dated = [r for r in rows if r.record.start or r.record.end]
    now = quarter_number(today)
    edges = [
        quarter_index(d, at_end=end) for r in dated for d, end in ((r.record.start, False), (r.record.end, True)) if d
    ]
    first = min([*edges, now]) if edges else now
    last = min(max([*edges, now]), first + MAX_QUARTERS - 1)
    groups: dict[str, DomainGroup] = {}
    for row in dated:
        record = row.record
        start = quarter_index(record.start, at_end=False) if record.start else None
        end = quarter_index(record.end, at_end=True) if record.end else None
        group = groups.setdefault(record.domain, DomainGroup(record.domain, row.card.domain_name))
        if not group.objectives or group.objectives[-1].id != record.objective:
            group.objectives.append(ObjectiveLane(record.objective, titles.get(record.objective, "")))
        bar = Bar(
            row,
            first=max(start if start is not None else end or first, first) - first + 1,
            last=min(end if end is not None else last, last) - first + 1,
            open_start=start is None or start < first,
            open_end=end is None or end > last,
        )
        group.objectives[-1].bars.append(bar)
    return Timeline(
        quarters=[_label(i) for i in range(first, last + 1)],
        today_column=now - first + 1 if first <= now <= last else None,
        today_third=(today.month - 1) % 3,
        groups=list(groups.values()),
        ongoing=[r for r in rows if r.phase == "ongoing"],
        undetermined=[r for r in rows if r.phase == "undetermined"],
    )


def grid_css(quarters: int = MAX_QUARTERS) -> str:
    """The grid classes the timeline uses: columns per chart width, a bar's first and last quarter."""
    # A quarter is never narrower than --tl-q: a narrow screen scrolls the chart instead of squeezing it.
    columns = range(1, quarters + 1)
    lines = [
        f".tl-cols-{n}{{grid-template-columns:var(--tl-label) repeat({n},minmax(var(--tl-q),1fr));"
        f"min-width:calc(var(--tl-label) + {n} * var(--tl-q))}}"
        for n in columns
    ]
    lines += [f".tl-s{n}{{grid-column-start:{n + 1}}}" for n in columns]
    lines += [f".tl-e{n}{{grid-column-end:{n + 2}}}" for n in columns]
    return "\n".join(lines) + "\n"
