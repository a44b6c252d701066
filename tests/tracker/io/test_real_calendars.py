"""Real calendar files (../shared/data/real-world/calendars) and the two faults found with real
ones: Outlook's escaped separators in a repetition rule, and Google's untitled events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from db.engine import Database
from tracker.io.calendar_import import NO_TITLE, Window, import_reading, read_calendar

REAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "real-world" / "calendars"
FILES = sorted(REAL.glob("*.ics")) if REAL.is_dir() else []
EVERYTHING = Window(date(1990, 1, 1), date(2030, 12, 31))

EXCHANGE_DAILY = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:Microsoft Exchange Server 2010\r
BEGIN:VEVENT\r
UID:weekday-standup\r
DTSTART:20260105T090000Z\r
DTEND:20260105T091500Z\r
SUMMARY:Stand-up with the Home Office\r
RRULE:FREQ=WEEKLY;UNTIL=20260116T090000Z;INTERVAL=1;BYDAY=MO\\, TU\\, WE\\, TH\\, FR;WKST=SU\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:google-untitled\r
DTSTART:20260107T140000Z\r
DTEND:20260107T150000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_exchange_rule_with_escaped_separators_keeps_its_whole_series() -> None:
    reading = read_calendar(EXCHANGE_DAILY, Window(date(2026, 1, 1), date(2026, 1, 31)), name="x.ics")

    standups = [e for e in reading.events if e.title == "Stand-up with the Home Office"]
    assert [e.held_on.day for e in standups if e.held_on] == [5, 6, 7, 8, 9, 12, 13, 14, 15, 16]
    assert all(not e.problem for e in standups)


def test_an_untitled_event_is_imported_as_no_title_with_a_note(database: Database) -> None:
    reading = read_calendar(EXCHANGE_DAILY, Window(date(2026, 1, 1), date(2026, 1, 31)), name="x.ics")

    report = import_reading(database, reading, dry_run=True)

    untitled = [e for e in reading.events if e.uid == "google-untitled"]
    assert [(e.title, e.problem) for e in untitled] == [(NO_TITLE, "")]
    assert report.rejected == 0 and report.imported == 11
    assert any("1 event with no title imported as “(no title)” (event 2)" in n for n in report.notes)


@pytest.mark.skipif(not FILES, reason=f"the real calendars are not beside the clone ({REAL})")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_real_calendar_reads_and_its_report_adds_up(database: Database, path: Path) -> None:
    whole = read_calendar(path, EVERYTHING)
    # The first 300 occurrences: every kind of event in these files, in a test that stays quick.
    reading = replace(whole, events=whole.events[:300])
    report = import_reading(database, reading, dry_run=True)

    assert report.balanced
    assert report.read == len(reading.events) > 0
    # Only cancelled events, or ones the library cannot follow, are refused: never for a missing title.
    assert all("title" not in r.reason for r in report.rejections)
