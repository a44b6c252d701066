"""A bill's page: where it stands, its stages with the meetings and decisions along them, and our asks."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from tracker.common.history import Subject
from tracker.lobbying import bills
from tracker.lobbying.bills import BillPage as PageData
from ui.bills.ask_actions import AskActions
from ui.bills.ask_editor import AskEditor
from ui.bills.editor import BillEditor
from ui.bills.models import asks_model, timeline_lines, timeline_model
from ui.changes import Changes
from ui.common.history import HistoryDialog, history_button
from ui.common.links import link_table
from ui.common.page_parts import RecordPage, group, text_label


class BillPage(AskActions, RecordPage):
    """One bill; asks its owner to open a meeting on the timeline, or to go back."""

    meeting_open_requested = Signal(int)

    editor = BillEditor
    edit_text = "Edit bill…"
    refreshed_by = ("bills", "asks", "meetings", "organisations", "people")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, parent)
        self.history_button = history_button()
        self.top.insertWidget(self.top.indexOf(self.edit_button), self.history_button)
        self.facts = text_label()
        self.facts.setObjectName("facts")
        self.current_stage = text_label()
        self.current_stage.setObjectName("current_stage")
        font = self.current_stage.font()
        font.setBold(True)
        self.current_stage.setFont(font)
        self.notes = text_label()
        self.notes.setObjectName("notes")

        self.timeline = timeline_model()
        self.timeline_table = link_table(self.timeline, 2, {0: 110, 1: 90})
        self.timeline_table.setToolTip("Double-click a meeting to open it, or a decision to edit the ask")
        self.timeline_box = group("Timeline", self.timeline_table)

        self.asks = asks_model()
        self.ask_table = link_table(self.asks, 0, {1: 140, 2: 110, 3: 270, 4: 240})
        self.add_ask_button = QPushButton("Add ask…")
        self.edit_ask_button = QPushButton("Edit ask…")
        self.delete_ask_button = QPushButton("Delete ask")
        ask_buttons = QHBoxLayout()
        ask_buttons.addWidget(QLabel("Link an ask to the meetings it was raised at from the meeting form."))
        ask_buttons.addStretch(1)
        ask_buttons.addWidget(self.add_ask_button)
        ask_buttons.addWidget(self.edit_ask_button)
        ask_buttons.addWidget(self.delete_ask_button)
        self.ask_box = group("Our asks", self.ask_table)
        box_layout = self.ask_box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        box_layout.addLayout(ask_buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.facts)
        layout.addWidget(self.current_stage)
        layout.addWidget(self.notes)
        layout.addWidget(self.timeline_box, 1)
        layout.addWidget(self.ask_box, 1)

        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.add_ask_button.clicked.connect(self._on_add_ask_button_clicked)
        self.edit_ask_button.clicked.connect(self._on_edit_ask_button_clicked)
        self.delete_ask_button.clicked.connect(self._on_delete_ask_button_clicked)
        # `activated` comes on Enter and on a double-click (or a single click where the style says so).
        self.timeline_table.activated.connect(self._on_timeline_table_activated)
        self.ask_table.activated.connect(self._on_ask_table_activated)
        self.ask_table.selectionModel().selectionChanged.connect(self._on_ask_table_selection_changed)
        self._show_missing("")

    def show_bill(self, bill_id: int) -> None:
        self.show_record(bill_id)

    def read_page(self, session: Any, bill_id: int) -> PageData:
        return bills.page(session, bill_id, date.today())

    def _show(self, data: PageData) -> None:
        draft = data.draft
        self.heading.setText(draft.title)
        facts = [f"{draft.bill_type.label.capitalize()} bill"]
        if draft.session:
            facts.append(f"session {draft.session}")
        facts.append(f"became the {draft.act_title}" if draft.act_title else "not yet an Act")
        self.facts.setText(" · ".join(facts))
        stage = data.current_stage
        self.current_stage.setText(
            f"Current stage: {stage.label if stage else 'none reached yet (no dated stage recorded)'}"
        )
        self.notes.setText(draft.notes)
        self.notes.setVisible(bool(draft.notes))
        selected = self.selected_ask()
        self.timeline.set_rows(timeline_lines(data))
        self.asks.set_rows(data.asks)
        stages = len(draft.stages)
        self.timeline_box.setTitle(
            f"Timeline: {stages} stage{'s' if stages != 1 else ''}, with the meetings and decisions along it"
        )
        self.ask_box.setTitle(f"Our asks ({len(data.asks)})")
        if selected is not None:
            rows = [a.id for a in data.asks]
            if selected.id in rows:
                self.ask_table.selectRow(rows.index(selected.id))
        for button in (self.edit_button, self.add_ask_button):
            button.setEnabled(True)
        self._update_buttons()

    def _show_missing(self, message: str) -> None:
        # Deleted while open (an undo, or a colleague): say so rather than show stale facts.
        self.heading.setText(message)
        for label in (self.facts, self.current_stage, self.notes):
            label.clear()
        self.notes.hide()
        self.timeline.set_rows(())
        self.asks.set_rows(())
        for button in (self.edit_button, self.add_ask_button):
            button.setEnabled(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_ask() is not None
        self.edit_ask_button.setEnabled(chosen)
        self.delete_ask_button.setEnabled(chosen)

    def _on_ask_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_history_button_clicked(self) -> None:
        if self.record_id is not None:
            HistoryDialog.show_for(self, self._database, Subject.BILL, self.record_id, self.heading.text())

    # -- the bill and its asks -------------------------------------------------------------

    def _on_add_ask_button_clicked(self) -> None:
        if self.record_id is not None:
            AskEditor.ask(self, self._database, self._changes, bill_id=self.record_id)

    def _on_timeline_table_activated(self, index: QModelIndex) -> None:
        line = self.timeline.row(index.row())
        if line is None or line.record_id is None:
            return
        if line.kind == "meeting":
            self.meeting_open_requested.emit(line.record_id)
        elif line.kind == "decision":
            self._edit_ask(line.record_id)
