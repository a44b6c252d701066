"""Bills, their stages, the asks on them, and the lobbying report and brief built from them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEntry
from db.vocabulary import AskStatus, House
from tracker import meetings
from tracker.common.errors import DomainError, InvalidRecord
from tracker.lobbying import bills
from tracker.lobbying.bills import AskDraft, BillDraft, StageEntry
from tracker.meetings import MeetingDraft
from tracker.reports.brief import brief_paper
from tracker.reports.lobbying import lobbying_paper

from .conftest import Directory

OMB_STAGES = (
    StageEntry(House.COMMONS, "1st reading", date(2006, 11, 22), 1),
    StageEntry(House.COMMONS, "2nd reading", date(2006, 12, 11), 2),
    StageEntry(House.COMMONS, "Report stage", date(2007, 2, 28), 4),
    StageEntry(House.COMMONS, "3rd reading", date(2007, 2, 28), 5),
    StageEntry(House.LORDS, "1st reading", date(2007, 3, 1), 6),
)


def bills_api_stages(*items: dict[str, object]) -> str:
    return json.dumps({"items": list(items), "totalResults": len(items), "itemsPerPage": 20})


def test_the_current_stage_is_the_furthest_reached_by_the_date() -> None:
    assert bills.current_stage(OMB_STAGES, date(2007, 2, 28)) == OMB_STAGES[3]
    assert bills.current_stage(OMB_STAGES, date(2007, 1, 1)) == OMB_STAGES[1]
    assert bills.current_stage(OMB_STAGES, date(2006, 1, 1)) is None
    assert bills.current_stage(OMB_STAGES, date(2009, 1, 1)).label == "Lords 1st reading, 1 Mar 2007"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Second Reading", "2nd reading"),
        ("2R", "2nd reading"),
        ("Committee", "Committee stage"),
        ("ping pong", "Consideration of amendments"),
        ("Royal Assent", "Royal Assent"),
        ("Money resolution", "Money resolution"),
    ],
)
def test_stage_names_are_parliaments(written: str, name: str) -> None:
    assert bills.stage_name(written) == name


def test_stages_load_from_a_bills_api_response() -> None:
    text = bills_api_stages(
        {
            "id": 1,
            "stageId": 6,
            "description": "2nd reading",
            "abbreviation": "2R",
            "house": "Commons",
            "sortOrder": 2,
            "stageSittings": [{"id": 9, "date": "2006-12-11T00:00:00"}],
        },
        {
            "id": 2,
            "stageId": 1,
            "description": "1st reading",
            "abbreviation": "1R",
            "house": "Commons",
            "sortOrder": 1,
            "stageSittings": [{"date": "2006-11-22T00:00:00"}],
        },
        {
            "id": 3,
            "stageId": 7,
            "description": "Committee stage",
            "abbreviation": "CS",
            "house": "Lords",
            "sortOrder": 8,
            "stageSittings": [{"date": "2007-04-23T00:00:00"}, {"date": "2007-04-17T00:00:00"}],
        },
        {"id": 4, "description": "Royal Assent", "house": "Unassigned", "sortOrder": 12, "stageSittings": []},
    )
    stages = bills.stages_from_bills_api(text, "stages.json")
    assert [(s.house, s.stage, s.sitting_on) for s in stages] == [
        (House.COMMONS, "1st reading", date(2006, 11, 22)),
        (House.COMMONS, "2nd reading", date(2006, 12, 11)),
        (House.LORDS, "Committee stage", date(2007, 4, 17)),
        (House.BOTH, "Royal Assent", None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "stages.json is not JSON"),
        ('{"totalResults": 0}', "no list of stages"),
        (bills_api_stages({"house": "Commons", "sortOrder": 1}), "stages.json, stage 1: no “description”"),
        (bills_api_stages({"description": "2nd reading", "house": "Senate"}), "“house” is 'Senate'"),
        (
            bills_api_stages({"description": "2nd reading", "house": "Lords", "sortOrder": "two"}),
            "not a whole number",
        ),
        (
            bills_api_stages(
                {"description": "2nd reading", "house": "Lords", "stageSittings": [{"date": "31/02/2007"}]}
            ),
            "the sitting date '31/02/2007' is not a date",
        ),
    ],
)
def test_a_malformed_stages_file_is_refused_and_nothing_is_stored(
    database: Database, text: str, message: str
) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07", stages=OMB_STAGES[:2]))
    with pytest.raises(DomainError, match=message), database.session() as s:
        bills.update(s, replace(bill, stages=bills.stages_from_bills_api(text, "stages.json")))
    with database.session() as s:
        assert bills.get(s, bill.id).stages == OMB_STAGES[:2]  # type: ignore[arg-type]


def test_an_asks_status_change_is_in_the_audit_trail(database: Database, directory: Directory) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07", stages=OMB_STAGES))
        ask = bills.add_ask(
            s,
            AskDraft(
                bill.id,
                "Commission through local probation trusts",  # type: ignore[arg-type]
                target_organisation_id=directory.home_office,
            ),
        )
    with database.session() as s:
        third_reading = next(st.id for st in bills.get(s, bill.id).stages if st.stage == "3rd reading")  # type: ignore[arg-type]
        bills.update_ask(
            s,
            replace(
                ask,
                status=AskStatus.CONCEDED,
                outcome="Conceded in the Lords",
                decided_on=date(2007, 2, 28),
                decided_stage_id=third_reading,
            ),
        )
    with database.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "asks").order_by(AuditEntry.id.desc())
        ).first()
        row = bills.ask_rows(s, bill_id=bill.id)[0]
    assert entry is not None and entry.action.value == "update"
    assert json.loads(entry.before or "")["status"] == "pending"
    assert json.loads(entry.after or "")["status"] == "conceded"
    assert (row.target, row.decided_stage) == ("Home Office", "Commons 3rd reading, 28 Feb 2007")


def test_a_pending_ask_cannot_carry_a_decision(database: Database) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Criminal Justice Bill"))
    with pytest.raises(InvalidRecord, match="A pending ask has no decision"), database.session() as s:
        bills.add_ask(s, AskDraft(bill.id, "Anti-social behaviour powers", decided_on=date(2007, 5, 1)))  # type: ignore[arg-type]


def test_a_meeting_keeps_its_bills_and_asks_through_delete_and_undo(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07"))
        other = bills.create(s, BillDraft("Police and Justice Bill", "2005-06"))
        ask = bills.add_ask(s, AskDraft(bill.id, "Local accountability"))  # type: ignore[arg-type]
        meeting = meetings.log(
            s,
            MeetingDraft(
                "Coalition",
                date(2007, 2, 26),
                bill_ids=(other.id,),  # type: ignore[arg-type]
                ask_ids=(ask.id,),
            ),
        )  # type: ignore[arg-type]
    assert meeting.bill_ids == tuple(sorted((bill.id, other.id)))  # type: ignore[arg-type]
    assert meeting.ask_ids == (ask.id,)
    with database.session() as s:
        snapshot = meetings.delete(s, meeting.id)  # type: ignore[arg-type]
        assert bills.get_ask(s, ask.id).meeting_ids == ()  # type: ignore[arg-type]
        meetings.restore(s, snapshot)
        assert bills.get_ask(s, ask.id).meeting_ids == (meeting.id,)  # type: ignore[arg-type]
        page = bills.page(s, bill.id, date(2007, 12, 31))  # type: ignore[arg-type]
    assert [(i.kind, i.text) for i in page.timeline] == [("meeting", "26 Feb 2007: Coalition")]


def test_a_deleted_ask_is_restored_with_its_meetings_and_decision(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07", stages=OMB_STAGES))
        meeting = meetings.log(s, MeetingDraft("Coalition", date(2007, 2, 26)))
        ask = bills.add_ask(
            s,
            AskDraft(
                bill.id,  # type: ignore[arg-type]
                "Local accountability",
                target_organisation_id=directory.home_office,
                status=AskStatus.ASSURANCE_GIVEN,
                decided_on=date(2007, 2, 28),
                decided_stage_id=bill.stages[3].id,
                meeting_ids=(meeting.id,),  # type: ignore[arg-type]
            ),
        )
    with database.session() as s:
        snapshot = bills.delete_ask(s, ask.id)  # type: ignore[arg-type]
    with database.session() as s:
        restored = bills.restore_ask(s, snapshot)
    assert replace(restored, version=None) == replace(ask, version=None)
    with database.session() as s:
        assert bills.get_ask(s, ask.id).meeting_ids == (meeting.id,)  # type: ignore[arg-type]


def test_the_lobbying_report_states_the_offender_management_bill_concessions(demo_database: Database) -> None:
    with demo_database.session() as s:
        paper = lobbying_paper(s, date(2006, 9, 1), date(2007, 7, 16), date(2007, 7, 16))
    sections = {section.title: section for section in paper.sections}
    omb = sections["Offender Management Bill"]
    text = "\n".join(f"{e.heading}\n{e.text}" for e in omb.entries)
    assert "Stage reached by 16 July 2007: Commons 3rd reading, 28 Feb 2007." in text
    assert "The role of councillors on probation trusts has been recognised." in text
    assert "operating through local probation trusts rather than Regional Offender Managers" in text
    assert "rooted in council and partnership priorities" in text
    assert text.count("Outcome: conceded; reported by 16 Jul 2007.") == 3
    # The demo programme adds asks on two more bills, one of them spanning this one too.
    assert "7 asks (1 assurance given, 3 conceded, 3 pending)" in paper.summary


def test_the_demo_bill_page_places_meetings_and_decisions_along_the_stages(demo_database: Database) -> None:
    with demo_database.session() as s:
        omb = bills.find(s, "the offender management bill")
        page = bills.page(s, omb.id, date(2009, 1, 1))  # type: ignore[arg-type]
    kinds = [(i.on, i.kind) for i in page.timeline]
    assert kinds[:4] == [
        (date(2007, 2, 26), "meeting"),
        (date(2007, 2, 28), "stage"),
        (date(2007, 2, 28), "stage"),
        (date(2007, 2, 28), "decision"),
    ]
    assert page.current_stage is not None and page.current_stage.stage == "3rd reading"


def test_a_brief_gathers_meetings_appointees_follow_ups_and_bills(demo_database: Database) -> None:
    from tracker.directory import organisations

    with demo_database.session() as s:
        ncrb = organisations.find(s, "NCRB")
        paper = brief_paper(s, ncrb, date(2009, 6, 13))
    sections = {sec.title: sec.entries for sec in paper.sections}
    assert [e.heading for e in sections["Our recent meetings"]] == [
        "National Crime Reduction Board (May 2009), May 2009",
        "National Crime Reduction Board (March 2009), Mar 2009",
    ]
    assert "Cllr Richard Kemp (represented the association)" in sections["Our recent meetings"][0].text
    assert [e.heading for e in sections["Our appointees"]] == ["Cllr Richard Kemp, representative"]
    assert sections["Open follow-ups"][0].heading != "Nothing recorded"
    assert paper.title == "Brief: National Crime Reduction Board (NCRB)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"items": []}', "lists no stages"),
        (bills_api_stages({"description": "2nd reading", "house": "Lords", "sortOrder": 2**63}), "from 0 to"),
        (bills_api_stages({"description": "2nd\ud800reading", "house": "Lords"}), "control characters"),
        (bills_api_stages({"description": "x" * 500, "house": "Lords"}), "too long"),
        (
            bills_api_stages(
                {"description": "2nd reading", "house": "Lords", "stageSittings": ["2007-01-01"]}
            ),
            "a sitting is str",
        ),
    ],
)
def test_hostile_stage_files_are_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        bills.stages_from_bills_api(text, "stages.json")


def test_reloading_stages_keeps_an_asks_decision_stage_and_refuses_to_drop_it(database: Database) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07", stages=OMB_STAGES))
        third = next(st.id for st in bill.stages if st.stage == "3rd reading")
        ask = bills.add_ask(
            s,
            AskDraft(
                bill.id,
                "Local accountability",
                status=AskStatus.ASSURANCE_GIVEN,  # type: ignore[arg-type]
                decided_on=date(2007, 2, 28),
                decided_stage_id=third,
            ),
        )
    reloaded = tuple(replace(st, id=None) for st in OMB_STAGES)
    with database.session() as s:
        bills.update(s, replace(bills.get(s, bill.id), stages=reloaded))  # type: ignore[arg-type]
        assert bills.get_ask(s, ask.id).decided_stage_id == third  # type: ignore[arg-type]
    without = tuple(st for st in OMB_STAGES if st.stage != "3rd reading")
    with (
        pytest.raises(InvalidRecord, match="was decided at a stage this change would remove"),
        database.session() as s,
    ):
        bills.update(s, replace(bills.get(s, bill.id), stages=without))  # type: ignore[arg-type]
    with database.session() as s:
        assert len(bills.get(s, bill.id).stages) == len(OMB_STAGES)  # type: ignore[arg-type]


def test_undoing_a_bill_delete_relinks_its_meetings(database: Database) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Police and Justice Bill", "2005-06"))
        meeting = meetings.log(
            s, MeetingDraft("Home Office bill team", date(2006, 3, 1), bill_ids=(bill.id,))
        )  # type: ignore[arg-type]
        snapshot = bills.delete(s, bill.id)  # type: ignore[arg-type]
        assert bills.bills_for_meeting(s, meeting.id) == ((), ())  # type: ignore[arg-type]
        bills.restore(s, snapshot)
        assert bills.bills_for_meeting(s, meeting.id) == ((bill.id,), ())  # type: ignore[arg-type]


def test_the_lobbying_report_never_names_a_confidential_meeting(database: Database) -> None:
    with database.session() as s:
        bill = bills.create(s, BillDraft("Offender Management Bill", "2006-07"))
        secret = meetings.log(
            s, MeetingDraft("Private talks with the Minister", date(2007, 3, 3), confidential=True)
        )
        public = meetings.log(s, MeetingDraft("Coalition meeting", date(2007, 2, 26)))
        bills.add_ask(s, AskDraft(bill.id, "Local probation trusts", meeting_ids=(secret.id, public.id)))  # type: ignore[arg-type]
        paper = lobbying_paper(s, date(2007, 1, 1), date(2007, 12, 31), date(2007, 12, 31))
    text = repr(paper)
    assert "Coalition meeting" in text and "Private talks" not in text
