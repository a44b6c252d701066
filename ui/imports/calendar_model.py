"""The calendar import's candidate meetings as a table: a tick for each new one, and the user's
corrections to what Liaison matched, kept as the `Choices` that `store` takes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from tracker.io.calendar_import import Candidate, Choices, Invitee, Preview, Status
from tracker.io.matching import Certainty, Found

Index = QModelIndex | QPersistentModelIndex

CLOSE_COLOUR = QColor("#a35a00")  # a close match: to be confirmed
PROBLEM_COLOUR = QColor("#b00020")
DONE_COLOUR = QColor("#6b6b6b")
HEADERS = ("", "When", "Title", "Outside bodies", "People", "Status")
TICK, WHEN, TITLE, BODIES, PEOPLE, STATUS = range(len(HEADERS))


def matched_text(found: Found) -> str:
    """“Home Office”, or “APA (close)” for a match the user should confirm."""
    return found.label if found.exact else f"{found.label} (close)"


def invitee_text(invitee: Invitee) -> str:
    """“Jo Policy <jo@apa.police.uk> → Jo Policy”, or “… → not held in Liaison”."""
    found = invitee.found
    taken = "not held in Liaison" if found.id is None else matched_text(found)
    declined = " (declined)" if invitee.declined else ""
    return f"{invitee.text}{declined} → {taken}"


def status_text(candidate: Candidate) -> str:
    if candidate.status is Status.PROBLEM:
        return f"problem: {candidate.event.problem}"
    return str(candidate.status)


class CandidatesModel(QAbstractTableModel):
    """One row per occurrence; only new occurrences can be ticked (all are, at first)."""

    ticks_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: Preview | None = None
        self._rows: list[Candidate] = []
        self._left_out: set[str] = set()
        self._bodies: dict[str, tuple[Found, ...]] = {}
        self._people: dict[tuple[str, int], Found] = {}

    # The state --------------------------------------------------------------------------------

    def set_preview(self, preview: Preview | None) -> None:
        """A new reading of the file: the user's choices for occurrences still there are kept."""
        self.beginResetModel()
        self._preview = preview
        keys = {c.key for c in preview.candidates} if preview else set()
        self._left_out &= keys
        self._bodies = {k: v for k, v in self._bodies.items() if k in keys}
        self._people = {k: v for k, v in self._people.items() if k[0] in keys}
        self._refresh_rows()
        self.endResetModel()
        self.ticks_changed.emit()

    @property
    def preview(self) -> Preview | None:
        return self._preview

    def choices(self) -> Choices:
        return Choices(frozenset(self._left_out), dict(self._bodies), dict(self._people))

    def candidate(self, row: int) -> Candidate | None:
        """The row's occurrence as the user corrected it."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ticked(self) -> int:
        return sum(1 for c in self._rows if self._is_ticked(c))

    def toggle(self, rows: list[int]) -> None:
        """Space on the selected rows: tick them all, unless all are ticked already."""
        new = [c for r in rows if (c := self.candidate(r)) is not None and c.status is Status.NEW]
        if not new:
            return
        tick = not all(self._is_ticked(c) for c in new)
        for candidate in new:
            self._set_tick(candidate, tick)
        self._changed(rows, TICK)
        self.ticks_changed.emit()

    def set_bodies(self, rows: list[int], bodies: tuple[Found, ...]) -> None:
        """The user's bodies for these occurrences, instead of those matched."""
        for row in rows:
            candidate = self.candidate(row)
            if candidate is not None and candidate.status is Status.NEW:
                self._bodies[candidate.key] = bodies
        self._refresh_rows()
        self._changed(rows, BODIES)

    def set_person(self, rows: list[int], invitee: Invitee, found: Found) -> None:
        """Take the name (and address) `invitee` to be `found` wherever these occurrences give it."""
        for row in rows:
            candidate = self.candidate(row)
            if candidate is None or candidate.status is not Status.NEW:
                continue
            for place, other in enumerate(candidate.invitees):
                if (other.name, other.email) == (invitee.name, invitee.email):
                    self._people[(candidate.key, place)] = found
        self._refresh_rows()
        self._changed(rows, PEOPLE)

    def _is_ticked(self, candidate: Candidate) -> bool:
        return candidate.status is Status.NEW and candidate.key not in self._left_out

    def _set_tick(self, candidate: Candidate, tick: bool) -> None:
        if tick:
            self._left_out.discard(candidate.key)
        else:
            self._left_out.add(candidate.key)

    def _refresh_rows(self) -> None:
        choices = self.choices()
        self._rows = [choices.applied(c) for c in self._preview.candidates] if self._preview else []

    def _changed(self, rows: list[int], column: int) -> None:
        for row in rows:
            if 0 <= row < len(self._rows):
                self.dataChanged.emit(self.index(row, TICK), self.index(row, STATUS))

    # The model --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        candidate = self._rows[index.row()]
        if index.column() == TICK and candidate.status is Status.NEW:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        candidate, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == TICK:
            ticked = self._is_ticked(candidate)
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(candidate, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(candidate, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(candidate, column)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != TICK:
            return False
        candidate = self._rows[index.row()]
        if candidate.status is not Status.NEW:
            return False
        self._set_tick(candidate, Qt.CheckState(value) == Qt.CheckState.Checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    @staticmethod
    def _text(candidate: Candidate, column: int) -> str:
        event = candidate.event
        if column == WHEN:
            return event.when
        if column == TITLE:
            return event.title
        if column == BODIES:
            return "; ".join(matched_text(b) for b in candidate.bodies)
        if column == PEOPLE:
            return "; ".join(matched_text(p) for p in candidate.people)
        if column == STATUS:
            return status_text(candidate)
        return ""

    @staticmethod
    def _tip(candidate: Candidate, column: int) -> str | None:
        if column == BODIES and candidate.bodies:
            return "\n".join(b.describe() for b in candidate.bodies)
        if column == PEOPLE and candidate.invitees:
            return "\n".join(invitee_text(i) for i in candidate.invitees)
        if column in (TITLE, STATUS):
            return CandidatesModel._text(candidate, column)
        return None

    @staticmethod
    def _colour(candidate: Candidate, column: int) -> QColor | None:
        if candidate.status is Status.PROBLEM:
            return PROBLEM_COLOUR
        if candidate.status is Status.IMPORTED:
            return DONE_COLOUR
        matched = candidate.bodies if column == BODIES else candidate.people if column == PEOPLE else ()
        if any(f.certainty is Certainty.CLOSE for f in matched):
            return CLOSE_COLOUR
        return None
