"""Meetings from a calendar file (.ics, RFC 5545): each occurrence of an event, a candidate meeting.

It goes in three steps, so that a window can show what it found before anything is stored:
`read_calendar` parses the file without the database (time zones, all-day events, repeating events
expanded within a window, cancellations); `match` says, for each occurrence, which people and
bodies Liaison holds, exactly or closely, and whether it was imported before; `store` logs the
occurrences the user kept, with the matches the user corrected, inside `run_import`'s one
transaction. An occurrence is known by its UID (and, when the event repeats, its original start),
kept in Meeting.external_uid, so a file imported again adds nothing.
"""

from __future__ import annotations

import calendar as month_days
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Component
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Meeting, Organisation, Person, utc_now
from db.text import clean
from db.vocabulary import AttendanceRole, BodyRole, DatePrecision, MeetingKind, OrganisationKind
from tracker import meetings
from tracker.common.dates import short_date
from tracker.io import bulk
from tracker.io.bulk import NewMeeting
from tracker.io.importing import ImportFailed, ImportReport, run_import
from tracker.io.matching import Certainty, Directory, Found

# The team's zone: a meeting's date and time are those on the clock in London.
LONDON = ZoneInfo("Europe/London")
SOURCE = "calendar"
# An event repeating more often than this within the window is a mistake (every minute, say).
MOST_OCCURRENCES = 1000
# The title an event with none is imported under (a note in the report says which).
NO_TITLE = "(no title)"
_TEXT_LIMIT = 300  # Meeting.title, Meeting.location and Meeting.external_uid are 300 characters
_CHUNK = 500

Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    pass


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_days.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Window:
    """The days whose events are read, both included; a repeating event is expanded within them."""

    since: date
    until: date

    @classmethod
    def default(cls, today: date) -> Window:
        """The last twelve months, and the month ahead (meetings already in the diary)."""
        return cls(_add_months(today, -12), _add_months(today, 1))

    def __str__(self) -> str:
        return f"{short_date(self.since)} to {short_date(self.until)}"


@dataclass(frozen=True)
class Invitee:
    """Someone an event names, its organiser or an attendee, and whom Liaison takes them to be."""

    name: str
    email: str
    organiser: bool = False
    declined: bool = False
    found: Found = Found("")

    @property
    def text(self) -> str:
        """“Helen Murray <helen.murray@lga.gov.uk>”, as a mail program writes it."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence of an event as the file gives it; `problem` says why it cannot be a meeting."""

    number: int  # the event's place among the file's events (VEVENT), counted from 1
    uid: str
    key: str  # Meeting.external_uid: the UID, and for a repeating event "/" and its original start
    held_on: date | None
    starts_at: time | None
    title: str
    location: str = ""
    description: str = ""
    invitees: tuple[Invitee, ...] = ()
    repeating: bool = False
    problem: str = ""

    @property
    def all_day(self) -> bool:
        return self.held_on is not None and self.starts_at is None

    @property
    def when(self) -> str:
        """“7 Sep 2026 10:00”, or “15 Oct 2026 (all day)”."""
        if self.held_on is None:
            return "no date"
        if self.starts_at is None:
            return f"{short_date(self.held_on)} (all day)"
        return f"{short_date(self.held_on)} {self.starts_at:%H:%M}"

    @property
    def label(self) -> str:
        """How a rejection names it: “Weekly with APA” on 7 Sep 2026."""
        title = f"“{self.title}”" if self.title else "an event with no title"
        return title if self.held_on is None else f"{title} on {short_date(self.held_on)}"


@dataclass(frozen=True)
class CalendarReading:
    """What the file holds within the window, in date order, before anything is matched."""

    source: str
    window: Window
    events: tuple[CalendarEvent, ...]
    notes: tuple[str, ...] = ()


class Status(StrEnum):
    NEW = "new"
    IMPORTED = "already imported"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Candidate:
    """An occurrence with the people and bodies Liaison matched for it, and whether it is new."""

    event: CalendarEvent
    invitees: tuple[Invitee, ...]
    bodies: tuple[Found, ...]
    status: Status
    hosts: frozenset[int] = frozenset()  # the bodies among `bodies` that host it (the organiser's)

    @property
    def key(self) -> str:
        return self.event.key

    @property
    def people(self) -> tuple[Found, ...]:
        """The people held whom the event names, each once."""
        seen: dict[int, Found] = {}
        for invitee in self.invitees:
            if invitee.found.id is not None:
                seen.setdefault(invitee.found.id, invitee.found)
        return tuple(seen.values())

    @property
    def strangers(self) -> tuple[Invitee, ...]:
        """Those the event names whom Liaison does not hold."""
        return tuple(i for i in self.invitees if i.found.id is None)


