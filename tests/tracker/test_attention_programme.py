"""Needs attention gains the programme's deadlines: consultations closing within 14 days with no
response recorded, and Board actions overdue; each goes once the response or the action is recorded."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from db.programme import PolicyItemKind
from tracker import boards, duties
from tracker.lobbying import decisions, policy_items
from tracker.lobbying.decisions import ActionDraft
from tracker.lobbying.policy_items import PolicyItemDraft

from .conftest import Directory

TODAY = date(2008, 2, 20)


def programme_items(database: Database) -> list[tuple[str, str, str, int]]:
    with database.reading() as s:
        return [
            (i.kind, i.text, i.record, i.record_id)
            for i in duties.needs_attention(s, TODAY)
            if i.kind in ("consultation closing", "Board action overdue")
        ]


def test_a_consultation_closing_within_14_days_is_listed_until_our_response_is_recorded(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        ids = {
            title: policy_items.create(
                s, PolicyItemDraft(PolicyItemKind.CONSULTATION, title, closes_on=closes)
            ).id
            for title, closes in (
                ("Cutting Crime", date(2008, 2, 29)),  # 9 days ahead
                ("Closing today", TODAY),
                ("Youth Crime Action Plan", date(2008, 3, 10)),  # 19 days: not yet
                ("Closed last week", date(2008, 2, 13)),
            )
        }
        policy_items.create(
            s, PolicyItemDraft(PolicyItemKind.REVIEW, "A review due", closes_on=date(2008, 2, 25))
        )
    assert programme_items(database) == [
        (
            "consultation closing",
            "Closing today: closes 20 Feb 2008, no response recorded",
            "policy item",
            ids["Closing today"],
        ),
        (
            "consultation closing",
            "Cutting Crime: closes 29 Feb 2008, no response recorded",
            "policy item",
            ids["Cutting Crime"],
        ),
    ]
    with database.session() as s:
        policy_items.record_response(s, ids["Cutting Crime"], "We welcomed fewer targets.", date(2008, 2, 19))  # type: ignore[arg-type]
    assert [text for _k, text, _r, _i in programme_items(database)] == [
        "Closing today: closes 20 Feb 2008, no response recorded"
    ]


def test_a_board_action_past_due_is_listed_until_it_is_done(database: Database, directory: Directory) -> None:
    with database.session() as s:
        board = boards.create(s, boards.BoardDraft("Safer Communities Board"))
        assert board.id is not None
        item = policy_items.create(s, PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan review"))
        on_item = decisions.record_action(
            s,
            ActionDraft(
                board.id,
                "Send the response to Flanagan",
                date(2007, 10, 1),
                owner_id=directory.murray,
                due_on=date(2008, 1, 31),
                item_id=item.id,
            ),
        )
        teams = decisions.record_action(
            s,
            ActionDraft(
                board.id,
                "Report back to the Board",
                owner_text="Safer Communities team",
                due_on=date(2008, 2, 1),
            ),
        )
        decisions.record_action(s, ActionDraft(board.id, "Not due yet", due_on=date(2008, 3, 1)))
        decisions.record_action(
            s, ActionDraft(board.id, "Done already", due_on=date(2008, 1, 1), done_on=date(2008, 1, 2))
        )
    assert programme_items(database) == [
        (
            "Board action overdue",
            "Send the response to Flanagan (Helen Murray): due 31 Jan 2008",
            "policy item",
            item.id,
        ),
        (
            "Board action overdue",
            "Report back to the Board (Safer Communities team): due 1 Feb 2008",
            "board action",
            teams.id,
        ),
    ]
    with database.session() as s:
        decisions.mark_done(s, on_item.id, date(2008, 2, 18))  # type: ignore[arg-type]
    assert [text for _k, text, _r, _i in programme_items(database)] == [
        "Report back to the Board (Safer Communities team): due 1 Feb 2008"
    ]
