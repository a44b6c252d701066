"""The themes list: the board's work streams, added, renamed and removed in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import themes
from tracker.errors import DomainError, NotFound
from tracker.themes import ThemeDraft, ThemeRow
from ui.changes import THEMES, Changes
from ui.common import prompts
from ui.common.record_editor import RecordEditor

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
DISPLAY = Qt.ItemDataRole.DisplayRole
# The proxy sorts on this role: names without regard to case, meeting counts as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ThemesModel(QAbstractTableModel):
    """Every theme as a plain row: name, description, and how many meetings carry it."""

    HEADERS = ("Name", "Description", "Meetings")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ThemeRow] = []

    def set_rows(self, rows: Sequence[ThemeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ThemeRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, theme_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == theme_id), None)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        theme = self.row_at(index.row()) if index.isValid() else None
        if theme is None:
            return None
        column = index.column()
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return (theme.name, theme.description, str(theme.meetings))[column]
        if role == SORT_ROLE:
            return (theme.name.lower(), theme.description.lower(), theme.meetings)[column]
        if role == ID_ROLE:
            return theme.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ThemeEditor(RecordEditor):
    """Add a theme or change one; `ask` opens it and returns the saved theme's id."""

    this_record = "this theme"
    reopen_advice = ""  # told in a message box; the message says all there is

    def __init__(
        self, database: Database, changes: Changes, theme_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: ThemeDraft | None = None
        self.setWindowTitle("New theme" if theme_id is None else "Edit theme")
        self.resize(520, 300)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. Reducing re-offending")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText("What the work stream covers (optional)")
        self.description.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("", self.errors.label_for("name", self.name))
        form.addRow("&Description", self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())
        if theme_id is not None:
            with database.session() as session:
                self._original = themes.get(session, theme_id)
            self.name.setText(self._original.name)
            self.description.setPlainText(self._original.description)
        self.mark_clean()
        self.name.setFocus()

    def form_state(self) -> tuple[str, str]:
        return self.name.text(), self.description.toPlainText()

    def store(self) -> ThemeDraft:
        base = self._original or ThemeDraft(name="")
        draft = replace(base, name=self.name.text(), description=self.description.toPlainText())
        with self._database.session() as session:
            if self._original is None:
                return themes.create(session, draft)
            return themes.update(session, draft)

    def after_save(self, saved: ThemeDraft) -> None:
        if self._original is None:
            self._changes.created(THEMES, saved, f"Add theme “{saved.name}”")
        else:
            self._changes.edited(THEMES, self._original, saved, f"Edit theme “{saved.name}”")


class ThemesView(QWidget):
    """The short list of themes, sorted and filtered in memory, with its own small editor."""

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.model = ThemesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Find themes by name or description (Ctrl+F)…")
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.new_button = QPushButton("New theme…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")

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
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 390)
        self.table.setColumnWidth(2, 90)

        buttons = QHBoxLayout()
        buttons.addWidget(self.filter, 1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
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
        self.refresh()

    def refresh(self) -> None:
        """Read the themes again, keeping the selected one selected if it is still there."""
        keep = self.selected_id()
        with self._database.session() as session:
            rows = themes.all_rows(session)
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        theme = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        return None if theme is None else theme.id

    def select(self, theme_id: int) -> None:
        row = self.model.row_of(theme_id)
        if row is None:
            return
        shown = self.proxy.mapFromSource(self.model.index(row, 0))
        if shown.isValid():
            self.table.selectRow(shown.row())
            self.table.scrollTo(shown)

    def _update_buttons(self) -> None:
        has_selection = self.selected_id() is not None
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)
        shown, held = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{held} themes" if shown == held else f"{shown} of {held} themes")

    def _on_filter_text_changed(self, text: str) -> None:
        words = [QRegularExpression.escape(w) for w in text.split()]
        # Every word typed must appear, in any order: a lookahead for each.
        pattern = "".join(f"(?=.*{w})" for w in words)
        expression = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.proxy.setFilterRegularExpression(expression)
        self._update_buttons()

    def _on_changes_changed(self, kind: str) -> None:
        if kind in ("themes", "meetings"):
            self.refresh()

    def _on_new_button_clicked(self) -> None:
        saved = ThemeEditor.ask(self, self._database, self._changes)
        if saved is not None:
            self.select(saved)

    def _on_edit_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self._edit(selected)

    def _on_table_activated(self, index: QModelIndex) -> None:
        theme = self.model.row_at(self.proxy.mapToSource(index).row())
        if theme is not None:
            self._edit(theme.id)

    def _edit(self, theme_id: int) -> None:
        try:
            saved = ThemeEditor.ask(self, self._database, self._changes, theme_id)
        except NotFound as error:
            prompts.tell(self, "Cannot edit", error.message)
            self.refresh()
            return
        if saved is not None:
            self.select(saved)

    def _on_delete_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        try:
            with self._database.session() as session:
                name = themes.get(session, selected).name
            if not prompts.confirm(
                self, "Delete theme", f"Delete the theme “{name}”? You can undo this with Ctrl+Z.", "Delete"
            ):
                return
            with self._database.session() as session:
                snapshot = themes.delete(session, selected)
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.refresh()
            return
        self._changes.deleted(THEMES, snapshot, f"Delete theme “{snapshot.name}”")
