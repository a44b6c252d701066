"""Backups of a SQLite database: kept in `backups/` beside it, written daily, before an upgrade or a
restore (rotated) and on demand (`db backup`, kept until deleted); restored from once checked."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db import migrate
from db.files import (
    DatabaseRefused,
    backup_sqlite,
    check_integrity,
    connect,
    read_file_state,
    read_only,
    stored_revisions,
)
from db.models import utc_now

FOLDER = "backups"
DAILY = "daily"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
BEFORE_REPAIR = "before-repair"
# Written by `db backup` without -o: asked for by someone, so never removed by the rotation.
MANUAL = "manual"
# How many copies of each kind are kept, newest first: a week of days, and the last few
# copies taken before an upgrade, a restore or a repair (each a one-off worth keeping a while).
KEEP = {DAILY: 7, BEFORE_UPGRADE: 3, BEFORE_RESTORE: 3, BEFORE_REPAIR: 3}
DAILY_INTERVAL = timedelta(days=1)


def folder(path: Path) -> Path:
    """Where the backups of the database at `path` are kept."""
    return path.parent / FOLDER


def backups_of(path: Path, kind: str) -> list[Path]:
    """The backups of one kind, oldest first."""
    place = folder(path)
    if not place.is_dir():
        return []
    found = [
        p
        for p in place.glob(f"{glob_escape(path.stem)}.{kind}-*{glob_escape(path.suffix)}")
        if p.is_file() and not p.name.endswith(".partial")
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def every_backup(path: Path) -> list[Path]:
    """Every backup of the database in its backups folder, of any kind, oldest first."""
    place = folder(path)
    if not place.is_dir():
        return []
    found = [
        p
        for p in place.glob(f"{glob_escape(path.stem)}.*{glob_escape(path.suffix)}")
        if p.is_file() and not p.name.endswith(".partial")
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def glob_escape(text: str) -> str:
    """A file name's part, matched as it stands by glob ("[", "*" and "?" are taken literally)."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in text)


