"""stakeholders: stances with their history and source, influence and interest, engagement

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 16:20:23

- stakeholder_stances: a body"s or person"s stance (opposed ... champion, or unknown) on a policy
  item, an ask, or overall, dated, with its source (a meeting, a letter, a public statement, a paper);
- stakeholder_assessments: influence and interest (1-5) overall or per policy item, current and
  desired engagement, the planned action and its owner;
- organisation_foundings: when a body came into being, so no stance is dated before it;
- ix_follow_ups_due: open follow-ups by due date (Home, Needs attention).

New tables and an index only: nothing stored is changed. On PostgreSQL each gets the server"s audit trigger.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW_TABLES = ("organisation_foundings", "stakeholder_assessments", "stakeholder_stances")


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


def upgrade() -> None:
    op.create_table(
        "organisation_foundings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_foundings_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_foundings")),
    )
    op.create_table(
        "stakeholder_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column(
            "current_engagement",
            sa.Enum(
                "unaware",
                "resistant",
                "neutral",
                "supportive",
                "leading",
                name="current_engagement",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "desired_engagement",
            sa.Enum(
                "unaware",
                "resistant",
                "neutral",
                "supportive",
                "leading",
                name="desired_engagement",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("planned_action", sa.Text(), nullable=False),
        sa.Column("action_owner_id", sa.Integer(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (person_id IS NULL)",
            name=op.f("ck_stakeholder_assessments_one_stakeholder"),
        ),
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name=op.f("ck_stakeholder_assessments_influence")),
        sa.CheckConstraint("interest BETWEEN 1 AND 5", name=op.f("ck_stakeholder_assessments_interest")),
        sa.ForeignKeyConstraint(
            ["action_owner_id"],
            ["people.id"],
            name=op.f("fk_stakeholder_assessments_action_owner_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_stakeholder_assessments_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_stakeholder_assessments_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_stakeholder_assessments_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_assessments")),
    )
    with op.batch_alter_table("stakeholder_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stakeholder_assessments_action_owner_id"), ["action_owner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stakeholder_assessments_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            "ix_stakeholder_assessments_organisation", ["organisation_id", "item_id"], unique=False
        )
        batch_op.create_index("ix_stakeholder_assessments_person", ["person_id", "item_id"], unique=False)

    op.create_table(
        "stakeholder_stances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("ask_id", sa.Integer(), nullable=True),
        sa.Column(
            "stance",
            sa.Enum(
                "opposed",
                "sceptical",
                "neutral",
                "supportive",
                "champion",
                "unknown",
                name="stance",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column(
            "source_kind",
            sa.Enum(
                "meeting",
                "letter",
                "public_statement",
                "paper",
                "other",
                name="stance_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_meeting_id", sa.Integer(), nullable=True),
        sa.Column("source_text", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (person_id IS NULL)",
            name=op.f("ck_stakeholder_stances_one_stakeholder"),
        ),
        sa.CheckConstraint(
            "item_id IS NULL OR ask_id IS NULL", name=op.f("ck_stakeholder_stances_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["ask_id"], ["asks.id"], name=op.f("fk_stakeholder_stances_ask_id_asks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["policy_items.id"],
            name=op.f("fk_stakeholder_stances_item_id_policy_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_stakeholder_stances_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_stakeholder_stances_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_stakeholder_stances_source_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_stances")),
    )
    with op.batch_alter_table("stakeholder_stances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_stances_ask_id"), ["ask_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_stances_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            "ix_stakeholder_stances_organisation", ["organisation_id", "stated_on"], unique=False
        )
        batch_op.create_index("ix_stakeholder_stances_person", ["person_id", "stated_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stakeholder_stances_source_meeting_id"), ["source_meeting_id"], unique=False
        )
        batch_op.create_index("ix_stakeholder_stances_stated_on", ["stated_on"], unique=False)

    op.create_index("ix_follow_ups_due", "follow_ups", ["done", "due_on"], unique=False)
    for table in NEW_TABLES:
        _audit(table)


def downgrade() -> None:
    op.drop_index("ix_follow_ups_due", table_name="follow_ups")
    with op.batch_alter_table("stakeholder_stances", schema=None) as batch_op:
        batch_op.drop_index("ix_stakeholder_stances_stated_on")
        batch_op.drop_index(batch_op.f("ix_stakeholder_stances_source_meeting_id"))
        batch_op.drop_index("ix_stakeholder_stances_person")
        batch_op.drop_index("ix_stakeholder_stances_organisation")
        batch_op.drop_index(batch_op.f("ix_stakeholder_stances_item_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_stances_ask_id"))

    op.drop_table("stakeholder_stances")
    with op.batch_alter_table("stakeholder_assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_stakeholder_assessments_person")
        batch_op.drop_index("ix_stakeholder_assessments_organisation")
        batch_op.drop_index(batch_op.f("ix_stakeholder_assessments_item_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_assessments_action_owner_id"))

    op.drop_table("stakeholder_assessments")
    op.drop_table("organisation_foundings")
