"""What `db check` finds wrong with a database, and what `db repair` rebuilds; no Qt: the window may ask.

Besides SQLite's integrity and the schema's revision, two things Liaison relies on are checked.

The search index (migration 0009, SQL in db.search_index). On SQLite: the FTS5 table exists as
0009 made it; its three triggers exist with 0009's SQL (without them, meetings added or changed
later are invisible to search, or found by words they no longer hold), and so do the three on
follow_ups that copy a meeting's follow-up actions into meetings.follow_ups_label, which holds
them as the follow-ups do; FTS5's own integrity-check passes; and the index is in step with the
meetings: it holds exactly the own meetings (return_id NULL), each under the words of its title,
bodies, people, summary, outcome, notes and follow-ups. An external-content
index cannot be read back as text, so the words are compared: the live text is indexed afresh
into a temporary index with the same tokenizer, and the two are compared by each meeting's word
counts per column (FTS5's docsize rows) and by each word's counts per column (fts5vocab 'col');
the meetings holding a word that differs are then named from fts5vocab 'instance'. On PostgreSQL:
the GIN expression index exists and is valid.

The audit chain. audit_log is the history of every record, written in the change's transaction
(db/audit.py): a record's entries, in id order, are its creation (the values it was created
with), its changes (the columns changed, before and after), perhaps an erasure of personal data
(which rewrites the history of the erased values, by design), and its deletion. The chain holds
when:
- every entry names a table Liaison has;
- time does not go back along the ids by more than CLOCK_SKEW (the stamp is the writing
  computer's clock: colleagues' clocks on a shared server differ by a little);
- each record's entries come in a possible order: a creation first, no change or second creation
  while it lives without a deletion between;
- every live row of an audited table has its creation recorded;
- every row the trail holds as live is there, unless its owner's deletion or erasure took it
  (a database cascade, or an erasure, removes such rows without entries of their own);
- replaying each record's entries gives the live row's values, for the columns the trail records
  (not the version counter, the updated_at stamp, or a meeting's display copies of the names it
  links to, which db/audit.py and tracker/meeting_labels.py leave out), and a meeting's themes.
A change made behind Liaison's back (raw SQL, another program) breaks the last three. History
cannot be rebuilt from the present, so `repair` leaves the audit as it is and says so.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select

from db import backups, migrate, search_index
from db.audit import _plain as audited_value
from db.engine import Database
from db.files import DatabaseRefused, check_integrity, connect
from db.models import AuditEntry, Base, MeetingTheme
from db.vocabulary import AuditAction

INTEGRITY = "integrity"
SCHEMA = "schema"
SEARCH = "search"
AUDIT = "audit"

CLOCK_SKEW = timedelta(minutes=5)
# Left out of every recorded change (db/audit.py), or rewritten in bulk without an entry
# (tracker/meeting_labels.py): not compared with the live row.
UNRECORDED = frozenset({"version", "updated_at", "bodies_label", "people_label", "follow_ups_label"})
# A meeting's themes are recorded on the meeting ("themes"), the link rows only by bulk imports.
LINKS_RECORDED_ON_OWNER = frozenset({MeetingTheme.__tablename__})
EXAMPLES = 3

_TRIGGER_LOSS = {
    "meetings_fts_insert": "meetings added from now on cannot be found by search",
    "meetings_fts_delete": "deleted meetings stay in the index",
    "meetings_fts_update": "changed meetings are found by their old words, not their new ones",
    "follow_ups_label_insert": "follow-up actions added from now on cannot be found by search",
    "follow_ups_label_update": "changed follow-up actions are found by their old words",
    "follow_ups_label_delete": "deleted follow-up actions are still found by search",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, in words for the user; `area` says which part of the database it is in."""

    area: str
    text: str

    def __str__(self) -> str:
        return f"{self.area}: {self.text}"


