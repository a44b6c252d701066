"""The parts a record's page is built from: its top row, heading, read-only text, and boxes round tables."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from db.engine import Database
from tracker.common.errors import NotFound
from ui.changes import Changes
from ui.common.record_editor import RecordEditor


def text_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading_label() -> QLabel:
    label = QLabel()
    label.setObjectName("heading")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def group(title: str, table: QTableView) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    return box


class RecordPage(QWidget):
    """One record's page, with Back, its heading and Edit… along the top (`top`), read again on a change.

    A subclass sets `editor`, `refreshed_by` and `read_page`, builds the rest, shows the data in
    `_show` and a record gone in `_show_missing`, and calls `_show_missing("")` once it is built.
    """

    back_requested = Signal()

    editor: type[RecordEditor]
    edit_text = "Edit…"
    # The kinds of change (`Changes.changed`) after which the page is read again.
    refreshed_by: Collection[str]
    # The page's data for a record, read in the caller's session; raises NotFound.
    read_page: Callable[[Any, int], Any]
    _show: Callable[[Any], None]
    _show_missing: Callable[[str], None]

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.record_id: int | None = None

        self.back_button = QPushButton("← Back")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.setShortcut("Alt+Left")
        self.edit_button = QPushButton(self.edit_text)
        self.heading = heading_label()
        self.top = QHBoxLayout()
        self.top.addWidget(self.back_button)
        self.top.addWidget(self.heading, 1)
        self.top.addWidget(self.edit_button)

        self.back_button.clicked.connect(self.back_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        changes.changed.connect(self._on_changes_changed)

    def show_record(self, record_id: int) -> None:
        self.record_id = record_id
        try:
            with self._database.reading() as session:
                data = self.read_page(session, record_id)
        except NotFound as error:
            self._show_missing(error.message)
            return
        self._show(data)

    def refresh(self) -> None:
        if self.record_id is not None:
            self.show_record(self.record_id)

    def _on_changes_changed(self, kind: str) -> None:
        if kind in self.refreshed_by:
            self.refresh()

    def _on_edit_button_clicked(self) -> None:
        if self.record_id is not None:
            self.editor.ask(self, self._database, self._changes, self.record_id)
