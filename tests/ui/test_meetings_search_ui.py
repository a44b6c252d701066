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
