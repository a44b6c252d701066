"""search what was discussed: summary, outcome, notes and follow-ups in the meetings' full-text index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:05:00

The meetings list found a meeting by its title, bodies and people only (0003). The index now also
holds its summary, outcome, notes and follow-up actions (db/search_index.py). The follow-ups live in
their own table, so meetings gains follow_ups_label, a copy of their text kept by triggers on
follow_ups (every write path keeps it without knowing of it), filled here for the meetings held.

SQLite: the FTS5 table and its three triggers are dropped and made anew over the new columns, then
filled with the own meetings. PostgreSQL: the GIN expression index is made anew over the new
document. Nothing else stored changes; downgrade puts 0003's index back.
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

from db import search_index

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_FTS_DROP = [
    "DROP TRIGGER IF EXISTS meetings_fts_update",
    "DROP TRIGGER IF EXISTS meetings_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_fts_insert",
    "DROP TABLE IF EXISTS meetings_fts",
]
_FOLLOW_UPS_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in search_index.FOLLOW_UP_TRIGGERS]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # ALTER TABLE ... ADD COLUMN, not a batch copy: a copy of meetings would drop the index's triggers.
    op.add_column("meetings", sa.Column("follow_ups_label", sa.Text(), nullable=False, server_default=""))
    if dialect == "sqlite":
        _run(_FTS_DROP)
        _run(list(search_index.FOLLOW_UP_TRIGGERS.values()))
        _run([search_index.FILL_FOLLOW_UPS])
        _run([search_index.CREATE_TABLE, *search_index.TRIGGERS.values(), search_index.FILL])
    elif dialect == "postgresql":
        _run(search_index.POSTGRESQL_FOLLOW_UPS)
        _run([search_index.POSTGRESQL_FILL_FOLLOW_UPS])
        _run([f"DROP INDEX IF EXISTS {search_index.POSTGRESQL_INDEX}", search_index.CREATE_POSTGRESQL_INDEX])


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    first = importlib.import_module("db.migrations.versions.0003_meetings_full_text_search")
    if dialect == "sqlite":
        _run(_FOLLOW_UPS_DROP)
        _run(_FTS_DROP)
        op.drop_column("meetings", "follow_ups_label")
        _run(first.SQLITE_UP)
    elif dialect == "postgresql":
        _run(["DROP TRIGGER IF EXISTS follow_ups_label ON follow_ups"])
        _run(["DROP FUNCTION IF EXISTS liaison_follow_ups_label()"])
        _run([f"DROP INDEX IF EXISTS {search_index.POSTGRESQL_INDEX}"])
        op.drop_column("meetings", "follow_ups_label")
        _run(first.POSTGRESQL_UP)
