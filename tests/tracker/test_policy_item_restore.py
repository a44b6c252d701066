"""A deleted policy item comes back under its own id with its links (undo); one with positions or
Board decisions on it is not deleted, since undo could not bring those back."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.programme import PolicyItemKind
from tracker import boards
from tracker.common.errors import InvalidRecord
from tracker.lobbying import decisions, policy_items, positions
from tracker.lobbying.decisions import DecisionDraft
from tracker.lobbying.policy_items import DocumentEntry, PolicyItemDraft
from tracker.lobbying.positions import PositionDraft

from .conftest import Directory


def test_a_deleted_item_is_restored_with_its_documents_and_body(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        item = policy_items.create(
            s,
            PolicyItemDraft(
                PolicyItemKind.CONSULTATION,
                "Cutting Crime",
                responsible_body_id=directory.home_office,
                closes_on=date(2008, 2, 29),
                documents=(DocumentEntry("Consultation paper", "https://example.org/c.pdf"),),
            ),
        )
        assert item.id is not None
        snapshot = policy_items.delete(s, item.id)
        assert policy_items.rows(s) == []
        back = policy_items.restore(s, snapshot)
    assert back.id == item.id
    assert (back.title, back.responsible_body_id, back.closes_on) == (
        "Cutting Crime",
        directory.home_office,
        date(2008, 2, 29),
    )
    assert [(d.title, d.link) for d in back.documents] == [
        ("Consultation paper", "https://example.org/c.pdf")
    ]
    with database.session() as s, pytest.raises(InvalidRecord):
        policy_items.restore(s, snapshot)


def test_an_item_with_positions_or_decisions_is_not_deleted(database: Database, directory: Directory) -> None:
    with database.session() as s:
        board = boards.create(s, boards.BoardDraft("Safer Communities Board"))
        item = policy_items.create(s, PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan review"))
        assert item.id is not None and board.id is not None
        positions.state(s, PositionDraft(item.id, date(2007, 9, 1), "Welcome the review"))
        decisions.record_decision(s, DecisionDraft(board.id, "The Board agreed.", item_id=item.id))
        with pytest.raises(InvalidRecord) as refused:
            policy_items.delete(s, item.id)
        assert refused.value.problems["form"] == (
            "“Flanagan review” has 1 position, 1 decision recorded on it; change or delete those first."
        )
        assert len(positions.history(s, item.id)) == 1
