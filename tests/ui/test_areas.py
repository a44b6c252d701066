"""The window's areas come from their packages (ui/areas.py): adding one touches no list in MainWindow."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from db.engine import Database
from ui import areas
from ui.areas import Area, Page, Wiring
from ui.main_window import AREAS, MainWindow


@pytest.fixture
def notes_area(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A thirteenth area, 'Notes', in a package of its own, with a page; what was built is logged."""
    built: list[str] = []

    def build(window: Wiring) -> QLabel:
        built.append("notes")
        return QLabel("Notes about the bodies")

    def build_page(window: Wiring) -> QLabel:
        built.append("note_page")
        label = QLabel("One note")
        label.linkActivated.connect(lambda _link: window.show_area("Notes"))
        return label

    package = types.ModuleType("tests_notes_area")
    package.AREA = Area("Notes", "notes", build, (Page("note_page", build_page),))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_notes_area", package)
    monkeypatch.setattr(areas, "PACKAGES", (*areas.PACKAGES, "tests_notes_area"))
    areas.registered.cache_clear()
    yield built
    areas.registered.cache_clear()


def test_the_navigation_lists_the_registered_areas_in_order() -> None:
    assert tuple(area.name for area in areas.registered()) == AREAS
    assert AREAS[:6] == ("Home", "Meetings", "Organisations", "People", "Duties", "Bills")
    assert len({area.attribute for area in areas.registered()}) == len(AREAS)


def test_a_new_area_is_listed_gets_its_shortcut_and_is_built_only_when_shown(
    qtbot: QtBot, database: Database, notes_area: list[str]
) -> None:
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    names = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert names[-1] == "Notes" and len(names) == 13
    assert notes_area == [] and not window.is_built("notes")
    bills = next(a for a in window.actions() if a.text() == "Bills").shortcut()
    assert bills.toString() == "Ctrl+6"  # the first nine areas keep Ctrl+number
    window.show_area("Notes")
    assert notes_area == ["notes"]
    assert window.stack.currentWidget() is window.notes  # type: ignore[attr-defined]
    assert window.notes.text() == "Notes about the bodies"  # type: ignore[attr-defined]
    page = window.note_page  # type: ignore[attr-defined]
    assert notes_area == ["notes", "note_page"] and window.note_page is page  # type: ignore[attr-defined]
    window.show_area(AREAS.index("Bills"))
    page.linkActivated.emit("back")
    assert window.stack.currentWidget() is window.notes  # type: ignore[attr-defined]
    assert window.navigation.currentItem().text() == "Notes"
    assert window.navigation.currentItem().flags() & Qt.ItemFlag.ItemIsEnabled


def test_an_unknown_attribute_is_still_an_error(qtbot: QtBot, database: Database) -> None:
    window = MainWindow(database)
    qtbot.addWidget(window)
    with pytest.raises(AttributeError):
        window.no_such_area  # type: ignore[attr-defined]  # noqa: B018
