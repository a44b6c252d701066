"""meeting status, dates as written, councils, board conventions and officers, saved papers

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:00:00

- meetings.status: planned, held, cancelled or postponed; only held meetings count as activity.
  Meetings already stored dated after today become planned, the others held.
- meetings.date_written: the date as written ("c. March 2007", "start of June"), shown as written.
- meetings.represented_unnamed: "the LGA was represented", with no one named.
- organisations.council_type: county, district, unitary, metropolitan or London borough.
- boards: the paper conventions (numbered paragraphs, the "Action" heading's wording, the
  sections in use) and the Word template; board_officers, the contact officers over time (the
  contact officer already recorded becomes one with open dates).
- papers and paper_entries: a saved paper and its entries (included, order, rewritten text).

The new columns of meetings are added with ALTER TABLE ADD COLUMN on SQLite too (no batch
rebuild): rebuilding meetings would drop it under the foreign-key cascades of its children and
its full-text triggers (see 0005). Their CHECK constraints go with the column's definition.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUSES = ("planned", "held", "cancelled", "postponed")
COUNCIL_TYPES = ("county", "district", "unitary", "metropolitan_borough", "london_borough")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _audit(table: str) -> None:
    """The server's audit trigger on a new table (PostgreSQL only), as 0004 puts it on the others."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
    keys = sa.inspect(bind).get_pk_constraint(table)["constrained_columns"]
    arguments = ", ".join("'" + k.replace("'", "''") + "'" for k in keys)
    bind.exec_driver_sql(
        f'CREATE TRIGGER liaison_audit AFTER INSERT OR UPDATE OR DELETE ON "{schema}"."{table}"'
        f' FOR EACH ROW EXECUTE FUNCTION "{schema}".liaison_audit_row({arguments})'
    )


def _add_checked_column(table: str, column: str, definition: str, check_name: str, check: str) -> None:
    op.execute(
        f"ALTER TABLE {table} ADD COLUMN {column} {definition} CONSTRAINT {check_name} CHECK ({check})"
    )


def _audit_officers() -> None:
    """Record the creation of the officers carried over from each board, as Liaison records any
    row it writes, so that `db check`'s audit chain holds after the upgrade."""
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    audit = sa.table(
        "audit_log",
        *(sa.column(c) for c in ("at", "actor", "action", "table_name", "row_id", "before", "after")),
    )
    rows = bind.execute(
        sa.text("SELECT id, board_id, person_id, started_on, ended_on, position FROM board_officers")
    ).all()
    entries = [
        {
            "at": now,
            "actor": "migration 0006",
            "action": "create",
            "table_name": "board_officers",
            "row_id": str(row.id),
            "before": None,
            "after": json.dumps(
                {
                    "board_id": row.board_id,
                    "ended_on": None,
                    "id": row.id,
                    "person_id": row.person_id,
                    "position": row.position,
                    "started_on": None,
                },
                sort_keys=True,
                ensure_ascii=False,
            ),
        }
        for row in rows
    ]
    if entries:
        bind.execute(audit.insert(), entries)


def upgrade() -> None:
    _add_checked_column(
        "meetings",
        "status",
        "VARCHAR(32) DEFAULT 'held' NOT NULL",
        "ck_meetings_meeting_status",
        _in("status", STATUSES),
    )
    op.execute(
        sa.text("UPDATE meetings SET status = 'planned' WHERE held_on > :today").bindparams(
            today=date.today()
        )
    )
    op.execute("ALTER TABLE meetings ADD COLUMN date_written VARCHAR(60) DEFAULT '' NOT NULL")
    represented = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    op.execute(f"ALTER TABLE meetings ADD COLUMN represented_unnamed BOOLEAN DEFAULT {represented} NOT NULL")
    _add_checked_column(
        "organisations",
        "council_type",
        "VARCHAR(32)",
        "ck_organisations_council_type",
        _in("council_type", COUNCIL_TYPES),
    )
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("numbered_paragraphs", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("action_heading", sa.String(length=40), nullable=False, server_default="Action")
        )
        batch_op.add_column(
            sa.Column(
                "sections",
                sa.String(length=200),
                nullable=False,
                server_default="member_activity,officer_activity",
            )
        )
        batch_op.add_column(
            sa.Column("template_path", sa.String(length=1000), nullable=False, server_default="")
        )

    op.create_table(
        "board_officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_board_officers_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_board_officers_person_id_people"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_officers")),
    )
    with op.batch_alter_table("board_officers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_officers_board_id"), ["board_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_board_officers_person_id"), ["person_id"], unique=False)
    op.execute(
        "INSERT INTO board_officers (board_id, person_id, position)"
        " SELECT id, contact_officer_id, 0 FROM boards WHERE contact_officer_id IS NOT NULL"
    )
    _audit_officers()

    op.create_table(
        "papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("meets_on", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("contact_officer_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_papers_period")),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_papers_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_officer_id"],
            ["people.id"],
            name=op.f("fk_papers_contact_officer_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_papers")),
    )
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_papers_board_id"), ["board_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_papers_contact_officer_id"), ["contact_officer_id"], unique=False
        )

    op.create_table(
        "paper_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_paper_entries_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_entries")),
        sa.UniqueConstraint("paper_id", "key", name="uq_paper_entries_key"),
    )
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_entries_paper_id"), ["paper_id"], unique=False)
    for table in ("board_officers", "papers", "paper_entries"):
        _audit(table)


def downgrade() -> None:
    op.drop_table("paper_entries")
    op.drop_table("papers")
    op.drop_table("board_officers")
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.drop_column("template_path")
        batch_op.drop_column("sections")
        batch_op.drop_column("action_heading")
        batch_op.drop_column("numbered_paragraphs")
    for table, column in (
        ("organisations", "council_type"),
        ("meetings", "represented_unnamed"),
        ("meetings", "date_written"),
        ("meetings", "status"),
    ):
        # SQLite (3.35 and later) drops a column in place when only its own CHECK names it.
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
