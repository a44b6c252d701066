"""A small editable table of a record's parts (attendees, bodies, follow-ups), over plain values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

Entry = TypeVar("Entry")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class EntryColumn(Generic[Entry]):
    """How one column shows an entry, and, if editable, how an edit makes a new entry."""

    header: str
    text: Callable[[Entry], str]
    choices: Sequence[tuple[str, Any]] = ()  # (label, value): edited with a drop-down
    edit: Callable[[Entry, Any], Entry] | None = None
    checked: Callable[[Entry], bool] | None = None


class EntriesModel(QAbstractTableModel, Generic[Entry]):
    edited = Signal()

    def __init__(self, columns: Sequence[EntryColumn[Entry]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._entries: list[Entry] = []

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def append(self, entry: Entry) -> None:
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
        self.edited.emit()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._entries):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()
            self.edited.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

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
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        column = self._columns[index.column()]
        entry = self._entries[index.row()]
        if column.checked is not None:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if column.checked(entry) else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(entry)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self._columns[index.column()]
        if column.edit is not None:
            flags |= (
                Qt.ItemFlag.ItemIsUserCheckable if column.checked is not None else Qt.ItemFlag.ItemIsEditable
            )
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return False
        column = self._columns[index.column()]
        if column.edit is None:
            return False
        if column.checked is not None:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.choices:
            value = next((v for label, v in column.choices if label == value or v == value), None)
            if value is None:
                return False
        self._entries[index.row()] = column.edit(self._entries[index.row()], value)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def column_choices(self, column: int) -> Sequence[tuple[str, Any]]:
        return self._columns[column].choices


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a column that has fixed choices (a role) with a drop-down."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        choices = model.column_choices(index.column()) if isinstance(model, EntriesModel) else ()
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for label, _value in choices:
            combo.addItem(label)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class EntryTable(QTableView):
    """A short table of entries; Delete removes the selected one."""

    def __init__(self, model: EntriesModel, rows_visible: int = 3) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(ChoiceDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setTabKeyNavigation(False)
        self.setMinimumHeight(self.verticalHeader().defaultSectionSize() * rows_visible + 30)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self,
            self.remove_selected,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def remove_selected(self) -> None:
        rows = self.selectionModel().selectedRows()
        if rows:
            model = self.model()
            assert isinstance(model, EntriesModel)
            model.remove(rows[0].row())
