"""The user's changes: made through the services, announced to every list, and undoable (Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db.engine import Database
from tracker import boards, duties, meetings
from tracker.common import history
from tracker.common.errors import DomainError
from tracker.directory import organisations, people
from tracker.lobbying import bills, policy_items, themes


@dataclass(frozen=True)
class RecordKind:
    """What undo needs to know of one kind of record: the services that read, save, remove and restore it."""

    name: str
    noun: str
    get: Callable[[Any, int], Any]
    update: Callable[[Any, Any], Any]
    delete: Callable[[Any, int], Any]
    restore: Callable[[Any, Any], Any]


MEETINGS = RecordKind("meetings", "meeting", meetings.get, meetings.update, meetings.delete, meetings.restore)
# Undo puts back a state the user already accepted, so the likeness check is not asked again.
ORGANISATIONS = RecordKind(
    "organisations",
    "organisation",
    organisations.get,
    partial(organisations.update, allow_similar=True),
    organisations.delete,
    organisations.restore,
)
PEOPLE = RecordKind(
    "people", "person", people.get, partial(people.update, allow_similar=True), people.delete, people.restore
)
THEMES = RecordKind("themes", "theme", themes.get, themes.update, themes.delete, themes.restore)
BOARDS = RecordKind("boards", "board", boards.get, boards.update, boards.delete, boards.restore)
APPOINTMENTS = RecordKind(
    "appointments", "appointment", duties.get, duties.update, duties.delete, duties.restore
)
BILLS = RecordKind("bills", "bill", bills.get, bills.update, bills.delete, bills.restore)
ASKS = RecordKind("asks", "ask", bills.get_ask, bills.update_ask, bills.delete_ask, bills.restore_ask)
POLICY_ITEMS = RecordKind(
    "policy_items",
    "policy item",
    policy_items.get,
    policy_items.update,
    policy_items.delete,
    policy_items.restore,
)


class Changes(QObject):
    """Holds the undo stack and tells the views when records of a kind have changed."""

    changed = Signal(str)
    failed = Signal(str)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.undo_stack = QUndoStack(self)

    def created(self, kind: RecordKind, record: Any, text: str) -> None:
        held = [record]

        def remove(session: Any) -> None:
            held[0] = kind.delete(session, held[0].id)

        def put_back(session: Any) -> None:
            held[0] = kind.restore(session, held[0])

        self._push(_Change(self, kind.name, text, forward=put_back, backward=remove))

    def edited(self, kind: RecordKind, before: Any, after: Any, text: str) -> None:
        def put(state: Any) -> Callable[[Any], None]:
            def step(session: Any) -> None:
                current = kind.get(session, state.id)
                kind.update(session, replace(state, version=current.version))

            return step

        self._push(_Change(self, kind.name, text, forward=put(after), backward=put(before)))

    def deleted(self, kind: RecordKind, snapshot: Any, text: str) -> None:
        held = [snapshot]

        def remove(session: Any) -> None:
            held[0] = kind.delete(session, held[0].id)

        def put_back(session: Any) -> None:
            kind.restore(session, held[0])

        self._push(_Change(self, kind.name, text, forward=remove, backward=put_back))

    def done(
        self, kind: str, text: str, forward: Callable[[Any], None], backward: Callable[[Any], None]
    ) -> None:
        """A change already made that is not a whole record (a report-back noted): how to redo and undo it."""
        self._push(_Change(self, kind, text, forward, backward))

    def announce(self, kind: str) -> None:
        """Records of this kind changed without an undo step (a merge, an import, a colleague)."""
        self.changed.emit(kind)

    def _push(self, command: _Change) -> None:
        self.undo_stack.push(command)
        self.changed.emit(command.kind)


class _Change(QUndoCommand):
    """A change already made when pushed: the first redo() is the deed itself, so it is skipped."""

    def __init__(
        self,
        changes: Changes,
        kind: str,
        text: str,
        forward: Callable[[Any], None],
        backward: Callable[[Any], None],
    ) -> None:
        super().__init__(text)
        self.changes = changes
        self.kind = kind
        self._forward = forward
        self._backward = backward
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._attempt(self._forward)

    def undo(self) -> None:
        self._attempt(self._backward)

    def _attempt(self, step: Callable[[Any], None]) -> None:
        try:
            with self.changes.database.session() as session:
                step(session)
        except DomainError as error:
            # The record moved on (a colleague's edit, a merge): this step can no longer be replayed.
            self.setObsolete(True)
            self.changes.failed.emit(f"Could not undo or redo “{self.text()}”: {error.message}")
        self.changes.changed.emit(self.kind)


# How often the window asks whether a colleague changed anything: one look at the newest audit entry.
POLL_INTERVAL_MS = 4000


class ColleagueWatch(QObject):
    """Notices colleagues' changes to a shared database and tells the lists and pages to read again.

    Every few seconds it asks for the newest audit entry (one look at an index); when the trail
    has moved past what it had seen, it asks which kinds of record others changed, and announces
    them on `Changes`. This window's own changes are announced when they are made, so the entries
    written under its own name are left out.
    """

    def __init__(
        self,
        changes: Changes,
        interval_ms: int = POLL_INTERVAL_MS,
        parent: QObject | None = None,
        *,
        since: int | None = None,
    ) -> None:
        """`since` is the newest entry already reflected on screen (the window read its first rows
        before the database opened); by default, the newest entry now."""
        super().__init__(parent)
        self._changes = changes
        if since is None:
            found = history.poll(changes.database, seen=None)
            since = None if found is None else found.latest
        self._seen: int | None = since
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> frozenset[str]:
        """Look now; returns the kinds announced (none if nothing changed or the server is unreachable)."""
        newer = history.poll(self._changes.database, self._seen)
        if newer is None:
            return frozenset()
        if self._seen is None:  # unreachable when the window opened: start from here
            self._seen = newer.latest
            return frozenset()
        self._seen = newer.latest
        for kind in sorted(newer.kinds):
            self._changes.announce(kind)
        return newer.kinds
