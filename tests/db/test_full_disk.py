"""A full disk during a write: the change is refused in words, and the database is left as it was.

The disk is filled by capping the file's size with `PRAGMA max_page_count` on every connection:
SQLite then fails the write exactly as on a full disk (SQLITE_FULL, "database or disk is full"),
reliably and without root or a small filesystem to mount.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from db.engine import Database, open_database
from db.files import check_integrity
from db.models import Base
from tracker import meetings
from tracker.common.errors import DomainError, StorageFull
from tracker.lobbying import themes
from tracker.meetings import MeetingDraft


def contents(database: Database) -> dict[str, list[tuple[object, ...]]]:
    with database.engine.connect() as connection:
        return {
            table.name: [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]
            for table in Base.metadata.sorted_tables
        }


def cap_the_file(database: Database, spare_pages: int = 2) -> None:
    """From now on the file may not grow by more than a few pages: the disk is all but full."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + spare_pages}")

    database.engine.dispose()  # connections made from here on get the cap
    event.listen(database.engine, "connect", cap)


def test_a_write_to_a_full_disk_is_refused_in_words_and_changes_nothing(database_path: Path) -> None:
    database = open_database(database_path, actor="officer.test")
    with database.session() as s:
        themes.create(s, themes.ThemeDraft("CDRP reform"))
        meetings.log(s, MeetingDraft("National Crime Reduction Board", date(2009, 3, 3)))
    held = contents(database)
    cap_the_file(database)

    with pytest.raises(StorageFull) as refused, database.session() as s:
        themes.create(s, themes.ThemeDraft("Community cohesion"))
        meetings.log(
            s, MeetingDraft("Tackling Crime in a Recession", date(2009, 4, 23), summary="x" * 200_000)
        )

    assert isinstance(refused.value, DomainError)
    assert refused.value.message.startswith("Nothing was saved: the disk holding")
    assert str(database_path) in refused.value.message and "\n" not in refused.value.message
    assert contents(database) == held  # not even the theme saved before the big meeting
    with database.session() as s:  # and the next, smaller change still goes in
        themes.create(s, themes.ThemeDraft("Fire safety"))
    database.close()
    assert check_integrity(database_path) == "ok"


def test_a_full_disk_from_the_command_line_is_one_line_and_exit_2(
    database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli import main

    export = tmp_path / "kemp.json"
    assert main(["demo", "--db", str(database_path)]) == 0
    capsys.readouterr()
    opened = open_database

    def open_capped(*args: Any, **kwargs: Any) -> Database:
        database = opened(*args, **kwargs)
        cap_the_file(database, spare_pages=0)
        return database

    monkeypatch.setattr("cli.person.open_database", open_capped)
    # The file may not grow at all, and erasing a person writes to the audit trail.
    assert main(["--db", str(database_path), "person", "erase", "Richard Kemp", "--yes"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("liaison: Nothing was saved: the disk holding") and error.count("\n") == 1
    assert check_integrity(database_path) == "ok"
    assert main(["--db", str(database_path), "person", "export", "Richard Kemp", "-o", str(export)]) == 0
    assert json.loads(export.read_text())["person"]["name"] == "Richard Kemp"  # not erased