@dataclass(frozen=True)
class Preview:
    """The candidates of one file, matched, as the dry run and the window show them."""

    source: str
    window: Window
    candidates: tuple[Candidate, ...]
    notes: tuple[str, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for c in self.candidates if c.status is status)


@dataclass(frozen=True)
class Choices:
    """What the user decided in the preview. By default every new occurrence goes in, as matched.

    `left_out`: keys of occurrences unticked. `bodies`: for a key, the bodies the user chose
    instead of those matched. `people`: for a key and an invitee's place in the candidate's
    invitees, the person the user chose instead (a Found with no id: nobody held).
    """

    left_out: frozenset[str] = frozenset()
    bodies: Mapping[str, tuple[Found, ...]] = field(default_factory=dict)
    people: Mapping[tuple[str, int], Found] = field(default_factory=dict)

    def applied(self, candidate: Candidate) -> Candidate:
        """The candidate as the user corrected it."""
        invitees = tuple(
            replace(invitee, found=self.people[(candidate.key, place)])
            if (candidate.key, place) in self.people
            else invitee
            for place, invitee in enumerate(candidate.invitees)
        )
        bodies = self.bodies.get(candidate.key, candidate.bodies)
        return replace(candidate, invitees=invitees, bodies=bodies)


def chosen(label: str, record_id: int | None) -> Found:
    """A match the user made: sure by definition."""
    if record_id is None:
        return Found(label)
    return Found(label, record_id, label, Certainty.EXACT, "chosen by you")


# Reading the file -------------------------------------------------------------------------------


