"""Issue 20, item 8: the title bar, "Open asks", file dialogs that remember their folder and offer
to open what they wrote, and the brief shown before it is saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker.lobbying.bills import BillRow
from tracker.reports.brief import brief_paper
from ui.bills.models import bills_model
from ui.changes import Changes
from ui.common import prompts
from ui.common.prompts import ask_open_path as real_ask_open_path
from ui.common.prompts import ask_save_path as real_ask_save_path
from ui.common.prompts import offer_open as real_offer_open
from ui.main_window import MainWindow
from ui.organisations.brief_preview import BriefPreview
from ui.organisations.page import OrganisationPage


def shown_title(title: str) -> str:
    """The title as Qt hands it to the window manager, the display name set as ui/app.py sets it
    ("Liaison"): added after the title unless the title already ends with it."""
    return title if title.endswith("Liaison") else f"{title} — Liaison"


def test_liaison_is_named_once_in_the_title_bar(qtbot: QtBot, database: Database) -> None:
    window = MainWindow(database)
    qtbot.addWidget(window)
    shown = shown_title(window.windowTitle())
    assert shown == f"{database.where} — Liaison"
    assert shown.count("Liaison") == database.where.count("Liaison") + 1


def test_the_demo_says_so_and_names_liaison_once() -> None:
    from ui.welcome import DEMO_TITLE

    assert "demo" in DEMO_TITLE.lower()
    assert shown_title(DEMO_TITLE).count("Liaison") == 1


def test_a_bill_with_no_open_asks_shows_0() -> None:
    model = bills_model()
    model.set_rows([BillRow(1, "Police and Justice Bill", "2005-06", *_bill_rest(asks=2, open_asks=0))])
    column = [model.headerData(c, _horizontal()) for c in range(model.columnCount())].index("Open asks")
    assert model.index(0, column).data() == "0"


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _bill_rest(asks: int, open_asks: int) -> tuple[Any, ...]:
    from db.vocabulary import BillType

    return (next(iter(BillType)), "", "Royal Assent", asks, open_asks)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    kept = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(prompts, "settings", lambda: kept)
    return kept


def test_a_file_dialog_starts_in_the_folder_last_used_for_that_kind_of_file(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started: list[str] = []
    answers = iter([str(tmp_path / "papers" / "board.docx"), "", ""])
    (tmp_path / "papers").mkdir()

    def save_name(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
        started.append(start)
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    words = "Word document (*.docx);;PDF (*.pdf)"
    assert (
        real_ask_save_path(parent, "Export", Path.home() / "board.docx", words)
        == tmp_path / "papers" / "board.docx"
    )
    assert real_ask_save_path(parent, "Export", Path.home() / "next.docx", words) is None
    real_ask_save_path(parent, "Export", Path.home() / "diary.ics", "Calendar (*.ics)")
    assert started == [
        str(Path.home() / "board.docx"),  # nothing remembered yet: the home folder
        str(tmp_path / "papers" / "next.docx"),  # where the last Word file went
        str(Path.home() / "diary.ics"),  # another kind of file: its own folder
    ]

    opened: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda parent, title, start, filters: (opened.append(start), ("", ""))[1],
    )
    real_ask_open_path(parent, "Import", "Word document (*.docx)")
    assert opened == [str(tmp_path / "papers")]


def test_a_folder_since_removed_falls_back_to_home(tmp_path: Path, settings: QSettings) -> None:
    gone = tmp_path / "gone" / "a.pdf"
    prompts.remember_folder("pdf", gone)
    assert prompts.last_folder("pdf") == Path.home()


def test_after_an_export_the_file_can_be_opened(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    written = tmp_path / "brief.pdf"
    written.write_bytes(b"%PDF")
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_file", lambda path: opened.append(path) or True)

    def click(button_text: str) -> Any:
        def exec_(box: QMessageBox) -> int:
            assert f"Written to {written}" in box.text()
            next(b for b in box.buttons() if b.text() == button_text).click()
            return 0

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("&Close"))
    assert real_offer_open(parent, "Brief written", written) is False
    assert opened == []
    monkeypatch.setattr(QMessageBox, "exec", click("&Open"))
    assert real_offer_open(parent, "Brief written", written) is True
    assert opened == [written]


def test_the_brief_is_shown_before_anything_is_saved(
    qtbot: QtBot,
    database: Database,
    changes: Changes,
    directory: Directory,
    monkeypatch: pytest.MonkeyPatch,
    no_real_dialogs: list[str],
) -> None:
    page = OrganisationPage(database, changes)
    qtbot.addWidget(page)
    page.show_organisation(directory.home_office)
    previews: list[tuple[str, Path]] = []
    monkeypatch.setattr(
        BriefPreview, "ask", lambda parent, paper, suggested: previews.append((paper.title, suggested))
    )
    page.brief_button.click()
    assert previews == [("Brief: Home Office", Path.home() / "Home Office - brief.pdf")]
    assert no_real_dialogs == []  # no save dialog yet


def test_the_brief_preview_shows_the_brief_and_saves_it_where_asked(
    qtbot: QtBot,
    database: Database,
    directory: Directory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_real_dialogs: list[str],
) -> None:
    with database.session() as session:
        paper = brief_paper(session, directory.home_office, date(2009, 3, 1))
    preview = BriefPreview(paper, Path.home() / "Home Office - brief.pdf")
    qtbot.addWidget(preview)
    assert "Brief: Home Office" in preview.page.toPlainText()
    target = tmp_path / "brief.md"
    monkeypatch.setattr(prompts, "ask_save_path", lambda parent, title, suggested, filters: target)
    preview.save_button.click()
    assert preview.written == target
    assert "Brief: Home Office" in target.read_text(encoding="utf-8")
    assert no_real_dialogs == [f"Brief written | {target}"]  # and offered to open it
