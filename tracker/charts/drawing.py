"""Home's charts and the stakeholder map, each drawn on a matplotlib Axes it is given. Each returns
its targets: the regions (in data coordinates) a click opens records from. An empty period says so
on the axes rather than leaving them bare."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from db.stakeholders import Stance
from db.vocabulary import ReportSection
from tracker.stakeholders.home import AsksByYear, AttendanceRate, EngagedBodies, QuarterCounts, quarter_label
from tracker.stakeholders.map import MapPoint

if TYPE_CHECKING:
    from matplotlib.axes import Axes

NO_MEETINGS = "no meetings in this period"
NO_ASKS = "no asks decided in this period"
NO_DUTIES = "no members' duties in this period"
NO_POSITIONS = "no stakeholder assessed yet"
FONT = 10

SECTION_COLOURS = {ReportSection.MEMBER_ACTIVITY: "#1f77b4", ReportSection.OFFICER_ACTIVITY: "#ff7f0e"}
STANCE_COLOURS = {
    Stance.OPPOSED: "#c0392b",
    Stance.SCEPTICAL: "#e67e22",
    Stance.NEUTRAL: "#95a5a6",
    Stance.SUPPORTIVE: "#27ae60",
    Stance.CHAMPION: "#1e6fb8",
    Stance.UNKNOWN: "#ffffff",
}


@dataclass(frozen=True)
class Target:
    """A clickable region and the records it stands for: ("meetings", first day, last day),
    ("organisation", id), ("person", id), ("asks", year)."""

    x0: float
    x1: float
    y0: float
    y1: float
    record: str
    record_id: int = 0
    since: date | None = None
    until: date | None = None
    label: str = ""

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def say_empty(ax: Axes, message: str) -> list[Target]:
    """An empty chart names why, in the middle of the axes, instead of showing bare axes."""
    ax.clear()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=FONT + 2,
        color="#555555",
        transform=ax.transAxes,
    )
    return []


def _quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def short_label(label: str, most: int = 28) -> str:
    """A body's name short enough for an axis: its acronym when it has one, else cut with an ellipsis."""
    if len(label) <= most:
        return label
    if label.endswith(")") and "(" in label:
        return label[label.rindex("(") + 1 : -1]
    return label[: most - 1].rstrip() + "…"


