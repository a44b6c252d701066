"""The meetings list: every meeting logged, newest first, found by title, body or person."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from db.engine import Database
from tracker import meetings, search
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import Choice
from tracker.lobbying import themes
from tracker.meeting_list import MeetingRow
from ui.changes import MEETINGS, Changes
from ui.common.list_view import RecordListView
from ui.common.record_list import RecordList
from ui.common.sources import ServiceRows
from ui.meetings.filters import MeetingFilters
from ui.meetings.table import meetings_table, title_text


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
        self._found_in: dict[tuple[str, int], str] = {}
        self.model.set_tip("title", self._title_tip)
        # The filter row, under the words: hidden until asked for, so the list keeps its height.
        self.filters = MeetingFilters()
        self.filters.hide()
        self.list.layout().insertWidget(1, self.filters)  # type: ignore[union-attr]  (under the words)
        self.filters_button = QPushButton("Filters")
        self.filters_button.setCheckable(True)
        self.filters_button.setToolTip("Filter by period, kind, theme, body, person or report section")
        self.list.add_button(self.filters_button)
        self.filters_button.toggled.connect(self._on_filters_button_toggled)
        self.filters.changed.connect(self.model.set_meeting_filter)

    def _on_filters_button_toggled(self, shown: bool) -> None:
        if shown:
            with self._database.reading() as session:
                self.filters.set_choices(
                    [Choice(t.id, t.name) for t in themes.all_rows(session)],
                    organisations.choices(session),
                    people.choices(session),
                )
            self.filters.show()
            self.filters.since.setFocus()
        else:
            self.filters.clear()
            self.filters.hide()

    def _title_tip(self, query: ListQuery, row: MeetingRow) -> str:
        """The title, and with words typed, where in the meeting they were found ("Summary: … «sprinklers»
        in new social housing."): read for the row pointed at only, so typing stays as fast as before."""
        if not query.text.strip():
            return title_text(row)
        key = (query.text, row.id)
        if key not in self._found_in:
            if len(self._found_in) > 500:
                self._found_in.clear()
            with self._database.reading() as session:
                self._found_in[key] = search.found_in(session, query.text, [row.id]).get(row.id, "")
        found = self._found_in[key]
        return f"{title_text(row)}\n{found}" if found else title_text(row)

    def _on_list_delete_requested(self, meeting_id: int) -> None:
        self.delete_with_undo(
            meeting_id,
            named=lambda meeting: f"“{meeting.title}”",
            undo_text=lambda meeting: f"Delete meeting “{meeting.title}”",
        )
