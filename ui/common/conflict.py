"""When a colleague saved a record while it was being edited: keep mine, take theirs, or merge."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tracker.common.conflicts import Comparison, FieldVersions, Side
from ui.common.keyboard import free_tab

Index = QModelIndex | QPersistentModelIndex
DIFFERS = QColor("#fff4cc")
BOTH_CHANGED = QColor("#ffd9cc")


class Choice(Enum):
    KEEP_MINE = "keep mine"
    TAKE_THEIRS = "take theirs"
    MERGE = "merge"


@dataclass(frozen=True)
class Resolution:
    """What the user chose, and the draft that choice means (theirs, for Take theirs)."""

    choice: Choice
    draft: Any


class VersionsModel(QAbstractTableModel):
    """Field, your version, their version; in a row that differs, a tick says which side a merge takes."""

    HEADERS = ("Field", "Your version", "Their version")

    def __init__(self, rows: tuple[FieldVersions, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.choices: dict[str, Side] = {r.key: r.suggested for r in rows if r.differs}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def row(self, row: int) -> FieldVersions:
        return self._rows[row]

    def _side(self, column: int) -> Side | None:
        return {1: Side.MINE, 2: Side.THEIRS}.get(column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        side = self._side(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if side is None:
                return row.label
            text = row.mine if side is Side.MINE else row.theirs
            return text or "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.both_changed:
                return "You both changed this: tick the version to keep"
            if row.differs:
                return "Only you changed this" if row.suggested is Side.MINE else "Only they changed this"
            return "The same in both versions"
        if role == Qt.ItemDataRole.CheckStateRole and side is not None and row.differs:
            chosen = self.choices.get(row.key) is side
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and row.differs:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.differs:
            return QBrush(BOTH_CHANGED if row.both_changed else DIFFERS)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._side(index.column()) is not None and self._rows[index.row()].differs:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        side = self._side(index.column())
        if role != Qt.ItemDataRole.CheckStateRole or side is None or not index.isValid():
            return False
        row = self._rows[index.row()]
        if not row.differs:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        other = Side.THEIRS if side is Side.MINE else Side.MINE
        # Like a pair of radio buttons: unticking one side takes the other.
        self.choices[row.key] = side if ticked else other
        self.dataChanged.emit(
            self.index(index.row(), 1), self.index(index.row(), 2), [Qt.ItemDataRole.CheckStateRole]
        )
        return True


class ConflictDialog(QDialog):
    """Both versions field by field; `ask` returns the user's Resolution, or None to go back to the form."""

    def __init__(self, comparison: Comparison[Any], what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.resolution: Resolution | None = None
        self.setWindowTitle("Changed by someone else")
        self.resize(900, 560)
        differing = len(comparison.differing)
        both = sum(1 for r in comparison.differing if r.both_changed)
        intro = QLabel(
            f"Someone else saved {what} while you were editing it, so nothing of yours has been saved yet."
            f" {differing} field{'s differ' if differing != 1 else ' differs'}"
            + (f", {both} changed by you both" if both else "")
            + ". Keep your version, take theirs, or tick the version of each field to keep and Merge."
        )
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        self.model = VersionsModel(comparison.rows, self)
        self.table = QTableView()
        self.table.setObjectName("versions")
        self.table.setModel(self.model)
        free_tab(self.table)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Rows fit their text once the columns have their widths (see showEvent), and again on a resize.
        header.sectionResized.connect(self._on_header_section_resized)
        key = QLabel("Fields that differ are in bold; those you both changed are shaded red.")
        key.setObjectName("key")

        self.buttons = QDialogButtonBox()
        self.keep_mine_button = QPushButton("Keep mine")
        self.keep_mine_button.setToolTip("Save your version over theirs")
        self.take_theirs_button = QPushButton("Take theirs")
        self.take_theirs_button.setToolTip("Drop your changes and show their version in the form")
        self.merge_button = QPushButton("Merge")
        self.merge_button.setToolTip("Save the version of each field that is ticked")
        self.back_button = QPushButton("Back to the form")
        for button, role in (
            (self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.keep_mine_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.take_theirs_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.back_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            button.setAutoDefault(False)
            self.buttons.addButton(button, role)
        self.merge_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(key)
        layout.addWidget(self.buttons)

        self.keep_mine_button.clicked.connect(self._on_keep_mine_button_clicked)
        self.take_theirs_button.clicked.connect(self._on_take_theirs_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.back_button.clicked.connect(self.reject)
        self.merge_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _on_header_section_resized(self, _section: int, _old: int, _new: int) -> None:
        self.table.resizeRowsToContents()

    @classmethod
    def ask(cls, parent: QWidget | None, comparison: Comparison[Any], what: str) -> Resolution | None:
        dialog = cls(comparison, what, parent)
        dialog.exec()
        return dialog.resolution

    def _settle(self, choice: Choice, draft: Any) -> None:
        self.resolution = Resolution(choice, draft)
        self.accept()

    def _on_keep_mine_button_clicked(self) -> None:
        self._settle(Choice.KEEP_MINE, self.comparison.keep_mine())

    def _on_take_theirs_button_clicked(self) -> None:
        self._settle(Choice.TAKE_THEIRS, self.comparison.theirs)

    def _on_merge_button_clicked(self) -> None:
        self._settle(Choice.MERGE, self.comparison.merged(self.model.choices))
