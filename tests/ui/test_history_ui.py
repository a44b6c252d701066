"""History… on a record's page and in the meeting form, and lists that show colleagues' changes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from db.engine import Database, open_database
from db.vocabulary import AttendanceRole, OrganisationKind
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.common import history
from tracker.common.history import Subject
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft
from tracker.meetings import AttendeeEntry, MeetingDraft
from ui.changes import Changes, ColleagueWatch
from ui.common.history import HistoryDialog, HistoryModel
from ui.meetings.editor import MeetingEditor
from ui.organisations.list_view import OrganisationsView
from ui.organisations.page import OrganisationPage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def colleague(database_path: Path, database: Database) -> Iterator[Database]:
    other = open_database(database_path, actor="colleague")
    yield other
    other.close()


def rows_of(model: HistoryModel) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def when_history_shows(act: Callable[[HistoryDialog], None]) -> list[list[list[str]]]:
    """Read the history dialog once it is open (it runs its own event loop), then close it."""
    seen: list[list[list[str]]] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, HistoryDialog):
            QTimer.singleShot(10, attempt)
            return
        seen.append(rows_of(dialog.model))
        act(dialog)
        dialog.reject()

    QTimer.singleShot(0, attempt)
    return seen


def test_the_meeting_form_shows_the_meeting_history_read_only(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        logged = meetings.log(
            s,
            MeetingDraft(
                title="National Crime Reduction Board",
                held_on=date(2009, 3, 19),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
            ),
        )
    assert logged.id is not None
    with colleague.session() as s:
        meetings.update(s, replace(logged, summary="Crime statistics considered."))
    editor = MeetingEditor(database, changes, logged.id)
    qtbot.addWidget(editor)
    editor.show()

    flags: list[Qt.ItemFlag] = []
    seen = when_history_shows(lambda dialog: flags.append(dialog.model.index(0, 6).flags()))
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)

    rows = seen[0]
    assert rows[0][1:] == ["colleague", "Changed", "Meeting", "Summary", "", "Crime statistics considered."]
    assert ["officer.test", "Added", "Attendee", "", "", "Cllr Richard Kemp, attended"] in [
        r[1:] for r in rows
    ]
    assert not flags[0] & Qt.ItemFlag.ItemIsEditable
    assert editor.isVisible()  # the form stays open behind the history


def test_a_new_meeting_form_has_no_history_button(qtbot: QtBot, database: Database, changes: Changes) -> None:
    editor = MeetingEditor(database, changes)
    qtbot.addWidget(editor)
    assert not hasattr(editor, "history_button")


def test_an_organisation_page_opens_its_history(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        stored = organisations.get(s, directory.apa)
        organisations.update(s, replace(stored, aliases=("Police authorities' association",)))
    page = OrganisationPage(database, changes)
    qtbot.addWidget(page)
    page.show_organisation(directory.apa)

    seen = when_history_shows(lambda dialog: None)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)

    assert seen[0][0][1:] == [
        "officer.test",
        "Added",
        "Also known as",
        "",
        "",
        "Police authorities' association",
    ]
    assert ["officer.test", "Added", "Organisation", "Name", "", "Association of Police Authorities"] in [
        r[1:] for r in seen[0]
    ]


def test_the_history_dialog_says_how_many_changes_and_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, database: Database, directory: Directory
) -> None:
    dialog = HistoryDialog(database, Subject.PERSON, directory.murray, "Helen Murray")
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    summary = dialog.findChild(QLabel, "summary")
    assert summary is not None and summary.text().startswith("1 change recorded")
    assert dialog.windowTitle() == "History — Helen Murray"
    with database.session() as s:
        assert dialog.model.rowCount() == len(history.lines(s, Subject.PERSON, directory.murray))


def test_a_colleague_change_reaches_the_list_at_the_next_poll(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, directory: Directory
) -> None:
    view = OrganisationsView(database, changes)
    qtbot.addWidget(view)
    watch = ColleagueWatch(changes, interval_ms=50)
    before = view.model.rowCount()
    with colleague.session() as s:
        organisations.create(s, OrganisationDraft("IDeA", OrganisationKind.AGENCY))
    watch.start()
    with qtbot.waitSignal(changes.changed, timeout=5000) as signal:
        pass
    watch.stop()
    assert signal.args == ["organisations"]
    assert view.model.rowCount() == before + 1  # the list read again
    assert watch.poll() == frozenset()  # nothing new since


def test_a_change_under_the_same_name_from_another_process_reaches_the_list(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    """A command line import on the same file writes under the same user name as the window."""
    assert database.path is not None
    view = OrganisationsView(database, changes)
    qtbot.addWidget(view)
    watch = ColleagueWatch(changes, interval_ms=50)
    before = view.model.rowCount()
    sheet = database.path.with_name("bodies.csv")
    sheet.write_text("name,kind\nLocal Government Regulation,agency\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(database.path),
            "import",
            "csv",
            str(sheet),
            "--kind",
            "organisations",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "LOGNAME": database.actor, "USER": database.actor},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    announced: list[str] = []
    changes.changed.connect(announced.append)
    watch.start()
    qtbot.waitUntil(lambda: "organisations" in announced, timeout=5000)
    watch.stop()
    assert view.model.rowCount() == before + 1


def test_a_refresh_keeps_the_selected_record_selected(
    qtbot: QtBot, database: Database, colleague: Database, changes: Changes, directory: Directory
) -> None:
    view = OrganisationsView(database, changes)
    qtbot.addWidget(view)
    names = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    view.list.table.selectRow(names.index("Home Office"))
    with colleague.session() as s:
        organisations.create(s, OrganisationDraft("Audit Commission", OrganisationKind.AGENCY))
    changes.announce("organisations")  # as the poll does on seeing the colleague's change
    assert view.list.selected_id() == directory.home_office
