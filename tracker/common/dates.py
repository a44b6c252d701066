"""Reading the dates officers, papers and published files write, and writing them the way the papers do.

One reader (`read_date`) serves every import and form. It keeps how much of the date is known:
a day, a month, a range of months, a quarter, a season, a year, or "c." for approximate, together
with the first and last day that covers and the text as written. A date written without its year
("12-Jan", "February", "Jan/Feb/Mar") takes it from the context the caller gives: the period a
return covers (the year that puts it inside, or nearest) or a default year.

Stored, a date is its first day and its precision (Meeting.held_on, Meeting.date_precision);
`span` gives back the days it covers. A range of months that is not a calendar quarter is stored
as MONTHS and read back as two months (the ranges published are two months, "Apr/May", or a
quarter); the text as written is kept with the record by the importers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db.vocabulary import DatePrecision

_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B %y",
    "%d %b %y",
    "%B %d %Y",
    "%b %d %Y",
    "%a %d %B %Y",
    "%A %d %B %Y",
)

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# Spring is March to May, summer June to August, autumn September to November, winter December
# to February (winter 2008 begins in December 2008).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# Excel's day 0 is 30 December 1899 (its day 60 is the 29 February 1900 that never was).
_EXCEL_EPOCH = date(1899, 12, 30)
_APPROXIMATE = re.compile(r"^(?:c\.|ca\.|c\s|circa\b|about\b|around\b|approx\.?|approximately\b)\s*", re.I)
_ROUGHLY = re.compile(r"^(?:early|mid|mid-|late|end of|beginning of|start of)\s*", re.I)
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(?=\d)", re.IGNORECASE)
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")
_DAY_FIRST_WITH_TIME = re.compile(r"(\d{1,2}/\d{1,2}/\d{2,4})\s+\d{1,2}[:.]\d{2}(:\d{2})?")
_DAY_RANGE = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|&|and|to)\s*\d{1,2}(?:st|nd|rd|th)?\s+(.+)", re.IGNORECASE
)
_DAY_MONTH = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*({MONTH_WORD})\.?", re.IGNORECASE)
# "Jan 12" is a day; "Jan-12" is how Excel writes a month and year (mmm-yy), so not a day.
_MONTH_DAY = re.compile(rf"({MONTH_WORD})\.?[\s/.]+(\d{{1,2}})(?:st|nd|rd|th)?", re.IGNORECASE)
_DAY_SLASH_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_MONTH_YEAR = re.compile(rf"({MONTH_WORD})\.?[\s\-/']*((?:19|20)?\d\d)", re.IGNORECASE)
_NUMERIC_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-]((?:19|20)\d\d)|((?:19|20)\d\d)-(\d{1,2})")
_MONTH_ALONE = re.compile(rf"({MONTH_WORD})\.?", re.IGNORECASE)
_MONTH_RANGE = re.compile(
    rf"({MONTH_WORD})\.?(?:\s+((?:19|20)\d\d))?((?:\s*(?:/|-|–|—|&|,|\+|\bto\b|\band\b|\buntil\b)\s*"
    rf"{MONTH_WORD}\.?)+)(?:[\s,\-]+((?:19|20)?\d\d))?",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    r"(?:q(?P<q1>[1-4])(?:[\s\-/_]*(?P<y1>(?:19|20)\d\d))?|(?P<y2>(?:19|20)\d\d)[\s\-/_]*q(?P<q2>[1-4])"
    r"|(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d))?)",
    re.IGNORECASE,
)
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter)(?:\s+((?:19|20)\d\d)(?:\s*[/-]\s*\d{2,4})?)?", re.I)
_YEAR = re.compile(r"((?:19|20)\d\d)")
# A financial year as the papers write it: "2007/08", "2007/2008" (April to March).
_FINANCIAL_YEAR = re.compile(r"((?:19|20)\d\d)\s*/\s*((?:19|20)?\d\d)")
_UNKNOWN = "not a form of date Liaison knows"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@dataclass(frozen=True)
class ReadDate:
    """A date as read: the first and last day it covers, how precisely it is known, and what was written."""

    first: date
    last: date
    precision: DatePrecision
    written: str

    @property
    def day(self) -> date:
        """The day stored for it (its first)."""
        return self.first


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def span(day: date, precision: DatePrecision) -> tuple[date, date]:
    """The first and last day a stored date (first day and precision) covers."""
    if precision is DatePrecision.MONTH:
        return day.replace(day=1), month_end(day)
    if precision is DatePrecision.MONTHS:
        return day.replace(day=1), month_end(_add_months(day, 1))
    if precision in (DatePrecision.QUARTER, DatePrecision.SEASON):
        return day.replace(day=1), month_end(_add_months(day, 2))
    if precision is DatePrecision.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def excel_serial_date(text: str) -> date | None:
    """The date an Excel day number means ("39926" is 23 April 2009), for dates between 1950 and
    2100 only (a smaller or larger number is more likely a count than a date); None otherwise."""
    cleaned = text.strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit() or not 18264 <= int(cleaned) <= 73415:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(cleaned))


def _month(word: str) -> int:
    number = MONTHS.get(word.lower().rstrip(".")) or MONTHS.get(word[:3].lower())
    if number is None:
        raise ValueError(f"“{word}” is not a month")
    return number


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


class _Context:
    """Where a year left out comes from: the span a return covers, else a default year."""

    def __init__(self, within: tuple[date, date] | None, year: int | None) -> None:
        self.within = within
        self.year = year

    def year_for(self, month: int, day: int | None = None, months: int = 1) -> int:
        """The year that puts this day (or these `months` from `month`) inside the span, or nearest."""
        if self.within is None:
            if self.year is None:
                raise ValueError("it gives no year")
            return self.year
        start, end = self.within
        best: tuple[int, int] | None = None
        for year in range(start.year - 1, end.year + 2):
            try:
                first = date(year, month, day or 1)
            except ValueError:
                continue
            last = first if day else month_end(_add_months(first, months - 1))
            if first <= end and last >= start:
                distance = 0
            else:
                distance = min(abs((first - end).days), abs((last - start).days))
            if best is None or distance < best[0]:
                best = (distance, year)
        if best is None:
            raise ValueError(f"there is no day {day} in {calendar.month_name[month]}")
        return best[1]


def parse_date(text: str) -> date:
    """A date typed day-first ("23/04/2009", "23 April 2009", "2009-04-23"); ValueError otherwise."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().replace(",", " "))
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise ValueError("no date given")
    for form in _FORMATS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    raise ValueError(f"“{text.strip()}” is not a date; write it as 23/04/2009 or 23 April 2009")


