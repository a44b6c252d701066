"""The spreadsheet import dialog: a mapping proposed per column, corrected by the user, checked,
imported, and the meetings list showing the new meetings; export actions write files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from db.engine import Database
from tracker import meetings
from tracker.common.listing import ListQuery
from ui.changes import Changes
from ui.common import prompts
from ui.imports import export_dialog
from ui.imports.sheet_dialog import SheetImportDialog


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "meetings.csv"
    path.write_bytes(
        (
            "Date;Subject;With;Remarks\r\n"
            "23/04/2009;Tackling Crime in a Recession;Home Office;Cllr Kemp chaired\r\n"
            "31/02/2009;Bad day;APA;\r\n"
            "12/05/2009;Call with APA;APA;\r\n"
        ).encode("cp1252")
    )
    return path


def _combo(dialog: SheetImportDialog, row: int) -> QComboBox:
    box = dialog.columns.cellWidget(row, 2)
    assert isinstance(box, QComboBox)
    return box


def test_map_check_and_import_then_the_list_shows_the_meetings(
    qtbot: Any, database: Database, changes: Changes, directory: Any, sheet: Path
) -> None:
    announced: list[str] = []
    changes.changed.connect(announced.append)
    dialog = SheetImportDialog(database, changes, sheet)
    qtbot.addWidget(dialog)

    assert [dialog.columns.item(r, 0).text() for r in range(4)] == ["Date", "Subject", "With", "Remarks"]
    assert dialog.mapping() == ("date", "title", "bodies", "notes")
    assert "as their headings suggest" in dialog.mapping_note.text()
    assert not dialog.import_button.isEnabled()

    remarks = _combo(dialog, 3)
    remarks.setCurrentIndex(remarks.findData("summary"))
    qtbot.mouseClick(dialog.check_button, _left())
    qtbot.waitUntil(lambda: "would be imported" in dialog.report.summary.text(), timeout=10_000)
    assert dialog.report.summary.text() == (
        "meetings.csv: read 3; 2 would be imported, 0 skipped (already there), 1 rejected."
    )
    assert dialog.report.rejections.rowCount() == 1
    assert dialog.import_button.isEnabled()
    with database.session() as s:
        assert meetings.count(s, ListQuery()) == 0

    qtbot.mouseClick(dialog.import_button, _left())
    qtbot.waitUntil(lambda: "were imported" in dialog.report.summary.text(), timeout=10_000)
    assert not dialog.import_button.isEnabled()
    assert "meetings" in announced
    with database.session() as s:
        rows = meetings.rows(s, ListQuery(sort="held_on"), 0, 10)
    assert [r.title for r in rows] == ["Tackling Crime in a Recession", "Call with APA"]

    # The next file with these headings is read the same way without being told.
    again = SheetImportDialog(database, changes, sheet)
    qtbot.addWidget(again)
    assert again.mapping() == ("date", "title", "bodies", "summary")
    assert "last file with these headings" in again.mapping_note.text()


def test_changing_a_column_after_the_check_asks_for_another_check(
    qtbot: Any, database: Database, changes: Changes, sheet: Path
) -> None:
    dialog = SheetImportDialog(database, changes, sheet)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.check_button, _left())
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    _combo(dialog, 2).setCurrentIndex(0)
    assert not dialog.import_button.isEnabled()


def test_a_file_that_is_not_a_table_is_said_so(
    qtbot: Any, database: Database, changes: Changes, tmp_path: Path
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 binary")
    dialog = SheetImportDialog(database, changes, path)
    qtbot.addWidget(dialog)
    assert "old Excel (.xls) workbook" in dialog.mapping_note.text()
    assert not dialog.check_button.isEnabled()


def test_exporting_meetings_to_a_chosen_file(
    qtbot: Any, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet: Path
) -> None:
    from PySide6.QtWidgets import QWidget

    from tracker.io.exports import What
    from tracker.io.sheet_import import import_file

    import_file(database, sheet)
    target = tmp_path / "out"  # no suffix: an .xlsx is written
    monkeypatch.setattr(prompts, "ask_save_path", lambda *args: target)
    parent = QWidget()
    qtbot.addWidget(parent)
    exports = export_dialog.Exports(database, parent)
    with qtbot.waitSignal(exports.written, timeout=10_000) as written:
        exports.export_sheet(What.MEETINGS)
    assert written.args == [f"Wrote {target}.xlsx: 2 meetings."]
    assert (tmp_path / "out.xlsx").exists()


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