def _thin_ticks(ax: Axes, labels: Sequence[str], axis: str = "x", most: int = 16) -> None:
    step = max(1, (len(labels) + most - 1) // most)
    positions = list(range(0, len(labels), step))
    if axis == "x":
        ax.set_xticks(positions)
        ax.set_xticklabels([labels[i] for i in positions], rotation=45, ha="right", fontsize=FONT)
    else:
        ax.set_yticks(positions)
        ax.set_yticklabels([labels[i] for i in positions], fontsize=FONT)


def draw_meetings_per_quarter(ax: Axes, counts: QuarterCounts) -> list[Target]:
    """Stacked bars: held meetings per quarter, Member activity below Officer activity."""
    from matplotlib.ticker import MaxNLocator

    if counts.total == 0:
        return say_empty(ax, NO_MEETINGS)
    xs = list(range(len(counts.quarters)))
    bottom = [0] * len(xs)
    for section in ReportSection:
        values = counts.by_section.get(section, tuple(0 for _ in xs))
        ax.bar(xs, values, bottom=bottom, color=SECTION_COLOURS[section], label=section.label, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _thin_ticks(ax, [quarter_label(*q) for q in counts.quarters])
    ax.set_ylabel("Held meetings", fontsize=FONT)
    ax.set_title("Meetings per quarter by section", fontsize=FONT + 2)
    ax.legend(fontsize=FONT, loc="upper left")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    targets = []
    for x, quarter, height in zip(xs, counts.quarters, bottom, strict=True):
        since, until = _quarter_span(*quarter)
        targets.append(
            Target(
                x - 0.4, x + 0.4, 0, max(height, 0.5), "meetings", 0, since, until, quarter_label(*quarter)
            )
        )
    return targets


def draw_engaged_bodies(ax: Axes, engaged: EngagedBodies) -> list[Target]:
    """A heatmap: the bodies met most (rows), held meetings per quarter (columns)."""
    if not engaged.bodies:
        return say_empty(ax, NO_MEETINGS)
    from matplotlib.ticker import MaxNLocator

    image = ax.imshow(engaged.counts, aspect="auto", cmap="Blues", interpolation="nearest")
    # Whole meetings on the key: a count of 1.25 meetings reads as nonsense, on screen and in print.
    ax.figure.colorbar(image, ax=ax, label="Held meetings", ticks=MaxNLocator(integer=True))
    _thin_ticks(ax, [quarter_label(*q) for q in engaged.quarters], most=8)
    ax.set_yticks(range(len(engaged.bodies)))
    ax.set_yticklabels([short_label(label) for _, label in engaged.bodies], fontsize=FONT)
    ax.set_title("Most engaged bodies by quarter", fontsize=FONT + 2)
    targets = []
    for row, (body_id, label) in enumerate(engaged.bodies):
        for column, quarter in enumerate(engaged.quarters):
            if engaged.counts[row][column]:
                since, until = _quarter_span(*quarter)
                targets.append(
                    Target(
                        column - 0.5,
                        column + 0.5,
                        row - 0.5,
                        row + 0.5,
                        "organisation",
                        body_id,
                        since,
                        until,
                        label,
                    )
                )
    return targets


def draw_asks_by_year(ax: Axes, asks: AsksByYear) -> list[Target]:
    """Grouped bars: asks won, lost and withdrawn per year of decision."""
    from matplotlib.ticker import MaxNLocator

    if asks.total == 0:
        return say_empty(ax, NO_ASKS)
    xs = list(range(len(asks.years)))
    for offset, values, colour, label in (
        (-0.27, asks.won, "#27ae60", "won (conceded, partly, assurance)"),
        (0.0, asks.lost, "#c0392b", "lost (rejected)"),
        (0.27, asks.other, "#95a5a6", "withdrawn"),
    ):
        ax.bar([x + offset for x in xs], values, width=0.27, color=colour, label=label)
    ax.set_xticks(xs)
    ax.set_xticklabels([str(y) for y in asks.years], fontsize=FONT)
    pad = max(0.9, (3 - len(xs)) / 2 + 0.6)  # a year or two keep bars of a readable width
    ax.set_xlim(-pad, len(xs) - 1 + pad)
    ax.set_ylabel("Asks decided", fontsize=FONT)
    ax.set_title("Asks won and lost per year", fontsize=FONT + 2)
    ax.set_ylim(0, max(max(asks.won), max(asks.lost), max(asks.other)) * 1.3)  # room for the key
    ax.legend(fontsize=FONT, loc="upper right")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max(max(asks.won), max(asks.lost), max(asks.other))
    return [
        Target(x - 0.45, x + 0.45, 0, top, "asks", year, date(year, 1, 1), date(year, 12, 31), str(year))
        for x, year in zip(xs, asks.years, strict=True)
    ]


def draw_attendance(ax: Axes, rates: Sequence[AttendanceRate]) -> list[Target]:
    """Horizontal bars: each appointed member's attendance rate at their bodies' meetings."""
    if not rates:
        return say_empty(ax, NO_DUTIES)
    shown = list(rates)[:20]
    ys = list(range(len(shown)))
    ax.barh(ys, [r.rate * 100 for r in shown], color="#1f77b4", height=0.6)
    for y, r in zip(ys, shown, strict=True):
        inside = r.rate > 0.15
        ax.text(
            r.rate * 100 - 1 if inside else r.rate * 100 + 1,
            y,
            f"{r.rate:.0%}",
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "#333333",
            fontsize=FONT,
        )
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{r.member} ({r.attended}/{r.held})" for r in shown], fontsize=FONT)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Attendance rate (%)", fontsize=FONT)
    ax.set_title("Members' attendance at their bodies' meetings", fontsize=FONT + 2)
    return [
        Target(0, 100, y - 0.4, y + 0.4, "person", r.person_id, label=r.member)
        for y, r in zip(ys, shown, strict=True)
    ]


def _spread(points: Sequence[MapPoint]) -> list[tuple[float, float]]:
    """Each point's place: its (influence, interest) cell, the points sharing a cell set out on a
    small grid inside it so none hides another."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(points):
        cells.setdefault((p.interest, p.influence), []).append(i)
    places: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for (x, y), members in cells.items():
        side = 1
        while side * side < len(members):
            side += 1
        step = 0.8 / side
        for n, i in enumerate(members):
            dx = (n % side - (side - 1) / 2) * step if side > 1 else 0.0
            dy = (n // side - (side - 1) / 2) * step if side > 1 else 0.0
            places[i] = (x + dx, y + dy)
    return places


def draw_stakeholder_map(
    ax: Axes, points: Sequence[MapPoint], *, title: str = "Stakeholder map", label_limit: int = 40
) -> list[Target]:
    """The influence-interest grid, quadrants named, points coloured by stance; an arrow from the
    stance a stakeholder held earlier (drawn on the stance scale beside the point) shows who moved.
    Names are written beside the points when there are few enough to read."""
    from matplotlib.patches import Patch

    if not points:
        return say_empty(ax, NO_POSITIONS)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.axvline(2.5, color="#888888", linewidth=1)
    ax.axhline(2.5, color="#888888", linewidth=1)
    for x, y, name in (
        (5.45, 5.45, "Manage closely"),
        (0.55, 5.45, "Keep satisfied"),
        (5.45, 0.55, "Keep informed"),
        (0.55, 0.55, "Monitor"),
    ):
        ax.text(
            x,
            y,
            name,
            ha="right" if x > 3 else "left",
            va="top" if y > 3 else "bottom",
            fontsize=FONT + 1,
            color="#444444",
            fontweight="bold",
        )
    places = _spread(points)
    xs = [x for x, _ in places]
    ys = [y for _, y in places]
    ax.scatter(
        xs,
        ys,
        c=[STANCE_COLOURS[p.stance] for p in points],
        s=60 if len(points) < 400 else 14,
        edgecolors="#333333",
        linewidths=0.6,
        zorder=3,
    )
    # One arrow per stakeholder who moved, all in one artist (thousands stay quick to draw), pointing
    # at it from below-left, coloured by the stance held before.
    moved = [(p, x, y) for p, (x, y) in zip(points, places, strict=True) if p.moved and p.earlier is not None]
    if moved:
        # Shorter on a crowded map, so each arrow stays beside its own point.
        length = 0.2 if len(points) <= 100 else 0.07
        ax.quiver(
            [x - length * 1.2 for _, x, _ in moved],
            [y - length * 0.75 for _, _, y in moved],
            [length] * len(moved),
            [length * 0.6] * len(moved),
            color=[STANCE_COLOURS[p.earlier] if p.earlier else "#888888" for p, _, _ in moved],
            angles="xy",
            scale_units="xy",
            scale=1,
            width=0.003,
            headwidth=4,
            edgecolor="#333333",
            linewidth=0.3,
            zorder=4,
        )
    if len(points) <= label_limit:
        for p, (x, y) in zip(points, places, strict=True):
            ax.annotate(
                p.name, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=FONT - 1, zorder=5
            )
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.tick_params(labelsize=FONT)
    ax.set_xlabel("Interest (1-5)", fontsize=FONT)
    ax.set_ylabel("Influence (1-5)", fontsize=FONT)
    ax.set_title(title, fontsize=FONT + 2)
    held = [s for s in Stance if any(p.stance == s for p in points)]
    ax.legend(
        handles=[Patch(facecolor=STANCE_COLOURS[s], edgecolor="#333333", label=s.label) for s in held],
        fontsize=FONT - 1,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        title="Stance",
    )
    radius = 0.12
    return [
        Target(x - radius, x + radius, y - radius, y + radius, p.record, p.record_id, label=p.name)
        for p, (x, y) in zip(points, places, strict=True)
    ]