def read_date(text: str, *, within: tuple[date, date] | None = None, year: int | None = None) -> ReadDate:
    """Any date the files and papers write: "23/04/2009", "23 April", "Jan-14", "Sep-2011", "August,
    2010", "February", "Jan/Feb/Mar", "Apr/Jun", "Q1 2009", "Spring 2008", "2009", "c. 13/06/2009",
    an Excel day number. A year left out comes from `within` (the year that puts the date inside that
    span, or nearest to it) or else `year`. Raises ValueError with a reason a person can act on."""
    written = " ".join(text.replace("\u00a0", " ").split())
    cleaned = written.strip().strip(",;").strip()
    if not cleaned:
        raise ValueError("no date")
    context = _Context(within, year)
    approximate = _APPROXIMATE.match(cleaned)
    if approximate and cleaned[approximate.end() :].strip():
        inner = _read(cleaned[approximate.end() :].strip(), context)
        return ReadDate(inner[0], inner[1], DatePrecision.APPROXIMATE, written)
    try:
        first, last, precision = _read(cleaned, context)
    except (ValueError, OverflowError) as error:
        why = "" if str(error) == _UNKNOWN else f" ({error})"
        raise ValueError(f"“{written}” is not a date{why}; write it as 23/04/2009 or 23 April 2009") from None
    return ReadDate(first, last, precision, written)


