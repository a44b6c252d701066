"""Issue 20, item 6 in the window: a title's tooltip says where the words typed were found."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.meetings import BodyEntry, FollowUpEntry, MeetingDraft
from ui.changes import Changes
from ui.meetings.list_view import MeetingsView


def test_the_title_s_tooltip_shows_the_words_found_in_context(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "Conference workshop",
                date(2009, 4, 23),
                bodies=(BodyEntry(directory.home_office),),
                follow_ups=(FollowUpEntry("Circulate the Arson Control Forum paper"),),
            ),
        )
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    title = view.model.index(0, 1)
    assert title.data(Qt.ItemDataRole.ToolTipRole) == "Conference workshop"
    view.list.filter.setText("arson")
    view.list.apply_filter_now()
    title = view.model.index(0, 1)
    assert title.data() == "Conference workshop"
    tip = title.data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Conference workshop\nFollow-up: Circulate the «Arson» Control Forum paper"


def test_the_filter_row_narrows_the_list_and_says_what_is_wrong(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    from db.vocabulary import MeetingKind

    with database.session() as s:
        meetings.log(
            s, MeetingDraft("Conference workshop", date(2009, 4, 23), bodies=(BodyEntry(directory.apa),))
        )
        meetings.log(s, MeetingDraft("NCRB call", date(2009, 6, 2), kind=MeetingKind.CALL))
    view = MeetingsView(database, changes)
    qtbot.addWidget(view)
    view.resize(1024, 500)
    view.show()
    assert view.filters.isHidden()
    view.filters_button.click()
    assert view.filters.isVisible()
    view.filters.kind.setCurrentIndex(view.filters.kind.findData(MeetingKind.CALL.value))
    assert [view.model.row_at(i).title for i in range(view.model.rowCount())] == ["NCRB call"]  # type: ignore[union-attr]
    view.filters.kind.setCurrentIndex(0)
    view.filters.body.setText("Association of Police Authorities (APA)")
    qtbot.keyClick(view.filters.body, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1 and view.model.row_at(0).title == "Conference workshop"  # type: ignore[union-attr]
    view.filters.since.setText("31/02/2009")
    view.filters.since.editingFinished.emit()
    assert view.filters.message.text() == "From: “31/02/2009” is not a date (dd/mm/yyyy)"
    assert view.model.rowCount() == 1  # the last good filter stays
    view.filters.clear_button.click()
    assert view.model.rowCount() == 2 and view.filters.message.text() == ""
    view.filters_button.click()
    assert view.filters.isHidden()
    for widget in (view.filters.since, view.filters.kind, view.filters.body, view.filters.person):
        assert widget.accessibleName()
