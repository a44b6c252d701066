"""Opening a Liaison database: a local SQLite file (checked, marked, migrated) or a shared server."""

from __future__ import annotations

import getpass
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from db import audit, roles
from db.errors import DomainError, EditConflict, StorageFull
from db.files import (
    APPLICATION_ID,
    DatabaseRefused,
    FileState,
    can_write,
    check_integrity,
    connect,
    default_database_path,
    network_drive_warning,
    network_filesystem,
    read_file_state,
    reader_uri,
    stored_revisions,
)


class DatabaseBusy(DomainError):
    """Another process held the database's write lock for longer than Liaison waits; nothing was saved."""


class ReadOnlyFile(DomainError):
    """The SQLite file, or its folder, cannot be written to; nothing was saved."""


class ChangedMeanwhile(EditConflict):
    """A colleague saved the same record between this change's read and its write; nothing was saved.

    The services compare versions before they write; this is the narrow race the comparison
    cannot see (two saves at the same moment), caught by the version check in the UPDATE itself.
    """


def database_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL for `--db`: a URL as given, or a path to a SQLite file."""
    if target is None:
        target = default_database_path()
    text = os.fspath(target)
    if "://" in text:
        return text
    # Built, not formatted: a "?", "#" or "%" in a file's name must not be read as part of the URL.
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve())).render_as_string()


def server_url(host: str, port: int, database: str, user: str, password: str | None = None) -> str:
    """The URL of a Liaison database on a PostgreSQL server (psycopg, the driver Liaison installs)."""
    return URL.create(
        "postgresql+psycopg",
        username=user or None,
        password=password or None,
        host=host or None,
        port=port or None,
        database=database,
    ).render_as_string(hide_password=False)


def with_password(url: str, password: str) -> str:
    """The same server URL, carrying a password typed at connect (never stored)."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def needs_password(error: DatabaseRefused) -> bool:
    """Whether a refusal to connect was the server asking for a password (or rejecting the one given)."""
    text = str(error)
    return "cannot connect" in text and (
        "no password supplied" in text or "password authentication failed" in text
    )


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


# How long a SQLite connection waits for another process's save to finish before it gives up and
# the user is told the database is busy. An import of some thousands of rows holds the file for a
# few seconds; a user's single save, for milliseconds.
BUSY_TIMEOUT_MS = 10_000
# A connection carrying this execution option begins its transactions with BEGIN IMMEDIATE: it
# takes the write lock (waiting for it) before it reads, so it never reads a snapshot that another
# process's commit makes stale before it writes (SQLite then refuses at once, without waiting).
WRITING = "liaison_writing"
# A read-only SQLite file's connections: every BEGIN is deferred, since none may write.
_READ_ONLY_FILE = "liaison_read_only_file"


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off (it begins a transaction only before
    # INSERT, UPDATE or DELETE, so a DROP TRIGGER ran outside any and could not be rolled back);
    # `_begin` starts each transaction itself, from its first statement (SQLAlchemy's pysqlite
    # recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    writing = options.get(WRITING, False) and not options.get(_READ_ONLY_FILE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`; on SQLite, with real transactions and a busy timeout, its connections
    counted as holding the file (db.files.connect), and for a read-only file, connections that
    cannot write (`mode=ro`, or immutable where SQLite could not even create its -shm)."""
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url)
    else:
        uri = reader_uri(path) if read_only else None
        # A pool of connections as for any file (the bare "sqlite://" would get one per thread).
        engine = create_engine(
            "sqlite://", creator=lambda: connect(path, uri, check_same_thread=False), poolclass=QueuePool
        )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin)
    return engine.execution_options(**{_READ_ONLY_FILE: True}) if read_only else engine


def is_busy(error: DBAPIError) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY and its kinds)."""
    original = error.orig
    if not isinstance(original, sqlite3.Error):
        return False
    code = getattr(original, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)) or (
        "database is locked" in str(original)
    )


def is_read_only_refusal(error: DBAPIError) -> bool:
    """Whether SQLite refused a write because the file (or its folder) is read-only."""
    original = error.orig
    if not isinstance(original, sqlite3.Error):
        return False
    code = getattr(original, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF == sqlite3.SQLITE_READONLY) or (
        "attempt to write a readonly database" in str(original)
    )


def read_only_message(where: str) -> str:
    return (
        f"Nothing was saved: {where} is read-only (the file, or the folder holding it, cannot be"
        " written to), so Liaison opened it for reading only."
    )


def busy_message(where: str) -> str:
    return (
        f"Nothing was saved: the database is busy: another Liaison is saving to {where}."
        " Your records are as they were; try again in a moment."
    )