@dataclass(frozen=True)
class Health:
    """What a check found: the problems (none when all is well) and what was looked at."""

    problems: list[Problem]
    schema: str | None
    meetings_indexed: int = 0
    records: int = 0
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line saying what was checked and found sound."""
        return (
            f"integrity ok, schema {self.schema} (the latest), search index in step with"
            f" {self.meetings_indexed:,} meetings, audit trail of {self.entries:,} entries agrees"
            f" with {self.records:,} records"
        )


@dataclass(frozen=True)
class Repaired:
    """What a repair did: the backup written first, the steps taken, and the check after them."""

    backup: Path | None
    done: list[str]
    after: Health


def _examples(keys: list[str]) -> str:
    shown = ", ".join(f"#{k}" for k in keys[:EXAMPLES])
    return shown + (", ..." if len(keys) > EXAMPLES else "")


def check(database: Database) -> Health:
    """Everything `db check` verifies, as problems found; an older schema is only reported, since
    `db upgrade` changes what the other checks would look at."""
    problems: list[Problem] = []
    if database.path is not None:
        integrity = check_integrity(database.path)
        if integrity != "ok":
            return Health([Problem(INTEGRITY, integrity)], None)
    current, head = migrate.current_revision(database.engine), migrate.head_revision()
    if current != head:
        return Health([Problem(SCHEMA, f"schema {current} is older than {head}: run `db upgrade`")], current)
    if migrate.differences(database.engine):
        problems.append(Problem(SCHEMA, "the schema differs from this version's models"))
    if database.path is not None:
        with _sqlite(database.path) as connection:
            search, indexed = sqlite_search_problems(connection)
    else:
        with database.engine.connect() as connection:
            search, indexed = postgresql_search_problems(connection), 0
    problems.extend(search)
    with database.engine.connect() as connection:
        audit = audit_chain(connection)
    problems.extend(audit.problems)
    return Health(problems, current, indexed, audit.records, audit.entries)


@contextlib.contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection of its own, in a transaction the caller ends (the check rolls it back: its
    temporary index and FTS5's integrity-check, an INSERT, leave nothing behind)."""
    connection = connect(path, timeout=10, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield connection
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()


def _trigger_sql(connection: sqlite3.Connection) -> dict[str, str]:
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'trigger' AND tbl_name IN ('meetings', 'follow_ups')"
    ).fetchall()
    return {str(name): str(sql) for name, sql in rows}


def _table_sql(connection: sqlite3.Connection) -> str | None:
    row = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (search_index.TABLE,)
    ).fetchone()
    return None if row is None else str(row[0])


def _stale_follow_ups(connection: sqlite3.Connection) -> int:
    """How many meetings' follow_ups_label differs from their follow-up actions."""
    held = search_index.FILL_FOLLOW_UPS.split(" = ", 1)[1]
    row = connection.execute(f"SELECT count(*) FROM meetings WHERE follow_ups_label IS NOT {held}").fetchone()
    return int(row[0])


def sqlite_search_problems(connection: sqlite3.Connection) -> tuple[list[Problem], int]:
    """The SQLite search index's problems, and how many meetings it holds."""
    problems: list[Problem] = []
    table = _table_sql(connection)
    if table is None:
        return [Problem(SEARCH, "the full-text index meetings_fts is missing: search finds nothing")], 0
    if not search_index.same_sql(table, search_index.CREATE_TABLE):
        problems.append(
            Problem(SEARCH, f"the full-text index meetings_fts is not migration {search_index.MIGRATION}'s")
        )
    triggers = _trigger_sql(connection)
    for name, wanted in {**search_index.TRIGGERS, **search_index.FOLLOW_UP_TRIGGERS}.items():
        if name not in triggers:
            problems.append(Problem(SEARCH, f"trigger {name} is missing: {_TRIGGER_LOSS[name]}"))
        elif not search_index.same_sql(triggers[name], wanted):
            problems.append(
                Problem(SEARCH, f"trigger {name} is not the one migration {search_index.MIGRATION} made")
            )
    stale = _stale_follow_ups(connection)
    if stale:
        problems.append(
            Problem(SEARCH, f"{stale:,} meetings hold follow-up actions for search that are not their own")
        )
    try:
        connection.execute(search_index.INTEGRITY_CHECK)
    except sqlite3.Error as error:
        problems.append(Problem(SEARCH, f"FTS5's integrity-check of meetings_fts fails: {error}"))
        return problems, 0
    problems.extend(_out_of_step(connection))
    indexed = int(connection.execute("SELECT count(*) FROM meetings_fts_docsize").fetchone()[0])
    return problems, indexed


