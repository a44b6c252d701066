"""Table models for bills: the short list of bills, a bill's timeline, and its asks, over plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.vocabulary import House
from tracker.bills import AskRow, BillPage, BillRow
from tracker.dates import short_date
from ui.common.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole
# The proxy sorts on this role: text without regard to case, counts as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class BillsModel(QAbstractTableModel):
    """Every bill as a plain row; few enough to sort and filter in a proxy."""

    HEADERS = ("Title", "Session", "Type", "Current stage", "Asks", "Open asks", "Act")
    NUMBERS = (4, 5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BillRow] = []

    def set_rows(self, rows: Sequence[BillRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> BillRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, bill_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == bill_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        bill = self.row_at(index.row()) if index.isValid() else None
        if bill is None:
            return None
        column = index.column()
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return (
                bill.title,
                bill.session,
                bill.bill_type.label.capitalize(),
                bill.current_stage,
                str(bill.asks),
                str(bill.open_asks) if bill.open_asks else "",
                bill.act_title,
            )[column]
        if role == SORT_ROLE:
            if column == 4:
                return bill.asks
            if column == 5:
                return bill.open_asks
            return str(self.data(index, DISPLAY)).lower()
        if role == ID_ROLE:
            return bill.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class TimelineLine:
    """One row of a bill's timeline as the page shows it."""

    when: str
    what: str
    detail: str
    kind: str  # "stage", "meeting", "decision"
    record_id: int | None


def timeline_lines(page: BillPage) -> list[TimelineLine]:
    """The service's timeline, with the date in its own column and not repeated in the detail."""
    stages = {s.id: s for s in page.draft.stages}
    lines = []
    for item in page.timeline:
        when = short_date(item.on) if item.on else "undated"
        detail = item.text
        if item.kind == "stage" and item.record_id in stages:
            stage = stages[item.record_id]
            detail = (
                stage.stage
                if stage.house is House.BOTH
                else f"{stage.house.label.capitalize()} {stage.stage}"
            )
        elif item.kind == "meeting":
            # The service writes "date: title", with the date as precisely as it is known ("Mar 2009").
            when, _colon, detail = item.text.partition(": ")
        what = {"stage": "Stage", "meeting": "Meeting", "decision": "Decision"}.get(item.kind, item.kind)
        lines.append(TimelineLine(when, what, detail, item.kind, item.record_id))
    return lines


def timeline_model() -> RowsModel[TimelineLine]:
    return RowsModel([("Date", lambda t: t.when), ("What", lambda t: t.what), ("Detail", lambda t: t.detail)])


def _decided(ask: AskRow) -> str:
    """ "28 Feb 2007, at Commons 3rd reading": the stage's own date is not repeated when it is the same."""
    when = short_date(ask.decided_on) if ask.decided_on else ""
    stage = ask.decided_stage.removesuffix(f", {when}") if when else ask.decided_stage
    return ", ".join(p for p in (when, f"at {stage}" if stage else "") if p)


def asks_model() -> RowsModel[AskRow]:
    return RowsModel(
        [
            ("Ask", lambda a: a.text),
            ("Of whom", lambda a: a.target),
            ("Status", lambda a: a.status.label.capitalize()),
            ("Outcome", lambda a: a.outcome),
            ("Decided", _decided),
        ]
    )
