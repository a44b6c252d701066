"""Dates as the board papers write them are read, keep their precision, and show as written."""

from __future__ import annotations

from datetime import date

import pytest

from db.engine import Database
from db.vocabulary import DatePrecision
from tracker import meetings
from tracker.common.dates import read_date
from tracker.meeting_list import FIRST_VIEW
from tracker.meetings import MeetingDraft
from tracker.reports.outside_bodies import when


@pytest.mark.parametrize(
    ("written", "first", "last", "precision", "in_a_paper"),
    [
        (
            "c. March 2007",
            date(2007, 3, 1),
            date(2007, 3, 31),
            DatePrecision.APPROXIMATE,
            "around March 2007",
        ),
        ("spring 2007", date(2007, 3, 1), date(2007, 5, 31), DatePrecision.SEASON, "in spring 2007"),
        ("13 June", date(2009, 6, 13), date(2009, 6, 13), DatePrecision.DAY, "on 13 June"),
        ("start of June", date(2009, 6, 1), date(2009, 6, 30), DatePrecision.MONTH, "at the start of June"),
        ("early 2007", date(2007, 1, 1), date(2007, 12, 31), DatePrecision.YEAR, "in early 2007"),
        ("2007/08", date(2007, 4, 1), date(2008, 3, 31), DatePrecision.YEAR, "in 2007/08"),
    ],
)
def test_each_form_the_papers_use_is_read_and_shown_as_written(
    written: str, first: date, last: date, precision: DatePrecision, in_a_paper: str
) -> None:
    found = read_date(written, year=2009)
    assert (found.first, found.last, found.precision, found.written) == (first, last, precision, written)
    assert when(found.first, found.precision, found.written) == in_a_paper


def test_a_financial_year_whose_years_do_not_follow_is_refused() -> None:
    with pytest.raises(ValueError, match="09 does not follow 2007"):
        read_date("2007/09")


def test_a_meeting_keeps_its_date_as_written(database: Database) -> None:
    found = read_date("spring 2007")
    with database.session() as s:
        stored = meetings.log(
            s,
            MeetingDraft(
                "CDRP reform guidance",
                found.first,
                date_precision=found.precision,
                date_written=found.written,
            ),
        )
    with database.reading() as s:
        again = meetings.get(s, stored.id)  # type: ignore[arg-type]
        (row,) = meetings.rows(s, FIRST_VIEW, 0, 10)
    assert row.when == "spring 2007"  # the meetings list shows it as written
    assert (again.held_on, again.date_precision, again.date_written) == (
        date(2007, 3, 1),
        DatePrecision.SEASON,
        "spring 2007",
    )
