"""Every real published return in ../shared/data/real-world/returns read right: no meeting refused,
ministers as people with dated roles, dates at their precision, repeated rows kept, continuation
rows joined, the department and period from the file's name, and the cross-check counting them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.models import Meeting, Organisation, Person, Position
from db.vocabulary import DatePrecision
from tracker import crosscheck
from tracker.io.importing import ImportFailed, Skip
from tracker.io.transparency import import_return

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real-world" / "returns"
FILES = sorted(REAL.glob("*.csv")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason=f"the real returns are not beside the clone ({REAL})")


def _import(database: Database, name: str, **options: object) -> object:
    return import_return(database, REAL / name, dry_run=False, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_real_row_is_refused_and_the_report_adds_up(database: Database, path: Path) -> None:
    try:
        report = import_return(database, path, dry_run=True)
    except ImportFailed as error:
        # Only a return whose name and dates give no year may ask, and it asks for the quarter.
        assert "--quarter" in error.message and "department" not in error.message
        return
    assert report.rejections == []
    assert report.imported > 0
    assert report.balanced
    assert set(report.skipped_by) <= {Skip.NOTE, Skip.NIL_RETURN, Skip.JOINED}


def test_ministers_are_people_with_dated_roles_at_their_office(database: Database) -> None:
    for name in ("bmmeetingsoctdec2011.csv", "bmsmeetingsmedia.csv", "bmmeetingsjanmar2012.csv"):
        _import(database, name)

    with database.session() as s:
        strathclyde = s.scalars(select(Person).where(Person.name == "Strathclyde")).one()
        assert strathclyde.title.endswith("Lord")  # "Lord Strathclyde", later "The Rt Hon Lord Strathclyde"
        roles = {(p.role, p.started_on, p.ended_on) for p in strathclyde.positions}
        office = s.get(Organisation, strathclyde.positions[0].organisation_id)
        assert office is not None and office.name == "Leaders and Whips' Offices"
        assert roles == {
            ("Leader of the House of Lords", date(2011, 4, 1), date(2012, 3, 31)),
            ("Chancellor of the Duchy of Lancaster", date(2011, 4, 1), date(2011, 6, 30)),
        }
        # No person is named after a role, nor a role after a person.
        names = set(s.scalars(select(Person.name)))
        assert not {n for n in names if "Whip" in n or "Leader" in n or "Minister" in n}
        assert {"Attlee", "Northover", "Garden of Frognal", "George Young"} <= names


def test_dates_as_published_are_read_at_their_precision(database: Database) -> None:
    report = _import(database, "dpm-meetings-aug-sept-2010.csv")
    _import(database, "bmmeetingsjanmar2012.csv")
    _import(database, "bmmeetingsaprjune2012.csv")
    _import(database, "PM_meetings_jan_mar_14.csv")

    assert report.imported == 19  # type: ignore[attr-defined]
    with database.session() as s:

        def first(title: str) -> tuple[date, DatePrecision]:
            meeting = s.scalars(select(Meeting).where(Meeting.title == title)).first()
            assert meeting is not None, title
            return meeting.held_on, meeting.date_precision

        assert first("Low carbon business support service") == (date(2010, 8, 1), DatePrecision.MONTH)
        assert first("Bilaterals") in {
            (date(2012, 1, 1), DatePrecision.QUARTER),  # "Jan/Feb/Mar"
            (date(2012, 4, 1), DatePrecision.QUARTER),  # "Apr/Jun"
        }
        parking = s.scalars(
            select(Meeting).where(Meeting.bodies_label == "British Parking Association")
        ).one()
        assert (parking.held_on, parking.date_precision) == (
            date(2012, 1, 1),
            DatePrecision.MONTH,
        )  # "Jan-12"
        assert first("To discuss UK housing market") == (date(2014, 1, 1), DatePrecision.MONTH)
        notes = s.scalars(select(Meeting.notes).where(Meeting.title == "Low carbon business support service"))
        assert "“August, 2010”" in notes.one()


def test_identical_rows_are_separate_meetings_and_a_second_import_adds_none(database: Database) -> None:
    first = _import(database, "pm-meetings-oct-dec-2010.csv")
    again = _import(database, "pm-meetings-oct-dec-2010.csv")

    with database.session() as s:
        roundtables = s.scalar(
            select(func.count()).select_from(Meeting).where(Meeting.bodies_label == "Business Roundtable")
        )
    assert roundtables == 2
    assert first.imported == 21  # type: ignore[attr-defined]
    assert again.imported == 0 and again.skipped_by == {Skip.ALREADY_THERE: 21, Skip.NOTE: 2}  # type: ignore[attr-defined]


def test_a_meeting_over_several_rows_is_one_meeting(database: Database) -> None:
    report = _import(database, "dpmmeetingsaprjun2011.csv")

    assert "row 12 skipped: joined the meeting on row 11" in report.notes  # type: ignore[attr-defined]
    with database.session() as s:
        joined = s.scalars(select(Meeting).where(Meeting.notes.like("%rows 11, 12.%"))).one()
        assert joined.bodies_label == "Monitor; NHS Confederation"


def test_the_same_minister_across_returns_is_one_record_and_the_cross_check_counts_right(
    database: Database,
) -> None:
    reports = [
        _import(database, n)
        for n in ("dpm-meetings.csv", "dpmmeetingsjanmar2012.csv", "dpm_meetings_jan_mar_14.csv")
    ]

    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Person).where(Person.name == "Nick Clegg")) == 1
        clegg = s.scalars(select(Person).where(Person.name == "Nick Clegg")).one()
        assert [(p.role, p.started_on, p.ended_on) for p in clegg.positions] == [
            ("Deputy Prime Minister", date(2010, 5, 1), date(2014, 3, 31))
        ]
        positions = s.scalar(select(func.count()).select_from(Position))
        met = crosscheck.ministers_met(s, crosscheck.Scope())
        meetings = s.scalar(select(func.count()).select_from(Meeting).where(Meeting.return_id.is_not(None)))
        links = {(m.meeting_id, m.body_id) for m in met}
    assert positions == 1
    assert meetings == sum(r.imported for r in reports)  # type: ignore[attr-defined]
    assert len(met) == len(links) and {m.minister for m in met} == {"Rt Hon Nick Clegg MP"}
    in_2010 = [m for m in met if m.held_on.year == 2010]
    with database.session() as s:
        may_july = crosscheck.ministers_met(
            s, crosscheck.Scope(start=date(2010, 5, 1), end=date(2010, 7, 31))
        )
    assert len(may_july) == len(in_2010)
