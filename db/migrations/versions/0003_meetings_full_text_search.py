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

from db import search_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The statements live in db.search_index, which `db repair` also uses to remake the index.
SQLITE_UP = [search_index.CREATE_TABLE, *search_index.TRIGGERS.values(), search_index.FILL]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS meetings_fts_update",
    "DROP TRIGGER IF EXISTS meetings_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_fts_insert",
    "DROP TABLE IF EXISTS meetings_fts",
]
POSTGRESQL_UP = [search_index.CREATE_POSTGRESQL_INDEX]
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