def _ids(connection: sqlite3.Connection, sql: str) -> list[str]:
    return [str(row[0]) for row in connection.execute(sql)]


def _out_of_step(connection: sqlite3.Connection) -> list[Problem]:
    """Whether the index holds exactly the own meetings, each under its present words."""
    problems: list[Problem] = []
    own = "SELECT id FROM main.meetings WHERE return_id IS NULL"
    held = "SELECT id FROM main.meetings_fts_docsize"
    missing = _ids(connection, f"{own} EXCEPT {held} ORDER BY 1")
    if missing:
        problems.append(
            Problem(
                SEARCH,
                f"{len(missing):,} meetings are missing from the index, so search cannot find them"
                f" ({_examples(missing)})",
            )
        )
    extra = _ids(connection, f"{held} EXCEPT {own} ORDER BY 1")
    if extra:
        problems.append(
            Problem(
                SEARCH,
                f"the index holds {len(extra):,} meetings that are not the association's own or are"
                f" gone ({_examples(extra)})",
            )
        )
    try:
        problems.extend(_words_out_of_step(connection, exclude={*missing, *extra}))
    finally:
        for name in _TEMPORARY:
            connection.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return problems


_TEMPORARY = (
    "health_held_col",
    "health_held_instance",
    "health_wanted_col",
    "health_wanted_instance",
    "health_expected",
)


def _words_out_of_step(connection: sqlite3.Connection, exclude: set[str]) -> list[Problem]:
    """The own meetings the index holds under other words than their present text's."""
    connection.execute(
        f"CREATE VIRTUAL TABLE temp.health_expected USING fts5({search_index.COLUMNS},"
        f" content='', tokenize='{search_index.TOKENIZE}')"
    )
    connection.execute(
        f"INSERT INTO temp.health_expected (rowid, {search_index.COLUMNS})"
        f" SELECT id, {search_index.COLUMNS} FROM main.meetings WHERE return_id IS NULL"
    )
    # Each meeting's count of words per column, in the index and in its present text.
    differ = set(
        _ids(
            connection,
            "SELECT held.id FROM main.meetings_fts_docsize AS held"
            " JOIN temp.health_expected_docsize AS expected ON expected.id = held.id"
            " WHERE expected.sz IS NOT held.sz",
        )
    )
    # Each word's counts per column; the meetings holding a word that differs, named word by word.
    sources = (("health_held", "'main', 'meetings_fts'"), ("health_wanted", "'temp', 'health_expected'"))
    for name, source in sources:
        connection.execute(f"CREATE VIRTUAL TABLE temp.{name}_col USING fts5vocab({source}, 'col')")
        connection.execute(f"CREATE VIRTUAL TABLE temp.{name}_instance USING fts5vocab({source}, 'instance')")
    columns = "term, col, doc, cnt"
    terms = _ids(
        connection,
        f"SELECT term FROM (SELECT {columns} FROM temp.health_held_col"
        f" EXCEPT SELECT {columns} FROM temp.health_wanted_col)"
        f" UNION SELECT term FROM (SELECT {columns} FROM temp.health_wanted_col"
        f" EXCEPT SELECT {columns} FROM temp.health_held_col)",
    )
    instance = "term, doc, col, offset"
    for term in terms:
        where = "WHERE term = ?"
        differ.update(
            str(row[0])
            for row in connection.execute(
                f"SELECT doc FROM (SELECT {instance} FROM temp.health_held_instance {where}"
                f" EXCEPT SELECT {instance} FROM temp.health_wanted_instance {where})"
                f" UNION SELECT doc FROM (SELECT {instance} FROM temp.health_wanted_instance {where}"
                f" EXCEPT SELECT {instance} FROM temp.health_held_instance {where})",
                (term, term, term, term),
            )
        )
    differ -= exclude
    if not differ:
        return []
    ordered = sorted(differ, key=int)
    return [
        Problem(
            SEARCH,
            f"{len(ordered):,} meetings are indexed under words their title, bodies, people or notes no"
            f" longer hold ({_examples(ordered)})",
        )
    ]


