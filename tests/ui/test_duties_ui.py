"""'My duties' and the needs-attention panel, driven as a member or officer would."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.vocabulary import AttendanceRole, BodyRole
from tests.tracker.conftest import Directory
from tracker import duties, meetings
from tracker.duties import AppointmentDraft
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft
from ui.changes import Changes
from ui.common import prompts
from ui.duties.appointment_editor import AppointmentEditor
from ui.duties.attention import AttentionPanel
from ui.duties.view import DutiesView


@pytest.fixture
def kemp_on_the_ncrb(database: Database, directory: Directory) -> int:
    with database.session() as s:
        appointment = duties.appoint(
            s, AppointmentDraft(directory.kemp, directory.ncrb, term_start=date(2009, 1, 1))
        )
        for day, attendees in (
            (date(2009, 3, 19), (AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),)),
            (date(2009, 5, 21), ()),
            (date(2009, 7, 16), (AttendeeEntry(directory.kemp, AttendanceRole.SPOKE),)),
        ):
            meetings.log(
                s,
                MeetingDraft(
                    f"NCRB {day:%B}",
                    day,
                    bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                    attendees=attendees,
                ),
            )
    assert appointment.id is not None
    return appointment.id


@pytest.fixture
def view(qtbot: QtBot, database: Database, changes: Changes, directory: Directory) -> DutiesView:
    widget = DutiesView(database, changes)
    qtbot.addWidget(widget)
    widget.as_of.setText("31/12/2009")
    widget.until.setText("31/12/2009")
    return widget


def cells(model: Any, row: int) -> list[str]:
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def pick(qtbot: QtBot, view: DutiesView, name: str) -> None:
    qtbot.keyClicks(view.person, name)
    qtbot.keyClick(view.person, Qt.Key.Key_Return)


def test_a_member_picked_in_my_duties_shows_their_bodies_and_attendance_rate(
    qtbot: QtBot, view: DutiesView, kemp_on_the_ncrb: int, qtmodeltester: Any
) -> None:
    pick(qtbot, view, "Cllr Richard Kemp")
    assert view.duties.rowCount() == 1
    assert cells(view.duties, 0) == [
        "National Crime Reduction Board (NCRB)",
        "representative",
        "1 Jan 2009 – open-ended",
        "3",
        "2",
        "67%",
        "16 Jul 2009",
        "2",
        "",
    ]
    assert [cells(view.meetings, r)[2] for r in range(3)] == ["attended", "missed", "attended"]
    assert "3 meetings held · 2 attended (67%)" in view.summary.text()
    qtmodeltester.check(view.duties)
    qtmodeltester.check(view.meetings)


def test_the_window_and_the_command_line_give_the_same_figures(
    qtbot: QtBot,
    view: DutiesView,
    kemp_on_the_ncrb: int,
    database_path: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cli import main

    pick(qtbot, view, "Cllr Richard Kemp")
    assert (
        main(
            [
                "--db",
                str(database_path),
                "duties",
                "Cllr Richard Kemp",
                "--as-of",
                "2009-12-31",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out.splitlines()[1].split(",")
    assert printed[3:6] == cells(view.duties, 0)[3:6]


def test_an_overlapping_appointment_is_refused_beside_the_term(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, kemp_on_the_ncrb: int
) -> None:
    editor = AppointmentEditor(database, changes, person_id=directory.kemp)
    qtbot.addWidget(editor)
    assert editor.person.text() == "Cllr Richard Kemp"
    qtbot.keyClicks(editor.body, "NCRB")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    editor.term_start.setText("01/06/2009")
    assert not editor.save()
    assert "the terms would overlap" in editor.errors.message("term_start")
    editor.body.setText("")
    qtbot.keyClicks(editor.body, "Home Office")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    assert editor.save()
    with database.session() as s:
        assert {a.body for a in duties.all_appointments(s, date(2009, 12, 31))} == {
            "National Crime Reduction Board (NCRB)",
            "Home Office",
        }


def test_a_successor_is_appointed_and_one_undo_takes_it_all_back(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, kemp_on_the_ncrb: int
) -> None:
    editor = AppointmentEditor(database, changes, succeeding=kemp_on_the_ncrb)
    qtbot.addWidget(editor)
    assert not editor.body.isEnabled() and editor.body.text() == "National Crime Reduction Board (NCRB)"
    qtbot.keyClicks(editor.person, "Cllr Allan Witherick")
    qtbot.keyClick(editor.person, Qt.Key.Key_Return)
    editor.term_start.setText("01/09/2009")
    assert editor.save()
    with database.session() as s:
        rows = duties.all_appointments(s, date(2009, 12, 31))
    assert [(r.person, r.term_end, r.successor) for r in rows] == [
        ("Cllr Richard Kemp", date(2009, 8, 31), "Cllr Allan Witherick"),
        ("Cllr Allan Witherick", None, ""),
    ]
    changes.undo_stack.undo()
    with database.session() as s:
        rows = duties.all_appointments(s, date(2009, 12, 31))
    assert [(r.person, r.term_end) for r in rows] == [("Cllr Richard Kemp", None)]
    changes.undo_stack.redo()
    with database.session() as s:
        assert len(duties.all_appointments(s, date(2009, 12, 31))) == 2


def test_a_report_back_is_marked_and_can_be_undone(
    qtbot: QtBot, view: DutiesView, changes: Changes, kemp_on_the_ncrb: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pick(qtbot, view, "Cllr Richard Kemp")
    view.meeting_table.selectRow(0)
    assert view.report_back_button.isEnabled()
    monkeypatch.setattr(prompts, "ask_text", lambda *args: "26/03/2009")
    qtbot.mouseClick(view.report_back_button, Qt.MouseButton.LeftButton)
    assert cells(view.meetings, 0)[4] == "written 26 Mar 2009"
    assert cells(view.duties, 0)[7] == "1"
    changes.undo_stack.undo()
    assert cells(view.meetings, 0)[4] == "overdue"
    view.meeting_table.selectRow(1)
    assert not view.report_back_button.isEnabled(), "a missed meeting has nothing to report back"


def test_the_attention_panel_lists_what_needs_a_look_and_opens_it(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory, kemp_on_the_ncrb: int
) -> None:
    with database.session() as s:
        duties.appoint(s, AppointmentDraft(directory.witherick, directory.apa, term_end=date(2009, 3, 31)))
    panel = AttentionPanel(database, changes)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.refresh(as_of=date(2009, 12, 31))
    texts = [cells(panel.model, r) for r in range(panel.model.rowCount())]
    assert [
        "Vacant seat",
        "Association of Police Authorities (APA): no one appointed since Cllr Allan Witherick's"
        " term ended on 31 Mar 2009",
    ] in texts
    assert ["Report-back overdue", "Cllr Richard Kemp: 2 report-backs overdue"] in texts
    assert panel.title.text().startswith("<b>Needs attention (")
    vacant = next(r for r, t in enumerate(texts) if t[0] == "Vacant seat")
    with qtbot.waitSignal(panel.organisation_open_requested) as opened:
        panel.table.activated.emit(panel.model.index(vacant, 1))
    assert opened.args == [directory.apa]


def test_an_overdue_follow_up_in_needs_attention_opens_its_meeting(
    qtbot: QtBot, database: Database, changes: Changes, directory: Directory
) -> None:
    with database.session() as s:
        saved = meetings.log(
            s,
            MeetingDraft(
                "Youth Justice Board: custody places",
                date(2009, 9, 2),
                follow_ups=(FollowUpEntry("Chase the YJB's figures", directory.murray, date(2009, 10, 1)),),
            ),
        )
    panel = AttentionPanel(database, changes)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.refresh(as_of=date(2009, 12, 31))
    texts = [cells(panel.model, r) for r in range(panel.model.rowCount())]
    row = next(r for r, t in enumerate(texts) if t[0] == "Follow-up overdue")
    assert "Chase the YJB's figures" in texts[row][1]
    with qtbot.waitSignal(panel.meeting_open_requested) as opened:
        panel.table.activated.emit(panel.model.index(row, 1))
    assert opened.args == [saved.id]


def test_the_attention_panel_works_its_list_out_off_the_gui_thread_once_it_is_shown(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    kemp_on_the_ncrb: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[bool] = []
    real = duties.needs_attention

    def recording(*args: Any, **kwargs: Any) -> list[duties.AttentionItem]:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(duties, "needs_attention", recording)
    panel = AttentionPanel(database, changes)
    qtbot.addWidget(panel)
    qtbot.wait(50)
    assert threads == [], "nothing is worked out before the panel is on screen"
    assert panel.model.rowCount() == 0
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.show()
    assert threads == [False], "worked out once, on a pool thread"
    assert panel.model.rowCount() > 0 and not panel.is_busy()
    # Hidden, a change only marks the list out of date; shown again, it is worked out again.
    panel.hide()
    changes.changed.emit("meetings")
    qtbot.wait(50)
    assert threads == [False]
    with qtbot.waitSignal(panel.refreshed, timeout=20_000):
        panel.show()
    assert threads == [False, False]
