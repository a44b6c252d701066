"""The Cross-check view: pick a department and period, see who met whom, who else on the same subject,
and our meetings the return leaves out; a double-click opens a meeting; the import dialog previews first."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from db.engine import Database
from db.vocabulary import BodyRole
from tests.tracker.conftest import Directory
from tracker import crosscheck, meetings
from tracker.io.transparency import import_return, quarter
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from ui.changes import Changes
from ui.common import prompts
from ui.crosscheck.view import CrossCheckView
from ui.imports.returns_dialog import ReturnsImportDialog


def _return_file(tmp_path: Path) -> Path:
    path = tmp_path / "home-office-2009-q1.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            [
                ["Minister", "Date", "Organisation", "Purpose"],
                ["Alan Campbell MP", "12/01/2009", "APA, ACPO", "Police reform bill"],
                ["", "20/01/2009", "ACPO", "Police reform: neighbourhood policing"],
                ["", "Nil return", "", ""],
                ["", "", "LGA", "No date"],
            ]
        )
    return path


@pytest.fixture
def seeded(database: Database, directory: Directory, tmp_path: Path) -> Directory:
    import_return(database, _return_file(tmp_path), dry_run=False)
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "Home Office on the Policing Green Paper",
                date(2009, 1, 12),
                bodies=(BodyEntry(directory.home_office, BodyRole.PARTICIPANT),),
                attendees=(AttendeeEntry(directory.kemp),),
            ),
        )
    return directory


def _cells(view: Any, table: str) -> list[list[str]]:
    model = getattr(view, table)
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def test_the_view_shows_who_met_whom_the_same_subject_and_what_is_missing(
    qtbot: Any, qtmodeltester: Any, database: Database, changes: Changes, seeded: Directory
) -> None:
    view = CrossCheckView(database, changes)
    qtbot.addWidget(view)
    view.choose(seeded.home_office, quarter(2009, 1))

    assert view.department.currentText() == "Home Office"
    assert view.period.currentText() == "Jan–Mar 2009"
    assert [row[:5] for row in _cells(view, "met")] == [
        ["Alan Campbell MP", "ACPO", "12 Jan 2009", "Police reform bill", "2"],
        ["Alan Campbell MP", "ACPO", "20 Jan 2009", "Police reform: neighbourhood policing", "2"],
        [
            "Alan Campbell MP",
            "Association of Police Authorities (APA)",
            "12 Jan 2009",
            "Police reform bill",
            "1",
        ],
    ]
    assert [row[:2] for row in _cells(view, "missing")] == [
        ["12 Jan 2009", "Home Office on the Policing Green Paper"]
    ]
    assert view.summary.text() == "2 meetings of 1 minister; 1 of ours not in the return"
    for model in (view.met, view.same, view.missing):
        qtmodeltester.check(model)

    view.met_table.selectRow(2)
    assert _cells(view, "same") == [
        ["20 Jan 2009", "ACPO", "Police reform: neighbourhood policing", "police, reform"]
    ]

    with qtbot.waitSignal(view.meeting_open_requested) as opened:
        view.missing_table.doubleClicked.emit(view.missing.index(0, 1))
    with database.session() as s:
        assert meetings.get(s, opened.args[0]).title == "Home Office on the Policing Green Paper"


def test_the_import_dialog_previews_then_imports_and_the_view_follows(
    qtbot: Any,
    database: Database,
    changes: Changes,
    directory: Directory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = CrossCheckView(database, changes)
    qtbot.addWidget(view)
    assert view.met.rowCount() == 0
    monkeypatch.setattr(prompts, "ask_open_path", lambda *_args: _return_file(tmp_path))
    dialog = ReturnsImportDialog(database, changes)
    qtbot.addWidget(dialog)

    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert not dialog.import_button.isEnabled()
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled() and dialog.panel.summary.text() != "")
    assert dialog.panel.summary.text() == (
        "home-office-2009-q1.csv: read 4; 2 would be imported, 1 skipped (1 nil return), 1 rejected."
    )
    assert dialog.panel.rejections.index(0, 1).data() == "no date"
    with database.session() as s:
        assert crosscheck.returns(s) == []  # the preview stored nothing

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert dialog.report is not None and dialog.report.imported == 2
    assert view.department.findText("Home Office") > 0
    assert view.met.rowCount() == 3


def test_a_file_that_is_not_a_return_is_told_and_nothing_is_imported(
    qtbot: Any, database: Database, changes: Changes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "tell", lambda _parent, _title, text: told.append(text))
    path = tmp_path / "list.csv"
    path.write_text("Name,Address\nSomeone,Somewhere\n", encoding="utf-8")
    dialog = ReturnsImportDialog(database, changes)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(path))

    dialog.preview()
    qtbot.waitUntil(lambda: bool(told))

    assert "no row of column headings" in told[0] or "header" in told[0]
    assert not dialog.import_button.isEnabled()
