"""The saved connection: a SQLite file or a PostgreSQL server, and "your name", kept with QSettings.

The password is never saved. libpq reads it from ~/.pgpass (or the file PGPASSFILE names) when
one is there; otherwise Liaison asks for it when it connects and keeps it in memory only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings

from db.files import default_database_path

DEFAULT_PORT = 5432


class Where(StrEnum):
    FILE = "file"
    SERVER = "server"


@dataclass(frozen=True)
class Connection:
    """Where the database is, and who the user is; no password."""

    where: Where = Where.FILE
    file: str = ""
    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = "liaison"
    user: str = ""
    your_name: str = ""

    @property
    def target(self) -> str:
        """What `--db` would say: a file's path or a server's URL (without a password)."""
        if self.where is Where.SERVER:
            from db.engine import server_url  # SQLAlchemy: not loaded for a file, to open the window fast

            return server_url(self.host, self.port, self.database, self.user)
        return self.file or str(default_database_path())

    @property
    def actor(self) -> str | None:
        """The name written in the history, if the user gave one (else the login is)."""
        return self.your_name.strip() or None


def user_settings() -> QSettings:
    return QSettings("Liaison", "Liaison")


def load(settings: QSettings) -> Connection | None:
    """The saved connection, or None when none has been saved."""
    kind = settings.value("database/where", "", str)
    if kind not in (Where.FILE.value, Where.SERVER.value):
        return None
    port = settings.value("database/port", DEFAULT_PORT, int)
    return Connection(
        where=Where(kind),
        file=str(settings.value("database/file", "", str)),
        host=str(settings.value("database/host", "localhost", str)),
        port=int(port) if port else DEFAULT_PORT,
        database=str(settings.value("database/name", "liaison", str)),
        user=str(settings.value("database/user", "", str)),
        your_name=str(settings.value("identity/name", "", str)),
    )


def save(settings: QSettings, connection: Connection) -> None:
    settings.setValue("database/where", connection.where.value)
    settings.setValue("database/file", connection.file)
    settings.setValue("database/host", connection.host)
    settings.setValue("database/port", connection.port)
    settings.setValue("database/name", connection.database)
    settings.setValue("database/user", connection.user)
    settings.setValue("identity/name", connection.your_name)
    settings.sync()


def shown_file(path: str) -> str:
    return str(Path(path).expanduser()) if path else str(default_database_path())
