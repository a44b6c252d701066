"""work programme: interventions, work streams, policy items, positions, Board decisions and actions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 16:30:00

- interventions (a board's, per cycle), work_streams, progress_notes;
- policy_items of every kind the papers show, a bill's being the bill's own record
  (policy_items.bill_id); policy_documents, policy_item_work_streams, meeting_policy_items;
- asks: any number of policy items (ask_policy_items), a work stream (asks.work_stream_id), where
  each was decided (asks.decided_where); asks.bill_id may be empty (an ask on no bill);
- association_positions (dated, with where agreed), board_decisions and board_actions.

Existing data: every bill gets its policy item (kind 'bill', the bill's title), and every ask is
linked to its bill's item; the audit trail records their creation (actor 'migration 0007'), so the
audit chain holds.

asks is not rebuilt in batch mode on SQLite: dropping it would cascade to meeting_asks. The new
columns are added with ALTER TABLE ADD COLUMN, and bill_id's NOT NULL is lifted by rewriting the
table's recorded SQL in place (only a loosening, as 0005 does for a CHECK constraint).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACTOR = "migration 0007"
NEW_TABLES = (
    "policy_items",
    "policy_documents",
    "association_positions",
    "interventions",
    "meeting_policy_items",
    "board_decisions",
    "work_streams",
    "board_actions",
    "policy_item_work_streams",
    "progress_notes",
    "ask_policy_items",
)


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


_STRICT, _LOOSE = "bill_id INTEGER NOT NULL,", "bill_id INTEGER,"
_LAST_CONSTRAINT_END = "\n)"
# A table constraint, as create_table writes one, so the schema reads back as the models have it.
_WORK_STREAM_REFERENCE = (
    ", \n\tCONSTRAINT fk_asks_work_stream_id_work_streams FOREIGN KEY(work_stream_id)"
    " REFERENCES work_streams (id) ON DELETE SET NULL"
)


def _rewrite_asks_sqlite(old: str, new: str) -> None:
    """Change the asks table's recorded SQL in place (SQLite's documented procedure for changes
    that no stored row can break)."""
    bind = op.get_bind()
    sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'asks'")
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"asks is not as this migration expects ({old.strip()!r}); not changing it")
    version = bind.execute(sa.text("PRAGMA schema_version")).scalar_one()
    bind.execute(sa.text("PRAGMA writable_schema = ON"))
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'asks'"),
        {"sql": new.join(sql.rsplit(old, 1))},
    )
    bind.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    bind.execute(sa.text("PRAGMA writable_schema = OFF"))


def _link_existing_asks() -> None:
    """Each bill becomes a policy item; each ask is linked to its bill's item; both audited."""
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    bills = bind.execute(sa.text("SELECT id, title FROM bills ORDER BY id")).all()
    audit = sa.table(
        "audit_log",
        sa.column("at"),
        sa.column("actor"),
        sa.column("action"),
        sa.column("table_name"),
        sa.column("row_id"),
        sa.column("before"),
        sa.column("after"),
    )
    entries = []
    item_of: dict[int, int] = {}
    for bill_id, title in bills:
        values = {
            "kind": "bill",
            "title": title,
            "bill_id": bill_id,
            "responsible_body_id": None,
            "status": "",
            "opens_on": None,
            "opens_precision": "day",
            "closes_on": None,
            "summary": "",
            "response": "",
            "responded_on": None,
            "notes": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        bind.execute(sa.table("policy_items", *(sa.column(k) for k in values)).insert().values(**values))
        item_id = int(
            bind.execute(
                sa.text("SELECT id FROM policy_items WHERE bill_id = :b"), {"b": bill_id}
            ).scalar_one()
        )
        item_of[bill_id] = item_id
        recorded = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}
        entries.append(_entry(now, "policy_items", str(item_id), {"id": item_id, **recorded}))
    for ask_id, bill_id in bind.execute(sa.text("SELECT id, bill_id FROM asks ORDER BY id")).all():
        if bill_id is None:
            continue
        link = {"ask_id": ask_id, "item_id": item_of[bill_id], "position": 0}
        bind.execute(sa.table("ask_policy_items", *(sa.column(k) for k in link)).insert().values(**link))
        entries.append(_entry(now, "ask_policy_items", f"{ask_id}/{item_of[bill_id]}", link))
    if entries:
        bind.execute(audit.insert(), entries)


