"""A policy item's page: its kind, body, status and dates (a consultation's opening, closing and our
response), the work streams it serves, and its asks, meetings, positions, documents and the Board's
decisions and actions on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from db.engine import Database
from db.programme import PolicyItemKind
from tracker.common.dates import short_date
from tracker.lobbying import decisions, policy_items, positions
from tracker.lobbying.decisions import ActionRow, DecisionRow
from tracker.lobbying.policy_items import PolicyItemPage as ItemData
from tracker.lobbying.positions import PositionRow
from ui.bills.ask_actions import AskActions
from ui.bills.ask_editor import AskEditor
from ui.changes import Changes
from ui.common.links import link_table
from ui.common.page_parts import RecordPage, text_label
from ui.programme.editor import PolicyItemEditor, kind_text
from ui.programme.models import (
    actions_model,
    asks_model,
    decisions_model,
    documents_model,
    meetings_model,
    positions_model,
)

ASKS_TAB, MEETINGS_TAB, POSITIONS_TAB, DOCUMENTS_TAB, BOARD_TAB = range(5)


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, read in one session."""

    item: ItemData
    positions: tuple[PositionRow, ...]
    decisions: tuple[DecisionRow, ...]
    actions: tuple[ActionRow, ...]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def fact_lines(item: ItemData, today: date) -> tuple[str, str, str]:
    """The item's kind, body and status; its dates; our response, in the papers' words."""
    draft = item.draft
    consultation = draft.kind is PolicyItemKind.CONSULTATION
    facts = [kind_text(draft.kind)]
    if item.responsible_body:
        facts.append(f"{'issued by' if consultation else 'responsible body:'} {item.responsible_body}")
    if draft.status:
        facts.append(draft.status)
    if item.bill is not None:
        stage = item.bill.current_stage
        facts.append(f"current stage: {stage.label}" if stage else "no stage reached yet")
    dates = []
    if draft.opens_on is not None:
        when = short_date(draft.opens_on, draft.opens_precision)
        dates.append(f"{'Opens' if consultation else 'Published'} {when}")
    if draft.closes_on is not None:
        ahead = (draft.closes_on - today).days
        left = f" ({_plural(ahead, 'day')} left)" if consultation and 0 <= ahead <= 31 else ""
        dates.append(f"{'Closes' if consultation else 'Closes or due'} {short_date(draft.closes_on)}{left}")
    if draft.responded_on is not None:
        response = f"Our response went on {short_date(draft.responded_on)}"
        response += f": {draft.response}" if draft.response else "."
    else:
        response = "No response recorded." if consultation else ""
    return " · ".join(facts), " · ".join(dates), response


