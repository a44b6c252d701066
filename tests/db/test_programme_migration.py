"""Migration 0007: existing asks keep their bill, now as a linked policy item, and the audit holds."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from db import migrate
from db.engine import open_database
from db.files import APPLICATION_ID
from db.health import audit_chain
from tracker.lobbying import bills


def test_existing_asks_keep_their_bill_as_a_linked_policy_item(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    command.upgrade(migrate.config(engine), "0006")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.exec_driver_sql(
            "INSERT INTO bills (id, title, session, bill_type, act_title, notes, version, created_at,"
            " updated_at) VALUES (3, 'Offender Management Bill', '2006-07', 'government', '', '', 1,"
            " '2007-01-01', '2007-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO asks (id, bill_id, text, status, outcome, notes, version, created_at, updated_at)"
            " VALUES (7, 3, 'Root commissioning locally', 'pending', '', '', 1, '2007-01-01', '2007-01-01')"
        )
    engine.dispose()

    database = open_database(path, actor="officer.test")
    try:
        with database.reading() as session:
            ask = bills.get_ask(session, 7)
            item = bills.item_of(session, 3)
            row = bills.ask_rows(session, bill_id=3)[0]
        with database.engine.connect() as connection:
            problems = [
                p.text
                for p in audit_chain(connection).problems
                if "policy_items" in p.text or "ask_policy" in p.text
            ]
            assert migrate.differences(database.engine) == []
    finally:
        database.close()
    assert ask.bill_id == 3 and ask.policy_item_ids == (item.id,)
    assert item.title == "Offender Management Bill"
    assert row.items == ("Offender Management Bill",)
    assert problems == []
