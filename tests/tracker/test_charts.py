"""Home's charts and the map drawn on an Agg Axes: the demo's are not empty, an empty period says so,
and each chart's targets lead to the records they stand for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from db.engine import Database
from tracker.charts import drawing
from tracker.charts.catalogue import CHARTS, ChartQuery


@pytest.fixture
def axes() -> Iterator[Axes]:
    figure = Figure(figsize=(10, 6.5), dpi=100)
    FigureCanvasAgg(figure)
    yield figure.add_subplot()


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_of_the_demo_has_something_to_click(
    demo_database: Database, axes: Axes, name: str
) -> None:
    with demo_database.reading() as session:
        data = CHARTS[name].count(session, ChartQuery())
    targets = CHARTS[name].draw(axes, data)
    assert targets, f"{name} drew nothing to click"
    assert not any(t.startswith("no ") for t in _texts(axes))
    axes.figure.canvas.draw()  # type: ignore[union-attr]


@pytest.mark.parametrize("name", list(CHARTS))
def test_an_empty_period_says_so_instead_of_bare_axes(demo_database: Database, axes: Axes, name: str) -> None:
    with demo_database.reading() as session:
        data = CHARTS[name].count(session, ChartQuery(until=date(1990, 1, 1), since=date(1989, 1, 1)))
    assert CHARTS[name].draw(axes, data) == []
    (message,) = _texts(axes)
    assert message.startswith("no ")
    assert axes.get_xticks().size == 0


def test_an_empty_database_says_no_meetings_in_this_period(database: Database, axes: Axes) -> None:
    with database.reading() as session:
        data = CHARTS["meetings-per-quarter"].count(session, ChartQuery())
    CHARTS["meetings-per-quarter"].draw(axes, data)
    assert _texts(axes) == ["no meetings in this period"]


def test_targets_lead_to_quarters_bodies_and_map_records(demo_database: Database, axes: Axes) -> None:
    with demo_database.reading() as session:
        quarters = CHARTS["meetings-per-quarter"].count(session, ChartQuery(since=date(2009, 1, 1)))
        points = CHARTS["stakeholder-map"].count(session, ChartQuery())
    targets = drawing.draw_meetings_per_quarter(axes, quarters)
    first = targets[0]
    assert (first.record, first.since, first.until) == ("meetings", date(2009, 1, 1), date(2009, 3, 31))
    assert first.contains(0, 1)
    axes.clear()
    on_map = drawing.draw_stakeholder_map(axes, points)
    home_office = next(t for t in on_map if t.label == "Home Office")
    assert home_office.record == "organisation"
    assert home_office.contains((home_office.x0 + home_office.x1) / 2, (home_office.y0 + home_office.y1) / 2)
    assert "Manage closely" in _texts(axes) and "Monitor" in _texts(axes)


def test_who_moved_gets_one_arrow_each_in_one_artist(axes: Axes) -> None:
    from matplotlib.quiver import Quiver

    from db.stakeholders import Stance
    from tracker.stakeholders.map import MapPoint

    points = [
        MapPoint("organisation", 1, "Home Office", 5, 5, Stance.SUPPORTIVE, Stance.SCEPTICAL),
        MapPoint("organisation", 2, "APA", 3, 5, Stance.SUPPORTIVE, None),
        MapPoint("person", 3, "Alan Campbell MP", 2, 2, Stance.NEUTRAL, Stance.OPPOSED),
    ]
    drawing.draw_stakeholder_map(axes, points)
    (arrows,) = [c for c in axes.collections if isinstance(c, Quiver)]
    assert arrows.N == 2
