"""The bills list: each bill the association lobbies on, where it stands, and the lobbying report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QProgressBar, QPushButton, QWidget

from db.engine import Database
from tracker.common.dates import long_date, parse_date
from tracker.lobbying import bills
from tracker.lobbying.bills import BillRow
from tracker.reports.lobbying import lobbying_paper
from tracker.reports.paper import Paper
from ui.bills.editor import BillEditor
from ui.bills.models import bills_model
from ui.changes import BILLS, Changes
from ui.common import prompts
from ui.common.paper_export import PaperExport
from ui.common.small_list import SmallListView

REPORT_FILTERS = "Word document (*.docx);;PDF (*.pdf);;Markdown (*.md);;Web page (*.html)"


class BillsView(SmallListView):
    """The short list of bills, sorted and filtered in memory; opening one is asked of the main window."""

    open_requested = Signal(int)
    exported = Signal(Path)

    kind = BILLS
    nouns = ("bill", "bills")
    refreshed_by = ("bills", "asks")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        placeholder = "Find bills by title, session, stage or Act (Ctrl+F)…"
        super().__init__(database, changes, bills_model(), placeholder, parent)
        self.new_button = QPushButton("New bill…")
        self.open_button = QPushButton("Open")
        self.delete_button = QPushButton("Delete")
        self.record_buttons = [self.open_button, self.delete_button]
        self.report_button = QPushButton("Lobbying report…")
        self.report_button.setToolTip("What we sought on each bill in a period, and what was won")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 70), (2, 105), (3, 250), (4, 50), (5, 75), (6, 190)):
            self.table.setColumnWidth(column, width)

        self.buttons.addWidget(self.new_button)
        self.buttons.addWidget(self.open_button)
        self.buttons.addWidget(self.delete_button)
        self.buttons.addSpacing(12)
        self.buttons.addWidget(self.progress)
        self._export = PaperExport(self.report_button, self.progress, self)
        self._export.finished.connect(self._on_export_finished)
        self._export.failed.connect(self._on_export_failed)
        self.buttons.addWidget(self.report_button)
        self.body.addWidget(self.status)

        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.refresh()

    def read_rows(self, session: Any) -> Sequence[BillRow]:
        return bills.all_rows(session, date.today())

    # -- bills -----------------------------------------------------------------------------

    def _on_new_button_clicked(self) -> None:
        self.show_new(BillEditor.ask(self, self._database, self._changes))

    def open(self, bill_id: int) -> None:
        self.open_requested.emit(bill_id)

    def _on_delete_button_clicked(self) -> None:
        self.delete_with_undo(
            lambda bill: f"Delete the {bill.title}? You can undo this with Ctrl+Z.",
            lambda snapshot: f"Delete bill “{snapshot.title}”",
        )

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
        self.status.setText(f"Writing {path.name}…")
        self._export.start(paper, path)

    def _on_export_finished(self, path: Path) -> None:
        self.status.setText(f"Lobbying report written to {path}")
        self.exported.emit(path)
        prompts.offer_open(self, "Lobbying report written", path)

    def _on_export_failed(self, message: str) -> None:
        self.status.clear()
        prompts.tell(self, "Report not written", message)
