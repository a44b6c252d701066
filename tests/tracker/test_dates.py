"""The one date reader: every form the returns, spreadsheets and papers write, with its precision."""

from __future__ import annotations

from datetime import date

import pytest

from db.vocabulary import DatePrecision
from tracker.common.dates import editable_date, parse_meeting_date, read_date, short_date, span

Q3_2010 = (date(2010, 7, 1), date(2010, 9, 30))
Q1_2012 = (date(2012, 1, 1), date(2012, 3, 31))


@pytest.mark.parametrize(
    ("text", "within", "first", "last", "precision"),
    [
        ("August, 2010", None, date(2010, 8, 1), date(2010, 8, 31), DatePrecision.MONTH),
        ("Jan/Feb/Mar", Q1_2012, date(2012, 1, 1), date(2012, 3, 31), DatePrecision.QUARTER),
        (
            "Apr/Jun",
            (date(2012, 4, 1), date(2012, 6, 30)),
            date(2012, 4, 1),
            date(2012, 6, 30),
            DatePrecision.QUARTER,
        ),
        (
            "Oct/Nov/Dec",
            (date(2011, 10, 1), date(2011, 12, 31)),
            date(2011, 10, 1),
            date(2011, 12, 31),
            DatePrecision.QUARTER,
        ),
        ("Aug-Sept", Q3_2010, date(2010, 8, 1), date(2010, 9, 30), DatePrecision.MONTHS),
        ("February", Q1_2012, date(2012, 2, 1), date(2012, 2, 29), DatePrecision.MONTH),
        (
            " June",
            (date(2013, 4, 1), date(2013, 6, 30)),
            date(2013, 6, 1),
            date(2013, 6, 30),
            DatePrecision.MONTH,
        ),
        ("Sept", Q3_2010, date(2010, 9, 1), date(2010, 9, 30), DatePrecision.MONTH),
        ("Jan-14", None, date(2014, 1, 1), date(2014, 1, 31), DatePrecision.MONTH),
        ("Sep-2011", None, date(2011, 9, 1), date(2011, 9, 30), DatePrecision.MONTH),
        ("Oct-11", None, date(2011, 10, 1), date(2011, 10, 31), DatePrecision.MONTH),
        ("April 2011", None, date(2011, 4, 1), date(2011, 4, 30), DatePrecision.MONTH),
        ("12/01/2014", None, date(2014, 1, 12), date(2014, 1, 12), DatePrecision.DAY),
        ("12-Jan", Q1_2012, date(2012, 1, 12), date(2012, 1, 12), DatePrecision.DAY),
        ("Tuesday 12 January 2010", None, date(2010, 1, 12), date(2010, 1, 12), DatePrecision.DAY),
        ("Q1 2009", None, date(2009, 1, 1), date(2009, 3, 31), DatePrecision.QUARTER),
        ("Spring 2008", None, date(2008, 3, 1), date(2008, 5, 31), DatePrecision.SEASON),
        ("2009", None, date(2009, 1, 1), date(2009, 12, 31), DatePrecision.YEAR),
        ("c. 13/06/2009", None, date(2009, 6, 13), date(2009, 6, 13), DatePrecision.APPROXIMATE),
        ("circa March 2009", None, date(2009, 3, 1), date(2009, 3, 31), DatePrecision.APPROXIMATE),
        ("39825", None, date(2009, 1, 12), date(2009, 1, 12), DatePrecision.DAY),
    ],
)
def test_every_form_is_read_with_its_precision(
    text: str, within: tuple[date, date] | None, first: date, last: date, precision: DatePrecision
) -> None:
    found = read_date(text, within=within)

    assert (found.first, found.last, found.precision) == (first, last, precision)
    assert found.written == " ".join(text.split())


def test_a_year_left_out_comes_from_the_period_or_the_default_year() -> None:
    assert read_date("July", year=2013).first == date(2013, 7, 1)
    assert read_date("12-Dec", within=(date(2008, 12, 1), date(2009, 2, 28))).first == date(2008, 12, 12)
    with pytest.raises(ValueError, match="gives no year"):
        read_date("July")


@pytest.mark.parametrize("text", ["", "soon", "Nil return", "31/02/2009"])
def test_what_is_no_date_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError):
        read_date(text, within=Q1_2012)


@pytest.mark.parametrize(
    ("day", "precision"),
    [
        (date(2009, 4, 23), DatePrecision.DAY),
        (date(2009, 3, 1), DatePrecision.MONTH),
        (date(2009, 4, 1), DatePrecision.MONTHS),
        (date(2009, 1, 1), DatePrecision.QUARTER),
        (date(2008, 3, 1), DatePrecision.SEASON),
        (date(2009, 1, 1), DatePrecision.YEAR),
        (date(2009, 6, 13), DatePrecision.APPROXIMATE),
    ],
)
def test_what_an_editor_shows_reads_back_the_same(day: date, precision: DatePrecision) -> None:
    assert parse_meeting_date(editable_date(day, precision)) == (day, precision)


def test_stored_dates_give_back_the_days_they_cover() -> None:
    assert span(date(2009, 1, 1), DatePrecision.QUARTER) == (date(2009, 1, 1), date(2009, 3, 31))
    assert span(date(2009, 4, 1), DatePrecision.MONTHS) == (date(2009, 4, 1), date(2009, 5, 31))
    assert span(date(2008, 12, 1), DatePrecision.SEASON) == (date(2008, 12, 1), date(2009, 2, 28))
    assert short_date(date(2009, 1, 1), DatePrecision.QUARTER) == "Jan–Mar 2009"
    assert short_date(date(2008, 3, 1), DatePrecision.SEASON) == "Spring 2008"
