"""The end-of-year report from the Reports view: the board, period and date chosen there, written
off the GUI thread, holding paper 002's topics under their interventions."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.test_year_report import TOPICS
from ui.changes import Changes
from ui.common import prompts
from ui.reports.view import ReportsView


@pytest.fixture
def database(demo_database: Database) -> Database:
    """The view and `changes` share the demo records."""
    return demo_database


@pytest.fixture
def view(qtbot: QtBot, demo_database: Database, changes: Changes) -> ReportsView:
    widget = ReportsView(demo_database, changes)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_the_end_of_year_report_is_exported_with_every_topic_of_002_under_its_intervention(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    assert view.board.currentText() == "Safer Communities Board"
    view.since.setText("01/04/2006")
    view.until.setText("16/07/2007")
    asked: list[str] = []
    monkeypatch.setattr(prompts, "ask_text", lambda _p, _t, label, default: asked.append(default) or default)
    target = tmp_path / f"year{suffix}"
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: target)
    with qtbot.waitSignal(view.exported, timeout=30_000) as exported:
        qtbot.mouseClick(view.year_button, Qt.MouseButton.LeftButton)
    assert exported.args == [target]
    assert asked == ["16/07/2007"], "the report's date defaults to the period's end"
    if suffix == ".docx":
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    else:
        text = target.read_text(encoding="utf-8")
    assert "End of Year Report" in text and "Actions Required" in text
    starts = [text.index(section) for section in TOPICS]
    assert starts == sorted(starts), "the interventions in 002's order"
    for number, (section, topics) in enumerate(TOPICS.items()):
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        body = text[starts[number] : end].lower()
        missing = [t for t in topics if t.lower() not in body]
        assert not missing, (section, missing)
    assert view.year_button.isEnabled() and view.progress.isHidden()


def test_a_report_date_that_cannot_be_read_is_explained_and_nothing_is_written(
    qtbot: QtBot, view: ReportsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "ask_text", lambda *args: "the next Board")
    monkeypatch.setattr(prompts, "tell", lambda _p, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: tmp_path / "year.docx")
    qtbot.mouseClick(view.year_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1 and told[0].startswith("Not a date: “the next Board” is not a date")
    assert not (tmp_path / "year.docx").exists()
