"""meetings full-text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:05:00

The meetings list finds a meeting by the start of any word of its title, bodies or people.

SQLite: an FTS5 index over the title, bodies_label and people_label of the association's own
meetings (return_id NULL: the list's meetings, so that the index alone counts a search's matches),
external content (the words are indexed, the text stays in meetings), kept current by triggers, so
every write path (the services, bulk imports, the synthetic benchmark data) keeps it right without
knowing of it. The index leaves out ministers' meetings read from returns, so FTS5's 'rebuild'
(which would index every row of meetings) must not be used: fill it with 'delete-all' and an
INSERT ... SELECT of the own meetings, as db.search_index and tracker.search.bulk_load do. A later
migration that rebuilds the meetings table in batch mode drops these triggers with the old table and
must create them again (tests/tracker/test_search.py fails if it does not).

PostgreSQL: a GIN index on the same three columns as a 'simple' tsvector (no stemming: names are
searched, not prose), queried with prefix tsqueries ('word:*').

Neither is in db.models; db.migrate.differences leaves them out of the comparison.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The statements as this migration ran them. db.search_index holds the index as it is now (migration
# 0009 added the summary, outcome, notes and follow-ups); these stay as they were, so that a history
# replayed from 0001 passes through the same states.
_COLUMNS = "title, bodies_label, people_label"
_NEW = "new.id, new.title, new.bodies_label, new.people_label"
_OLD = "'delete', old.id, old.title, old.bodies_label, old.people_label"
CREATE_TABLE = f"""CREATE VIRTUAL TABLE meetings_fts USING fts5(
        {_COLUMNS}, content='meetings', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"""
TRIGGERS = [
    f"""CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings WHEN new.return_id IS NULL BEGIN
        INSERT INTO meetings_fts (rowid, {_COLUMNS}) VALUES ({_NEW});
    END""",
    f"""CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings WHEN old.return_id IS NULL BEGIN
        INSERT INTO meetings_fts (meetings_fts, rowid, {_COLUMNS}) VALUES ({_OLD});
    END""",
    f"""CREATE TRIGGER meetings_fts_update AFTER UPDATE OF {_COLUMNS}, return_id ON meetings BEGIN
        INSERT INTO meetings_fts (meetings_fts, rowid, {_COLUMNS})
            SELECT {_OLD} WHERE old.return_id IS NULL;
        INSERT INTO meetings_fts (rowid, {_COLUMNS}) SELECT {_NEW} WHERE new.return_id IS NULL;
    END""",
]
FILL = (
    f"INSERT INTO meetings_fts (rowid, {_COLUMNS})"
    f" SELECT id, {_COLUMNS} FROM meetings WHERE return_id IS NULL"
)
SQLITE_UP = [CREATE_TABLE, *TRIGGERS, FILL]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS meetings_fts_update",
    "DROP TRIGGER IF EXISTS meetings_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_fts_insert",
    "DROP TABLE IF EXISTS meetings_fts",
]
POSTGRESQL_UP = [
    "CREATE INDEX ix_meetings_search ON meetings USING gin"
    " (to_tsvector('simple'::regconfig, title || ' ' || bodies_label || ' ' || people_label))"
]
POSTGRESQL_DOWN = ["DROP INDEX IF EXISTS ix_meetings_search"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(POSTGRESQL_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(POSTGRESQL_DOWN)
