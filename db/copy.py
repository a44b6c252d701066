"""Moving a whole Liaison database to another place: a one-person SQLite file to the team's server, and back.

Every table is copied in dependency order with the same ids, in one transaction on the target:
all or nothing. The target must hold no records; afterwards the rows are counted table by table
on both sides before the copy is committed, and the server's id sequences are moved past the
copied ids so that the next record gets a fresh one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, insert, select, text, update

from db import audit, migrate
from db.engine import open_database, sqlite_file
from db.files import DatabaseRefused, read_file_state
from db.models import Base

BATCH = 1000


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


def _self_references(table: Table) -> list[str]:
    """Columns pointing at the table's own rows (a body's parent or successor): filled in afterwards."""
    return [
        column.name
        for column in table.columns
        if any(key.column.table is table for key in column.foreign_keys) and column.nullable
    ]


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _holds_records(connection: Connection) -> str | None:
    for table in Base.metadata.sorted_tables:
        if _count(connection, table):
            return table.name
    return None


def _copy_table(source: Connection, target: Connection, table: Table) -> None:
    later = _self_references(table)
    # Filling them in must not touch "updated at": its value is copied as it stands.
    stamped = [c.name for c in table.columns if c.onupdate is not None]
    keys = list(table.primary_key.columns)
    pending: list[dict[str, object]] = []
    rows = source.execution_options(yield_per=BATCH).execute(select(table).order_by(*keys))
    for batch in rows.mappings().partitions(BATCH):
        records = [dict(row) for row in batch]
        if later:
            pending.extend(
                {"key": row[keys[0].name], **{c: row[c] for c in (*later, *stamped)}}
                for row in records
                if any(row[c] is not None for c in later)
            )
            records = [{**row, **dict.fromkeys(later)} for row in records]
        target.execute(insert(table), records)
    if pending:
        key = keys[0]
        for row in pending:
            values = {c: row[c] for c in (*later, *stamped)}
            target.execute(update(table).where(key == row["key"]).values(values))


def _reset_sequences(target: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        name = keys[0].name
        sequence = target.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": table.name, "column": name}
        ).scalar()
        if sequence is None:
            continue
        # The next id is one past the highest copied (1 for an empty table).
        target.execute(
            text(f"SELECT setval(:sequence, COALESCE((SELECT MAX({name}) FROM {table.name}), 0) + 1, false)"),
            {"sequence": sequence},
        )


def copy_database(
    source_target: str | os.PathLike[str],
    destination_target: str | os.PathLike[str],
    progress: Callable[[str], None] = lambda _: None,
) -> list[TableCount]:
    """Copy every record from one Liaison database to an empty one; the counts, table by table.

    The source is only read. The destination is created and migrated if need be; one that holds
    records is refused. A SQLite file created for the copy is removed again if the copy fails.
    """
    source = open_database(source_target, upgrade=False, create=False)
    created_file: Path | None = None
    try:
        head = migrate.head_revision()
        revision = migrate.current_revision(source.engine)
        if revision != head:
            raise DatabaseRefused(
                f"{source.where} is at schema {revision}, not {head}: run `db upgrade` on it first"
            )
        path = sqlite_file(destination_target)
        if path is not None and not read_file_state(path).exists:
            created_file = path
        destination = open_database(destination_target, upgrade=False)
        try:
            if source.url == destination.url:
                raise DatabaseRefused(f"cannot copy {source.where} onto itself")
            with destination.engine.connect() as connection:
                stored = migrate.current_revision(destination.engine)
                if stored is not None:
                    busy = _holds_records(connection)
                    if busy is not None:
                        raise DatabaseRefused(
                            f"{destination.where} already holds records ({busy}); copy into an empty database"
                        )
            if stored != head:
                migrate.upgrade(destination.engine)
            counts: list[TableCount] = []
            with source.engine.connect() as reading, destination.engine.begin() as writing:
                # The history is copied with the records; a server's audit trigger adds none to it.
                audit.mark_transaction(writing, "db copy")
                # One snapshot of the source for the whole copy: on a SQLite file the transaction
                # Liaison begins on the first statement already is one (db.engine's `_begin`).
                if reading.dialect.name == "postgresql":
                    reading.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                for table in Base.metadata.sorted_tables:
                    progress(table.name)
                    _copy_table(reading, writing, table)
                if writing.dialect.name == "postgresql":
                    _reset_sequences(writing)
                for table in Base.metadata.sorted_tables:
                    counts.append(TableCount(table.name, _count(reading, table), _count(writing, table)))
                wrong = [c for c in counts if c.source != c.target]
                if wrong:
                    raise DatabaseRefused(
                        "the copy was not committed: the counts differ for "
                        + ", ".join(f"{c.table} ({c.source} read, {c.target} written)" for c in wrong)
                    )
                reading.rollback()
            created_file = None
            return counts
        finally:
            destination.close()
    finally:
        source.close()
        if created_file is not None:
            for leftover in (created_file, *(Path(f"{created_file}{s}") for s in ("-wal", "-shm"))):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