def _entry(at: datetime, table: str, row_id: str, after: dict[str, object]) -> dict[str, object]:
    return {
        "at": at,
        "actor": ACTOR,
        "action": "create",
        "table_name": table,
        "row_id": row_id,
        "before": None,
        "after": json.dumps(after, sort_keys=True, ensure_ascii=False),
    }


def upgrade() -> None:
    op.create_table(
        "policy_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "bill",
                "consultation",
                "review",
                "white_paper",
                "green_paper",
                "regulations",
                "national_standards",
                "statutory_guidance",
                "spending_review",
                "inquiry",
                "written_answer",
                "ministerial_statement",
                "programme",
                name="policy_item_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.Column("responsible_body_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column(
            "opens_precision",
            sa.Enum(
                "day",
                "month",
                "months",
                "quarter",
                "season",
                "year",
                "approximate",
                name="date_precision",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bill_id"], ["bills.id"], name=op.f("fk_policy_items_bill_id_bills"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["responsible_body_id"],
            ["organisations.id"],
            name=op.f("fk_policy_items_responsible_body_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_items")),
        sa.UniqueConstraint("bill_id", name=op.f("uq_policy_items_bill_id")),
    )
    with op.batch_alter_table("policy_items", schema=None) as batch_op:
        batch_op.create_index("ix_policy_items_kind", ["kind", "title"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_policy_items_responsible_body_id"), ["responsible_body_id"], unique=False
        )

    op.create_table(
        "policy_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_policy_documents_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_documents")),
    )
    with op.batch_alter_table("policy_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_documents_item_id"), ["item_id"], unique=False)

    op.create_table(
        "association_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.String(length=300), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=True),
        sa.Column("agreed_by_person_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreed_by_person_id"],
            ["people.id"],
            name=op.f("fk_association_positions_agreed_by_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["boards.id"],
            name=op.f("fk_association_positions_board_id_boards"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_association_positions_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_positions")),
    )
    with op.batch_alter_table("association_positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_association_positions_agreed_by_person_id"), ["agreed_by_person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_association_positions_board_id"), ["board_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_association_positions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "interventions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("aim", sa.Text(), nullable=False),
        sa.Column("lead_member_id", sa.Integer(), nullable=True),
        sa.Column("lead_officer_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_interventions_board_id_boards"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["lead_member_id"],
            ["people.id"],
            name=op.f("fk_interventions_lead_member_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lead_officer_id"],
            ["people.id"],
            name=op.f("fk_interventions_lead_officer_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interventions")),
        sa.UniqueConstraint("board_id", "cycle", "title", name="uq_interventions_title"),
    )
    with op.batch_alter_table("interventions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interventions_board_id"), ["board_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interventions_lead_member_id"), ["lead_member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interventions_lead_officer_id"), ["lead_officer_id"], unique=False
        )

    op.create_table(
        "meeting_policy_items",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_meeting_policy_items_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_policy_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "item_id", name=op.f("pk_meeting_policy_items")),
    )
    with op.batch_alter_table("meeting_policy_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_policy_items_item_id"), ["item_id"], unique=False)

    op.create_table(
        "board_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paper", sa.String(length=300), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_board_decisions_board_id_boards"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_board_decisions_intervention_id_interventions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_board_decisions_item_id_policy_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_decisions")),
    )
    with op.batch_alter_table("board_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_decisions_board_id"), ["board_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_board_decisions_intervention_id"), ["intervention_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_board_decisions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "work_streams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_work_streams_intervention_id_interventions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_work_streams_theme_id_themes"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_streams")),
    )
    with op.batch_alter_table("work_streams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_streams_intervention_id"), ["intervention_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_work_streams_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "board_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paper", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_text", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("intervention_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_board_actions_board_id_boards"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["board_decisions.id"],
            name=op.f("fk_board_actions_decision_id_board_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_board_actions_intervention_id_interventions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_board_actions_item_id_policy_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_board_actions_owner_id_people"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_actions")),
    )
    with op.batch_alter_table("board_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_actions_board_id"), ["board_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_board_actions_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index("ix_board_actions_due", ["done_on", "due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_board_actions_intervention_id"), ["intervention_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_board_actions_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_board_actions_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "policy_item_work_streams",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("work_stream_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_policy_item_work_streams_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["work_stream_id"],
            ["work_streams.id"],
            name=op.f("fk_policy_item_work_streams_work_stream_id_work_streams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "work_stream_id", name=op.f("pk_policy_item_work_streams")),
    )
    with op.batch_alter_table("policy_item_work_streams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_item_work_streams_work_stream_id"), ["work_stream_id"], unique=False
        )

    op.create_table(
        "progress_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("work_stream_id", sa.Integer(), nullable=True),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_progress_notes_intervention_id_interventions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["work_stream_id"],
            ["work_streams.id"],
            name=op.f("fk_progress_notes_work_stream_id_work_streams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_notes")),
    )
    with op.batch_alter_table("progress_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_notes_intervention_id"), ["intervention_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_progress_notes_work_stream_id"), ["work_stream_id"], unique=False
        )

    op.create_table(
        "ask_policy_items",
        sa.Column("ask_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ask_id"], ["asks.id"], name=op.f("fk_ask_policy_items_ask_id_asks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_ask_policy_items_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ask_id", "item_id", name=op.f("pk_ask_policy_items")),
    )
    with op.batch_alter_table("ask_policy_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ask_policy_items_item_id"), ["item_id"], unique=False)

    op.execute("ALTER TABLE asks ADD COLUMN decided_where VARCHAR(300) DEFAULT '' NOT NULL")
    op.execute("ALTER TABLE asks ADD COLUMN work_stream_id INTEGER")
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_asks_sqlite(_STRICT, _LOOSE)
        # Every work_stream_id is NULL, so the new foreign key holds for every stored row.
        _rewrite_asks_sqlite(_LAST_CONSTRAINT_END, _WORK_STREAM_REFERENCE + _LAST_CONSTRAINT_END)
    else:
        op.alter_column("asks", "bill_id", existing_type=sa.Integer(), nullable=True)
        op.create_foreign_key(
            "fk_asks_work_stream_id_work_streams",
            "asks",
            "work_streams",
            ["work_stream_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index("ix_asks_work_stream_id", "asks", ["work_stream_id"], unique=False)
    _link_existing_asks()
    for table in NEW_TABLES:
        _audit(table)


def downgrade() -> None:
    """Asks on no bill cannot be kept under 0006's rule (one bill each), so downgrading refuses
    while any is held."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM asks WHERE bill_id IS NULL")).scalar_one():
        raise RuntimeError("some asks are on no bill; 0006 cannot hold them, so nothing was changed")
    op.drop_index("ix_asks_work_stream_id", table_name="asks")
    if bind.dialect.name == "sqlite":
        _rewrite_asks_sqlite(_LOOSE, _STRICT)
        # SQLite drops a column in place (3.35 and later) only when no constraint names it.
        _rewrite_asks_sqlite(_WORK_STREAM_REFERENCE, "")
    else:
        op.drop_constraint("fk_asks_work_stream_id_work_streams", "asks", type_="foreignkey")
        op.alter_column("asks", "bill_id", existing_type=sa.Integer(), nullable=False)
    op.execute("ALTER TABLE asks DROP COLUMN work_stream_id")
    op.execute("ALTER TABLE asks DROP COLUMN decided_where")
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
