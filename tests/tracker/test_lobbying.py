"""The work programme, policy items of every kind, asks across items, positions, Board decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from db.engine import Database
from db.programme import PolicyItemKind
from db.vocabulary import AskStatus, MeetingKind, ReportSection
from tracker import boards, meetings
from tracker.common.errors import InvalidRecord
from tracker.lobbying import bills, decisions, policy_items, positions, programme
from tracker.lobbying.policy_items import DocumentEntry, PolicyItemDraft
from tracker.lobbying.programme import InterventionDraft, ProgressEntry, WorkStreamEntry

from .conftest import Directory


@pytest.fixture
def board_id(database: Database, directory: Directory) -> int:
    with database.session() as s:
        board = boards.create(
            s, boards.BoardDraft("Safer Communities Board", contact_officer_id=directory.murray)
        )
    assert board.id is not None
    return board.id


def _intervention(database: Database, board_id: int, directory: Directory) -> programme.InterventionDraft:
    with database.session() as s:
        return programme.create(
            s,
            InterventionDraft(
                board_id,
                "2006/7",
                "Working together to build safer communities",
                aim="Local perspectives and flexibility in the CDRP reform regulations and guidance.",
                lead_member_id=directory.kemp,
                lead_officer_id=directory.murray,
                work_streams=(
                    WorkStreamEntry(
                        "CDRP reform", "National standards non-prescriptive", directory.cdrp_reform
                    ),
                    WorkStreamEntry("Reducing re-offending"),
                ),
                progress=(ProgressEntry(date(2007, 3, 1), "Third reading and Report Stage on 28 February."),),
            ),
        )


def test_an_intervention_keeps_its_cycle_work_streams_leads_and_progress(
    database: Database, board_id: int, directory: Directory
) -> None:
    created = _intervention(database, board_id, directory)
    assert created.cycle == "2006/07"
    assert [w.title for w in created.work_streams] == ["CDRP reform", "Reducing re-offending"]
    assert created.id is not None
    with database.session() as s:
        later = programme.add_progress(
            s, created.id, ProgressEntry(date(2007, 7, 16), "Guidance due in September.")
        )
        rows = programme.rows(s, board_id=board_id, cycle="2006-07")
    assert [p.text for p in later.progress] == [
        "Third reading and Report Stage on 28 February.",
        "Guidance due in September.",
    ]
    assert rows[0].lead_member == "Richard Kemp" and rows[0].lead_officer == "Helen Murray"
    assert [t for _i, t in rows[0].work_streams] == ["CDRP reform", "Reducing re-offending"]
    with database.session() as s, pytest.raises(InvalidRecord, match="2006/07"):
        programme.create(
            s, InterventionDraft(board_id, "2006/07", "Working together to build safer communities")
        )
    with database.session() as s, pytest.raises(InvalidRecord, match="not a cycle"):
        programme.create(s, InterventionDraft(board_id, "2006/09", "Another"))


def test_a_consultation_has_its_issuer_dates_response_and_documents(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        item = policy_items.create(
            s,
            PolicyItemDraft(
                PolicyItemKind.CONSULTATION,
                "Anti-social behaviour: new frontline powers",
                responsible_body_id=directory.home_office,
                opens_on=date(2006, 11, 1),
                closes_on=date(2007, 2, 1),
                documents=(DocumentEntry("Consultation paper", "https://example.org/asb.pdf"),),
            ),
        )
        assert item.id is not None
        closing = policy_items.consultations_closing(s, date(2007, 1, 20))
        answered = policy_items.record_response(
            s, item.id, "Welcome, provided they are twinned with multi-agency support.", date(2007, 1, 25)
        )
        after = policy_items.consultations_closing(s, date(2007, 1, 20))
        page = policy_items.page(s, item.id, date(2007, 3, 1))
    assert [c.id for c in closing] == [item.id]
    assert after == []
    assert answered.responded_on == date(2007, 1, 25)
    assert page.responsible_body == "Home Office"
    assert page.draft.documents[0].link == "https://example.org/asb.pdf"
    with database.session() as s, pytest.raises(InvalidRecord, match="before it opens"):
        policy_items.create(
            s,
            PolicyItemDraft(
                PolicyItemKind.CONSULTATION,
                "Backwards",
                opens_on=date(2007, 2, 1),
                closes_on=date(2007, 1, 1),
            ),
        )


def test_one_ask_spans_three_bills_and_a_review_and_shows_on_each(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        bill_ids = [
            bills.create(s, bills.BillDraft(title, "2006-07")).id
            for title in ("Offender Management Bill", "Local Government Bill", "Criminal Justice Bill")
        ]
        review = policy_items.create(
            s,
            PolicyItemDraft(
                PolicyItemKind.REVIEW,
                "Flanagan Review of Policing",
                responsible_body_id=directory.home_office,
            ),
        )
        assert all(b is not None for b in bill_ids) and review.id is not None
        items = [bills.item_of(s, b).id for b in bill_ids if b is not None]
        ask = bills.add_ask(
            s,
            bills.AskDraft(
                None,
                "Implement devolution across all legislation, not just the local government bill",
                target_organisation_id=directory.home_office,
                policy_item_ids=(*items, review.id),
            ),
        )
    assert ask.bill_id == bill_ids[0]
    assert ask.policy_item_ids == (*items, review.id)
    with database.session() as s:
        for bill_id in bill_ids:
            assert bill_id is not None
            page = bills.page(s, bill_id, date(2007, 7, 1))
            assert [a.id for a in page.asks] == [ask.id]
        assert [a.id for a in policy_items.page(s, review.id, date(2007, 7, 1)).asks] == [ask.id]
        row = bills.ask_rows(s, policy_item_id=review.id)[0]
        assert row.items == (
            "Offender Management Bill",
            "Local Government Bill",
            "Criminal Justice Bill",
            "Flanagan Review of Policing",
        )
        with pytest.raises(InvalidRecord, match="asks recorded"):
            bills.delete(s, bill_ids[1])  # type: ignore[arg-type]


def test_an_ask_under_a_work_stream_on_no_bill_with_where_it_was_decided(
    database: Database, board_id: int, directory: Directory
) -> None:
    intervention = _intervention(database, board_id, directory)
    stream = intervention.work_streams[0].id
    with database.session() as s:
        answer = policy_items.create(
            s,
            PolicyItemDraft(
                PolicyItemKind.WRITTEN_ANSWER, "Sprinklers in schools", opens_on=date(2007, 3, 26)
            ),
        )
        assert answer.id is not None
        ask = bills.add_ask(
            s,
            bills.AskDraft(
                None,
                "All new and major refurbished schools should have sprinklers",
                work_stream_id=stream,
                policy_item_ids=(answer.id,),
                status=AskStatus.PARTLY_CONCEDED,
                decided_on=date(2007, 3, 26),
                decided_where="Parliamentary Written Answer",
            ),
        )
        rows = bills.ask_rows(s, work_stream_id=stream)
    assert ask.bill_id is None
    assert [(r.work_stream, r.decided_where, r.bill) for r in rows] == [
        ("CDRP reform", "Parliamentary Written Answer", "")
    ]
    with database.session() as s, pytest.raises(InvalidRecord, match="policy item the ask is about"):
        bills.add_ask(s, bills.AskDraft(None, "About nothing"))


def test_a_position_keeps_its_history(database: Database, board_id: int, directory: Directory) -> None:
    with database.session() as s:
        review = policy_items.create(s, PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan Review of Policing"))
        assert review.id is not None
        positions.state(
            s,
            positions.PositionDraft(
                review.id,
                date(2007, 7, 16),
                "Contribute fully, concentrating on neighbourhood policing.",
                board_id=board_id,
            ),
        )
        positions.state(
            s,
            positions.PositionDraft(
                review.id,
                date(2007, 9, 20),
                "Put down markers on local accountability.",
                agreed_by="lead member",
                agreed_by_person_id=directory.kemp,
            ),
        )
        held = positions.history(s, review.id)
    assert [(p.stated_on, p.current) for p in held] == [(date(2007, 7, 16), False), (date(2007, 9, 20), True)]
    assert held[0].agreed == "Safer Communities Board"
    assert held[1].agreed == "Cllr Richard Kemp; lead member"
    with database.session() as s, pytest.raises(InvalidRecord, match="position is"):
        positions.state(s, positions.PositionDraft(review.id, date(2007, 9, 21), "  "))


def test_board_decisions_and_overdue_actions(database: Database, board_id: int, directory: Directory) -> None:
    intervention = _intervention(database, board_id, directory)
    with database.session() as s:
        decision = decisions.record_decision(
            s,
            decisions.DecisionDraft(
                board_id,
                "The Board agreed the LGA's overall approach to the CDRP reform agenda.",
                date(2007, 3, 14),
                paper="Update on Community Safety Intervention",
                intervention_id=intervention.id,
            ),
        )
        late = decisions.record_action(
            s,
            decisions.ActionDraft(
                board_id,
                "Officers to action as directed by the Board",
                date(2007, 3, 14),
                owner_text="Safer Communities team",
                due_on=date(2007, 6, 1),
                decision_id=decision.id,
                intervention_id=intervention.id,
            ),
        )
        decisions.record_action(
            s,
            decisions.ActionDraft(
                board_id, "Not yet due", date(2007, 3, 14), owner_id=directory.murray, due_on=date(2007, 9, 1)
            ),
        )
        overdue = decisions.overdue_actions(s, date(2007, 7, 1))
        assert late.id is not None
        decisions.mark_done(s, late.id, date(2007, 7, 2))
        after = decisions.overdue_actions(s, date(2007, 7, 3))
        on_page = decisions.decision_rows(s, intervention_id=intervention.id)
    assert [a.text for a in overdue] == ["Officers to action as directed by the Board"]
    assert overdue[0].owner == "Safer Communities team"
    assert after == []
    assert [d.text for d in on_page] == [
        "The Board agreed the LGA's overall approach to the CDRP reform agenda."
    ]


def test_a_bills_item_follows_its_title_and_meetings_show_on_the_item(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        bill = bills.create(s, bills.BillDraft("Offender Management Bill", "2006-07"))
        assert bill.id is not None
        meeting = meetings.log(
            s,
            meetings.MeetingDraft(
                title="Bill team",
                held_on=date(2007, 3, 1),
                kind=MeetingKind.MEETING,
                report_section=ReportSection.OFFICER_ACTIVITY,
                bill_ids=(bill.id,),
            ),
        )
        bills.update(s, replace(bill, title="Offender Management Bill [HL]"))
        item = bills.item_of(s, bill.id)
        page = policy_items.page(s, item.id, date(2007, 7, 1))
        with pytest.raises(InvalidRecord, match="changed on the bill"):
            policy_items.update(s, replace(policy_items.get(s, item.id), title="Something else"))
    assert item.kind is PolicyItemKind.BILL and item.title == "Offender Management Bill [HL]"
    assert [m[0] for m in page.meetings] == [meeting.id]
    assert page.bill is not None