def _read(text: str, context: _Context) -> tuple[date, date, DatePrecision]:
    roughly = _ROUGHLY.match(text)
    if roughly and text[roughly.end() :].strip():
        text = text[roughly.end() :].strip()
    text = _WEEKDAY.sub("", text)
    serial = excel_serial_date(text)
    if serial is not None:
        return serial, serial, DatePrecision.DAY
    for form in (_ISO_WITH_TIME, _DAY_FIRST_WITH_TIME):
        found = form.fullmatch(text)
        if found:
            text = found[1]
    ranged = _DAY_RANGE.fullmatch(text)
    if ranged:
        text = f"{ranged[1]} {ranged[2]}"
    try:
        day = parse_date(text)
        return day, day, DatePrecision.DAY
    except ValueError:
        pass
    flat = " ".join(text.replace(",", " ").split())
    readers = (_quarter, _season, _month_range, _day_without_year, _month_and_year, _month_alone, _year)
    for reader in (*readers, _financial_year):
        read = reader(flat, context)
        if read is not None:
            return read
    raise ValueError(_UNKNOWN)


def _quarter(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _QUARTER.fullmatch(text)
    if not found:
        return None
    number = int(found["q1"] or found["q2"] or 0) or _ORDINALS[found["nth"].lower()]
    given = found["y1"] or found["y2"] or found["y3"]
    year = int(given) if given else context.year_for(3 * number - 2, None, 3)
    first = date(year, 3 * number - 2, 1)
    return first, month_end(_add_months(first, 2)), DatePrecision.QUARTER


def _season(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _SEASON.fullmatch(text)
    if not found:
        return None
    month = SEASONS[found[1].lower()]
    year = int(found[2]) if found[2] else context.year_for(month, None, 3)
    first = date(year, month, 1)
    return first, month_end(_add_months(first, 2)), DatePrecision.SEASON


def _month_range(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _MONTH_RANGE.fullmatch(text)
    if not found:
        return None
    months = [_month(m) for m in re.findall(MONTH_WORD, found[0], re.IGNORECASE)]
    if len(months) < 2:
        return None
    first_month, last_month = months[0], months[-1]
    count = (last_month - first_month) % 12 + 1
    if found[4]:
        last_year = _full_year(found[4])
        year = int(found[2]) if found[2] else (last_year if first_month <= last_month else last_year - 1)
    elif found[2]:
        year = int(found[2])
    else:
        year = context.year_for(first_month, None, count)
    first = date(year, first_month, 1)
    last = month_end(_add_months(first, count - 1))
    if count == 1:
        return first, last, DatePrecision.MONTH
    if count == 3 and first_month in (1, 4, 7, 10):
        return first, last, DatePrecision.QUARTER
    return first, last, DatePrecision.MONTHS


def _day_without_year(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if found:
        day_text, month_word = (found[1], found[2]) if found.re is _DAY_MONTH else (found[2], found[1])
        month, day = _month(month_word), int(day_text)
    else:
        found = _DAY_SLASH_MONTH.fullmatch(text)
        if not found:
            return None
        day, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}")
    held = date(context.year_for(month, day), month, day)
    return held, held, DatePrecision.DAY


def _month_and_year(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _MONTH_YEAR.fullmatch(text)
    if found:
        first = date(_full_year(found[2]), _month(found[1]), 1)
        return first, month_end(first), DatePrecision.MONTH
    found = _NUMERIC_MONTH_YEAR.fullmatch(text)
    if found:
        month, year = (int(found[1]), int(found[2])) if found[1] else (int(found[4]), int(found[3]))
        if not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}")
        first = date(year, month, 1)
        return first, month_end(first), DatePrecision.MONTH
    return None


def _month_alone(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _MONTH_ALONE.fullmatch(text)
    if not found:
        return None
    month = _month(found[1])
    first = date(context.year_for(month), month, 1)
    return first, month_end(first), DatePrecision.MONTH


def _year(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    found = _YEAR.fullmatch(text)
    if not found:
        return None
    year = int(found[1])
    return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR


def _financial_year(text: str, context: _Context) -> tuple[date, date, DatePrecision] | None:
    """ "2007/08": April 2007 to March 2008, stored as a year from its first day (kept as written)."""
    found = _FINANCIAL_YEAR.fullmatch(text)
    if not found:
        return None
    first_year = int(found[1])
    if _full_year(found[2]) % 100 != (first_year + 1) % 100:
        raise ValueError(f"{found[2]} does not follow {first_year}")
    return date(first_year, 4, 1), date(first_year + 1, 3, 31), DatePrecision.YEAR


def parse_time(text: str) -> time:
    cleaned = text.strip().lower().replace(".", ":")
    for form in ("%H:%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p", "%H%M"):
        try:
            return datetime.strptime(cleaned, form).time()
        except ValueError:
            continue
    raise ValueError(f"“{text.strip()}” is not a time; write it as 14:30")


def _season_name(day: date) -> str:
    return {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}.get(day.month, "season")


def short_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """For lists: "23 Apr 2009", "Mar 2009", "Jan–Mar 2009", "Spring 2009", "2009", "c. 13 Jun 2009"."""
    if precision is DatePrecision.MONTH:
        return day.strftime("%b %Y")
    if precision in (DatePrecision.MONTHS, DatePrecision.QUARTER):
        first, last = span(day, precision)
        if first.year == last.year:
            return f"{first:%b}–{last:%b %Y}"
        return f"{first:%b %Y}–{last:%b %Y}"
    if precision is DatePrecision.SEASON:
        return f"{_season_name(day).capitalize()} {day.year}"
    if precision is DatePrecision.YEAR:
        return str(day.year)
    text = f"{day.day} {day.strftime('%b %Y')}"
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text


def paper_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """As the papers write it in running text: "on 23 April", "in March", "" when unknown."""
    if precision is DatePrecision.MONTH:
        return f"in {day.strftime('%B')}"
    if precision in (DatePrecision.MONTHS, DatePrecision.QUARTER):
        first, last = span(day, precision)
        return f"between {first:%B} and {last:%B}"
    if precision is DatePrecision.SEASON:
        return f"in {_season_name(day)} {day.year}"
    if precision is DatePrecision.YEAR:
        return f"in {day.year}"
    if precision is DatePrecision.APPROXIMATE:
        return ""
    return f"on {day.day} {day.strftime('%B')}"


def long_date(day: date) -> str:
    """As a paper's heading block writes it: "13 June 2009"."""
    return f"{day.day} {day.strftime('%B %Y')}"


def parse_meeting_date(text: str) -> tuple[date, DatePrecision]:
    """A meeting's date with how much of it is known: "23/04/2009", "March 2009", "c. 13/06/2009",
    "Jan/Feb/Mar 2009", "Spring 2009", "2009" (a year must be written: there is no context here)."""
    found = read_date(text)
    return found.first, found.precision


def editable_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """The text an editor shows, which `parse_meeting_date` reads back to the same value."""
    if precision is DatePrecision.MONTH:
        return day.strftime("%B %Y")
    if precision in (DatePrecision.MONTHS, DatePrecision.QUARTER):
        first, last = span(day, precision)
        return f"{first:%B %Y} to {last:%B %Y}"
    if precision is DatePrecision.SEASON:
        return f"{_season_name(day).capitalize()} {day.year}"
    if precision is DatePrecision.YEAR:
        return str(day.year)
    text = day.strftime("%d/%m/%Y")
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text
