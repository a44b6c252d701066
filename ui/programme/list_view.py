"""The programme's list: every policy item the team works on, of every kind, filterable by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QPushButton, QWidget

from db.engine import Database
from db.programme import PolicyItemKind
from tracker.lobbying import policy_items
from tracker.lobbying.policy_items import PolicyItemRow
from ui.changes import POLICY_ITEMS, Changes
from ui.common.small_list import SmallListView
from ui.programme.editor import PolicyItemEditor, kind_text
from ui.programme.models import items_model


class ProgrammeView(SmallListView):
    """Bills, consultations, reviews, White Papers, guidance...: one list, one kind at a time if chosen.
    Opening an item is asked of the main window."""

    open_requested = Signal(int)

    kind = POLICY_ITEMS
    nouns = ("policy item", "policy items")
    refreshed_by = ("policy_items", "bills", "asks", "organisations")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        placeholder = "Find items by title, body, status or date (Ctrl+F)…"
        super().__init__(database, changes, items_model(), placeholder, parent)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind_filter")
        self.kind_filter.setAccessibleName("Kind of policy item shown")
        self.kind_filter.addItem("Every kind", None)
        for kind in PolicyItemKind:
            self.kind_filter.addItem(kind_text(kind), kind)
        self.new_button = QPushButton("New policy item…")
        self.new_button.setToolTip("A consultation, review, White Paper, guidance… (a bill: on Bills)")
        self.open_button = QPushButton("Open")
        self.delete_button = QPushButton("Delete")
        self.record_buttons = [self.open_button, self.delete_button]

        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 170), (3, 120), (4, 200), (5, 50)):
            self.table.setColumnWidth(column, width)
        self.buttons.insertWidget(0, self.kind_filter)
        self.buttons.addWidget(self.new_button)
        self.buttons.addWidget(self.open_button)
        self.buttons.addWidget(self.delete_button)

        self.kind_filter.currentIndexChanged.connect(self._on_kind_filter_current_index_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.refresh()

    def chosen_kind(self) -> PolicyItemKind | None:
        data = self.kind_filter.currentData()
        return None if data is None else PolicyItemKind(data)

    def read_rows(self, session: Any) -> Sequence[PolicyItemRow]:
        return policy_items.rows(session, kind=self.chosen_kind())

    def _on_kind_filter_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_new_button_clicked(self) -> None:
        self.show_new(PolicyItemEditor.ask(self, self._database, self._changes))

    def open(self, item_id: int) -> None:
        self.open_requested.emit(item_id)

    def _on_delete_button_clicked(self) -> None:
        self.delete_with_undo(
            lambda item: f"Delete the {item.kind.label} “{item.title}”? You can undo this with Ctrl+Z.",
            lambda snapshot: f"Delete {snapshot.kind.label} “{snapshot.title}”",
        )
