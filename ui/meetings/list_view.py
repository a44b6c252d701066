"""The meetings list: every meeting logged, newest first, found by title, body or person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from db.engine import Database
from tracker import meetings
from tracker.errors import DomainError
from tracker.listing import ListQuery
from tracker.meetings import MeetingRow
from ui.changes import MEETINGS, Changes
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.prompts import confirm, tell
from ui.common.record_list import RecordList
from ui.common.sources import ServiceRows

COLUMNS: list[Column[MeetingRow]] = [
    Column("held_on", "Date", lambda r: r.when),
    Column("title", "Title", lambda r: ("🔒 " if r.confidential else "") + r.title),
    Column("kind", "Kind", lambda r: r.kind.label),
    Column("bodies", "Outside bodies", lambda r: r.bodies),
    Column("people", "Who attended", lambda r: r.people),
    Column("report_section", "Report section", lambda r: r.report_section.label),
]


def meetings_model(database: Database) -> LazyTableModel[MeetingRow]:
    source = ServiceRows(database, meetings.count, meetings.rows)
    return LazyTableModel(source, COLUMNS, ListQuery(sort="held_on", descending=True))


class MeetingsView(QWidget):
    """The list; opening or adding a meeting is asked of the main window, which owns the editor."""

    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.model = meetings_model(database)
        self.list = RecordList(self.model, "meeting", "meetings")
        self.list.filter.setPlaceholderText("Find meetings by title, body or person (Ctrl+F)…")
        widths = (95, 305, 118, 240, 205)
        for column, width in enumerate(widths):
            self.list.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.open_requested.connect(self.open_requested)
        self.list.new_requested.connect(self.new_requested)
        self.list.delete_requested.connect(self._on_list_delete_requested)
        changes.changed.connect(self._on_changes_changed)

    def _on_changes_changed(self, kind: str) -> None:
        if kind in ("meetings", "organisations", "people"):
            self.model.refresh()

    def _on_list_delete_requested(self, meeting_id: int) -> None:
        try:
            with self._database.session() as session:
                title = meetings.get(session, meeting_id).title
            if not confirm(
                self, "Delete meeting", f"Delete “{title}”? You can undo this with Ctrl+Z.", "Delete"
            ):
                return
            with self._database.session() as session:
                snapshot = meetings.delete(session, meeting_id)
        except DomainError as error:
            tell(self, "Cannot delete", error.message)
            return
        self._changes.deleted(MEETINGS, snapshot, f"Delete meeting “{snapshot.title}”")
