"""Backups on SQLite: daily when something changed, rotated, and restored only from a checked file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cli import main
from db import backups
from db.engine import open_database
from db.files import DatabaseRefused, check_integrity, network_drive_warning
from db.models import Base, utc_now
from db.vocabulary import PersonKind
from tracker.directory import people
from tracker.directory.people import PersonDraft
from tracker.lobbying import themes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in primary-key order."""
    database = open_database(path, upgrade=False, create=False)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.close()


def add_theme(path: Path, name: str) -> None:
    database = open_database(path)
    with database.session() as s:
        themes.create(s, themes.ThemeDraft(name))
    database.close()


def age(copy: Path, days: float) -> None:
    """Make a backup look as if it had been written `days` ago."""
    when = copy.stat().st_mtime - days * 86400
    os.utime(copy, (when, when))


def test_a_daily_backup_is_written_only_when_something_changed(database_path: Path) -> None:
    assert backups.backup_if_due(database_path) is None  # nothing recorded yet: nothing to keep
    add_theme(database_path, "CDRP reform")
    first = backups.backup_if_due(database_path)
    assert first is not None and first.parent == database_path.parent / "backups"
    assert first.name.startswith("liaison.daily-") and check_integrity(first) == "ok"
    assert backups.backup_if_due(database_path) is None  # the same day: not again
    age(first, 2)
    assert backups.backup_if_due(database_path) is None  # older, but nothing changed since
    add_theme(database_path, "Community cohesion")
    second = backups.backup_if_due(database_path)
    assert second is not None and backups.backups_of(database_path, backups.DAILY) == [first, second]


def test_the_window_opens_with_a_daily_backup_when_one_is_due(database_path: Path) -> None:
    add_theme(database_path, "CDRP reform")
    open_database(database_path, daily_backup=True).close()
    assert len(backups.backups_of(database_path, backups.DAILY)) == 1
    open_database(database_path).close()  # commands do not write one
    assert len(backups.backups_of(database_path, backups.DAILY)) == 1


def test_daily_backups_are_rotated_to_the_last_seven(database_path: Path) -> None:
    written = []
    for day in range(10):
        add_theme(database_path, f"Theme {day}")
        copy = backups.backup_if_due(database_path, now=utc_now() + timedelta(days=day))
        assert copy is not None
        written.append(copy)
        age(copy, 10 - day)  # written on successive days, oldest first
    kept = backups.backups_of(database_path, backups.DAILY)
    assert len(kept) == backups.KEEP[backups.DAILY] == 7
    assert kept == written[-7:]
    # Nothing else is left in the folder (a rotated name may be reused by a later copy in the same
    # second, so the written paths themselves are not checked for absence).
    assert sorted(backups.folder(database_path).iterdir()) == sorted(kept)


def test_backups_before_an_upgrade_are_kept_to_the_last_three(database_path: Path) -> None:
    made = [backups.write(database_path, backups.BEFORE_UPGRADE, "0001") for _ in range(5)]
    assert backups.backups_of(database_path, backups.BEFORE_UPGRADE) == made[-3:]
    assert backups.backups_of(database_path, backups.DAILY) == []


def test_backup_then_restore_gives_identical_contents(database_path: Path, tmp_path: Path) -> None:
    database = open_database(database_path)
    with database.session() as s:
        people.create(
            s, PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr", email="r.kemp@x.gov.uk")
        )
        themes.create(s, themes.ThemeDraft("CDRP reform", "Crime and disorder partnerships"))
    database.close()
    copy = backups.write(database_path, backups.DAILY)
    held = contents(database_path)
    add_theme(database_path, "Added after the backup")
    database = open_database(database_path)
    with database.session() as s:
        kemp = people.find_similar(s, "Richard Kemp")[0].id
        people.delete(s, kemp)
    database.close()
    assert contents(database_path) != held

    restored = backups.restore(database_path, copy)

    assert contents(database_path) == held
    assert restored.rows == backups.count_rows(copy) > sum(len(rows) for rows in held.values()) > 0
    assert restored.safety_copy is not None and restored.safety_copy.parent.name == "backups"
    assert "Added after the backup" in str(contents(restored.safety_copy)["themes"])
    assert check_integrity(database_path) == "ok"
    with sqlite3.connect(database_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_a_restore_is_seen_by_a_window_that_has_the_file_open(database_path: Path) -> None:
    add_theme(database_path, "Before")
    copy = backups.write(database_path, backups.DAILY)
    window = open_database(database_path)
    with window.session() as s:
        themes.create(s, themes.ThemeDraft("After"))
    backups.restore(database_path, copy)
    with window.session() as s:
        assert [t.name for t in themes.all_rows(s)] == ["Before"]
    window.close()


def _other_programs_file(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY)")
    connection.close()
    return path


def _damaged(path: Path, source: Path) -> Path:
    data = bytearray(source.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    return path


def _newer(path: Path, source: Path) -> Path:
    path.write_bytes(source.read_bytes())
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, s: p, "it does not exist"),
        (lambda p, s: (p.touch(), p)[1], "it is empty"),
        (lambda p, s: (p.write_text("Minutes\n" * 30), p)[1], "not an SQLite file"),
        (lambda p, s: _other_programs_file(p), "belongs to another application"),
        (_damaged, "damaged"),
        (_newer, "newer version of Liaison"),
    ],
    ids=["missing", "empty", "not-sqlite", "another-program", "damaged", "newer"],
)
def test_a_bad_file_is_refused_and_the_database_is_untouched(
    database_path: Path, tmp_path: Path, make: object, message: str
) -> None:
    add_theme(database_path, "CDRP reform")
    candidate = make(tmp_path / "candidate.db", database_path)  # type: ignore[operator]
    before = digest(database_path)
    with pytest.raises(DatabaseRefused, match=message):
        backups.restore(database_path, candidate)
    assert digest(database_path) == before
    assert not (tmp_path / "backups").exists()  # not even a safety copy: nothing was begun


