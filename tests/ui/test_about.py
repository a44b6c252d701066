"""Help > About names the version, the database in use and the data folder; the window has its icon."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.files import default_database_path
from tracker.meeting_list import NewestMeetings
from ui import about
from ui.about import About, about_text
from ui.icon import SIZES, liaison_icon
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, str]]:
    calls: list[tuple[object, str]] = []
    monkeypatch.setattr(About, "show", classmethod(lambda cls, parent, where: calls.append((parent, where))))
    return calls


def test_help_about_names_the_open_database(
    qtbot: QtBot, database: Database, shown: list[tuple[object, str]]
) -> None:
    window = MainWindow(database)
    qtbot.addWidget(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    assert [a.text() for a in window.help_menu.actions() if a.text()][-1] == "&About Liaison"
    window.about_action.trigger()
    assert shown == [(window, database.where)]


def test_help_about_works_while_the_database_still_opens(
    qtbot: QtBot, tmp_path: Path, _sqlite_demo_template: Path, shown: list[tuple[object, str]]
) -> None:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_sqlite_demo_template, path)
    newest = NewestMeetings.read(path)
    assert newest is not None
    window = MainWindow(newest=newest)
    qtbot.addWidget(window)
    window.about_action.trigger()
    assert shown == [(window, str(path))]


def test_the_about_text_gives_version_database_and_data_folder() -> None:
    text = about_text("/srv/team/liaison & co.db")
    assert f"Liaison {DECLARED}" in text
    assert "/srv/team/liaison &amp; co.db" in text, "the path is shown as written, escaped for rich text"
    assert str(default_database_path().parent) in text
    assert about.data_folder() == default_database_path().parent


def test_the_icon_has_every_size_drawn_from_the_svg() -> None:
    icon = liaison_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(SIZES)
    assert icon.pixmap(16, 16).width() == 16