def postgresql_search_problems(connection: Connection) -> list[Problem]:
    """Whether the GIN expression index of migration 0003 is there, valid, and over its expression."""
    row = connection.exec_driver_sql(
        "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index AS i"
        f" WHERE i.indexrelid = to_regclass('{search_index.POSTGRESQL_INDEX}')"
    ).first()
    name = search_index.POSTGRESQL_INDEX
    if row is None:
        return [Problem(SEARCH, f"the search index {name} is missing: every search reads every meeting")]
    valid, definition = bool(row[0]), str(row[1])
    wanted = ("USING gin", "to_tsvector('simple'::regconfig", *search_index.COLUMN_NAMES)
    if not valid:
        return [Problem(SEARCH, f"the search index {name} is not valid (a build of it failed)")]
    if not all(part in definition for part in wanted):
        return [
            Problem(SEARCH, f"the search index {name} is not the one migration {search_index.MIGRATION} made")
        ]
    return []


@dataclass
class AuditChain:
    """The audit chain's problems, and how many entries and live records were compared."""

    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    records: int = 0


def audited_tables() -> dict[str, Table]:
    return {t.name: t for t in Base.metadata.sorted_tables if t.name != AuditEntry.__tablename__}


def _key(row: Any, table: Table) -> str:
    return "/".join(str(row[c.name]) for c in table.primary_key.columns)


@dataclass
class _Record:
    values: dict[str, Any]
    live: bool


@dataclass
class _Gone:
    """A row the trail holds as live that is not there: excused if its owner went or was erased."""

    table: str
    key: str
    values: dict[str, Any]


def audit_chain(connection: Connection) -> AuditChain:
    """The audit chain's problems (see the module's docstring for what the chain is)."""
    chain = AuditChain()
    tables = audited_tables()
    statement = select(AuditEntry.table_name, func.count()).group_by(AuditEntry.table_name)
    counts = {str(name): int(count) for name, count in connection.execute(statement)}
    chain.entries = sum(counts.values())
    unknown = sorted(name for name in counts if name not in tables)
    if unknown:
        entries = sum(counts[name] for name in unknown)
        chain.problems.append(
            Problem(AUDIT, f"{entries:,} entries name tables Liaison does not have: {', '.join(unknown)}")
        )
    chain.problems.extend(_time_going_back(connection))
    erased = {
        str(k)
        for k in connection.scalars(select(AuditEntry.row_id).where(AuditEntry.action == AuditAction.ERASE))
    }
    gone: list[_Gone] = []
    live_keys: dict[str, set[str]] = {}
    for name, table in tables.items():
        if name in LINKS_RECORDED_ON_OWNER:
            continue
        keys = _compare_table(connection, chain, table, counts.get(name, 0), gone)
        if keys is not None:
            live_keys[name] = keys
    chain.problems.extend(_unexplained_losses(connection, tables, gone, live_keys, erased))
    return chain


def _time_going_back(connection: Connection) -> list[Problem]:
    ordered = select(
        AuditEntry.id,
        AuditEntry.at,
        func.lag(AuditEntry.at).over(order_by=AuditEntry.id).label("previous"),
    ).subquery()
    found = [
        (entry_id, at, previous)
        for entry_id, at, previous in connection.execute(
            select(ordered.c.id, ordered.c.at, ordered.c.previous).where(ordered.c.at < ordered.c.previous)
        )
        if _as_time(previous) - _as_time(at) > CLOCK_SKEW
    ]
    if not found:
        return []
    entry_id, at, previous = found[0]
    return [
        Problem(
            AUDIT,
            f"time goes back {len(found):,} times along the entries: #{entry_id} is stamped"
            f" {_as_time(at):%Y-%m-%d %H:%M:%S}, after one stamped {_as_time(previous):%Y-%m-%d %H:%M:%S}",
        )
    ]