def _new_name(path: Path, kind: str, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    middle = f"{kind}-{label}-{stamp}" if label else f"{kind}-{stamp}"
    candidate = folder(path) / f"{path.stem}.{middle}{path.suffix}"
    number = 2
    while candidate.exists():  # two in one second (a test, or a restore straight after an upgrade)
        candidate = folder(path) / f"{path.stem}.{middle}-{number}{path.suffix}"
        number += 1
    return candidate


def rotate(path: Path, kind: str) -> list[Path]:
    """Remove the oldest backups of one kind beyond the number kept; returns those removed.

    Manual copies are not rotated: whoever asked for one removes it.
    """
    if kind not in KEEP:
        return []
    found = backups_of(path, kind)
    surplus = found[: max(0, len(found) - KEEP[kind])]
    for old in surplus:
        old.unlink(missing_ok=True)
    return surplus


def write(path: Path, kind: str, label: str = "") -> Path:
    """A checked copy in the backups folder, then the oldest of its kind beyond those kept removed."""
    copy = backup_sqlite(path, _new_name(path, kind, label))
    with contextlib.suppress(OSError):  # an old copy that cannot be removed is untidy, not harmful
        rotate(path, kind)
    return copy


def last_change(path: Path) -> tuple[int, str] | None:
    """The newest entry in a file's audit trail (its number and time), or None if there is none.

    Compared between the database and its newest backup, it says whether anything changed since:
    exactly, where file times (kept by some filesystems to a few milliseconds) could not.
    """
    try:
        with read_only(path) as connection:
            row = connection.execute("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else (int(row[0]), str(row[1]))


def _written_at(copy: Path) -> datetime:
    return datetime.fromtimestamp(copy.stat().st_mtime, UTC).replace(tzinfo=None)


def daily_due(path: Path, now: datetime | None = None) -> bool:
    """A daily backup is due when something changed since the newest one, and it is a day old or more."""
    changed = last_change(path)
    if changed is None:
        return False
    daily = backups_of(path, DAILY)
    if not daily:
        return True
    if last_change(daily[-1]) == changed:
        return False
    return (now or utc_now()) - _written_at(daily[-1]) >= DAILY_INTERVAL


def backup_if_due(path: Path, now: datetime | None = None) -> Path | None:
    """Write the daily backup if one is due; returns it, or None if none was needed."""
    if not daily_due(path, now):
        return None
    return write(path, DAILY)


def daily_backup_problem(path: Path) -> str | None:
    """Write the daily backup if one is due; what went wrong, in words for the user, or None.

    The records are safe as they are: a missed copy is worth saying, not worth refusing to open.
    """
    try:
        backup_if_due(path)
    except DatabaseRefused as error:
        return f"Today's backup was not written: {error}"
    return None


@dataclass(frozen=True)
class Restored:
    """What a restore did: the file it replaced, where it came from, and the copy kept of what was there."""

    path: Path
    source: Path
    schema: str
    rows: int
    safety_copy: Path | None


def check_restorable(source: Path) -> str:
    """Check a file before restoring from it; returns its schema revision, or DatabaseRefused saying why not.

    It must be a Liaison file (by its header's application id), pass SQLite's full integrity check,
    and hold a schema this version knows (an older one is upgraded when the database is next opened).
    """
    if not source.exists():
        raise DatabaseRefused(f"cannot restore from {source}: it does not exist")
    try:
        state = read_file_state(source)
    except DatabaseRefused as error:
        raise DatabaseRefused(f"cannot restore: {error}") from error
    if state.empty:
        raise DatabaseRefused(f"cannot restore from {source}: it is empty")
    try:
        with read_only(source) as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as error:
        raise DatabaseRefused(
            f"cannot restore from {source}: it is damaged or unreadable ({error})"
        ) from error
    if rows != [("ok",)]:
        problem = "; ".join(str(r[0]) for r in rows[:3])
        raise DatabaseRefused(f"cannot restore from {source}: it is damaged ({problem})")
    revisions = stored_revisions(source)
    if not revisions:
        raise DatabaseRefused(f"cannot restore from {source}: it holds no Liaison records")
    for revision in revisions:
        if not migrate.is_known(revision):
            raise DatabaseRefused(
                f"cannot restore from {source}: it was written by a newer version of Liaison"
                f" (schema {revision}); update Liaison first"
            )
    return revisions[0]


def count_rows(path: Path) -> int:
    """Every row in every table of the file, its schema's own bookkeeping included."""
    with read_only(path) as connection:
        tables = [
            str(r[0])
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return sum(int(connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables)


def _copy_into_live_file(source: Path, path: Path) -> None:
    """Replace every page of the live database with the source's, in one transaction of its own.

    SQLite's backup API takes the database's write lock, so a colleague's Liaison with the file open
    waits rather than writes in between, and reads the restored records afterwards; the -wal and
    -shm stay consistent because SQLite itself writes them.
    """
    with read_only(source) as reader:
        target = connect(path, timeout=10)
        try:
            reader.backup(target)
            target.execute("PRAGMA journal_mode = WAL").fetchall()
        finally:
            target.close()


def _replace_damaged_file(source: Path, path: Path) -> None:
    """Put a checked copy of the source where a damaged (or missing) database was, by renaming."""
    fresh = backup_sqlite(source, path.with_name(path.name + ".restoring"))
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(fresh, path)
    with contextlib.closing(connect(path)) as connection:
        connection.execute("PRAGMA journal_mode = WAL").fetchall()


def _keep_damaged(path: Path) -> Path:
    """A byte-for-byte copy of a damaged database (and its -wal), which SQLite's backup cannot read."""
    copy = _new_name(path, BEFORE_RESTORE, "damaged")
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, copy)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + "-wal"))
    return copy


def restore(path: Path, source: Path) -> Restored:
    """Replace the database at `path` with the one in `source`, keeping a copy of what was there.

    The source is checked first (`check_restorable`); a file that fails is refused and the database
    is left exactly as it was. The current database is then copied into the backups folder (checked;
    byte for byte if it is damaged), and the source's contents written into it.
    """
    path, source = path.absolute(), source.absolute()
    if path.exists() and source.exists() and os.path.samefile(path, source):
        raise DatabaseRefused(f"cannot restore {path} from itself; name a backup to restore from")
    schema = check_restorable(source)
    state = read_file_state(path)  # refuses, untouched, a file that is not Liaison's
    safety_copy: Path | None = None
    try:
        if state.exists and not state.empty:
            healthy = check_integrity(path) == "ok"
            safety_copy = write(path, BEFORE_RESTORE) if healthy else _keep_damaged(path)
        else:
            healthy = False
        if healthy:
            _copy_into_live_file(source, path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace_damaged_file(source, path)
    except OSError as error:
        raise DatabaseRefused(f"cannot restore {path} from {source}: {error.strerror or error}") from error
    except sqlite3.Error as error:
        raise DatabaseRefused(f"cannot restore {path} from {source}: {error}") from error
    problem = check_integrity(path)
    if problem != "ok":
        raise DatabaseRefused(
            f"the restored {path} failed its check ({problem});"
            f" the database as it was is kept at {safety_copy}"
        )
    return Restored(path, source, schema, count_rows(path), safety_copy)
