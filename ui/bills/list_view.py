"""The bills list: each bill the association lobbies on, where it stands, and the lobbying report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRegularExpression, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import bills
from tracker.dates import long_date, parse_date
from tracker.errors import DomainError
from tracker.reports import writers
from tracker.reports.lobbying import lobbying_paper
from tracker.reports.paper import Paper
from ui.bills.editor import BillEditor
from ui.bills.models import SORT_ROLE, BillsModel
from ui.changes import BILLS, Changes
from ui.common import prompts, worker

REPORT_FILTERS = "Word document (*.docx);;PDF (*.pdf);;Markdown (*.md);;Web page (*.html)"


class BillsView(QWidget):
    """The short list of bills, sorted and filtered in memory; opening one is asked of the main window."""

    open_requested = Signal(int)
    exported = Signal(Path)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._job: worker.Job | None = None
        self.model = BillsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText("Find bills by title, session, stage or Act (Ctrl+F)…")
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.new_button = QPushButton("New bill…")
        self.open_button = QPushButton("Open")
        self.delete_button = QPushButton("Delete")
        self.report_button = QPushButton("Lobbying report…")
        self.report_button.setToolTip("What we sought on each bill in a period, and what was won")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

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
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 70), (2, 105), (3, 250), (4, 50), (5, 75), (6, 190)):
            self.table.setColumnWidth(column, width)

        buttons = QHBoxLayout()
        buttons.addWidget(self.filter, 1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.report_button.clicked.connect(self._on_report_button_clicked)
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

    # -- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the bills again, keeping the selected one selected if it is still there."""
        keep = self.selected_id()
        with self._database.session() as session:
            rows = bills.all_rows(session, date.today())
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        bill = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        return None if bill is None else bill.id

    def select(self, bill_id: int) -> None:
        row = self.model.row_of(bill_id)
        if row is None:
            return
        shown = self.proxy.mapFromSource(self.model.index(row, 0))
        if shown.isValid():
            self.table.selectRow(shown.row())
            self.table.scrollTo(shown)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        shown, held = self.proxy.rowCount(), self.model.rowCount()
        noun = "bill" if held == 1 else "bills"
        self.count_label.setText(f"{held} {noun}" if shown == held else f"{shown} of {held} {noun}")

    def _on_filter_text_changed(self, text: str) -> None:
        words = [QRegularExpression.escape(w) for w in text.split()]
        # Every word typed must appear, in any order: a lookahead for each.
        pattern = "".join(f"(?=.*{w})" for w in words)
        expression = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.proxy.setFilterRegularExpression(expression)
        self._update_buttons()

    def _on_changes_changed(self, kind: str) -> None:
        if kind in ("bills", "asks"):
            self.refresh()

    # -- bills -----------------------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        saved = BillEditor.ask(self, self._database, self._changes)
        if saved is not None:
            self.filter.clear()
            self.select(saved)

    def _on_open_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.open_requested.emit(selected)

    def _on_table_activated(self, index: QModelIndex) -> None:
        bill = self.model.row_at(self.proxy.mapToSource(index).row())
        if bill is not None:
            self.open_requested.emit(bill.id)

    def _on_delete_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is None:
            return
        try:
            with self._database.session() as session:
                title = bills.get(session, selected).title
            if not prompts.confirm(
                self, "Delete bill", f"Delete the {title}? You can undo this with Ctrl+Z.", "Delete"
            ):
                return
            with self._database.session() as session:
                snapshot = bills.delete(session, selected)
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.refresh()
            return
        self._changes.deleted(BILLS, snapshot, f"Delete bill “{snapshot.title}”")

    # -- the lobbying report ---------------------------------------------------------------

    def _on_report_button_clicked(self) -> None:
        period = self._ask_period()
        if period is None:
            return
        since, until = period
        suggested = Path.home() / f"Lobbying outcomes {since:%Y-%m-%d} to {until:%Y-%m-%d}.docx"
        path = prompts.ask_save_path(self, "Write the lobbying report", suggested, REPORT_FILTERS)
        if path is None:
            return
        with self._database.session() as session:
            paper = lobbying_paper(session, since, until, until)
        self.export(paper, path)

    def _ask_period(self) -> tuple[date, date] | None:
        """The report's period, asked as two dates; None if the user cancels or a date cannot be read."""
        today = date.today()
        answers: list[date] = []
        for label, default in (
            (
                "The report covers asks decided, or raised at a meeting, in the period,"
                " and those still open.\n\nFrom (dd/mm/yyyy)",
                today - timedelta(days=365),
            ),
            ("To (dd/mm/yyyy)", today),
        ):
            text = prompts.ask_text(self, "Lobbying report", label, default.strftime("%d/%m/%Y"))
            if text is None:
                return None
            try:
                answers.append(parse_date(text))
            except ValueError as error:
                prompts.tell(self, "Not a date", f"{error}.")
                return None
        since, until = answers
        if until < since:
            prompts.tell(
                self,
                "Not a period",
                f"The period ends ({long_date(until)}) before it starts ({long_date(since)}).",
            )
            return None
        return since, until

    def export(self, paper: Paper, path: Path) -> None:
        """Write the paper on a pool thread; the bar shows progress, the window stays usable."""
        self.report_button.setEnabled(False)
        self.progress.setRange(0, max(1, sum(len(s.entries) for s in paper.sections)))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Writing {path.name}…")
        self._job = worker.Job(lambda progress: writers.write(paper, path, progress))
        self._job.signals.progress.connect(self._on_job_progress)
        self._job.signals.finished.connect(self._on_job_finished)
        self._job.signals.failed.connect(self._on_job_failed)
        worker.start(self._job)

    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_job_finished(self, path: object) -> None:
        self._job = None
        self.progress.hide()
        self.report_button.setEnabled(True)
        self.status.setText(f"Lobbying report written to {path}")
        self.exported.emit(Path(str(path)))

    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self.progress.hide()
        self.report_button.setEnabled(True)
        self.status.clear()
        prompts.tell(self, "Report not written", message)
