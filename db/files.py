"""Liaison's SQLite files on disk, handled with the sqlite3 module alone (no SQLAlchemy): where the
default file lives, recognising a Liaison file, reading one without writing to it, checking and
copying one, and warning when one sits on a network drive.

The window reads its first screen of meetings through these before SQLAlchemy has loaded (see
tracker/meeting_list.py), so nothing here may import it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

# "LIAI" in ASCII: written into every Liaison SQLite file (PRAGMA application_id) so that a
# file from another program is recognised before anything is written to it.
APPLICATION_ID = 0x4C494149
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """The file or server cannot be used as a Liaison database; it has been left as it was."""


def default_database_path() -> Path:
    return Path(user_data_dir("Liaison", appauthor=False)) / "liaison.db"


@dataclass(frozen=True)
class FileState:
    """What the header of an existing SQLite file says, read without opening it through SQLite."""

    exists: bool
    empty: bool
    liaison: bool


# The files this process holds open through SQLite, by real path, with how many connections.
#
# On Linux and macOS, closing any file descriptor of a file drops every POSIX lock the process holds
# on it, those SQLite took through its own descriptors included. A WAL-mode connection keeps a
# shared lock on the database file while it is open; without it, another process closing its last
# connection believes it is the last one anywhere, and removes the -wal and -shm that this process
# goes on writing through, so its later commits are lost. So the file's header is read with a
# plain open() only while no connection of this process holds the file (SQLite itself never closes
# a descriptor while its locks are held), and every connection Liaison makes to a database file is
# made through `connect`, under the same lock, so that none can start halfway through such a read.
_held: dict[str, int] = {}
_held_lock = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


class _HeldConnection(sqlite3.Connection):
    """A connection that counts itself out of `_held` when it is closed."""

    held_as: str | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            key, self.held_as = self.held_as, None
            if key is not None:
                with _held_lock:
                    _held[key] -= 1
                    if not _held[key]:
                        del _held[key]


def connect(path: Path, uri: str | None = None, **options: Any) -> sqlite3.Connection:
    """A sqlite3 connection to the database file at `path` (through `uri` if given), counted as held."""
    key = _key(path)
    with _held_lock:
        connection = sqlite3.connect(
            uri or str(path), uri=uri is not None, factory=_HeldConnection, **options
        )
        assert isinstance(connection, _HeldConnection)
        connection.held_as = key
        _held[key] = _held.get(key, 0) + 1
    return connection


def is_held(path: Path) -> bool:
    """Whether a connection of this process has the file open."""
    with _held_lock:
        return _key(path) in _held


def read_file_state(path: Path) -> FileState:
    if not path.exists():
        return FileState(exists=False, empty=True, liaison=False)
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a database file")
    with _held_lock:
        held = _key(path) in _held
        if not held:
            try:
                with path.open("rb") as handle:
                    header = handle.read(100)
            except OSError as error:
                raise DatabaseRefused(f"{path} cannot be read: {error.strerror}") from error
    if held:
        # Open here already, so opened as Liaison's after this same check; asked through SQLite.
        with read_only(path) as connection:
            application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        return _state(path, application_id)
    if not header:
        return FileState(exists=True, empty=True, liaison=False)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise DatabaseRefused(f"{path} is not a Liaison database: it is not an SQLite file")
    return _state(path, int.from_bytes(header[68:72], "big"))


def _state(path: Path, application_id: int) -> FileState:
    if application_id != APPLICATION_ID:
        raise DatabaseRefused(
            f"{path} is not a Liaison database: it belongs to another application"
            f" (application id {application_id:#x}); it has been left as it was"
        )
    return FileState(exists=True, empty=False, liaison=True)


def wal_files(path: Path) -> tuple[Path, Path]:
    """The -wal and -shm files SQLite keeps beside a WAL-mode database."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def can_write(path: Path) -> bool:
    """Whether this user may change the file and create its -wal, -shm or journal beside it.

    Asked of the operating system, so a read-only mount says no even to an administrator.
    """
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def reader_uri(path: Path) -> str:
    """The URI of a connection that cannot change the file.

    In a folder this user cannot write to, SQLite cannot create the -shm a WAL-mode read needs;
    if no -wal is there, the file holds every committed change, and it is read as immutable.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal, _shm = wal_files(path)
    if not can_write(path) and not wal.exists():
        uri += "&immutable=1"
    return uri


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file, and removes nothing another process may hold.

    A WAL-mode file's -wal and -shm exist while any connection has it open. With none there, the
    file is read through an ordinary connection told to change nothing (`query_only`): when it
    closes, SQLite itself removes the -wal and -shm it made, and only if no other connection has
    opened the file meanwhile. With a -wal there, someone may be writing through it: the file is
    opened read-only, and the files are left for their owner. (Removing them by hand, as Liaison
    once did, lost a command line import's commits to a window opening at the same moment.)
    """
    wal, _shm = wal_files(path)
    if can_write(path) and not wal.exists():
        connection = connect(path, f"{path.resolve().as_uri()}?mode=rw")
        connection.execute("PRAGMA query_only = 1")
    else:
        connection = connect(path, reader_uri(path))
    try:
        yield connection
    finally:
        connection.close()


