"""Issue 20, item 3: the window, every area, record page and form fit a 1024x600 screen, and the
Undo/Redo buttons stay short whatever the last change was called."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLineEdit, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.lobbying import bills, policy_items
from ui.bills.editor import BillEditor
from ui.changes import Changes
from ui.duties.appointment_editor import AppointmentEditor
from ui.main_window import AREAS, MainWindow
from ui.meetings.editor import MeetingEditor
from ui.organisations.editor import OrganisationEditor
from ui.people.editor import PersonEditor
from ui.programme.editor import PolicyItemEditor
from ui.themes.view import ThemeEditor

WIDTH, HEIGHT = 1024, 600


def squeezed(root: QWidget) -> Iterator[str]:
    """Shown widgets under `root` given less width than their minimum size hint, described."""
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parentWidget(), (QTabBar, QLineEdit)):
            continue  # Qt's own parts: a tab bar's scroll arrows, a text box's clear button
        hint = widget.minimumSizeHint().width()
        if widget.width() < hint:
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            yield f"{type(widget).__name__} {widget.objectName()!r} {text!r}: {widget.width()} < {hint}"


@pytest.fixture
def window(qtbot: QtBot, demo_database: Database) -> MainWindow:
    main = MainWindow(demo_database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def _show(qtbot: QtBot, window: MainWindow, area: str) -> None:
    view = window.area_view(AREAS.index(area))
    if area == "Graph":  # laid out on the pool: drawn before the test ends
        with qtbot.waitSignal(view.drawn, timeout=30_000):  # type: ignore[attr-defined]
            window.show_area(AREAS.index(area))
    else:
        window.show_area(AREAS.index(area))


def test_the_window_goes_down_to_1024x600_with_every_area_built(qtbot: QtBot, window: MainWindow) -> None:
    for area in AREAS:
        _show(qtbot, window, area)
    window.resize(WIDTH, HEIGHT)
    QApplication.processEvents()
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)


@pytest.mark.parametrize("area", AREAS)
def test_no_widget_of_an_area_is_narrower_than_its_minimum_at_1024x600(
    qtbot: QtBot, window: MainWindow, area: str
) -> None:
    window.resize(WIDTH, HEIGHT)
    _show(qtbot, window, area)
    QApplication.processEvents()
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)
    assert sorted(set(squeezed(window))) == []


@pytest.mark.parametrize("page", ["organisation", "person", "bill", "policy item", "duties"])
def test_no_widget_of_a_record_page_is_narrower_than_its_minimum_at_1024x600(
    qtbot: QtBot, window: MainWindow, page: str
) -> None:
    window.resize(WIDTH, HEIGHT)
    with window.database.reading() as session:
        home_office = organisations.rows(session, ListQuery("Home Office"), 0, 1)[0].id
        kemp = people.rows(session, ListQuery("Kemp"), 0, 1)[0].id
        bill = bills.all_rows(session, date.today())[0].id
        item = policy_items.rows(session)[0].id
    opens: dict[str, Callable[[], None]] = {
        "organisation": lambda: window.open_organisation(home_office),
        "person": lambda: window.open_person(kemp),
        "duties": lambda: window.open_duties(kemp),
        "bill": lambda: window.open_bill(bill),
        "policy item": lambda: window.open_policy_item(item),
    }
    opens[page]()
    QApplication.processEvents()
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)
    assert sorted(set(squeezed(window))) == []


FORMS = [
    MeetingEditor,
    OrganisationEditor,
    PersonEditor,
    BillEditor,
    AppointmentEditor,
    ThemeEditor,
    PolicyItemEditor,
]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_every_form_fits_1024x600_with_its_buttons_on_screen(
    qtbot: QtBot, demo_database: Database, form: type[QDialog]
) -> None:
    changes = Changes(demo_database)
    if form is MeetingEditor:
        with demo_database.session() as session:
            fullest = meetings.rows(session, ListQuery("Tackling Crime"), 0, 1)[0].id
        editor: QDialog = MeetingEditor(demo_database, changes, fullest)
    else:
        editor = form(demo_database, changes)  # type: ignore[call-arg]
    qtbot.addWidget(editor)
    editor.show()
    QApplication.processEvents()
    hint = editor.minimumSizeHint()
    assert hint.width() <= WIDTH and hint.height() <= HEIGHT - 40, f"{form.__name__} needs {hint}"
    editor.resize(min(editor.width(), WIDTH), min(editor.height(), HEIGHT - 40))
    QApplication.processEvents()
    assert editor.height() <= HEIGHT - 40
    assert sorted(set(squeezed(editor))) == []
    buttons = [b for b in editor.findChildren(QAbstractButton) if b.text().replace("&", "") == "Save"]
    assert buttons, "the form has a Save button"
    save = buttons[0]
    corner = save.mapTo(editor, save.rect().bottomRight())
    assert editor.rect().contains(corner), "Save is inside the form's window, not scrolled away"


def test_undo_and_redo_say_edit_and_put_what_in_the_tooltip(qtbot: QtBot, window: MainWindow) -> None:
    title = "Safer Communities Board away day on the Policing and Crime Bill's second reading"
    editor = MeetingEditor(window.database, window.changes, None, window)
    qtbot.addWidget(editor)
    editor.title.setText(title)
    editor.held_on.setText("April 2009")
    assert editor.save()
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "Undo edit"
    assert window.undo_action.toolTip() == f"Undo Log meeting “{title}”"
    window.undo_action.trigger()
    assert not window.undo_action.isEnabled()
    assert window.redo_action.text() == "Redo edit"
    assert window.redo_action.toolTip() == f"Redo Log meeting “{title}”"
    button = window.toolbar.widgetForAction(window.redo_action)
    assert button is not None and button.sizeHint().width() < 120, "the button holds two words, not the title"