def _as_time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _fold(connection: Connection, name: str, disorder: list[str]) -> dict[str, _Record]:
    """Each record's values as its entries, replayed in id order, leave them."""
    records: dict[str, _Record] = {}
    statement = (
        select(AuditEntry.row_id, AuditEntry.action, AuditEntry.after)
        .where(AuditEntry.table_name == name)
        .order_by(AuditEntry.id)
    )
    for row_id, action, after in connection.execute(statement).all():
        record = records.get(row_id)
        if action is AuditAction.CREATE:
            if record is not None and record.live:
                disorder.append(row_id)
            records[row_id] = _Record(json.loads(after) if after else {}, live=True)
        elif action is AuditAction.UPDATE:
            if record is None or not record.live:
                disorder.append(row_id)
                record = records[row_id] = _Record({}, live=True)
            record.values.update(json.loads(after) if after else {})
        elif action is AuditAction.DELETE:
            if record is None or not record.live:
                disorder.append(row_id)
            records[row_id] = _Record({}, live=False)
        elif action is AuditAction.ERASE and record is not None and after:
            # Only the stamp is a column; the rest of an erasure's entry counts what it rewrote.
            stamp = json.loads(after).get("erased_at")
            if stamp is not None:
                record.values["erased_at"] = stamp
    return records


def _compare_table(
    connection: Connection, chain: AuditChain, table: Table, entries: int, gone: list[_Gone]
) -> set[str] | None:
    """Compare one table's live rows with its replayed entries; returns the live rows' keys, or
    None when the table has no entries (the keys are then read only if an owner's are needed)."""
    name = table.name
    if entries == 0:
        # Nothing recorded: every row is unrecorded, and there is nothing to replay.
        total = int(connection.scalar(select(func.count()).select_from(table)) or 0)
        chain.records += total
        if total:
            first = [_key(r, table) for r in connection.execute(select(table).limit(EXAMPLES + 1)).mappings()]
            chain.problems.append(_unrecorded(name, total, first))
        return None
    disorder: list[str] = []
    records = _fold(connection, name, disorder)
    themes: dict[str, list[int]] = {}
    if name == "meetings":
        for meeting_id, theme_id in connection.execute(
            select(MeetingTheme.meeting_id, MeetingTheme.theme_id).order_by(MeetingTheme.theme_id)
        ):
            themes.setdefault(str(meeting_id), []).append(theme_id)
    unrecorded: list[str] = []
    changed: list[str] = []
    keys: set[str] = set()
    names = [c.name for c in table.columns]
    position = {name: i for i, name in enumerate(names)}
    key_positions = [position[c.name] for c in table.primary_key.columns]
    for row in connection.execute(select(table)).all():
        key = "/".join(str(row[i]) for i in key_positions)
        keys.add(key)
        record = records.get(key)
        if record is None or not record.live:
            unrecorded.append(key)
            continue
        # Compared as stored first: most values (text, numbers) need no conversion to the trail's form.
        columns = [
            column
            for column, value in record.values.items()
            if column in position
            and column not in UNRECORDED
            and row[position[column]] != value
            and audited_value(row[position[column]]) != value
        ]
        recorded_themes = record.values.get("themes") if name == "meetings" else None
        if recorded_themes is not None and recorded_themes != themes.get(key, []):
            columns.append("themes")
        if columns:
            changed.append(f"{key} ({', '.join(columns)})")
    chain.records += len(keys)
    if disorder:
        chain.problems.append(
            Problem(
                AUDIT,
                f"{len(disorder):,} {name} entries come out of order (a change before a creation, or"
                f" a second creation): {_examples(disorder)}",
            )
        )
    if unrecorded:
        chain.problems.append(_unrecorded(name, len(unrecorded), unrecorded))
    if changed:
        chain.problems.append(
            Problem(
                AUDIT,
                f"{len(changed):,} {name} differ from their recorded values, changed other than"
                f" through Liaison: {_examples(changed)}",
            )
        )
    gone.extend(_Gone(name, k, r.values) for k, r in records.items() if r.live and k not in keys)
    return keys


