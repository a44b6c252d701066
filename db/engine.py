"""Opening a Liaison database: a local SQLite file (checked, marked, migrated) or a shared server."""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
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
    # Built, not formatted: a "?", "#" or "%" in a file's name must not be read as part of the URL.
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve())).render_as_string()


def shown_url(url: str) -> str:
    """The URL as messages show it: with its password, if any, replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy can parse; hide what looks like a password all the same.
        return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


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


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file, and leaves no -wal or -shm of its own behind.

    Opening a WAL-mode file creates its -wal and -shm if they are missing, and a read-only
    connection cannot checkpoint, so it leaves them behind when it closes. Those it created are
    removed, unless the -wal has meanwhile been written to: then someone (a colleague's Liaison)
    opened the file during the read, and the files are theirs too.
    """
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    had_wal, had_shm = wal.exists(), shm.exists()
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()
        with contextlib.suppress(OSError):  # a file left behind is untidy, not harmful
            _remove_created(wal, shm, had_wal=had_wal, had_shm=had_shm)


def _remove_created(wal: Path, shm: Path, *, had_wal: bool, had_shm: bool) -> None:
    if not had_wal and wal.exists():
        if wal.stat().st_size > 0:
            return
        wal.unlink()
    if not had_shm:
        shm.unlink(missing_ok=True)


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

    @property
    def where(self) -> str:
        """The file's path, or the server's URL without its password: what messages name."""
        return str(self.path) if self.path is not None else shown_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions.begin() as session:
            session.info[audit.ACTOR_KEY] = self.actor
            yield session

    def close(self) -> None:
        self.engine.dispose()


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


def _connect(url: str, shown: str) -> Engine:
    """An engine whose first connection has been made, or DatabaseRefused saying why it cannot be."""
    try:
        engine = make_engine(url)
    except NoSuchModuleError as error:
        scheme = url.split("://", 1)[0]
        raise DatabaseRefused(
            f"{shown}: Liaison cannot use “{scheme}” databases; give a SQLite file's path"
            " or a postgresql+psycopg:// URL"
        ) from error
    except ImportError as error:
        backend = make_url(url).get_backend_name()
        if backend == "postgresql" and error.name == "psycopg":
            message = "the PostgreSQL driver is not installed: pip install 'liaison[postgresql]'"
        elif backend == "postgresql":
            message = (
                f"the PostgreSQL driver {error.name} is not installed; Liaison's is psycopg:"
                " pip install 'liaison[postgresql]' and write the URL as postgresql+psycopg://..."
            )
        else:
            message = f"the database driver {error.name} is not installed"
        raise DatabaseRefused(f"{shown}: {message}") from error
    except (ArgumentError, ValueError) as error:
        raise DatabaseRefused(f"{shown}: not a database URL Liaison can use ({error})") from error
    try:
        engine.connect().close()
    except DBAPIError as error:
        engine.dispose()
        reason = " ".join(str(error.orig).split())  # drivers' messages may run over several lines
        raise DatabaseRefused(f"{shown}: cannot connect: {reason}") from error
    return engine


def _refuse_newer(where: object, revisions: list[str]) -> None:
    from db import migrate as migrations

    for revision in revisions:
        if not migrations.is_known(revision):
            raise DatabaseRefused(
                f"{where} was written by a newer version of Liaison (schema {revision});"
                " update Liaison to open it. It has been left as it was"
            )


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    upgrade: bool = True,
    create: bool = True,
    actor: str | None = None,
) -> Database:
    """Open (creating and migrating if need be) the database at a path or URL.

    A SQLite file that is not Liaison's, was written by a newer Liaison, or is damaged is
    refused with `DatabaseRefused` and left byte for byte as it was; so is a URL Liaison cannot
    use or a server it cannot reach. An older Liaison file is backed up beside itself before it
    is upgraded. With `create=False` (for commands that only read), a missing or empty file, or
    a server database holding no Liaison schema, is refused rather than created.
    """
    from db import migrate as migrations

    url = database_url(target)
    try:
        path = sqlite_path(url)
    except (ArgumentError, ValueError) as error:
        raise DatabaseRefused(f"{shown_url(url)}: not a database URL Liaison can use ({error})") from error
    state = FileState(exists=False, empty=True, liaison=False)
    if path is not None:
        state = read_file_state(path)
        if state.liaison:
            problem = check_integrity(path)
            if problem != "ok":
                raise DatabaseRefused(f"{path} is damaged ({problem}); it has been left as it was")
            # Read before any read-write connection: closing one would checkpoint the file's -wal.
            revisions = stored_revisions(path)
            _refuse_newer(path, revisions)
            if not revisions and not create:
                raise DatabaseRefused(f"{path} holds no Liaison records yet; run `demo` or open the app")
        elif not create:
            missing = "is empty" if state.exists else "does not exist"
            raise DatabaseRefused(f"{path} {missing}; run `demo` or open the app to create it")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseRefused(f"cannot create {path.parent}: {error.strerror}") from error
    engine = _connect(url, shown_url(url) if path is None else str(path))
    database = Database(url, engine, actor=actor or getpass.getuser())
    try:
        if path is not None and not state.liaison:
            with engine.begin() as connection:
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        current = migrations.current_revision(engine)
        _refuse_newer(database.where, [current] if current is not None else [])
        if current is None and not create:
            raise DatabaseRefused(f"{database.where} holds no Liaison database; run `demo` to create one")
        if upgrade and current != migrations.head_revision():
            if path is not None and current is not None:
                backup_sqlite(path, reason=f"before-upgrade-{current}")
            migrations.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return database
