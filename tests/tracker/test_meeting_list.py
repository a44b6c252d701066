"""The newest meetings read straight from the file are the rows the services give the list."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from db.engine import Database, open_database
from db.models import Meeting, Organisation, TransparencyReturn
from tracker import meetings, synthetic
from tracker.common import history
from tracker.common.listing import ListQuery
from tracker.meeting_list import FIRST_VIEW, NewestMeetings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def archive(tmp_path: Path, _migrated_template: Path) -> Iterator[Database]:
    """A few hundred synthetic meetings, some of them read from a department's return (which the
    list leaves out), and several on one day (ties broken by id)."""
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="officer.test")
    with db.session() as s:
        synthetic.generate(s, synthetic.Shape.for_meetings(450), seed=3)
        department = s.scalars(select(Organisation.id).order_by(Organisation.id)).first()
        returned = TransparencyReturn(
            department_id=department, period_start=date(2000, 1, 1), period_end=date(2030, 1, 1)
        )
        s.add(returned)
        s.flush()
        every_ninth = select(Meeting.id).where(Meeting.id % 9 == 2).scalar_subquery()
        s.execute(update(Meeting).where(Meeting.id.in_(every_ninth)).values(return_id=returned.id))
        newest = s.scalars(select(Meeting.id).order_by(Meeting.id.desc()).limit(4)).all()
        s.execute(update(Meeting).where(Meeting.id.in_(newest)).values(held_on=date(2030, 1, 1)))
    yield db
    db.close()


def test_the_newest_meetings_are_the_services_rows_window_by_window(archive: Database) -> None:
    assert archive.path is not None
    newest = NewestMeetings.read(archive.path)
    assert newest is not None
    with archive.session() as s:
        count = meetings.count(s, FIRST_VIEW)
        assert newest.count(FIRST_VIEW) == count == 400  # 450 less the 50 from the return
        for offset in (0, 100, 350):
            expected = meetings.rows(s, FIRST_VIEW, offset, 100)
            assert newest.rows(FIRST_VIEW, offset, 100) == expected
        assert newest.latest_entry == history.latest_entry(s)
    assert [r.held_on for r in newest.rows(FIRST_VIEW, 0, 4)] == [date(2030, 1, 1)] * 4


def test_finding_and_sorting_wait_for_the_database(archive: Database) -> None:
    assert archive.path is not None
    newest = NewestMeetings.read(archive.path)
    assert newest is not None
    with pytest.raises(ValueError, match="only as the list first shows them"):
        newest.rows(ListQuery(text="Home", sort="held_on", descending=True), 0, 100)
    with pytest.raises(ValueError):
        newest.count(ListQuery(sort="title"))


def test_reading_the_newest_meetings_writes_nothing(archive: Database) -> None:
    """The file is as it was, and a -wal the reads leave (for the window's connection, which may be
    opening meanwhile: see db.files.read_only) is empty."""
    assert archive.path is not None
    archive.close()
    before = archive.path.read_bytes()
    newest = NewestMeetings.read(archive.path)
    assert newest is not None and newest.rows(FIRST_VIEW, 0, 100)
    assert archive.path.read_bytes() == before
    wal = archive.path.with_name(archive.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def _set_revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.unlink(), id="missing"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(b"Date,Title\n" * 20), id="not SQLite"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:4096] + b"\0" * 4096), id="cut short"),
        pytest.param(lambda p: _set_revision(p, "0002"), id="older schema"),
        pytest.param(lambda p: _set_revision(p, "9999"), id="newer schema"),
    ],
)
def test_a_file_not_ready_to_show_is_left_to_the_full_opening(
    tmp_path: Path, _migrated_template: Path, spoil: object
) -> None:
    """None: the window then opens the database first, which upgrades it or says what is wrong."""
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    spoil(path)  # type: ignore[operator]
    assert NewestMeetings.read(path) is None


def test_a_file_of_another_application_is_left_to_the_full_opening(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE meetings (id INTEGER)")
    connection.close()
    assert NewestMeetings.read(path) is None


def test_the_newest_meetings_are_read_without_sqlalchemy(archive: Database) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tracker.meeting_list import FIRST_VIEW, NewestMeetings\n"
        f"newest = NewestMeetings.read(Path({str(archive.path)!r}))\n"
        "print(len(newest.rows(FIRST_VIEW, 0, 100)), 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=100, check=True
    )
    assert done.stdout.split() == ["100", "False"]