class PolicyItemPage(AskActions, RecordPage):
    """One policy item; asks its owner to open a meeting or the bill's own page, or to go back."""

    meeting_open_requested = Signal(int)
    bill_open_requested = Signal(int)

    editor = PolicyItemEditor
    edit_text = "Edit item…"
    refreshed_by = ("policy_items", "bills", "asks", "meetings", "organisations", "people", "boards")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, parent)
        self._bill_id: int | None = None
        self.bill_button = QPushButton("Bill's stages…")
        self.bill_button.setToolTip("Open the bill's own page: its stages in Parliament")
        self.top.insertWidget(self.top.indexOf(self.edit_button), self.bill_button)
        self.facts = text_label()
        self.facts.setObjectName("facts")
        self.dates = text_label()
        self.dates.setObjectName("dates")
        font = self.dates.font()
        font.setBold(True)
        self.dates.setFont(font)
        self.response = text_label()
        self.response.setObjectName("response")
        self.summary = text_label()
        self.summary.setObjectName("summary")
        self.streams = text_label()
        self.streams.setObjectName("work_streams")

        self.asks = asks_model()
        self.ask_table = link_table(self.asks, 6, {0: 260, 1: 120, 2: 120, 3: 75, 4: 180, 5: 120})
        self.add_ask_button = QPushButton("Add ask…")
        self.edit_ask_button = QPushButton("Edit ask…")
        self.delete_ask_button = QPushButton("Delete ask")
        ask_buttons = QHBoxLayout()
        ask_buttons.addStretch(1)
        ask_buttons.addWidget(self.add_ask_button)
        ask_buttons.addWidget(self.edit_ask_button)
        ask_buttons.addWidget(self.delete_ask_button)
        asks_tab = QWidget()
        asks_layout = QVBoxLayout(asks_tab)
        asks_layout.addWidget(self.ask_table, 1)
        asks_layout.addLayout(ask_buttons)
        self.meetings = meetings_model()
        self.meeting_table = link_table(self.meetings, 1, {0: 110})
        self.meeting_table.setToolTip("Double-click a meeting to open it")
        self.positions = positions_model()
        self.position_table = link_table(self.positions, 1, {0: 100, 2: 220, 3: 70})
        self.documents = documents_model()
        self.document_table = link_table(self.documents, 0, {1: 360})
        self.document_table.setToolTip("Double-click a document to open its link")
        self.decisions = decisions_model()
        self.decision_table = link_table(self.decisions, 1, {0: 100, 2: 200})
        self.board_actions = actions_model()
        self.board_action_table = link_table(self.board_actions, 0, {1: 170, 2: 90, 3: 90})
        board_tab = QWidget()
        board_layout = QVBoxLayout(board_tab)
        board_layout.addWidget(self.decision_table, 1)
        board_layout.addWidget(self.board_action_table, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(asks_tab, "Asks")
        self.tabs.addTab(self.meeting_table, "Meetings")
        self.tabs.addTab(self.position_table, "Our position")
        self.tabs.addTab(self.document_table, "Documents")
        self.tabs.addTab(board_tab, "Board decisions and actions")

        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        for label in (self.facts, self.dates, self.response, self.summary, self.streams):
            layout.addWidget(label)
        layout.addWidget(self.tabs, 1)

        self.bill_button.clicked.connect(self._on_bill_button_clicked)
        self.add_ask_button.clicked.connect(self._on_add_ask_button_clicked)
        self.edit_ask_button.clicked.connect(self._on_edit_ask_button_clicked)
        self.delete_ask_button.clicked.connect(self._on_delete_ask_button_clicked)
        # `activated` comes on Enter and on a double-click (or a single click where the style says so).
        self.ask_table.activated.connect(self._on_ask_table_activated)
        self.meeting_table.activated.connect(self._on_meeting_table_activated)
        self.document_table.activated.connect(self._on_document_table_activated)
        self.ask_table.selectionModel().selectionChanged.connect(self._on_ask_table_selection_changed)
        self._show_missing("")

    def show_item(self, item_id: int) -> None:
        self.show_record(item_id)

    def read_page(self, session: Any, item_id: int) -> PageData:
        return PageData(
            policy_items.page(session, item_id, date.today()),
            tuple(positions.history(session, item_id)),
            tuple(decisions.decision_rows(session, item_id=item_id)),
            tuple(decisions.action_rows(session, item_id=item_id)),
        )

    def _show(self, data: PageData) -> None:
        item = data.item
        self.heading.setText(item.draft.title)
        facts, dates, response = fact_lines(item, date.today())
        for label, text in (
            (self.facts, facts),
            (self.dates, dates),
            (self.response, response),
            (self.summary, item.draft.summary),
            (self.streams, "Work streams: " + "; ".join(item.work_streams) if item.work_streams else ""),
        ):
            label.setText(text)
            label.setVisible(bool(text))
        self._bill_id = item.draft.bill_id
        self.bill_button.setVisible(self._bill_id is not None)
        selected = self.selected_ask()
        self.asks.set_rows(item.asks)
        self.meetings.set_rows(item.meetings)
        self.positions.set_rows(data.positions)
        self.documents.set_rows(item.draft.documents)
        self.decisions.set_rows(data.decisions)
        self.board_actions.set_rows(data.actions)
        for tab, title in (
            (ASKS_TAB, f"Asks ({len(item.asks)})"),
            (MEETINGS_TAB, f"Meetings ({len(item.meetings)})"),
            (POSITIONS_TAB, f"Our position ({len(data.positions)})"),
            (DOCUMENTS_TAB, f"Documents ({len(item.draft.documents)})"),
            (BOARD_TAB, f"Board decisions and actions ({len(data.decisions) + len(data.actions)})"),
        ):
            self.tabs.setTabText(tab, title)
        if selected is not None:
            ids = [a.id for a in item.asks]
            if selected.id in ids:
                self.ask_table.selectRow(ids.index(selected.id))
        for button in (self.edit_button, self.add_ask_button):
            button.setEnabled(True)
        self._update_buttons()

    def _show_missing(self, message: str) -> None:
        # Deleted while open (an undo, or a colleague): say so rather than show stale facts.
        self.heading.setText(message)
        for label in (self.facts, self.dates, self.response, self.summary, self.streams):
            label.clear()
            label.hide()
        self._bill_id = None
        self.bill_button.hide()
        for model in (
            self.asks,
            self.meetings,
            self.positions,
            self.documents,
            self.decisions,
            self.board_actions,
        ):
            model.set_rows(())
        for button in (self.edit_button, self.add_ask_button):
            button.setEnabled(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_ask() is not None
        self.edit_ask_button.setEnabled(chosen)
        self.delete_ask_button.setEnabled(chosen)

    def _on_ask_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_bill_button_clicked(self) -> None:
        if self._bill_id is not None:
            self.bill_open_requested.emit(self._bill_id)

    # -- asks ------------------------------------------------------------------------------

    def _on_add_ask_button_clicked(self) -> None:
        if self.record_id is not None:
            AskEditor.ask(self, self._database, self._changes, item_id=self.record_id)

    # -- meetings and documents ------------------------------------------------------------

    def _on_meeting_table_activated(self, index: QModelIndex) -> None:
        meeting = self.meetings.row(index.row())
        if meeting is not None:
            self.meeting_open_requested.emit(meeting[0])

    def _on_document_table_activated(self, index: QModelIndex) -> None:
        document = self.documents.row(index.row())
        if document is not None and document.link:
            url = QUrl.fromUserInput(document.link)
            if url.isValid():
                QDesktopServices.openUrl(url)
