"""A database in a folder nobody may write to: opened for reading, said so, never called damaged.

The folder is made read-only for real: a read-only mount when the tests run as root (CI does, and
root may write through any file mode), the folder's and file's modes otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cli import main
from db.engine import READ_ONLY_FILE, ReadOnlyFile, open_database
from db.vocabulary import OrganisationKind
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft
from tracker.meetings import MeetingDraft


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(path: Path) -> None:
    database = open_database(path)
    try:
        with database.session() as s:
            meetings.log(s, MeetingDraft("National Crime Reduction Board", date(2009, 5, 13)))
    finally:
        database.close()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a Liaison file (closed cleanly: no -wal), that cannot be written to."""
    folder = tmp_path / "shared"
    folder.mkdir()
    if os.geteuid() != 0:
        _fill(folder / "liaison.db")
        (folder / "liaison.db").chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=False)
    if mounted.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root and must be able to mount a read-only folder for this test")
        pytest.skip("cannot mount a read-only folder here (not permitted)")
    try:
        _fill(folder / "liaison.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_sound_file_in_a_read_only_folder_opens_for_reading_and_says_so(read_only_folder: Path) -> None:
    path = read_only_folder / "liaison.db"
    before = _digest(path)
    database = open_database(path)
    try:
        assert database.access == READ_ONLY_FILE and database.access.read_only
        assert any("read-only" in notice for notice in database.notices)
        with database.reading() as s:
            assert meetings.count(s, ListQuery("National Crime Reduction Board")) == 1
        with pytest.raises(ReadOnlyFile, match="read-only"), database.session() as s:
            organisations.create(s, OrganisationDraft("LACORS", OrganisationKind.ASSOCIATION))
    finally:
        database.close()
    assert _digest(path) == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["liaison.db"]


def test_commands_that_read_work_and_commands_that_write_refuse_with_exit_2(
    read_only_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = read_only_folder / "liaison.db"
    before = _digest(path)
    out = tmp_path / "meetings.csv"
    assert main(["--db", str(path), "export", "csv", "-o", str(out)]) == 0
    assert "National Crime Reduction Board" in out.read_text(encoding="utf-8")
    capsys.readouterr()

    sheet = tmp_path / "bodies.csv"
    sheet.write_text("name,kind\nLACORS,association\n", encoding="utf-8")
    assert main(["--db", str(path), "import", "csv", str(sheet), "--kind", "organisations"]) == 2
    error = capsys.readouterr().err
    assert "read-only" in error and "damaged" not in error and "Traceback" not in error
    assert _digest(path) == before


def test_a_new_database_cannot_be_made_in_a_read_only_folder(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(read_only_folder / "new.db")]) == 2
    assert "read-only" in capsys.readouterr().err
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["liaison.db"]


def test_the_window_shows_read_only_and_offers_no_saving(qtbot: QtBot, read_only_folder: Path) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QLabel

    from ui.main_window import MainWindow

    database = open_database(read_only_folder / "liaison.db")
    try:
        window = MainWindow(database)
        qtbot.addWidget(window)
        window.show()
        banner = window.findChild(QLabel, "access_banner")
        assert banner is not None and banner.isVisible()
        assert "read-only" in banner.text().lower() and "cannot be written" in banner.text()
        assert not window.log_meeting_action.isEnabled()
        window.close()
    finally:
        # The window's needs-attention job reads on the thread pool: let it end before the file goes.
        assert QThreadPool.globalInstance().waitForDone(10_000)
        database.close()


def test_a_copy_of_the_read_only_file_opens_for_writing(read_only_folder: Path, tmp_path: Path) -> None:
    """What the read-only message suggests: copy the file somewhere you can write."""
    copy = tmp_path / "mine.db"
    shutil.copyfile(read_only_folder / "liaison.db", copy)
    database = open_database(copy)
    try:
        assert not database.access.read_only
        with database.session() as s:
            organisations.create(s, OrganisationDraft("LACORS", OrganisationKind.ASSOCIATION))
    finally:
        database.close()