def test_a_restore_from_the_database_itself_is_refused(database_path: Path) -> None:
    with pytest.raises(DatabaseRefused, match="from itself"):
        backups.restore(database_path, database_path)


def test_a_damaged_database_is_replaced_and_kept_byte_for_byte(database_path: Path, tmp_path: Path) -> None:
    add_theme(database_path, "CDRP reform")
    copy = backups.write(database_path, backups.DAILY)
    held = contents(database_path)
    damaged_bytes = _damaged(tmp_path / "bad.db", database_path).read_bytes()
    database_path.write_bytes(damaged_bytes)
    assert check_integrity(database_path) != "ok"

    restored = backups.restore(database_path, copy)

    assert contents(database_path) == held
    assert restored.safety_copy is not None and restored.safety_copy.read_bytes() == damaged_bytes


def test_db_restore_on_the_command_line(
    database_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_theme(database_path, "CDRP reform")
    copy = tmp_path / "copy.db"
    assert main(["--db", str(database_path), "db", "backup", "-o", str(copy)]) == 0
    add_theme(database_path, "Later")
    capsys.readouterr()
    assert main(["--db", str(database_path), "db", "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {database_path} from {copy}: ") and "integrity ok" in out
    assert "kept at " + str(tmp_path / "backups" / "liaison.before-restore-") in out
    assert [row[1] for row in contents(database_path)["themes"]] == ["CDRP reform"]

    foreign = _other_programs_file(tmp_path / "places.sqlite")
    before = digest(database_path)
    assert main(["--db", str(database_path), "db", "restore", str(foreign)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("liaison: cannot restore: ") and error.count("\n") == 1
    assert "belongs to another application" in error
    assert digest(database_path) == before


MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
fileserver:/export/team /mnt/team nfs4 rw,relatime 0 0
//nas/policy /mnt/policy\\040papers cifs rw 0 0
/dev/sdb1 /mnt/team/local ext4 rw 0 0
user@host:/home /mnt/remote fuse.sshfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/officer/liaison.db", None),
        ("/mnt/team/liaison.db", "nfs4"),
        ("/mnt/policy papers/liaison.db", "cifs"),
        ("/mnt/team/local/liaison.db", None),  # a local disk mounted inside the share
        ("/mnt/teamwork/liaison.db", None),  # a folder whose name merely starts like the share's
        ("/mnt/remote/x/liaison.db", "fuse.sshfs"),
    ],
)
def test_a_file_on_a_linux_network_mount_is_warned_about(path: str, expected: str | None) -> None:
    warning = network_drive_warning(Path(path), platform="linux", mounts=MOUNTS)
    if expected is None:
        assert warning is None
    else:
        assert warning is not None and f"a network drive ({expected})" in warning
        assert "SQLite's file locking is not safe there" in warning


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"\\nas\policy\liaison.db", True),
        ("//nas/policy/liaison.db", True),
        (r"\\?\UNC\nas\policy\liaison.db", True),
        (r"\\?\C:\Users\officer\liaison.db", False),
        (r"C:\Users\officer\liaison.db", False),  # a local drive (GetDriveTypeW is asked only on Windows)
    ],
)
def test_a_windows_unc_path_is_warned_about(path: str, network: bool) -> None:
    warning = network_drive_warning(Path(path), platform="win32")
    assert (warning is not None) == network


def test_the_command_line_warns_on_stderr_about_a_network_drive(
    database_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "db.files.network_filesystem",
        lambda path, **kw: "nfs" if str(path).startswith(str(database_path.parent)) else None,
    )
    assert main(["--db", str(database_path), "db", "check"]) == 0
    assert "liaison: warning: " in capsys.readouterr().err
    database = open_database(database_path)
    assert any("network drive (nfs)" in notice for notice in database.notices)
    database.close()


def test_db_backup_without_a_file_named_writes_into_the_backups_folder_and_is_never_rotated(
    database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_theme(database_path, "CDRP reform")
    for _ in range(backups.KEEP[backups.DAILY] + 2):
        assert main(["--db", str(database_path), "db", "backup"]) == 0
    written = backups.backups_of(database_path, backups.MANUAL)
    assert len(written) == backups.KEEP[backups.DAILY] + 2
    assert all(p.parent == database_path.parent / "backups" for p in written)
    assert sorted(p.name for p in database_path.parent.iterdir()) == ["backups", "liaison.db"]
    assert f"to {written[-1]} (checked)" in capsys.readouterr().out
    assert [row[1] for row in contents(written[0])["themes"]] == ["CDRP reform"]
    assert backups.every_backup(database_path) == written
