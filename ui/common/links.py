"""Links from a record's page to other records: tables of linked records and meetings, and name links."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from tracker.common.dates import short_date
from tracker.directory.organisations import Link, MeetingLink
from ui.common.keyboard import free_tab

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole


class LinksModel(QAbstractTableModel):
    """Records a page points at (sub-bodies, people): a name, and a detail such as a role."""

    def __init__(self, headers: tuple[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._links: tuple[Link, ...] = ()

    def set_links(self, links: Sequence[Link]) -> None:
        self.beginResetModel()
        self._links = tuple(links)
        self.endResetModel()

    def link_at(self, row: int) -> Link | None:
        return self._links[row] if 0 <= row < len(self._links) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._links)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        link = self.link_at(index.row()) if index.isValid() else None
        if link is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return link.label if index.column() == 0 else link.detail

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MeetingLinksModel(QAbstractTableModel):
    """Meetings a body or person took part in, newest first: date, title, and the part they played."""

    HEADERS = ("Date", "Meeting", "Role")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._meetings: tuple[MeetingLink, ...] = ()

    def set_meetings(self, meetings: Sequence[MeetingLink]) -> None:
        self.beginResetModel()
        self._meetings = tuple(meetings)
        self.endResetModel()

    def meeting_at(self, row: int) -> MeetingLink | None:
        return self._meetings[row] if 0 <= row < len(self._meetings) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._meetings)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        meeting = self.meeting_at(index.row()) if index.isValid() else None
        if meeting is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if index.column() == 0:
            return short_date(meeting.held_on, meeting.date_precision)
        return meeting.title if index.column() == 1 else meeting.detail

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def link_table(
    model: QAbstractTableModel, stretch_column: int, widths: dict[int, int] | None = None
) -> QTableView:
    """A read-only table on a page: rows are opened with a double-click or Enter."""
    table = QTableView()
    table.setModel(model)
    free_tab(table)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        table.setColumnWidth(column, width)
    return table


def links_html(links: Sequence[Link]) -> str:
    """Names as links whose target is the record's id, for a QLabel's linkActivated."""
    return ", ".join(f'<a href="{link.id}">{html.escape(link.label)}</a>' for link in links)


def link_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    flags = Qt.TextInteractionFlag
    label.setTextInteractionFlags(flags.LinksAccessibleByMouse | flags.LinksAccessibleByKeyboard)
    label.setWordWrap(True)
    return label
