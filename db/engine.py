"""Opening a Liaison database: a local SQLite file (checked, marked, migrated) or a shared server."""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db import audit

# "LIAI" in ASCII: written into every Liaison SQLite file (PRAGMA application_id) so that a
# file from another program is recognised before anything is written to it.
APPLICATION_ID = 0x4C494149
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseRefused(Exception):
    """The file or server cannot be used as a Liaison database; it has been left as it was."""


def default_database_path() -> Path:
    return Path(user_data_dir("Liaison", appauthor=False)) / "liaison.db"


def database_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL for `--db`: a URL as given, or a path to a SQLite file."""
    if target is None:
        target = default_database_path()
    text = os.fspath(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@dataclass(frozen=True)
class FileState:
    """What the header of an existing SQLite file says, read without opening it through SQLite."""

    exists: bool
    empty: bool
    liaison: bool


def read_file_state(path: Path) -> FileState:
    if not path.exists():
        return FileState(exists=False, empty=True, liaison=False)
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise DatabaseRefused(f"{path} cannot be read: {error.strerror}") from error
    if not header:
        return FileState(exists=True, empty=True, liaison=False)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise DatabaseRefused(f"{path} is not a Liaison database: it is not an SQLite file")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise DatabaseRefused(
            f"{path} is not a Liaison database: it belongs to another application"
            f" (application id {application_id:#x}); it has been left as it was"
        )
    return FileState(exists=True, empty=False, liaison=True)


def check_integrity(path: Path) -> str:
    """SQLite's own check, read-only: 'ok' or the first problem it reports."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


@dataclass
class Database:
    """An open database: the engine and the sessions a caller opens, one per user action."""

    url: str
    engine: Engine
    actor: str = field(default_factory=getpass.getuser)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self.sessions)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions.begin() as session:
            session.info[audit.ACTOR_KEY] = self.actor
            yield session

    def close(self) -> None:
        self.engine.dispose()


def backup_sqlite(path: Path, destination: Path | None = None, *, reason: str = "backup") -> Path:
    """Copy a SQLite database with SQLite's online backup, then check the copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if destination is None:
        destination = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    problem = check_integrity(partial)
    if problem != "ok":
        partial.unlink(missing_ok=True)
        raise DatabaseRefused(f"the backup of {path} failed its check: {problem}")
    os.replace(partial, destination)
    return destination


def open_database(
    target: str | os.PathLike[str] | None = None, *, upgrade: bool = True, actor: str | None = None
) -> Database:
    """Open (creating and migrating if need be) the database at a path or URL.

    A SQLite file that is not Liaison's, was written by a newer Liaison, or is damaged is
    refused with `DatabaseRefused` and left byte for byte as it was. An older Liaison file is
    backed up beside itself before it is upgraded.
    """
    from db import migrate as migrations

    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        state = read_file_state(path)
        if state.liaison:
            problem = check_integrity(path)
            if problem != "ok":
                raise DatabaseRefused(f"{path} is damaged ({problem}); it has been left as it was")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseRefused(f"cannot create {path.parent}: {error.strerror}") from error
    engine = make_engine(url)
    database = Database(url, engine, actor=actor or getpass.getuser())
    try:
        if path is not None and not state.liaison:
            with engine.begin() as connection:
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        current = migrations.current_revision(engine)
        if current is not None and not migrations.is_known(current):
            raise DatabaseRefused(
                f"{path or url} was written by a newer version of Liaison (schema {current});"
                " update Liaison to open it. It has been left as it was"
            )
        if upgrade and current != migrations.head_revision():
            if path is not None and current is not None:
                backup_sqlite(path, reason=f"before-upgrade-{current}")
            migrations.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return database
