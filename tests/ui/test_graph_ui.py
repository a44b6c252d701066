"""The relationship graph as a liaison officer uses it: filter, focus, find, click, read the measures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from ui.changes import Changes
from ui.common import prompts
from ui.graph.view import GraphView


@pytest.fixture
def database(demo_database: Database) -> Database:
    """Every test here works on the demo records; `changes` and the view share them."""
    return demo_database


@pytest.fixture
def view(qtbot: QtBot, demo_database: Database, changes: Changes) -> GraphView:
    widget = GraphView(demo_database, changes)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    with qtbot.waitSignal(widget.drawn, timeout=30_000):
        widget.show()
    return widget


def labels(view: GraphView) -> set[str]:
    graph = view.drawn_graph
    assert graph is not None
    return {str(label) for _node, label in graph.nodes(data="label")}


def node(view: GraphView, label: str) -> str:
    graph = view.drawn_graph
    assert graph is not None
    (found,) = [n for n, text in graph.nodes(data="label") if text == label]
    return str(found)


def click_node(qtbot: QtBot, view: GraphView, label: str) -> None:
    """A real left click on the canvas widget where the node is drawn (matplotlib's y runs upward)."""
    canvas = view.graph_canvas.canvas
    x, y = view.graph_canvas.display_point(node(view, label))
    ratio = canvas.device_pixel_ratio
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x / ratio), round(canvas.height() - y / ratio))
    )


def pick(qtbot: QtBot, field: Any, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_filtering_by_theme_then_clicking_a_node_opens_its_record(qtbot: QtBot, view: GraphView) -> None:
    everyone = labels(view)
    assert {"Home Office", "Phil Wheatley", "Cllr Tom Fox"} <= everyone
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        view.theme.setCurrentIndex(view.theme.findText("Accountability and governance"))
    assert labels(view) == {
        "Association of Police Authorities (APA)",
        "APA Local Accountability Strategy Group",
        "Criminal Justice Council",
        "Cllr Tom Fox",
        "Cllr David Smith",
    }
    assert view.status.text().startswith("2 people, 3 bodies and bills")

    graph = view.drawn_graph
    assert graph is not None
    fox = graph.nodes[node(view, "Cllr Tom Fox")]["record_id"]
    with qtbot.waitSignal(view.person_open_requested, timeout=2_000) as opened:
        click_node(qtbot, view, "Cllr Tom Fox")
    assert opened.args == [fox]
    council = graph.nodes[node(view, "Criminal Justice Council")]["record_id"]
    with qtbot.waitSignal(view.organisation_open_requested, timeout=2_000) as opened:
        click_node(qtbot, view, "Criminal Justice Council")
    assert opened.args == [council]


def test_a_click_on_empty_space_opens_nothing(qtbot: QtBot, view: GraphView) -> None:
    canvas = view.graph_canvas.canvas
    with (
        qtbot.assertNotEmitted(view.person_open_requested),
        qtbot.assertNotEmitted(view.organisation_open_requested),
    ):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_the_period_keeps_its_own_network_and_a_bad_date_says_why(qtbot: QtBot, view: GraphView) -> None:
    before = labels(view)
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        view.since.setText("01/01/2009")
        view.since.editingFinished.emit()
    after = labels(view)
    assert after and after < before
    assert view.date_message.text() == ""

    view.until.setText("31/02/2009")
    with qtbot.assertNotEmitted(view.drawn, wait=300):
        view.until.editingFinished.emit()
    assert "not a date" in view.date_message.text()
    assert labels(view) == after


def test_focus_shows_a_neighbourhood_deeper_with_depth_and_clearing_unfocuses(
    qtbot: QtBot, view: GraphView
) -> None:
    everyone = labels(view)
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        pick(qtbot, view.focus, "Phil Wheatley")
    near = labels(view)
    assert "Phil Wheatley" in near and "National Offender Management Service (NOMS)" in near
    assert len(near) < len(everyone)
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        view.depth.setValue(2)
    assert labels(view) > near
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        view.focus.clear()
    assert labels(view) == everyone


def test_search_rings_the_node_and_centres_it(qtbot: QtBot, view: GraphView) -> None:
    view.search.setText("wheatley")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wheatley = node(view, "Phil Wheatley")
    assert view.highlighted() == (wheatley,)
    ax = view.graph_canvas.ax
    rings = [c for c in ax.collections if c.get_label() == "_highlight"]
    x, y = view.graph_canvas.positions[wheatley]
    assert len(rings) == 1 and tuple(rings[0].get_offsets()[0]) == pytest.approx((x, y))
    assert sum(ax.get_xlim()) / 2 == pytest.approx(x) and sum(ax.get_ylim()) / 2 == pytest.approx(y)

    view.search.setText("nobody by this name")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert "No one in the graph matches" in view.status.text()


def test_the_measures_panel_names_central_people_links_quiet_bodies_and_an_introduction(
    qtbot: QtBot, view: GraphView
) -> None:
    assert view.central_people.count() > 0 and view.central_bodies.count() > 0
    assert view.central_people.item(0).text().split(maxsplit=1)[1] == "Cllr Richard Kemp"

    pick(qtbot, view.links_body, "Home Office")
    assert view.strongest.count() > 0
    assert view.strongest.item(0).text().split(maxsplit=1)[1] == "Cllr Richard Kemp"

    pick(qtbot, view.introduce_to, "Phil Wheatley")
    # Two hops, the strongest: Cllr Kemp's ties to the LGA (its events he attended) and Phil
    # Wheatley's (its annual conference workshop) outweigh Cllr Stacey's route through NOMS.
    assert (
        view.introduction.text() == "Cllr Richard Kemp → Local Government Association (LGA) → Phil Wheatley"
    )
    assert set(view.highlighted()) == {node(view, "Cllr Richard Kemp"), node(view, "Phil Wheatley")} | {
        node(view, "Local Government Association (LGA)")
    }

    quiet = [view.quiet.item(i).text() for i in range(view.quiet.count())]
    assert any(text.startswith("National Crime Reduction Board") for text in quiet)


def test_save_picture_writes_a_png_and_export_writes_graphml(
    qtbot: QtBot, view: GraphView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = tmp_path / "graph.png"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: picture)
    qtbot.mouseClick(view.save_picture_button, Qt.MouseButton.LeftButton)
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 20_000

    exported = tmp_path / "graph.graphml"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: exported)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert "Phil Wheatley" in exported.read_text(encoding="utf-8")


def test_a_wrong_picture_type_is_explained(
    qtbot: QtBot, view: GraphView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_real_dialogs: list[str]
) -> None:
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: tmp_path / "graph.bmp")
    qtbot.mouseClick(view.save_picture_button, Qt.MouseButton.LeftButton)
    assert not (tmp_path / "graph.bmp").exists()
    assert any(".png, .svg or .pdf" in asked for asked in no_real_dialogs)


def test_a_newer_request_supersedes_an_older_one_and_changes_redraw(
    qtbot: QtBot, view: GraphView, changes: Changes
) -> None:
    everyone = labels(view)
    drawn: list[int] = []
    view.drawn.connect(lambda: drawn.append(len(labels(view))))
    view.theme.setCurrentIndex(view.theme.findText("Accountability and governance"))
    view.refresh()
    view.theme.setCurrentIndex(0)
    view.refresh()
    assert view.wait_until_drawn()
    qtbot.wait(100)
    assert drawn == [len(everyone)]  # the theme's five-node answer, superseded, was never drawn
    with qtbot.waitSignal(view.drawn, timeout=30_000):
        changes.announce("meetings")
