"""Home's lists and the aggregates behind its charts, counted against a hand-built database."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.programme import PolicyItemKind
from db.vocabulary import AskStatus, AttendanceRole, BodyRole, MeetingKind, MeetingStatus, ReportSection
from tracker import boards, duties, meetings
from tracker.lobbying import bills, decisions, policy_items
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft
from tracker.stakeholders import home

from .conftest import Directory

AS_OF = date(2009, 7, 1)


def _meeting(
    directory: Directory,
    on: date,
    bodies: tuple[int, ...],
    attendees: tuple[tuple[int, AttendanceRole], ...] = (),
    section: ReportSection = ReportSection.MEMBER_ACTIVITY,
    status: MeetingStatus = MeetingStatus.HELD,
    follow_ups: tuple[FollowUpEntry, ...] = (),
) -> MeetingDraft:
    return MeetingDraft(
        f"Meeting on {on}",
        on,
        MeetingKind.MEETING,
        bodies=tuple(BodyEntry(b, BodyRole.PARTICIPANT) for b in bodies),
        attendees=tuple(AttendeeEntry(p, r) for p, r in attendees),
        report_section=section,
        status=status,
        follow_ups=follow_ups,
    )


@pytest.fixture
def archive(database: Database, directory: Directory) -> Directory:
    """Q1 2009: 2 member meetings (NCRB, NCRB+Home Office), 1 officer meeting (APA);
    Q2 2009: 1 member meeting (NCRB, apologies); nothing in Q3 2008-Q4 2008 but one in Q3 2008;
    a cancelled meeting, never counted. Kemp sits on the NCRB from 2009."""
    ncrb, ho, apa = directory.ncrb, directory.home_office, directory.apa
    attended = ((directory.kemp, AttendanceRole.ATTENDED),)
    with database.session() as s:
        duties.appoint(s, duties.AppointmentDraft(directory.kemp, ncrb, term_start=date(2009, 1, 1)))
        meetings.log(s, _meeting(directory, date(2008, 8, 5), (ncrb,), attended))  # before his term
        meetings.log(s, _meeting(directory, date(2009, 1, 20), (ncrb,), attended))
        meetings.log(
            s,
            _meeting(
                directory,
                date(2009, 3, 12),
                (ncrb, ho),
                attended,
                follow_ups=(
                    FollowUpEntry("Send the NCRB paper", directory.murray, date(2009, 6, 1)),
                    FollowUpEntry("Brief Cllr Kemp", directory.murray, date(2009, 7, 10)),
                    FollowUpEntry("Already done", directory.murray, date(2009, 5, 1), done=True),
                    FollowUpEntry("Far off", None, date(2009, 12, 1)),
                ),
            ),
        )
        meetings.log(
            s,
            _meeting(
                directory,
                date(2009, 2, 2),
                (apa,),
                ((directory.murray, AttendanceRole.ATTENDED),),
                ReportSection.OFFICER_ACTIVITY,
            ),
        )
        meetings.log(
            s, _meeting(directory, date(2009, 5, 14), (ncrb,), ((directory.kemp, AttendanceRole.APOLOGIES),))
        )
        meetings.log(
            s, _meeting(directory, date(2009, 4, 1), (ncrb,), attended, status=MeetingStatus.CANCELLED)
        )
    return directory


def test_meetings_per_quarter_by_section_counts_held_meetings_and_keeps_empty_quarters(
    database: Database, archive: Directory
) -> None:
    with database.session() as s:
        counts = home.meetings_per_quarter(s)
        this_year = home.meetings_per_quarter(s, since=date(2009, 1, 1))
        of_apa = home.meetings_per_quarter(s, organisation_id=archive.apa)
    assert counts.quarters == ((2008, 3), (2008, 4), (2009, 1), (2009, 2))
    assert counts.by_section[ReportSection.MEMBER_ACTIVITY] == (1, 0, 2, 1)
    assert counts.by_section[ReportSection.OFFICER_ACTIVITY] == (0, 0, 1, 0)
    assert this_year.total == 4
    assert of_apa.total == 1


def test_engaged_bodies_ranks_by_held_meetings_per_quarter(database: Database, archive: Directory) -> None:
    with database.session() as s:
        engaged = home.engaged_bodies(s, since=date(2009, 1, 1))
    assert [label for _, label in engaged.bodies] == [
        "National Crime Reduction Board (NCRB)",
        "Home Office",  # one meeting each: the body recorded first comes first
        "Association of Police Authorities (APA)",
    ]
    assert engaged.quarters == ((2009, 1), (2009, 2))
    assert engaged.counts == ((2, 1), (1, 0), (1, 0))


def test_attendance_rates_count_term_meetings_and_not_apologies(
    database: Database, archive: Directory
) -> None:
    with database.session() as s:
        (rate,) = home.attendance_rates(s)
    assert (rate.member, rate.held, rate.attended) == ("Cllr Richard Kemp", 3, 2)


def test_asks_won_and_lost_per_year(database: Database, directory: Directory) -> None:
    with database.session() as s:
        item = policy_items.create(s, policy_items.PolicyItemDraft(PolicyItemKind.REVIEW, "Flanagan review"))
        for status, decided in (
            (AskStatus.CONCEDED, date(2007, 2, 1)),
            (AskStatus.ASSURANCE_GIVEN, date(2007, 5, 1)),
            (AskStatus.REJECTED, date(2008, 3, 1)),
            (AskStatus.WITHDRAWN, date(2008, 4, 1)),
            (AskStatus.PENDING, None),
        ):
            bills.add_ask(
                s,
                bills.AskDraft(
                    None, f"Ask {status}", status=status, decided_on=decided, policy_item_ids=(item.id or 0,)
                ),
            )
        other = policy_items.create(s, policy_items.PolicyItemDraft(PolicyItemKind.REVIEW, "Other review"))
        bills.add_ask(
            s,
            bills.AskDraft(
                None,
                "Other",
                status=AskStatus.REJECTED,
                decided_on=date(2007, 1, 1),
                policy_item_ids=(other.id or 0,),
            ),
        )
    with database.session() as s:
        every = home.asks_by_year(s)
        on_item = home.asks_by_year(s, item_id=item.id)
    assert (every.years, every.won, every.lost, every.other) == ((2007, 2008), (2, 0), (1, 1), (0, 1))
    assert (on_item.won, on_item.lost) == ((2, 0), (0, 1))


def test_follow_ups_due_and_ticking_one_done(database: Database, archive: Directory) -> None:
    with database.session() as s:
        due = home.follow_ups_due(s, AS_OF)
    assert [(f.text, f.overdue, f.owner) for f in due] == [
        ("Send the NCRB paper", True, "Helen Murray"),
        ("Brief Cllr Kemp", False, "Helen Murray"),
    ]
    with database.session() as s:
        assert home.set_follow_up_done(s, due[0].id, True) is False
    with database.session() as s:
        assert [f.text for f in home.follow_ups_due(s, AS_OF)] == ["Brief Cllr Kemp"]


def test_overdue_follow_ups_join_needs_attention(database: Database, archive: Directory) -> None:
    with database.session() as s:
        items = [i for i in duties.needs_attention(s, AS_OF) if i.kind == "follow-up overdue"]
    assert [(i.text, i.record) for i in items] == [
        ("Send the NCRB paper (Helen Murray): due 1 Jun 2009, from “Meeting on 2009-03-12”", "meeting")
    ]
    with database.session() as s:
        home.set_follow_up_done(s, home.follow_ups_due(s, AS_OF)[0].id, True)
        assert not [i for i in duties.needs_attention(s, AS_OF) if i.kind == "follow-up overdue"]


def test_deadlines_list_open_consultations_and_board_actions(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        board = boards.create(s, boards.BoardDraft("Safer Communities Board"))
        policy_items.create(
            s,
            policy_items.PolicyItemDraft(
                PolicyItemKind.CONSULTATION, "Violence against women", closes_on=date(2009, 7, 20)
            ),
        )
        policy_items.create(
            s,
            policy_items.PolicyItemDraft(
                PolicyItemKind.CONSULTATION,
                "Answered",
                closes_on=date(2009, 7, 10),
                responded_on=date(2009, 6, 30),
                response="Sent",
            ),
        )
        decisions.record_action(
            s, decisions.ActionDraft(board.id or 0, "Report back on APACS", due_on=date(2009, 6, 15))
        )
        decisions.record_action(
            s,
            decisions.ActionDraft(board.id or 0, "Done", due_on=date(2009, 6, 15), done_on=date(2009, 6, 10)),
        )
    with database.session() as s:
        found = home.deadlines(s, AS_OF)
    assert [(d.kind, d.overdue) for d in found] == [("Board action", True), ("consultation closes", False)]
    assert found[1].text == "Violence against women closes 20 Jul 2009"


def test_an_empty_database_has_nothing_to_count(database: Database) -> None:
    with database.session() as s:
        assert home.meetings_per_quarter(s).total == 0
        assert home.engaged_bodies(s).bodies == ()
        assert home.asks_by_year(s).total == 0
        assert home.attendance_rates(s) == []
