"""Two versions of one record side by side, when a colleague saved it while it was being edited.

`compare` sets the version the user was saving ("mine") beside the one now stored ("theirs"),
field by field, in words a user reads; where the version the form was opened with is known, it
suggests for each field the side that changed it. `Comparison.merged` builds the draft to save
from a choice per field. A merged or kept draft carries the stored version's number, so saving it
is a deliberate overwrite of what the user has seen, never of something newer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, time
from enum import Enum, StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from db.vocabulary import LabelledEnum
from tracker.common.dates import short_date
from tracker.common.history import Names
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft


class Versioned(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def version(self) -> int | None: ...


Draft = TypeVar("Draft", bound=Versioned)


class Side(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True)
class FieldVersions:
    """One field (or a few that go together, such as a date and how exactly it is known) in both versions."""

    key: str
    label: str
    attributes: tuple[str, ...]
    mine: str
    theirs: str
    differs: bool
    # Both sides changed it since the form was opened (only known when that version is given).
    both_changed: bool
    suggested: Side


@dataclass(frozen=True)
class Comparison(Generic[Draft]):
    mine: Draft
    theirs: Draft
    rows: tuple[FieldVersions, ...]

    @property
    def differing(self) -> tuple[FieldVersions, ...]:
        return tuple(r for r in self.rows if r.differs)

    def keep_mine(self) -> Draft:
        """Mine, to be saved over theirs: it carries their version number, so the save is accepted."""
        return replace(self.mine, version=self.theirs.version)  # type: ignore[type-var]

    def merged(self, choices: Mapping[str, Side]) -> Draft:
        """Theirs with the fields chosen from mine; a field not chosen takes the suggested side."""
        values: dict[str, Any] = {}
        for row in self.rows:
            side = choices.get(row.key, row.suggested)
            source = self.mine if side is Side.MINE else self.theirs
            for attribute in row.attributes:
                values[attribute] = getattr(source, attribute)
        return replace(self.theirs, **values)  # type: ignore[type-var]


Shown = Callable[[Any, Names], str]


@dataclass(frozen=True)
class _Field:
    label: str
    attributes: tuple[str, ...]
    shown: Shown | None = None  # given the draft; None shows the single attribute's value plainly


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, (tuple, list)):
        return "; ".join(_plain(v) for v in value)
    return str(value)


def _body(entry: BodyEntry, names: Names) -> str:
    return f"{names.label('organisations', entry.organisation_id)} ({entry.role.label})"


def _attendee(entry: AttendeeEntry, names: Names) -> str:
    return f"{names.label('people', entry.person_id)} ({entry.role.label})"


def _follow_up(entry: FollowUpEntry, names: Names) -> str:
    parts = [entry.text]
    if entry.owner_id is not None:
        parts.append(names.label("people", entry.owner_id))
    if entry.due_on is not None:
        parts.append(f"due {short_date(entry.due_on)}")
    if entry.done:
        parts.append("done")
    return ", ".join(parts)


def _position(entry: PositionEntry, names: Names) -> str:
    text = entry.role
    if entry.organisation_id is not None:
        text += f", {names.label('organisations', entry.organisation_id)}"
    span = " – ".join(short_date(d) if d else "?" for d in (entry.started_on, entry.ended_on))
    return f"{text} ({span})" if entry.started_on or entry.ended_on else text


def _each(show: Callable[[Any, Names], str], attribute: str) -> Shown:
    return lambda draft, names: "\n".join(show(e, names) for e in getattr(draft, attribute))


def _record(table: str, attribute: str) -> Shown:
    def shown(draft: Any, names: Names) -> str:
        value = getattr(draft, attribute)
        return "" if value is None else names.label(table, value)

    return shown


def _records(table: str, attribute: str) -> Shown:
    return lambda draft, names: ", ".join(names.label(table, i) for i in getattr(draft, attribute))


def _meeting_date(draft: MeetingDraft, _names: Names) -> str:
    return "" if draft.held_on is None else short_date(draft.held_on, draft.date_precision)


def _section(draft: MeetingDraft, _names: Names) -> str:
    return "Automatic" if draft.report_section is None else draft.report_section.label


def _bills_and_asks(draft: MeetingDraft, names: Names) -> str:
    bills = [names.label("bills", i) for i in draft.bill_ids]
    asks = [f"Ask: {names.label('asks', i)}" for i in draft.ask_ids]
    return "\n".join(bills + asks)


FIELDS: dict[type, tuple[_Field, ...]] = {
    MeetingDraft: (
        _Field("Title", ("title",)),
        _Field("Date", ("held_on", "date_precision"), _meeting_date),
        _Field("Time", ("starts_at",)),
        _Field("Kind", ("kind",)),
        _Field("Location", ("location",)),
        _Field("Report section", ("report_section",), _section),
        _Field("Report heading", ("report_heading",)),
        _Field("Confidential", ("confidential",)),
        _Field("Outside bodies", ("bodies",), _each(_body, "bodies")),
        _Field("Attendees", ("attendees",), _each(_attendee, "attendees")),
        _Field("Themes", ("theme_ids",), _records("themes", "theme_ids")),
        # An ask goes with its bill: the two are taken from one side together.
        _Field("Bills and asks", ("bill_ids", "ask_ids"), _bills_and_asks),
        _Field("Summary", ("summary",)),
        _Field("Outcome", ("outcome",)),
        _Field("Follow-up actions", ("follow_ups",), _each(_follow_up, "follow_ups")),
    ),
    OrganisationDraft: (
        _Field("Name", ("name",)),
        _Field("Acronym", ("acronym",)),
        _Field("Kind", ("kind",)),
        _Field("Part of", ("parent_id",), _record("organisations", "parent_id")),
        _Field("Succeeded by", ("successor_id",), _record("organisations", "successor_id")),
        _Field("Also known as", ("aliases",), lambda d, _n: "\n".join(d.aliases)),
        _Field("Notes", ("notes",)),
    ),
    PersonDraft: (
        _Field("Title", ("title",)),
        _Field("Name", ("name",)),
        _Field("Kind", ("kind",)),
        _Field("Organisation", ("organisation_id",), _record("organisations", "organisation_id")),
        _Field("Party", ("party",)),
        _Field("Email", ("email",)),
        _Field("Phone", ("phone",)),
        _Field("Notes", ("notes",)),
        _Field("Positions held", ("positions",), _each(_position, "positions")),
    ),
}


def _fields_of(draft: Any) -> tuple[tuple[_Field, ...], tuple[_Field, ...]]:
    """The draft's fields a form shows, and any others it has (shown only where they differ, so that
    nothing differs unseen)."""
    known = FIELDS.get(type(draft), ())
    covered = {a for f in known for a in f.attributes} | {"id", "version"}
    others = tuple(
        _Field(f.name.replace("_", " ").capitalize(), (f.name,))
        for f in fields(draft)
        if f.name not in covered
    )
    return known, others


def _values(draft: Any, attributes: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(draft, a) for a in attributes)


def _shown(field: _Field, draft: Any, names: Names) -> str:
    if field.shown is not None:
        return field.shown(draft, names)
    return _plain(getattr(draft, field.attributes[0]))


def compare(session: Session, mine: Draft, theirs: Draft, original: Draft | None = None) -> Comparison[Draft]:
    """Mine beside theirs, field by field; `original`, the version the form opened, guides the suggestions.

    A field only I changed suggests mine, one only they changed suggests theirs; one both changed
    (or any field, without `original`) suggests mine, and is marked for the user to look at.
    """
    if mine.id != theirs.id:
        raise ValueError("Two different records cannot be compared as versions of one.")
    names = Names(session)
    rows = []
    known, others = _fields_of(mine)
    for field in known + others:
        ours, stored = _values(mine, field.attributes), _values(theirs, field.attributes)
        differs = ours != stored
        if not differs and field in others:
            continue
        suggested = Side.MINE
        both_changed = differs and original is None
        if differs and original is not None:
            before = _values(original, field.attributes)
            if ours == before:
                suggested = Side.THEIRS
            elif stored != before:
                both_changed = True
        rows.append(
            FieldVersions(
                key=field.attributes[0],
                label=field.label,
                attributes=field.attributes,
                mine=_shown(field, mine, names),
                theirs=_shown(field, theirs, names),
                differs=differs,
                both_changed=both_changed,
                suggested=suggested,
            )
        )
    return Comparison(mine, theirs, tuple(rows))
