"""The lobbying report is dated by its period, states each bill's stage as at that date, dates each
decision only as precisely as it is known, and names whom each ask was raised with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cli import main
from db.engine import Database
from db.vocabulary import AskStatus, BodyRole, House, MeetingStatus, OrganisationKind
from tracker import meetings
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft
from tracker.lobbying import bills
from tracker.lobbying.bills import AskDraft, BillDraft, StageEntry
from tracker.meetings import BodyEntry, MeetingDraft
from tracker.reports.lobbying import lobbying_paper


def _ask_on_a_bill(s) -> int:  # type: ignore[no-untyped-def]
    home_office = organisations.create(
        s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
    ).id
    bill = bills.create(
        s,
        BillDraft(
            "Police and Justice Bill",
            "2005-06",
            act_title="Police and Justice Act 2006",
            stages=(
                StageEntry(House.COMMONS, "2nd reading", date(2006, 3, 6), 1),
                StageEntry(House.LORDS, "committee", date(2006, 7, 10), 2),
                StageEntry(House.BOTH, "Royal Assent", date(2006, 11, 8), 3),
            ),
        ),
    )
    held = meetings.log(
        s,
        MeetingDraft("Bill team meeting", date(2006, 3, 1), bodies=(BodyEntry(home_office, BodyRole.HOST),)),  # type: ignore[arg-type]
    )
    planned = meetings.log(
        s,
        MeetingDraft(
            "Ministerial round table",
            date(2006, 6, 1),
            status=MeetingStatus.PLANNED,
            bodies=(BodyEntry(home_office, BodyRole.HOST),),  # type: ignore[arg-type]
        ),
    )
    ask = bills.add_ask(
        s,
        AskDraft(bill.id, "Crime and disorder scrutiny for councils", meeting_ids=(held.id, planned.id)),  # type: ignore[arg-type]
    )
    return ask.id  # type: ignore[return-value]


def test_the_bills_stage_is_stated_as_at_the_reports_date_not_the_furthest_ever(database: Database) -> None:
    with database.session() as s:
        _ask_on_a_bill(s)
        in_april = lobbying_paper(s, date(2006, 1, 1), date(2006, 4, 30), date(2006, 4, 30))
        in_december = lobbying_paper(s, date(2006, 1, 1), date(2006, 12, 31), date(2006, 12, 31))
    april = in_april.sections[0].entries[0]
    assert april.heading == "Where the bill stood on 30 April 2006"
    assert (
        "Commons 2nd reading" in april.text
        and "Royal Assent" not in april.text
        and "Became" not in april.text
    )
    assert in_april.date == date(2006, 4, 30)
    assert "Became the Police and Justice Act 2006." in in_december.sections[0].entries[0].text


def test_an_ask_names_whom_it_was_raised_with_at_held_meetings_only(database: Database) -> None:
    with database.session() as s:
        _ask_on_a_bill(s)
        paper = lobbying_paper(s, date(2006, 1, 1), date(2006, 12, 31), date(2006, 12, 31))
    ask = paper.sections[0].entries[1].text
    assert "Raised at: 1 Mar 2006 (Bill team meeting, with Home Office)." in ask
    assert "round table" not in ask


def test_a_decision_with_no_stage_is_reported_by_its_date_not_made_on_it(database: Database) -> None:
    with database.session() as s:
        stored = bills.get_ask(s, _ask_on_a_bill(s))
        bills.update_ask(s, replace(stored, status=AskStatus.CONCEDED, decided_on=date(2006, 11, 20)))
        paper = lobbying_paper(s, date(2006, 1, 1), date(2006, 12, 31), date(2006, 12, 31))
    assert "Outcome: conceded; reported by 20 Nov 2006." in paper.sections[0].entries[1].text


def test_the_lobbying_command_dates_the_report_by_the_periods_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo)]) == 0
    out = tmp_path / "lobbying.md"
    command = ["--db", str(demo), "report", "lobbying", "--since", "2006-09-01", "--until", "2007-07-16"]
    assert main([*command, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "16 July 2007" in text.splitlines()[2]
    assert main([*command, "--date", "2007-02-27", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "27 February 2007" in text.splitlines()[2]
    assert "No stage recorded by 27 February 2007." in text
