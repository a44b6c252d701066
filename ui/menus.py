"""The window's menus and toolbar: File (imports, exports, database), Edit (log, undo, redo), Help,
the areas' Ctrl+number shortcuts, and Undo/Redo following the undo stack once there is one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QToolBar

from ui import areas
from ui.help import HelpWindow

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def add_menus(window: MainWindow) -> None:
    """Build the toolbar and menus; their actions become the window's attributes (`undo_action`,
    `export_menu`, ...), which the window enables once its database is open."""
    window.log_meeting_action = QAction("Log meeting…", window)
    window.log_meeting_action.setShortcut(QKeySequence.StandardKey.New)
    # Undo and Redo follow the undo stack once there is one (`follow_undo_stack`).
    window.undo_action = QAction("Undo edit", window)
    window.redo_action = QAction("Redo edit", window)
    toolbar = window.toolbar = QToolBar("Main")
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addAction(window.log_meeting_action)
    toolbar.addSeparator()
    toolbar.addAction(window.undo_action)
    toolbar.addAction(window.redo_action)
    toolbar.addSeparator()
    attention_toggle = window.attention_dock.toggleViewAction()
    attention_toggle.setText("Needs attention")
    toolbar.addAction(attention_toggle)
    window.addToolBar(toolbar)

    # File holds the imports and exports; each area adds its own actions to them.
    file_menu = window.file_menu = window.menuBar().addMenu("&File")
    window.import_menu = file_menu.addMenu("&Import")
    window.export_menu = file_menu.addMenu("&Export")
    file_menu.addSeparator()
    window.database_menu = file_menu.addMenu("&Database")
    window.connection_settings_action = window.database_menu.addAction("Connection settings…")
    window.connection_settings_action.triggered.connect(window.edit_connection_settings)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    window.calendar_import_action = window.import_menu.addAction("Calendar (.ics)…")
    window.sheet_import_action = window.import_menu.addAction("Spreadsheet (CSV, Excel)…")
    window.return_import_action = window.import_menu.addAction("Ministers' meetings return…")
    # The export entries (and the export code behind them) load when the menu first opens.
    window.export_menu.aboutToShow.connect(lambda: fill_export_menu(window))

    window.edit_menu = window.menuBar().addMenu("&Edit")
    window.edit_menu.addAction(window.log_meeting_action)
    window.edit_menu.addSeparator()
    window.edit_menu.addAction(window.undo_action)
    window.edit_menu.addAction(window.redo_action)

    help_menu = window.help_menu = window.menuBar().addMenu("&Help")
    window.guide_action = help_menu.addAction("&User guide")
    window.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
    window.guide_action.triggered.connect(lambda: HelpWindow.show_guide(window))
    window.keyboard_action = help_menu.addAction("&Keyboard shortcuts")
    window.keyboard_action.triggered.connect(lambda: HelpWindow.show_keyboard(window))
    help_menu.addSeparator()
    window.about_action = help_menu.addAction("&About Liaison")
    window.about_action.triggered.connect(window.show_about)

    for number, name in enumerate(areas.names(), start=1):
        go = QAction(name, window)
        go.setShortcut(QKeySequence(f"Ctrl+{number}"))
        go.triggered.connect(lambda _checked=False, row=number - 1: window.show_area(row))
        window.addAction(go)


def follow_undo_stack(window: MainWindow, stack: QUndoStack) -> None:
    """Connect Undo and Redo to the undo stack. They say "Undo edit" and "Redo edit", with what
    they would undo in the tooltip: the stack's own actions carry the whole text ("Undo Log
    meeting “...”"), which widened the toolbar past a 1,024-px screen."""
    for action, step, can_changed, text_changed, word in (
        (window.undo_action, stack.undo, stack.canUndoChanged, stack.undoTextChanged, "Undo"),
        (window.redo_action, stack.redo, stack.canRedoChanged, stack.redoTextChanged, "Redo"),
    ):
        action.setText(f"{word} edit")
        action.triggered.connect(step)
        can_changed.connect(action.setEnabled)
        text_changed.connect(_Tooltip(action, word).say)
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    window.undo_action.setEnabled(stack.canUndo())
    window.redo_action.setEnabled(stack.canRedo())


class _Tooltip(QObject):
    """Says in the action's tooltip what it would undo or redo. A child of the action, so that the
    stack's signals stop reaching it when the action goes (a lambda's connection outlived it)."""

    def __init__(self, action: QAction, word: str) -> None:
        super().__init__(action)
        self._action = action
        self._word = word

    def say(self, text: str) -> None:
        self._action.setToolTip(f"{self._word} {text}".strip())


def fill_export_menu(window: MainWindow) -> None:
    if window.export_menu.actions() or not window.is_attached():
        return
    from tracker.io.exports import What
    from ui.imports.export_dialog import Exports

    window.exports = Exports(window.database, window)
    window.exports.written.connect(lambda message: window.statusBar().showMessage(message, 10_000))
    for what in What:
        action = window.export_menu.addAction(f"{what.value.capitalize()} as CSV or Excel…")
        action.triggered.connect(lambda _checked=False, what=what: window.exports.export_sheet(what))
    popolo = window.export_menu.addAction("Popolo JSON…")
    popolo.triggered.connect(window.exports.export_popolo)


def wait_for_database(window: MainWindow, waiting: bool) -> None:
    """Grey out what changes or opens records while the database opens; say so in the status bar."""
    for action in (
        window.log_meeting_action,
        window.undo_action,
        window.redo_action,
        window.calendar_import_action,
        window.sheet_import_action,
        window.return_import_action,
    ):
        action.setEnabled(not waiting)
    window.export_menu.setEnabled(not waiting)
    if waiting:
        window.statusBar().showMessage(OPENING)
    else:
        window.statusBar().clearMessage()


OPENING = "Opening the database…"
