"""The import preview asks about each close match ("possible match: X?"): accepted, the row's meeting
links to the body held; rejected (the default), to a new body of the name as written."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from db.engine import Database
from db.models import Meeting, MeetingOrganisation, Organisation
from tests.tracker.conftest import Directory
from tracker.io.importing import PossibleMatch
from ui.changes import Changes
from ui.imports.close_matches import ACCEPT_COLUMN, CloseMatchesModel
from ui.imports.returns_dialog import ReturnsImportDialog


def test_the_model_passes_the_model_tester_and_starts_with_every_match_rejected(
    qtmodeltester: Any, qapp: Any
) -> None:
    model = CloseMatchesModel()
    model.set_matches(
        [
            PossibleMatch("Assocation of Police Authorities", "body", 2, "APA", "a very similar name"),
            PossibleMatch("Home Ofice", "body", 1, "Home Office", "a very similar name"),
        ]
    )
    qtmodeltester.check(model)

    assert model.index(0, ACCEPT_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.index(0, ACCEPT_COLUMN).data() == "Reject (new)"
    assert model.flags(model.index(1, ACCEPT_COLUMN)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.accepted() == frozenset()
    assert model.setData(model.index(1, ACCEPT_COLUMN), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.accepted() == {"Home Ofice"}
    assert model.index(1, ACCEPT_COLUMN).data() == "Accept"


def _return(tmp_path: Path) -> Path:
    path = tmp_path / "home-office-2009-q1.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            [
                ["Minister", "Date", "Organisation", "Purpose"],
                ["Alan Campbell MP", "12/01/2009", "Assocation of Police Authorities", "Police reform bill"],
                ["", "20/01/2009", "National Crime Reduction Bord", "Crime reduction"],
            ]
        )
    return path


def test_accept_one_reject_another_then_each_meeting_links_to_the_body_chosen(
    qtbot: Any, database: Database, changes: Changes, directory: Directory, tmp_path: Path
) -> None:
    dialog = ReturnsImportDialog(database, changes)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(_return(tmp_path)))
    dialog.department.setText("Home Office")

    dialog.preview()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled() and dialog.panel.summary.text() != "")
    model = dialog.close_matches.model
    assert not dialog.close_matches.isHidden()
    listed = {model.index(r, 1).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert listed == {
        "Assocation of Police Authorities (body)": "Association of Police Authorities (APA)",
        "National Crime Reduction Bord (body)": "National Crime Reduction Board (NCRB)",
    }
    rows = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    # Accept the first; leave the second as it starts, rejected.
    apa_row = rows["Assocation of Police Authorities (body)"]
    model.setData(model.index(apa_row, ACCEPT_COLUMN), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    with database.session() as s:
        linked = dict(
            s.execute(
                select(Meeting.title, Organisation.name)
                .join(MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id)
                .join(Organisation, Organisation.id == MeetingOrganisation.organisation_id)
            ).all()
        )
        ids = dict(
            s.execute(
                select(Meeting.title, MeetingOrganisation.organisation_id).join(
                    MeetingOrganisation, MeetingOrganisation.meeting_id == Meeting.id
                )
            ).all()
        )
    assert linked == {
        "Police reform bill": "Association of Police Authorities",
        "Crime reduction": "National Crime Reduction Bord",
    }
    assert ids["Police reform bill"] == directory.apa
    assert ids["Crime reduction"] != directory.ncrb
