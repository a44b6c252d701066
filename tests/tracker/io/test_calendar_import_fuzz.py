"""Any bytes at all, and damaged copies of a real Outlook file: the calendar import answers with its
own error (nothing stored) or a report that adds up; never a crash, never half an import."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.engine import Database
from db.models import AuditEntry, Meeting
from tracker.io.calendar_import import CalendarReading, Window, import_reading, read_calendar
from tracker.io.importing import ImportFailed

from ..conftest import Directory
from .calendar_files import outlook

WIDE = Window(date(2000, 1, 1), date(2030, 12, 31))
LINES = outlook().decode().split("\r\n")
# Values a damaged or odd file may hold where a date, a repetition or an address belongs.
ODD_VALUES = [
    "",
    "20261345T250000",
    "2026-10-05",
    "20261005T100000Z",
    "20261005",
    "FREQ=SECONDLY",
    "FREQ=WEEKLY;COUNT=-1",
    "FREQ=YEARLY;BYMONTH=13",
    "FREQ=DAILY;UNTIL=never",
    "FREQ=WEEKLY;UNTIL=20261001T000000Z;COUNT=3",
    "mailto:",
    "mailto:@",
    ";;;",
    "P1D",
    "X" * 400,
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """The Outlook file with a few lines dropped, repeated, cut, or given another value."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["drop", "repeat", "garble", "value", "cut"]))
        if change == "drop":
            del lines[at]
        elif change == "repeat":
            lines.insert(at, lines[at])
        elif change == "garble":
            lines[at] = draw(TEXT)
        elif change == "value":
            name = lines[at].split(":", 1)[0]
            lines[at] = f"{name}:{draw(st.one_of(st.sampled_from(ODD_VALUES), TEXT))}"
        else:
            lines = lines[:at]
    return "\r\n".join(lines).encode()


def _counts(database: Database) -> tuple[int, int]:
    with database.session() as s:
        meetings = s.scalar(select(func.count()).select_from(Meeting)) or 0
        audit = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return meetings, audit


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_the_imports_own_error(data: bytes) -> None:
    try:
        reading = read_calendar(data, WIDE, name="any.ics")
    except ImportFailed as error:
        assert error.message.startswith("any.ics: ")
    else:
        assert isinstance(reading, CalendarReading)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        damaged(), st.builds(lambda t: ("BEGIN:VCALENDAR\r\n" + t + "\r\nEND:VCALENDAR").encode(), TEXT)
    )
)
def test_a_damaged_calendar_is_read_or_refused_never_a_crash(data: bytes) -> None:
    try:
        reading = read_calendar(data, WIDE, name="damaged.ics")
    except ImportFailed as error:
        assert error.message.startswith("damaged.ics: ")
    else:
        assert all(e.problem or e.held_on is not None for e in reading.events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged())
def test_a_damaged_calendar_stores_all_its_good_events_or_nothing(
    database: Database, directory: Directory, data: bytes
) -> None:
    before = _counts(database)
    try:
        report = import_reading(database, read_calendar(data, WIDE, name="damaged.ics"), dry_run=False)
    except ImportFailed:
        assert _counts(database) == before
        return
    assert report.balanced
    assert _counts(database)[0] == before[0] + report.imported