def _quick_check(connection: sqlite3.Connection) -> str:
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def check_integrity(path: Path) -> str:
    """SQLite's own check, read-only: 'ok' or the first problem it reports."""
    try:
        with read_only(path) as connection:
            return _quick_check(connection)
    except sqlite3.Error as error:
        return str(error)


def stored_revisions(path: Path) -> list[str]:
    """The schema revisions a Liaison file records, read without writing to it (none if it has none)."""
    try:
        with read_only(path) as connection:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as error:
        if str(error).startswith("no such table"):
            return []
        raise DatabaseRefused(f"{path} cannot be read ({error}); it has been left as it was") from error
    return [str(row[0]) for row in rows]


def backup_sqlite(path: Path, destination: Path | None = None, *, reason: str = "backup") -> Path:
    """Copy a SQLite database with SQLite's online backup, then check the copy.

    The copy is written beside the destination and checked before it takes the destination's
    name, so a failed backup leaves nothing behind and an earlier copy as it was.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if destination is None:
        destination = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix}")
    if destination.is_dir():
        raise DatabaseRefused(
            f"cannot back up {path} to {destination}: it is a folder;"
            f" name the copy, e.g. {destination / path.name}"
        )
    if destination.exists() and os.path.samefile(destination, path):
        raise DatabaseRefused(f"cannot back up {path} onto itself; name another file for the copy")
    partial = destination.with_name(destination.name + ".partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with read_only(path) as source:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                # Checked on the connection that wrote it: a second, read-only one would leave
                # the copy's -wal and -shm behind.
                problem = _quick_check(target)
            finally:
                target.close()
        if problem != "ok":
            raise DatabaseRefused(f"the backup of {path} failed its check: {problem}")
        os.replace(partial, destination)
    except BaseException as error:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):  # the error that brought us here is the one to report
                leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            reason_text = error.strerror or str(error)
            raise DatabaseRefused(f"cannot back up {path} to {destination}: {reason_text}") from error
        if isinstance(error, sqlite3.Error):
            raise DatabaseRefused(f"cannot back up {path} to {destination}: {error}") from error
        raise
    return destination


# Filesystems on which SQLite's file locking cannot be relied on (Linux's names for them).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
    }
)
_WINDOWS_DRIVE_REMOTE = 4  # GetDriveTypeW's DRIVE_REMOTE


def _unescape_mount_field(text: str) -> str:
    # /proc/mounts writes a space in a mount point as \040 (and tab, newline, backslash likewise).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def linux_filesystem(path: Path, mounts: str) -> str | None:
    """The filesystem type of the mount holding `path`, read from the text of /proc/mounts."""
    target = str(path)
    best_point, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, kind = _unescape_mount_field(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        # The longest mount point holding the path; of two at one point, the later (mounted over).
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, kind
    return best_type


def _windows_network_share(text: str) -> str | None:
    if text.startswith(("\\\\?\\UNC\\", "//?/UNC/")) or (
        text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./"))
    ):
        return "a network share"
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(text)[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == _WINDOWS_DRIVE_REMOTE:
            return "a mapped network drive"
    return None


def network_filesystem(path: Path, *, platform: str = sys.platform, mounts: str | None = None) -> str | None:
    """What network filesystem holds `path` ("nfs4", "a network share"), or None for a local disk.

    Linux reads /proc/mounts; Windows looks for a UNC path or asks GetDriveTypeW about the drive.
    macOS is not checked (statfs's f_fstypename would say, but it has not been tried there).
    """
    if platform == "win32":
        return _windows_network_share(str(path))
    if platform.startswith("linux"):
        if mounts is None:
            try:
                mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            path = path.resolve()  # the mount table names real folders, not symbolic links
        kind = linux_filesystem(path, mounts)
        return kind if kind in NETWORK_FILESYSTEMS else None
    return None


def network_drive_warning(
    path: Path | None, *, platform: str = sys.platform, mounts: str | None = None
) -> str | None:
    """The warning to show when a SQLite file sits on a network drive, or None when it does not."""
    if path is None:
        return None
    where = network_filesystem(path, platform=platform, mounts=mounts)
    if where is None:
        return None
    return (
        f"{path} is on {where if where.startswith('a ') else f'a network drive ({where})'}."
        " SQLite's file locking is not safe there: two people, or two windows, saving at once can"
        " damage the file, so Liaison uses SQLite's rollback journal on it rather than write-ahead"
        " logging. Keep it on a local disk, or, for a team, share a PostgreSQL server: that is the"
        " safe way to work on one database together."
    )
