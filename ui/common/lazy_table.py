"""A table model for big lists: the database filters and sorts, rows are fetched a window at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.common.listing import ListQuery, MeetingFilter

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowSource(Protocol[Row]):
    """Where a list's rows come from: a count, and one window of rows, for a query."""

    def count(self, query: ListQuery) -> int: ...

    def rows(self, query: ListQuery, offset: int, limit: int) -> Sequence[Row]: ...


@dataclass(frozen=True)
class Column(Generic[Row]):
    key: str
    header: str
    text: Callable[[Row], str]
    sortable: bool = True
    align_right: bool = False


class LazyTableModel(QAbstractTableModel, Generic[Row]):
    """Rows as plain values, fetched from a `RowSource` in blocks as the view asks for them.

    Only the blocks around what is on screen are held (`max_blocks`), so scrolling through
    100,000 meetings never holds them all; sorting and filtering start a fresh query.
    """

    BLOCK = 100

    def __init__(
        self, source: RowSource[Row], columns: Sequence[Column[Row]], query: ListQuery, max_blocks: int = 20
    ) -> None:
        super().__init__()
        self._source = source
        self._columns = list(columns)
        self._query = query
        self._max_blocks = max_blocks
        self._blocks: OrderedDict[int, Sequence[Row]] = OrderedDict()
        self._count = source.count(query)
        self._tips: dict[int, Callable[[ListQuery, Row], str]] = {}
        self.fetches: list[tuple[int, int]] = []  # (offset, limit) of each fetch, for tests and benchmarks

    @property
    def query(self) -> ListQuery:
        return self._query

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked for every role of every cell painted: the roles are compared as plain ints (looking
        # up Qt's enum members each time took ten times as long).
        if not index.isValid() or not (0 <= index.row() < self._count):
            return None
        column = self._columns[index.column()]
        if role in _TEXT_ROLES:
            row = self.row_at(index.row())
            if row is None:
                return None
            tip = self._tips.get(index.column()) if role == _TOOLTIP_ROLE else None
            return column.text(row) if tip is None else tip(self._query, row)
        if role == _ALIGNMENT_ROLE and column.align_right:
            return _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._columns)) or not self._columns[column].sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._requery(replace(self._query, sort=self._columns[column].key, descending=descending))

    def set_tip(self, key: str, tip: Callable[[ListQuery, Row], str]) -> None:
        """The tooltip of the column `key`'s cells, worked out when the user points at one (the words
        a search found, in context: asked of the database for that row only)."""
        self._tips[self.column_of(key)] = tip

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    def set_meeting_filter(self, chosen: MeetingFilter) -> None:
        if chosen != self._query.meeting_filter:
            self._requery(replace(self._query, meeting_filter=chosen))

    def set_text(self, text: str) -> None:
        if text != self._query.text:
            self._requery(replace(self._query, text=text))

    def refresh(self) -> None:
        """Read again from the database (after a change here or by a colleague)."""
        self._requery(self._query)

    def row_at(self, row: int) -> Row | None:
        block_number, within = divmod(row, self.BLOCK)
        block = self._blocks.get(block_number)
        if block is None:
            offset = block_number * self.BLOCK
            self.fetches.append((offset, self.BLOCK))
            block = self._source.rows(self._query, offset, self.BLOCK)
            self._blocks[block_number] = block
            while len(self._blocks) > self._max_blocks:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_number)
        return block[within] if within < len(block) else None

    def move_to(self, source: RowSource[Row]) -> None:
        """Read from `source` from now on. The rows held stay on screen as they are: the new source
        must give the same rows for the current query (the meetings list moving from the file read
        at start to the services, once the database is open)."""
        self._source = source

    def held_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    def _requery(self, query: ListQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._blocks.clear()
        self._count = self._source.count(query)
        self.endResetModel()