def _unrecorded(name: str, count: int, keys: list[str]) -> Problem:
    return Problem(
        AUDIT,
        f"{count:,} {name} have no recorded creation, so were written other than through Liaison:"
        f" {_examples(keys)}",
    )


def _unexplained_losses(
    connection: Connection,
    tables: dict[str, Table],
    gone: list[_Gone],
    live_keys: dict[str, set[str]],
    erased: set[str],
) -> list[Problem]:
    """Rows gone without a recorded deletion, less those their owner's deletion or erasure took."""
    lost: dict[str, list[str]] = {}
    for row in gone:
        table = tables[row.table]
        excused = False
        for foreign_key in table.foreign_keys:
            owner_id = row.values.get(foreign_key.parent.name)
            if owner_id is None:
                continue
            owner = foreign_key.column.table.name
            if owner not in live_keys:
                owners = connection.execute(select(*tables[owner].primary_key.columns)).mappings()
                live_keys[owner] = {_key(r, tables[owner]) for r in owners}
            if str(owner_id) not in live_keys[owner] or (owner == "people" and str(owner_id) in erased):
                excused = True
        if not excused:
            lost.setdefault(row.table, []).append(row.key)
    return [
        Problem(
            AUDIT,
            f"{len(keys):,} {name} the trail holds are gone without a recorded deletion: {_examples(keys)}",
        )
        for name, keys in lost.items()
    ]


def repair(database: Database) -> Repaired:
    """Back the database up (checked), then rebuild what can be rebuilt: the search triggers and
    index on SQLite, the search index on PostgreSQL. The audit trail is history: it is left as it is.

    A sound database is left as it was, beside the new backup.
    """
    current, head = migrate.current_revision(database.engine), migrate.head_revision()
    if current != head:
        raise DatabaseRefused(
            f"{database.where} is at schema {current}, older than {head}: run `db upgrade` first"
        )
    done: list[str] = []
    backup: Path | None = None
    if database.path is not None:
        backup = backups.write(database.path, backups.BEFORE_REPAIR)
        with _sqlite(database.path) as connection:
            done = _repair_sqlite(connection)
            connection.execute("COMMIT")
    else:
        with database.engine.begin() as connection:
            if postgresql_search_problems(connection):
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {search_index.POSTGRESQL_INDEX}")
                connection.exec_driver_sql(search_index.CREATE_POSTGRESQL_INDEX)
                done.append(f"recreated the search index {search_index.POSTGRESQL_INDEX}")
    return Repaired(backup, done, check(database))


def _repair_sqlite(connection: sqlite3.Connection) -> list[str]:
    done: list[str] = []
    table = _table_sql(connection)
    rebuild = table is None or not search_index.same_sql(table, search_index.CREATE_TABLE)
    triggers = _trigger_sql(connection)
    for name, wanted in {**search_index.TRIGGERS, **search_index.FOLLOW_UP_TRIGGERS}.items():
        if not search_index.same_sql(triggers.get(name), wanted):
            connection.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            connection.execute(wanted)
            done.append(f"recreated the search trigger {name}")
    stale = _stale_follow_ups(connection)
    if stale:
        connection.execute(search_index.FILL_FOLLOW_UPS)  # fires the index's update trigger per meeting
        done.append(f"copied the follow-up actions of {stale:,} meetings again for search")
    if not rebuild:
        try:
            connection.execute(search_index.INTEGRITY_CHECK)
            rebuild = bool(_out_of_step(connection))
        except sqlite3.Error:
            rebuild = True
    if rebuild:
        # Dropped and made anew rather than emptied: 'delete-all' cannot be trusted on an index that
        # fails its integrity-check.
        connection.execute(f"DROP TABLE IF EXISTS {search_index.TABLE}")
        connection.execute(search_index.CREATE_TABLE)
        connection.execute(search_index.FILL)
        count = connection.execute("SELECT count(*) FROM meetings_fts_docsize").fetchone()[0]
        done.append(f"rebuilt the search index of {count:,} meetings")
    return done
