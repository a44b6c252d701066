"""Keys that behave the same on every screen: Tab leaves tables, list filters hand Undo to the window.

Qt's tables take Tab for moving between cells by default (`tabKeyNavigation`), so Tab into one
never came out again; `free_tab` turns that off and Tab moves on to the next control. A list's
filter box is not where records change: Ctrl+Z there undoes the last change to the records (the
window's Undo), not the words typed, which Backspace or the clear button take back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QToolBar, QWidget


def free_tab(*views: QAbstractItemView) -> None:
    """Tab and Shift+Tab move out of the views to the next control (arrows move within them)."""
    for view in views:
        view.setTabKeyNavigation(False)


class FilterKeys(QObject):
    """Installed on a list's filter box: Ctrl+Z and Ctrl+Y (or Ctrl+Shift+Z) go to the window's
    Undo and Redo; Up and Down move the highlight in `view` while the typing carries on."""

    def __init__(self, box: QLineEdit, view: QAbstractItemView | None = None) -> None:
        super().__init__(box)
        self._view = view
        box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            # Left unaccepted, the key is offered to the window's shortcuts, Undo and Redo among them.
            event.ignore()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._view is not None
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        view = self._view
        assert view is not None
        model = view.model()
        if model is None or model.rowCount() == 0:
            return
        current = view.currentIndex()
        row = 0 if not current.isValid() else min(max(current.row() + step, 0), model.rowCount() - 1)
        view.setCurrentIndex(model.index(row, 0))


def put_last(start: QWidget, widget: QWidget) -> None:
    """Move `widget` to the end of the Tab chain that begins at `start`, after every other control
    Tab reaches: the panel below the areas comes after them, however late an area was built.
    Only `widget` moves, so the areas' own order (and any widget's state) is left as it is."""
    last = start.previousInFocusChain()
    while last is not start and (
        widget.isAncestorOf(last) or not last.focusPolicy() & Qt.FocusPolicy.TabFocus or _in_tool_bar(last)
    ):
        last = last.previousInFocusChain()
    if last is not start:
        QWidget.setTabOrder(last, widget)


def _in_tool_bar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QToolBar):
            return True
        parent = parent.parentWidget()
    return False
