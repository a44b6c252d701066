"""The meetings list's table: its columns, widths and filter, over any source of rows.

Nothing here loads SQLAlchemy: the window shows this table with the newest meetings, read straight
from the file (tracker/meeting_list.py), while the database opens behind it; `MeetingsView` then
takes the same table over (ui/meetings/list_view.py).
"""

from __future__ import annotations

from tracker.meeting_list import FIRST_VIEW, MeetingRow
from ui.common.lazy_table import Column, LazyTableModel, RowSource
from ui.common.record_list import RecordList


def title_text(row: MeetingRow) -> str:
    return ("🔒 " if row.confidential else "") + row.title


COLUMNS: list[Column[MeetingRow]] = [
    Column("held_on", "Date", lambda r: r.when),
    Column("title", "Title", title_text),
    Column("kind", "Kind", lambda r: r.kind.label),
    Column("bodies", "Outside bodies", lambda r: r.bodies),
    Column("people", "Who attended", lambda r: r.people),
    Column("report_section", "Report section", lambda r: r.report_section.label),
]
WIDTHS = (95, 305, 118, 240, 205)  # the last column, the report section, takes what is left
PLACEHOLDER = "Find meetings: title, body, person, what was discussed (Ctrl+F)…"


def meetings_table(source: RowSource[MeetingRow]) -> RecordList:
    """The list as it first shows: every meeting, newest first."""
    model = LazyTableModel(source, COLUMNS, FIRST_VIEW)
    table = RecordList(model, "meeting", "meetings")
    table.filter.setPlaceholderText(PLACEHOLDER)
    for column, width in enumerate(WIDTHS):
        table.table.setColumnWidth(column, width)
    return table
