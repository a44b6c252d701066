"""Reading the dates officers type, and writing dates the way the board papers do."""

from __future__ import annotations

import re
from datetime import date, datetime, time

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


def parse_time(text: str) -> time:
    cleaned = text.strip().lower().replace(".", ":")
    for form in ("%H:%M", "%I:%M%p", "%I:%M %p", "%I%p", "%I %p", "%H%M"):
        try:
            return datetime.strptime(cleaned, form).time()
        except ValueError:
            continue
    raise ValueError(f"“{text.strip()}” is not a time; write it as 14:30")


def short_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """For lists: "23 Apr 2009", "Mar 2009", "c. 13 Jun 2009"."""
    if precision is DatePrecision.MONTH:
        return day.strftime("%b %Y")
    text = f"{day.day} {day.strftime('%b %Y')}"
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text


def paper_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """As the papers write it in running text: "on 23 April", "in March", "" when unknown."""
    if precision is DatePrecision.MONTH:
        return f"in {day.strftime('%B')}"
    if precision is DatePrecision.APPROXIMATE:
        return ""
    return f"on {day.day} {day.strftime('%B')}"


def long_date(day: date) -> str:
    """As a paper's heading block writes it: "13 June 2009"."""
    return f"{day.day} {day.strftime('%B %Y')}"


def parse_meeting_date(text: str) -> tuple[date, DatePrecision]:
    """A meeting's date with how much of it is known: "23/04/2009", "March 2009", "c. 13/06/2009"."""
    cleaned = " ".join(text.strip().split())
    lowered = cleaned.lower()
    for marker in ("c.", "c ", "circa ", "about ", "around "):
        if lowered.startswith(marker):
            return parse_date(cleaned[len(marker) :]), DatePrecision.APPROXIMATE
    for form in ("%B %Y", "%b %Y", "%m/%Y"):
        try:
            return datetime.strptime(cleaned, form).date(), DatePrecision.MONTH
        except ValueError:
            continue
    return parse_date(cleaned), DatePrecision.DAY


def editable_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """The text an editor shows, which `parse_meeting_date` reads back to the same value."""
    if precision is DatePrecision.MONTH:
        return day.strftime("%B %Y")
    text = day.strftime("%d/%m/%Y")
    return f"c. {text}" if precision is DatePrecision.APPROXIMATE else text
