"""A short list of records (themes, bills) sorted and filtered in memory, behind a filter box and buttons."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.common.errors import DomainError
from ui.changes import Changes, RecordKind
from ui.common import prompts
from ui.common.keyboard import FilterKeys, free_tab
from ui.common.rows_model import Index, RowsModel

# The proxy sorts on this role: text without regard to case, counts as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class HasId(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=HasId)
# A column's header, its text and, optionally, its sort key.
SmallColumn = tuple[str, Callable[[Row], str]] | tuple[str, Callable[[Row], str], Callable[[Row], Any]]


class SmallListModel(RowsModel[Row]):
    """Every record of a kind as a plain row, with a sort key per column for the proxy.

    A column is its header, its text and, where text would sort wrongly (counts), its sort key;
    without one it sorts on its text, without regard to case.
    """

    def __init__(
        self,
        columns: Sequence[SmallColumn[Row]],
        right: Sequence[int] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__([(column[0], column[1]) for column in columns], right, parent)
        self._sort_keys: list[Callable[[Row], Any] | None] = [
            column[2] if len(column) > 2 else None for column in columns
        ]

    def row_at(self, row: int) -> Row | None:
        return self.row(row)

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == SORT_ROLE:
            key = self._sort_keys[index.column()]
            return key(record) if key is not None else self._columns[index.column()][1](record).lower()
        if role == ID_ROLE:
            return record.id
        return super().data(index, role)


class SmallListView(QWidget):
    """A filter box, a count and the subclass's buttons over a table of a `SmallListModel` in a proxy.

    Every row the table shows is mapped through the proxy to the model's row before it is touched.
    The subclass adds its buttons to `buttons` (and anything below the table to `body`), lists in
    `record_buttons` those that need a selected record, connects them, and calls `refresh` last.
    """

    kind: RecordKind
    # The count's noun for one record and for many ("1 bill", "3 bills").
    nouns: tuple[str, str]
    # The kinds of change (`Changes.changed`) after which the list is read again.
    refreshed_by: Collection[str]

    def __init__(
        self,
        database: Database,
        changes: Changes,
        model: SmallListModel[Any],
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.record_buttons: list[QPushButton] = []
        self.model = model
        model.setParent(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.filter, 1)
        self.buttons.addWidget(self.count_label)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.buttons)
        self.body.addWidget(self.table, 1)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        free_tab(self.table)
        FilterKeys(self.filter, self.table)
        self.filter.setAccessibleName(f"Find {self.nouns[1]}")
        self.table.setAccessibleName(self.nouns[1].capitalize())
        # `activated` comes on Enter and on a double-click (or a single click where the style says so).
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.modelReset.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_buttons)
        self.proxy.rowsRemoved.connect(self._update_buttons)
        changes.changed.connect(self._on_changes_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.table,
            self._on_delete_button_clicked,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    # The rows the list shows, read in the caller's session.
    read_rows: Callable[[Any], Sequence[Any]]

    def refresh(self) -> None:
        """Read the rows again, keeping the selected one selected if it is still there."""
        keep = self.selected_id()
        with self._database.reading() as session:
            rows = self.read_rows(session)
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.row_shown_at(rows[0]) if rows else None

    def row_shown_at(self, index: QModelIndex) -> Any | None:
        """The model's row behind a row of the table, which shows the proxy's order."""
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def selected_id(self) -> int | None:
        record = self.selected_row()
        return None if record is None else int(record.id)

    def select(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row is None:
            return
        shown = self.proxy.mapFromSource(self.model.index(row, 0))
        if shown.isValid():
            self.table.selectRow(shown.row())
            self.table.scrollTo(shown)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        for button in self.record_buttons:
            button.setEnabled(chosen)
        shown, held = self.proxy.rowCount(), self.model.rowCount()
        noun = self.nouns[0] if held == 1 else self.nouns[1]
        self.count_label.setText(f"{held} {noun}" if shown == held else f"{shown} of {held} {noun}")

    def _on_filter_text_changed(self, text: str) -> None:
        words = [QRegularExpression.escape(w) for w in text.split()]
        # Every word typed must appear, in any order: a lookahead for each.
        pattern = "".join(f"(?=.*{w})" for w in words)
        expression = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.proxy.setFilterRegularExpression(expression)
        self._update_buttons()

    def _on_filter_return_pressed(self) -> None:
        """Enter opens the match highlighted (Up and Down move the highlight), else the first shown."""
        if not self.table.selectionModel().selectedRows() and self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_table_activated(rows[0])

    def _on_changes_changed(self, kind: str) -> None:
        if kind in self.refreshed_by:
            self.refresh()

    def _on_table_activated(self, index: QModelIndex) -> None:
        record = self.row_shown_at(index)
        if record is not None:
            self.open(record.id)

    # What Enter or a double-click on a row does: edit the record, or ask for its page.
    open: Callable[[int], None]

    def open_selected(self) -> None:
        """What an Open button does: open the selected record."""
        selected = self.selected_id()
        if selected is not None:
            self.open(selected)

    def show_new(self, saved: int | None) -> None:
        """After a New… form: the record just saved, selected in the whole list (None: cancelled)."""
        if saved is not None:
            self.filter.clear()
            self.select(saved)

    # What the Delete button and key do (usually delete_with_undo with the list's own wording).
    _on_delete_button_clicked: Callable[[], None]

    def delete_with_undo(self, question: Callable[[Any], str], undo_text: Callable[[Any], str]) -> None:
        """Confirm, delete the selected record through the kind's service, and push the undo step.

        `question` asks about the record as read; `undo_text` names the undo step after the deleted
        snapshot. A refusal, or a record changed or gone meanwhile, is told and the list read again.
        """
        selected = self.selected_id()
        if selected is None:
            return
        kind = self.kind
        try:
            with self._database.session() as session:
                asked = question(kind.get(session, selected))
            if not prompts.confirm(self, f"Delete {kind.noun}", asked, "Delete"):
                return
            with self._database.session() as session:
                snapshot = kind.delete(session, selected)
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.refresh()
            return
        self._changes.deleted(kind, snapshot, undo_text(snapshot))
