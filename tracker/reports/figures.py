"""A paper's charts drawn as PNG pictures for the writers, on matplotlib's Agg canvas (no window)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from db.stakeholders import Stance
from tracker.charts import drawing
from tracker.reports.paper import Figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracker.stakeholders.positions import StanceRow

# Printed at this many dots per inch: sharp on paper, and a few tens of kilobytes a chart.
DPI = 200
NO_STANCES = "no stance recorded"
STANCE_HISTORY = "stance-history"


def draw_stance_history(ax: Axes, rows: Sequence[StanceRow]) -> list[drawing.Target]:
    """One line per subject over time, each stretch coloured by the stance held from the day it was
    recorded until the next (the last to the latest day recorded), a point on each day recorded."""
    from matplotlib.patches import Patch

    if not rows:
        return drawing.say_empty(ax, NO_STANCES)
    subjects: dict[str, list[tuple[date, Stance]]] = {}
    for row in sorted(rows, key=lambda r: (r.stated_on, r.id)):
        subjects.setdefault(row.subject, []).append((row.stated_on, row.stance))
    first = min(r.stated_on for r in rows).toordinal()
    last = max(r.stated_on for r in rows).toordinal()
    margin = max(30, (last - first) // 20)
    end = last + margin
    for y, stances in enumerate(subjects.values()):
        days = [d.toordinal() for d, _ in stances]
        for (day, stance), until in zip(stances, [*days[1:], end], strict=True):
            colour = _colour(stance)
            ax.plot([day.toordinal(), until], [y, y], color=colour, linewidth=7, solid_capstyle="butt")
        ax.scatter(
            days, [y] * len(days), c=[_colour(s) for _, s in stances], edgecolors="#333333", s=50, zorder=3
        )
    ax.set_yticks(range(len(subjects)))
    ax.set_yticklabels([drawing.short_label(s, 34) for s in subjects], fontsize=drawing.FONT)
    ax.set_ylim(len(subjects) - 0.5, -0.5)
    ax.set_xlim(first - margin, end)
    # Days as ordinals, marked at each year's start (a month's name each would crowd the axis).
    years = range(date.fromordinal(first - margin).year + 1, date.fromordinal(end).year + 1)
    step = max(1, len(years) // 6 + 1)
    ax.set_xticks([date(y, 1, 1).toordinal() for y in years[::step]])
    ax.set_xticklabels([str(y) for y in years[::step]], fontsize=drawing.FONT)
    ax.set_title("Stance over time", fontsize=drawing.FONT + 2)
    held = [s for s in Stance if any(r.stance == s for r in rows)]
    ax.legend(
        handles=[Patch(facecolor=_colour(s), edgecolor="#333333", label=s.label) for s in held],
        fontsize=drawing.FONT - 1,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=len(held),
        frameon=False,
    )
    return []


def _colour(stance: Stance) -> str:
    # The map draws "unknown" white inside a dark edge; a line needs a colour of its own.
    return "#d0d0d0" if stance is Stance.UNKNOWN else drawing.STANCE_COLOURS[stance]


def draw(figure: Figure, ax: Axes) -> list[drawing.Target]:
    """Draw the figure's chart from its data on `ax`."""
    if figure.chart == STANCE_HISTORY:
        return draw_stance_history(ax, figure.data)
    from tracker.charts.catalogue import chart

    return chart(figure.chart).draw(ax, figure.data)


def png(figure: Figure, width_inches: float = 6.3) -> bytes:
    """The chart as PNG bytes, `width_inches` wide at DPI; the same figure gives the same bytes
    (matplotlib's "Software" note, which names its version, is left out)."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as Canvas

    canvas = Canvas(figsize=(width_inches, width_inches * figure.aspect), dpi=DPI)
    FigureCanvasAgg(canvas)
    draw(figure, canvas.add_subplot())
    canvas.tight_layout()
    stream = io.BytesIO()
    canvas.savefig(stream, format="png", dpi=DPI, metadata={"Software": None})
    return stream.getvalue()
