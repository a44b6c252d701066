"""A list screen: type to filter, click a header to sort, Enter to open, Delete to remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
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

from ui.common.keyboard import FilterKeys, free_tab
from ui.common.lazy_table import LazyTableModel

FILTER_DELAY_MS = 150


class RecordList(QWidget):
    """The table and its filter over a `LazyTableModel`; asks its owner to open, add or delete rows."""

    open_requested = Signal(int)
    new_requested = Signal()
    delete_requested = Signal(int)

    def __init__(
        self, model: LazyTableModel[Any], noun: str, plural: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._noun = noun
        self._plural = plural
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText(f"Find {plural} (Ctrl+F)…")
        self.filter.setClearButtonEnabled(True)
        self.new_button = QPushButton(f"New {noun}…")
        self.open_button = QPushButton("Open")
        self.delete_button = QPushButton("Delete")
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The indicator is set before sorting is enabled: enabling it sorts by the indicator,
        # and Qt's default indicator would sort the first column Z to A.
        query = model.query
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        column = model.column_of(query.sort) if query.sort else 0
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        free_tab(self.table)
        FilterKeys(self.filter, self.table)
        self.filter.setAccessibleName(f"Find {plural}")
        self.table.setAccessibleName(plural.capitalize())

        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.filter, 1)
        self._buttons.addWidget(self.count_label)
        self._buttons.addWidget(self.new_button)
        self._buttons.addWidget(self.open_button)
        self._buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self._buttons)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        # activated covers double-click and Enter; connecting doubleClicked too would open twice.
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self._kept: tuple[int, int] | None = None
        self._read_only = False
        self._waiting = False
        model.modelAboutToBeReset.connect(self._on_model_model_about_to_be_reset)
        model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self._on_delete_clicked)
        self._on_model_reset()

    def add_button(self, button: QPushButton) -> None:
        """Put a button at the end of the list's row of buttons, after New, Open and Delete."""
        self._buttons.addWidget(button)

    def size_columns(self, widths: Sequence[int]) -> None:
        """The first column (the name) takes the spare width; the rest get `widths`, from the second on."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(widths, start=1):
            self.table.setColumnWidth(column, width)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return None if row is None else int(row.id)

    def select_first(self) -> None:
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    def apply_filter_now(self) -> None:
        self._filter_timer.stop()
        if not self._waiting:
            self.model.set_text(self.filter.text())

    def _on_filter_timer_timeout(self) -> None:
        if self._waiting:
            self.count_label.setText("finds once open…")
        else:
            self.model.set_text(self.filter.text())

    def _on_filter_return_pressed(self) -> None:
        """Enter opens the match highlighted (Up and Down move the highlight), else the first."""
        self.apply_filter_now()
        if self.selected_id() is None:
            self.select_first()
        self._on_open_clicked()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if self._waiting:
            return
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_requested.emit(int(row.id))

    def _on_open_clicked(self) -> None:
        if self._waiting:
            return
        selected = self.selected_id()
        if selected is not None:
            self.open_requested.emit(selected)

    def set_read_only(self, read_only: bool) -> None:
        """A login that may only read finds and opens records; New and Delete are greyed out."""
        self._read_only = read_only
        self._update_buttons()

    def set_waiting(self, waiting: bool) -> None:
        """While the database opens, the rows on screen can be read, scrolled and selected, and words
        typed into the filter; they find, and a header sorts, once it is open. Nothing opens,
        is added or deleted meanwhile."""
        self._waiting = waiting
        self.table.horizontalHeader().setSectionsClickable(not waiting)
        self._update_buttons()
        if not waiting and self.filter.text():
            self.apply_filter_now()
        else:
            self._show_count()

    def _on_delete_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None and not self._read_only and not self._waiting:
            self.delete_requested.emit(selected)

    def _on_model_model_about_to_be_reset(self) -> None:
        # A refresh (perhaps a colleague's change, seen by the poll) keeps the selected record selected.
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        self._kept = None if row is None else (rows[0].row(), int(row.id))

    def _reselect(self) -> None:
        """Select again the record selected before the reset, if it is still near where it was."""
        if self._kept is None:
            return
        where, record_id = self._kept
        self._kept = None
        for row in range(max(0, where - 20), min(self.model.rowCount(), where + 21)):
            found = self.model.row_at(row)
            if found is not None and int(found.id) == record_id:
                self.table.selectRow(row)
                return

    def _on_model_reset(self) -> None:
        self._reselect()
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} {self._noun if count == 1 else self._plural}")

    def _update_buttons(self) -> None:
        has_selection = self.selected_id() is not None and not self._waiting
        self.new_button.setEnabled(not self._read_only and not self._waiting)
        self.open_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection and not self._read_only)
