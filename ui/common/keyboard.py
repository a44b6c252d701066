"""Keys that behave the same on every screen: Tab leaves tables, list filters hand Undo to the window.

Qt's tables take Tab for moving between cells by default (`tabKeyNavigation`), so Tab into one
never came out again; `free_tab` turns that off and Tab moves on to the next control. A list's
filter box is not where records change: Ctrl+Z there undoes the last change to the records (the
window's Undo), not the words typed, which Backspace or the clear button take back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget


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


def place_between(before: QWidget, widgets: QWidget, after: QWidget | None) -> None:
    """Put the focusable controls inside `widgets`, in their own order, after `before` and ahead of
    `after` in the Tab chain: a view built later (an area opened the first time) is still reached
    in reading order, between the navigation and the panel below it."""
    inside: list[QWidget] = []
    widget = widgets.nextInFocusChain()
    while widget is not widgets and widget not in inside:
        # Qt leaves a widget Tab cannot reach where it is (setTabOrder ignores it).
        if widgets.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            inside.append(widget)
        widget = widget.nextInFocusChain()
    previous = before
    for widget in inside:
        QWidget.setTabOrder(previous, widget)
        previous = widget
    if after is not None:
        QWidget.setTabOrder(previous, after)