def _text(source: Path | bytes, name: str) -> str:
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{name}: cannot be read ({error.strerror or error})") from error
    else:
        data = source
    if b"\x00" in data:
        raise ImportFailed(f"{name}: is not a calendar file (it holds binary data, not text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"{name}: is not UTF-8 text (byte {data[error.start]:#04x} at position {error.start});"
            " a calendar file (RFC 5545) is written in UTF-8: save it again as UTF-8"
        ) from error


def _calendar(text: str, name: str) -> Calendar:
    upper = text.upper()
    if "BEGIN:VCALENDAR" not in upper:
        raise ImportFailed(f"{name}: is not an iCalendar file (it has no BEGIN:VCALENDAR)")
    if "END:VCALENDAR" not in upper:
        raise ImportFailed(f"{name}: the file is cut short (it has no END:VCALENDAR)")
    try:
        parsed = Calendar.from_ical(_tidy_rules(text))
    # icalendar reports a malformed file as any of these; each means the whole file is unreadable.
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise ImportFailed(f"{name}: cannot be read as iCalendar: {_first_line(error)}") from error
    if not isinstance(parsed, Calendar):
        raise ImportFailed(f"{name}: is not an iCalendar file (it holds no VCALENDAR)")
    return parsed


_RULE_LINE = re.compile(r"^((?:RRULE|EXRULE)[;:][^\r\n]*)", re.IGNORECASE | re.MULTILINE)


def _tidy_rules(text: str) -> str:
    """Repetition rules as Outlook/Exchange writes them ("BYDAY=MO\\, TU\\, WE": commas escaped as
    in text, with spaces) made plain ("BYDAY=MO,TU,WE"), so a daily series is not lost."""
    if "\\," not in text and ", " not in text:
        return text
    unfolded = re.sub(r"\r?\n[ \t]", "", text)

    def plain(found: re.Match[str]) -> str:
        return re.sub(r"\s*\\?,\s*", ",", found[1])

    return _RULE_LINE.sub(plain, unfolded)


def _first_line(error: BaseException) -> str:
    if isinstance(error, KeyError) and error.args:
        return f"{error.args[0]} is missing somewhere in it"
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _one(component: Component, name: str) -> Any:
    """A property that should be there once; a file that repeats it is taken at its first."""
    value = component.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _plain(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _clip(text: str) -> str:
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _invitees(component: Component) -> tuple[Invitee, ...]:
    found: list[Invitee] = []
    organiser = _one(component, "ORGANIZER")
    attendees = component.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for address, is_organiser in [(organiser, True), *((a, False) for a in attendees)]:
        if address is None:
            continue
        params = getattr(address, "params", {})
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = str(address).strip()
        if email.lower().startswith("mailto:"):
            email = email[len("mailto:") :]
        email = email.strip() if "@" in email else ""
        name = _plain(params.get("CN", "")).strip("\"'")
        if name.lower() == email.lower():
            name = ""  # Google writes the address again as the name
        if not (name or email):
            continue
        declined = str(params.get("PARTSTAT", "")).upper() == "DECLINED"
        found.append(Invitee(name, email, organiser=is_organiser, declined=declined))
    return tuple(found)


def _london(moment: date | datetime, all_day: bool) -> tuple[date, time | None]:
    if not isinstance(moment, datetime):
        return moment, None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON)
    # A time with no zone ("floating") is read as London's.
    return moment.date(), (None if all_day else moment.time().replace(second=0, microsecond=0))


def _stamp(moment: date | datetime) -> str:
    if not isinstance(moment, datetime):
        return moment.strftime("%Y%m%d")
    if moment.tzinfo is None:
        return moment.strftime("%Y%m%dT%H%M%S")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _key(uid: str, original: date | datetime | None) -> str:
    key = uid if original is None else f"{uid}/{_stamp(original)}"
    if len(key) > _TEXT_LIMIT:
        key = "ics-sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _uid(component: Component) -> str:
    uid = _plain(_one(component, "UID"))
    if uid:
        return uid
    # No UID (RFC 5545 requires one): the same start, title and place make the same event.
    fingerprint = "\n".join(_plain(_one(component, name)) for name in ("DTSTART", "SUMMARY", "LOCATION"))
    return "ics-sha256:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:40]


# Each of these is a date or date-time that an event holds once at most (RFC 5545, 3.6.1).
_WHEN = {"DTSTART": "start", "DTEND": "end", "RECURRENCE-ID": "original start"}


def _problem(component: Component) -> str:
    """Why an event cannot be read at all (no start, a start that is not a date), or ""."""
    if component.get("DTSTART") is None:
        return "it has no start (DTSTART)"
    if isinstance(component.get("UID"), list):
        return "it has more than one UID"
    for name, what in _WHEN.items():
        value = component.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            return f"it has more than one {what} ({name})"
        try:
            moment = value.dt
        except ValueError:  # icalendar keeps an unreadable value, and raises when it is asked for it
            moment = None
        if not isinstance(moment, date):
            return f"its {what} ({name}) is not a date and time: “{_plain(value)[:60]}”"
    return ""


def _all_day(component: Component, start: date | datetime) -> bool:
    if not isinstance(start, datetime):
        return True
    # Outlook writes an all-day event as midnight to midnight, and says so in its own property.
    return str(_one(component, "X-MICROSOFT-CDO-ALLDAYEVENT") or "").upper() == "TRUE"


def _event(number: int, uid: str, occurrence: Component, repeating: bool) -> CalendarEvent:
    start = occurrence.get("DTSTART").dt
    all_day = _all_day(occurrence, start)
    held_on, starts_at = _london(start, all_day)
    original = _one(occurrence, "RECURRENCE-ID")
    key = _key(uid, (original.dt if original is not None else start) if repeating else None)
    title = _clip(_plain(_one(occurrence, "SUMMARY")))
    problem = ""
    if _plain(_one(occurrence, "STATUS")).upper() == "CANCELLED":
        problem = "it was cancelled (STATUS:CANCELLED)"
    if not title:
        # Google writes an event left untitled with no SUMMARY at all: still a meeting held.
        title = NO_TITLE
    description = str(_one(occurrence, "DESCRIPTION") or "").strip()
    return CalendarEvent(
        number,
        uid,
        key,
        held_on,
        starts_at,
        title,
        _clip(_plain(_one(occurrence, "LOCATION"))),
        description,
        _invitees(occurrence),
        repeating,
        problem,
    )


def _occurrences(
    numbered: list[tuple[int, Component]], timezones: list[Component], window: Window
) -> tuple[list[CalendarEvent], bool]:
    """The occurrences of one event (a UID's components) within the window; and whether it had any
    occurrence at all there (False: it lies wholly outside)."""
    first = numbered[0][0]
    uid = _uid(numbered[0][1])
    out: list[CalendarEvent] = []
    readable: list[tuple[int, Component]] = []
    for number, component in numbered:
        problem = _problem(component)
        if problem:
            title = _clip(_plain(_one(component, "SUMMARY")))
            out.append(
                CalendarEvent(number, uid, _key(f"{uid}#{number}", None), None, None, title, problem=problem)
            )
        else:
            readable.append((number, component))
    if not readable:
        return out, True
    repeating = len(readable) > 1 or any(
        c.get(name) is not None for _n, c in readable for name in ("RRULE", "RDATE", "RECURRENCE-ID")
    )
    title = _clip(_plain(_one(readable[0][1], "SUMMARY")))
    if not repeating:
        # One event, once: nothing to expand (and recurring_ical_events' search forwards through
        # the window for it cost a millisecond an event, most of a big calendar's reading).
        component = readable[0][1]
        try:
            occurrences = list(_within([component], window))
        except Exception as error:  # a start icalendar kept but cannot convert, as the library would say
            why = f"it cannot be read: {_first_line(error)}"
            unread = CalendarEvent(first, uid, _key(uid, None), None, None, title, problem=why)
            return [*out, unread], True
        out.extend(_event(first, uid, occurrence, False) for occurrence in occurrences)
        return out, bool(occurrences)
    single = Calendar()
    for timezone in timezones:
        single.add_component(timezone)
    for _number, component in readable:
        single.add_component(component)
    try:
        found = _within(recurring_ical_events.of(single).after(window.since), window)
        occurrences = list(islice(found, MOST_OCCURRENCES + 1))
        if len(occurrences) > MOST_OCCURRENCES:
            problem = f"it repeats more than {MOST_OCCURRENCES:,} times between {window}; none was read"
            return [
                *out,
                CalendarEvent(first, uid, _key(uid, None), None, None, title, problem=problem),
            ], True
        out.extend(_event(first, uid, occurrence, repeating) for occurrence in occurrences)
    # The library reports a repetition it cannot follow (a broken RRULE, EXDATE or zone) in many ways.
    except Exception as error:
        problem = f"it cannot be read: {_first_line(error)}"
        return [*out, CalendarEvent(first, uid, _key(uid, None), None, None, title, problem=problem)], True
    return out, bool(occurrences)


def _within(occurrences: Iterable[Component], window: Window) -> Iterator[Component]:
    for occurrence in occurrences:
        start = occurrence.get("DTSTART").dt
        held_on, _starts_at = _london(start, True)
        if held_on > window.until:
            return
        if held_on >= window.since:
            yield occurrence


def read_calendar(
    source: Path | bytes, window: Window, *, name: str = "", progress: Progress = _no_progress
) -> CalendarReading:
    """The file's events within the window, one per occurrence, in date order; a file that is
    not a calendar at all raises ImportFailed, an event that cannot be read comes with its problem."""
    name = name or (source.name if isinstance(source, Path) else "the calendar")
    if window.until < window.since:
        raise ImportFailed(f"The period to read ends ({window.until}) before it begins ({window.since}).")
    parsed = _calendar(_text(source, name), name)
    timezones = parsed.walk("VTIMEZONE")
    groups: dict[str, list[tuple[int, Component]]] = {}
    for number, component in enumerate(parsed.walk("VEVENT"), start=1):
        uid = _plain(_one(component, "UID")) or f"#{number}"
        groups.setdefault(uid, []).append((number, component))
    events: list[CalendarEvent] = []
    outside = 0
    for done, numbered in enumerate(groups.values(), start=1):
        found, inside = _occurrences(numbered, timezones, window)
        events.extend(found)
        outside += not inside
        progress(done, len(groups))
    events.sort(key=lambda e: (e.held_on or date.max, e.starts_at or time.min, e.number))
    notes = [f"read the events from {window}"]
    untitled = [e for e in events if e.title == NO_TITLE and not e.problem]
    if untitled:
        notes.append(
            f"{len(untitled)} event{'s' if len(untitled) != 1 else ''} with no title imported as"
            f" “{NO_TITLE}” (event {', '.join(str(e.number) for e in untitled[:10])}"
            f"{'…' if len(untitled) > 10 else ''}): give {'them' if len(untitled) != 1 else 'it'} a title"
        )
    if outside:
        notes.append(f"{outside} event{'s' if outside != 1 else ''} outside that period left unread")
    return CalendarReading(name, window, tuple(events), tuple(notes))


# Matching -----------------------------------------------------------------------------------


def _imported(session: Session, keys: Sequence[str]) -> set[str]:
    held: set[str] = set()
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        held.update(
            k
            for k in session.scalars(select(Meeting.external_uid).where(Meeting.external_uid.in_(chunk)))
            if k
        )
    return held


def _employers(session: Session, person_ids: set[int]) -> dict[int, int]:
    employers: dict[int, int] = {}
    ordered = sorted(person_ids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        statement = select(Person.id, Person.organisation_id).where(
            Person.id.in_(chunk), Person.organisation_id.is_not(None)
        )
        employers.update((p, o) for p, o in session.execute(statement) if o is not None)
    return employers


def _bodies(
    event: CalendarEvent,
    invitees: tuple[Invitee, ...],
    names: Directory,
    employers: Mapping[int, int],
    own: set[int],
) -> tuple[tuple[Found, ...], frozenset[int]]:
    """The outside bodies, and those hosting: the bodies the people named work for (the organiser's
    hosts), then those the title or the place names. Never one made up from the text."""
    found: dict[int, Found] = {}
    hosts: set[int] = set()
    for invitee in invitees:
        person = invitee.found
        body_id = employers.get(person.id) if person.id is not None else None
        if body_id is None or body_id in own:
            continue
        if invitee.organiser:
            hosts.add(body_id)
        role = "organises it" if invitee.organiser else "is invited"
        certainty = Certainty.EXACT if person.exact else Certainty.CLOSE
        body = Found(person.label, body_id, names.body_label(body_id), certainty, f"{person.label} {role}")
        if body_id not in found or (body.exact and not found[body_id].exact):
            found[body_id] = body
    for text, where in ((event.title, "title"), (event.location, "place")):
        for named in names.bodies_named_in(text):
            if named.id is None or named.id in own:
                continue
            if named.id not in found or (named.exact and not found[named.id].exact):
                found[named.id] = replace(named, reason=f"{named.reason} in the {where}")
    return tuple(found.values()), frozenset(hosts)


def match(session: Session, reading: CalendarReading, *, progress: Progress = _no_progress) -> Preview:
    """Each occurrence with the people (by email, then name) and bodies Liaison holds, and whether
    an earlier import already brought it in."""
    names = Directory(session)
    own = set(
        session.scalars(select(Organisation.id).where(Organisation.kind == OrganisationKind.OWN_ASSOCIATION))
    )
    people: dict[tuple[str, str], Found] = {}
    matched: list[tuple[Invitee, ...]] = []
    for event in reading.events:
        found = []
        for invitee in event.invitees:
            asked = (invitee.name.lower(), invitee.email.lower())
            if asked not in people:
                people[asked] = names.person(invitee.name, invitee.email)
            found.append(replace(invitee, found=people[asked]))
        matched.append(tuple(found))
    employers = _employers(session, {f.id for f in people.values() if f.id is not None})
    imported = _imported(session, [e.key for e in reading.events if not e.problem])
    candidates = []
    for done, (event, invitees) in enumerate(zip(reading.events, matched, strict=True), start=1):
        if event.problem:
            status = Status.PROBLEM
        elif event.key in imported:
            status = Status.IMPORTED
        else:
            status = Status.NEW
        bodies, hosts = _bodies(event, invitees, names, employers, own)
        candidates.append(Candidate(event, invitees, bodies, status, hosts))
        progress(done, len(reading.events))
    return Preview(reading.source, reading.window, tuple(candidates), reading.notes)


# Storing ------------------------------------------------------------------------------------


def _new_meeting(candidate: Candidate) -> NewMeeting | str:
    """The meeting an occurrence becomes, or why it cannot be one (as the meeting form would say)."""
    event = candidate.event
    attendees: dict[int, AttendanceRole] = {}
    for invitee in candidate.invitees:
        person = invitee.found
        if person.id is None:
            continue
        role = AttendanceRole.APOLOGIES if invitee.declined else AttendanceRole.ATTENDED
        if attendees.get(person.id) in (None, AttendanceRole.APOLOGIES):
            attendees[person.id] = role
    body_ids = dict.fromkeys(b.id for b in candidate.bodies if b.id is not None)
    bodies = [(b, BodyRole.HOST if b in candidate.hosts else BodyRole.PARTICIPANT) for b in body_ids]
    notes = "Imported from a calendar file."
    if candidate.strangers:
        notes += (
            " Also named there, not held in Liaison: " + "; ".join(i.text for i in candidate.strangers) + "."
        )
    assert event.held_on is not None
    # Cleaned before the checks, as the meeting form does: a title of control characters alone is none.
    title = " ".join(clean(event.title).split())
    if not title:
        return "A meeting needs a title."
    if len(title) > 300:
        return "The title is longer than 300 characters."
    values: dict[str, Any] = {
        "title": title,
        "held_on": event.held_on,
        "date_precision": DatePrecision.DAY,
        "starts_at": event.starts_at,
        "status": meetings.default_status(event.held_on),
        "kind": MeetingKind.MEETING,
        "location": clean(event.location).strip(),
        "summary": clean(event.description).strip(),
        "notes": notes,
        "source": SOURCE,
        "external_uid": event.key,
        "return_id": None,
    }
    return NewMeeting(values, bodies, list(attendees.items()))


def _still_there(
    meeting: NewMeeting, people: Mapping[int, object], bodies: Mapping[int, object]
) -> NewMeeting | str:
    """The meeting, or why not: a person or body it names that is no longer held."""
    for person_id, _role in meeting.attendees:
        if person_id not in people:
            return f"Person #{person_id} no longer exists."
    for body_id, _body_role in meeting.bodies:
        if body_id not in bodies:
            return f"Organisation #{body_id} no longer exists."
    return meeting


def store(
    session: Session,
    report: ImportReport,
    preview: Preview,
    choices: Choices | None = None,
    *,
    progress: Progress = _no_progress,
) -> list[int]:
    """Log each occurrence the user kept as a meeting, all in bulk; returns the new meetings' ids.

    Every occurrence is accounted for: imported; skipped (imported before, twice in the file, or
    unticked); or rejected with its event's number and why (no start, cancelled, refused).
    """
    choices = choices or Choices()
    report.notes.extend(preview.notes)
    imported = _imported(session, [c.key for c in preview.candidates if c.status is not Status.PROBLEM])
    seen: set[str] = set()
    # What becomes of each occurrence, in the file's order: a meeting, a skip (None), or why not.
    outcomes: list[tuple[CalendarEvent, NewMeeting | str | None]] = []
    left_out = 0
    for done, candidate in enumerate(preview.candidates, start=1):
        event = candidate.event
        progress(done, len(preview.candidates))
        if event.problem:
            outcomes.append((event, event.problem))
        elif event.key in imported or event.key in seen:
            outcomes.append((event, None))
        elif event.key in choices.left_out:
            seen.add(event.key)
            left_out += 1
            outcomes.append((event, None))
        else:
            seen.add(event.key)
            outcomes.append((event, _new_meeting(choices.applied(candidate))))
    wanted = [m for _event, m in outcomes if isinstance(m, NewMeeting)]
    # The people and bodies the preview found may have been deleted since it was shown.
    people = bulk.people_info(session, {p for m in wanted for p, _role in m.attendees})
    bodies = bulk.body_names(session, {b for m in wanted for b, _role in m.bodies})
    kept: list[NewMeeting] = []
    without_body = 0
    for event, outcome in outcomes:
        if isinstance(outcome, NewMeeting):
            outcome = _still_there(outcome, people, bodies)
        if outcome is None:
            report.skip()
        elif isinstance(outcome, str):
            report.reject(event.number, f"{event.label}: {outcome}")
        else:
            outcome.values["report_section"] = meetings.default_section(
                [(people[p][2], role) for p, role in outcome.attendees]
            )
            kept.append(outcome)
            without_body += not outcome.bodies
            report.accept()
    stored = bulk.insert_meetings(session, kept, utc_now())
    if left_out:
        report.notes.append(f"{left_out} left out by you (counted as skipped)")
    if without_body:
        report.notes.append(
            f"{without_body} with no outside body recognised: add the body in the meeting's form"
        )
    return stored


def import_reading(database: Database, reading: CalendarReading, *, dry_run: bool) -> ImportReport:
    """The command line's import: match and store every new occurrence of a file read, as matched."""

    def work(session: Session, report: ImportReport) -> None:
        store(session, report, match(session, reading))

    return run_import(database, work, source=reading.source, dry_run=dry_run)
