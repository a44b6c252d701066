"""Generated files of a chosen size for timing the importers: a ministers' meetings return and a calendar.

Both are shaped as the real ones are (see ../shared/data/real-world): a return names a minister
once and leaves the cell blank below, lists one to three bodies a row and repeats bodies across
rows; a calendar has an organiser and attendees by email. The names are many and alike ("Org 1",
"Org 12", "Org 123"), the case that once made matching grow with the names held.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

MINISTERS = (
    "Minister for the Cabinet Office, The Rt Hon Francis Maude MP",
    "Minister without Portfolio, The Rt Hon Kenneth Clarke QC MP",
    "Parliamentary Secretary, Nick Hurd MP",
    "Paymaster General, The Rt Hon Francis Maude MP",
    "Minister of State, Lord Wallace of Saltaire",
)


def write_return(path: Path, rows: int, *, seed: int = 16) -> Path:
    """A Cabinet Office return for Jan–Mar 2012 (the file's name says so) of `rows` meetings, with
    about one body for every ten rows; `path`'s folder must exist and its name is replaced."""
    rng = random.Random(seed)
    target = path.with_name("co-meetings-jan-mar-2012.csv")
    bodies = max(10, rows // 10)
    first = date(2012, 1, 1)
    with target.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Cabinet Office: ministers' meetings with external organisations"])
        out.writerow(["Minister", "Date", "Name of External Organisation", "Purpose of Meeting"])
        minister = ""
        for number in range(rows):
            if number % 50 == 0:
                minister = MINISTERS[(number // 50) % len(MINISTERS)]
                named = minister
            else:
                named = ""
            day = first + timedelta(days=rng.randrange(91))
            names = [f"Org {rng.randrange(1, bodies + 1)}" for _ in range(rng.choice((1, 1, 2, 3)))]
            out.writerow([named, day.strftime("%d/%m/%Y"), ", ".join(names), f"Discussion of topic {number}"])
    return target


def write_calendar(path: Path, events: int, *, seed: int = 16) -> Path:
    """An .ics of `events` single meetings from January 2012 on, each with an organiser and two
    attendees by email, drawn from about one person for every ten events."""
    rng = random.Random(seed)
    people = max(10, events // 10)
    first = date(2012, 1, 2)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Liaison benchmark//EN"]
    for number in range(events):
        day = first + timedelta(days=number // 20)
        hour = 8 + number % 10
        who = [rng.randrange(1, people + 1) for _ in range(3)]
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{number}@liaison.example",
            f"DTSTAMP:{day:%Y%m%d}T070000Z",
            f"DTSTART:{day:%Y%m%d}T{hour:02d}0000Z",
            f"DTEND:{day:%Y%m%d}T{hour:02d}4500Z",
            f"SUMMARY:Meeting {number} with Org {rng.randrange(1, people + 1)}",
            f"ORGANIZER;CN=Person {who[0]}:mailto:person{who[0]}@org.example",
            *(f"ATTENDEE;CN=Person {n}:mailto:person{n}@org.example" for n in who[1:]),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    target = path.with_suffix(".ics")
    target.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return target


def calendar_window(events: int) -> tuple[date, date]:
    """The days `write_calendar`'s events fall on."""
    first = date(2012, 1, 2)
    return first, first + timedelta(days=events // 20 + 1)
