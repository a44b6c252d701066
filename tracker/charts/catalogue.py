"""The charts by name (as `chart NAME` and Home know them): what each counts and how it is drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.programme import PolicyItem
from tracker.charts import drawing
from tracker.common.errors import NotFound
from tracker.stakeholders import home
from tracker.stakeholders.map import MapFilter, stakeholder_map

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class ChartQuery:
    since: date | None = None
    until: date | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    count: Callable[[Session, ChartQuery], Any]  # the plain data, read in one session
    draw: Callable[[Axes, Any], list[drawing.Target]]  # drawn with no session


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart(
            "meetings-per-quarter",
            "Meetings per quarter by section",
            lambda s, q: home.meetings_per_quarter(s, q.since, q.until),
            drawing.draw_meetings_per_quarter,
        ),
        Chart(
            "engaged-bodies",
            "Most engaged bodies by quarter",
            lambda s, q: home.engaged_bodies(s, q.since, q.until),
            drawing.draw_engaged_bodies,
        ),
        Chart(
            "asks-won-lost",
            "Asks won and lost per year",
            lambda s, q: home.asks_by_year(s, q.since, q.until, item_id=q.item_id),
            drawing.draw_asks_by_year,
        ),
        Chart(
            "attendance",
            "Members' attendance rates",
            lambda s, q: home.attendance_rates(s, q.since, q.until),
            drawing.draw_attendance,
        ),
        Chart(
            "stakeholder-map",
            "Stakeholder map",
            lambda s, q: stakeholder_map(s, MapFilter(item_id=q.item_id, since=q.since, until=q.until)),
            drawing.draw_stakeholder_map,
        ),
    )
}


def chart(name: str) -> Chart:
    if name not in CHARTS:
        raise NotFound(f"No chart is called “{name}”. The charts are: {', '.join(CHARTS)}.")
    return CHARTS[name]


def find_item(session: Session, title: str) -> int:
    """A policy item by its title (any case)."""
    wanted = " ".join(title.split()).casefold()
    found = session.scalars(select(PolicyItem.id).where(func.lower(PolicyItem.title) == wanted)).all()
    if len(found) == 1:
        return found[0]
    close = session.scalars(
        select(PolicyItem.title)
        .where(func.lower(PolicyItem.title).contains(wanted))
        .order_by(PolicyItem.title)
    ).all()
    if len(close) == 1:
        item = session.scalar(select(PolicyItem.id).where(PolicyItem.title == close[0]))
        assert item is not None
        return item
    hint = f" Did you mean: {'; '.join(close[:3])}?" if close else ""
    raise NotFound(f"No policy item is called “{title}”.{hint}")
