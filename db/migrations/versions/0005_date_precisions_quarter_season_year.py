"""date precisions: a range of months, a quarter, a season, a year

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 15:00:00

The returns and the board papers date meetings "Jan/Feb/Mar", "Apr/May", "Spring 2008" and
"2009"; meetings.date_precision may now hold 'months', 'quarter', 'season' and 'year' as well.

PostgreSQL: the CHECK constraint is dropped and created again with the longer list.

SQLite cannot alter a CHECK constraint, and rebuilding meetings (batch mode) would drop the table
under foreign-key cascades (attendances, bodies, themes) and the FTS triggers. The constraint is
only widened, which changes no stored row and no file format, so the table's recorded SQL is
rewritten in place, the procedure SQLite documents for such changes ("Making Other Kinds Of Table
Schema Changes", https://www.sqlite.org/lang_altertable.html#otheralter), and the schema version
bumped so every open connection reads it again.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NAME = "ck_meetings_date_precision"
OLD = ("day", "month", "approximate")
NEW = ("day", "month", "months", "quarter", "season", "year", "approximate")


def _check(values: tuple[str, ...]) -> str:
    return "date_precision IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _rewrite_sqlite(before: tuple[str, ...], after: tuple[str, ...]) -> None:
    bind = op.get_bind()
    sql = bind.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meetings'")
    ).scalar_one()
    old, new = f"CHECK ({_check(before)})", f"CHECK ({_check(after)})"
    if old not in sql:
        raise RuntimeError(f"meetings has no constraint {NAME} as 0001 created it; not changing it")
    version = bind.execute(text("PRAGMA schema_version")).scalar_one()
    bind.execute(text("PRAGMA writable_schema = ON"))
    bind.execute(
        text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'meetings'"),
        {"sql": sql.replace(old, new)},
    )
    bind.execute(text(f"PRAGMA schema_version = {int(version) + 1}"))
    bind.execute(text("PRAGMA writable_schema = OFF"))


def _replace_postgresql(values: tuple[str, ...]) -> None:
    op.execute(f"ALTER TABLE meetings DROP CONSTRAINT {NAME}")
    op.execute(f"ALTER TABLE meetings ADD CONSTRAINT {NAME} CHECK ({_check(values)})")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(OLD, NEW)
    else:
        _replace_postgresql(NEW)


def downgrade() -> None:
    op.execute(
        "UPDATE meetings SET date_precision = 'month'"
        " WHERE date_precision IN ('months', 'quarter', 'season', 'year')"
    )
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite(NEW, OLD)
    else:
        _replace_postgresql(OLD)
