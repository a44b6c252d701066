"""The meetings list: every meeting logged, newest first, found by title, body or person."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.engine import Database
from tracker import meetings
from tracker.meeting_list import MeetingRow
from ui.changes import MEETINGS, Changes
from ui.common.list_view import RecordListView
from ui.common.record_list import RecordList
from ui.common.sources import ServiceRows
from ui.meetings.table import meetings_table


def meetings_rows(database: Database) -> ServiceRows[MeetingRow]:
    return ServiceRows(database, meetings.count, meetings.rows)


class MeetingsView(RecordListView):
    """The list; opening or adding a meeting is asked of the main window, which owns the editor."""

    kind = MEETINGS
    refreshed_by = ("meetings", "organisations", "people")

    def __init__(
        self,
        database: Database,
        changes: Changes,
        parent: QWidget | None = None,
        *,
        shown: RecordList | None = None,
    ) -> None:
        """`shown` is the meetings table the window showed while the database opened: from here on
        its rows come from the services, which find and sort as well."""
        if shown is None:
            shown = meetings_table(meetings_rows(database))
        else:
            shown.model.move_to(meetings_rows(database))
        super().__init__(database, changes, shown.model, parent, record_list=shown)

    def _on_list_delete_requested(self, meeting_id: int) -> None:
        self.delete_with_undo(
            meeting_id,
            named=lambda meeting: f"“{meeting.title}”",
            undo_text=lambda meeting: f"Delete meeting “{meeting.title}”",
        )