@dataclass
class Database:
    """An open database: the engine and the sessions a caller opens, one per user action."""

    url: str
    engine: Engine
    actor: str = field(default_factory=getpass.getuser)
    sessions: sessionmaker[Session] = field(init=False)
    # What the user should be told once the database is open (a network drive, a failed daily backup).
    notices: list[str] = field(default_factory=list)
    # What the login may do on a shared server (a member only reads); everything on a SQLite file.
    access: roles.Access = roles.FULL_ACCESS
    # The login the server knows this user by (None for a SQLite file).
    login: str | None = None

    def __post_init__(self) -> None:
        # A unit of work may write: on SQLite it takes the write lock first (see WRITING).
        self.sessions = sessionmaker(self.engine.execution_options(**{WRITING: True}), expire_on_commit=False)
        # A read: one consistent snapshot, never waiting for another process's save.
        self.readers = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self.sessions)
        audit.install(self.readers)

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
        with self._unit(self.sessions) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads (a list, a page, a report): on a SQLite file shared with
        other processes it sees one snapshot and never waits for their saves."""
        with self._unit(self.readers) as session:
            yield session

    @contextmanager
    def _unit(self, sessions: sessionmaker[Session]) -> Iterator[Session]:
        try:
            with sessions.begin() as session:
                session.info[audit.ACTOR_KEY] = self.actor
                yield session
        except StaleDataError as error:
            raise ChangedMeanwhile(
                "Nothing was saved: someone else saved this record at the same moment."
                " Open it again to see their changes, then make yours."
            ) from error
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == "42501":  # PostgreSQL's insufficient_privilege
                raise roles.refusal(str(error.orig), self.where, self.login or self.actor) from error
            if is_busy(error):
                raise DatabaseBusy(busy_message(self.where)) from error
            if is_read_only_refusal(error):
                raise ReadOnlyFile(read_only_message(self.where)) from error
            if not isinstance(error, OperationalError) or not is_disk_full(error):
                raise
            raise StorageFull(
                f"Nothing was saved: the disk holding {self.where} is full. The records are as they"
                " were before this change; free some space and try again."
            ) from error

    def close(self) -> None:
        self.engine.dispose()


def _connect(url: str, shown: str, *, read_only: bool = False) -> Engine:
    """An engine whose first connection has been made, or DatabaseRefused saying why it cannot be."""
    try:
        engine = make_engine(url, read_only=read_only)
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
        elif backend == "postgresql" and error.name is None:
            # psycopg itself could not load (its libpq, say): its own words say which part failed.
            said = " ".join(str(error).split())
            message = f"the PostgreSQL driver psycopg could not be loaded: {said}"
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


def _current_revision(engine: Engine, where: str) -> str | None:
    from db import migrate as migrations

    try:
        return migrations.current_revision(engine)
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        login = make_url(str(engine.url)).username or getpass.getuser()
        raise DatabaseRefused(
            f"{where}: your login ({login}) has no access to Liaison's records here; an administrator"
            f" gives it with `db grant --member {login}` (or --officer, --admin)"
        ) from error


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
    daily_backup: bool = False,
) -> Database:
    """Open (creating and migrating if need be) the database at a path or URL.

    A SQLite file that is not Liaison's, was written by a newer Liaison, or is damaged is
    refused with `DatabaseRefused` and left byte for byte as it was; so is a URL Liaison cannot
    use or a server it cannot reach. An older Liaison file is backed up into its `backups/` folder
    before it is upgraded. With `create=False` (for commands that only read), a missing or empty file, or
    a server database holding no Liaison schema, is refused rather than created. With
    `daily_backup` (the window), a SQLite file changed since its last daily backup, a day or more
    ago, is backed up into its `backups/` folder.
    """
    from db import backups
    from db import migrate as migrations

    url = database_url(target)
    try:
        path = sqlite_path(url)
    except (ArgumentError, ValueError) as error:
        raise DatabaseRefused(f"{shown_url(url)}: not a database URL Liaison can use ({error})") from error
    state = FileState(exists=False, empty=True, liaison=False)
    writable = True
    if path is not None:
        state = _check_file(path, create=create, default=target is None)
        writable = can_write(path)
        if not writable:
            _refuse_unwritable(path, state, upgrade=upgrade)
    engine = _connect(url, shown_url(url) if path is None else str(path), read_only=not writable)
    database = Database(url, engine, actor=actor or getpass.getuser())
    try:
        if path is not None and not state.liaison:
            _mark_new_file(engine)
        if path is not None and writable:
            _choose_journal(engine, path)
        if path is not None and not writable:
            database.access = READ_ONLY_FILE
            database.notices.append(read_only_notice(path))
            return database
        current = _current_revision(engine, database.where)
        _refuse_newer(database.where, [current] if current is not None else [])
        if current is None and not create:
            raise DatabaseRefused(f"{database.where} holds no Liaison database; run `demo` to create one")
        if upgrade and current != migrations.head_revision():
            if path is not None and current is not None:
                backups.write(path, backups.BEFORE_UPGRADE, current)
            migrations.upgrade(engine)
        if path is None:
            with engine.connect() as connection:
                database.login = str(connection.exec_driver_sql("SELECT session_user").scalar())
                database.access = roles.access(connection)
            # On a shared server the history names the user: the configured name, else the login.
            database.actor = actor or database.login
    except DBAPIError as error:
        engine.dispose()
        if is_busy(error):
            raise DatabaseRefused(
                f"{database.where}: the database is busy: another Liaison has held it for more than"
                f" {BUSY_TIMEOUT_MS // 1000} seconds; try again in a moment"
            ) from error
        raise
    except Exception:
        engine.dispose()
        raise
    if path is not None:
        _after_opening(database, path, daily_backup=daily_backup)
    return database


# What a file that cannot be written to may do: read everything, change nothing.
READ_ONLY_FILE = roles.Access(role="read-only file", can_edit=False, can_administer=False)


def read_only_notice(path: Path) -> str:
    return (
        f"{path} is read-only (the file, or the folder holding it, cannot be written to), so Liaison"
        " opened it for reading only: every record, report and graph can be read, but nothing can be saved."
    )


def _check_file(path: Path, *, create: bool, default: bool) -> FileState:
    """What the file holds, refusing one that is damaged, newer, or missing where it must not be.

    Only the default file's folder (the user's data folder) is made when missing: a `--db` naming
    a folder that does not exist is more likely a typing mistake than a wish for new folders.
    """
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
    elif not path.parent.is_dir():
        if not default:
            raise DatabaseRefused(
                f"{path}: no such folder {path.parent}; create the folder first, or give a path in one"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseRefused(f"cannot create {path.parent}: {error.strerror}") from error
    return state


def _refuse_unwritable(path: Path, state: FileState, *, upgrade: bool) -> None:
    """A read-only file is opened for reading only; one that must first be made or upgraded cannot be."""
    from db import migrate as migrations

    if not state.liaison:
        raise DatabaseRefused(
            f"cannot create a database at {path}: the folder {path.parent} is read-only;"
            " choose a folder you can write to"
        )
    revisions = stored_revisions(path)
    if upgrade and revisions != [migrations.head_revision()]:
        raise DatabaseRefused(
            f"{path} is read-only and was written by an older Liaison; someone who can write to it"
            " must open it once to upgrade it. It has been left as it was"
        )


def _mark_new_file(engine: Engine) -> None:
    _outside_transaction(engine, f"PRAGMA application_id = {APPLICATION_ID}")


def _choose_journal(engine: Engine, path: Path) -> None:
    """Write-ahead logging on a local disk, where readers never wait for a writer; the rollback
    journal on a network folder, where WAL's shared memory does not work across machines and
    the file server's locks are all there is. A file that others hold open keeps its journal
    until they close it (SQLite changes it only for a connection alone on the file)."""
    journal = "DELETE" if network_filesystem(path) is not None else "WAL"
    try:
        _outside_transaction(engine, f"PRAGMA journal_mode = {journal}")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise


def _outside_transaction(engine: Engine, statement: str) -> None:
    # The driver's own connection, in autocommit: SQLite changes the journal only outside a transaction.
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(statement)
        cursor.fetchall()
        cursor.close()
    finally:
        raw.close()


def _after_opening(database: Database, path: Path, *, daily_backup: bool) -> None:
    """The daily backup, if one is due, and what the user should be told about where the file is."""
    from db import backups

    problem = backups.daily_backup_problem(path) if daily_backup else None
    if problem is not None:
        database.notices.append(problem)
    warning = network_drive_warning(path)
    if warning is not None:
        database.notices.append(warning)


def is_disk_full(error: DBAPIError) -> bool:
    """Whether a driver's error says the disk (or SQLite's page limit) is full."""
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return getattr(original, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
            "database or disk is full" in str(original)
        )
    # PostgreSQL's "disk_full" condition (SQLSTATE 53100), as psycopg reports it.
    return getattr(original, "sqlstate", None) == "53100"


def sqlite_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file a `--db` names, or None for a server (or a URL that is no use at all)."""
    try:
        return sqlite_path(database_url(target))
    except (ArgumentError, ValueError):
        return None
