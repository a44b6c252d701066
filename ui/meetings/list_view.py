"""The meetings list: every meeting logged, newest first, found by title, body or person."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.engine import Database
from tracker import meetings
from tracker.listing import ListQuery
from tracker.meetings import MeetingRow
from ui.changes import MEETINGS, Changes
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.list_view import RecordListView
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


class MeetingsView(RecordListView):
    """The list; opening or adding a meeting is asked of the main window, which owns the editor."""

    kind = MEETINGS
    placeholder = "Find meetings by title, body or person (Ctrl+F)…"
    refreshed_by = ("meetings", "organisations", "people")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, meetings_model(database), parent)
        widths = (95, 305, 118, 240, 205)
        for column, width in enumerate(widths):
            self.list.table.setColumnWidth(column, width)

    def _on_list_delete_requested(self, meeting_id: int) -> None:
        self.delete_with_undo(
            meeting_id,
            named=lambda meeting: f"“{meeting.title}”",
            undo_text=lambda meeting: f"Delete meeting “{meeting.title}”",
        )
