"""The Reports view: pick a board and period, arrange the drafted paper, preview it, export it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import boards, meetings
from tracker.common.dates import long_date, parse_date
from tracker.common.errors import DomainError
from tracker.reports import saved_papers, writers
from tracker.reports.outside_bodies import draft_paper
from tracker.reports.paper import Arrangement, Paper, arrange
from tracker.reports.saved_papers import PLACEHOLDER_ITEM, PaperRecord
from tracker.reports.year import year_paper
from ui.changes import MEETINGS, Changes
from ui.common import prompts
from ui.common.field_errors import FieldErrors
from ui.common.keyboard import free_tab
from ui.common.paper_export import PaperExport
from ui.reports.board_editor import BoardEditor
from ui.reports.entries_model import ReportEntriesModel

EXPORT_FILTERS = "Word document (*.docx);;PDF (*.pdf);;Web page (*.html);;Markdown (*.md)"


class ReportsView(QWidget):
    """Drafts the paper from the records each time the board or period changes; the team's
    choices (left out, order, rewritten text) are kept across redrafts, for this report only.
    While the view is not on screen (at start-up, or another area shown) a change only marks the
    paper as out of date: it is drafted when the view is next shown."""

    exported = Signal(Path)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._paper: Paper | None = None
        self._record: PaperRecord | None = None  # the saved paper open, if any
        self._out_of_date = False
        self.errors = FieldErrors()

        self.board = QComboBox()
        self.board.setObjectName("board")
        self.board.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.board.setMinimumContentsLength(18)
        self.new_board = QPushButton("New board…")
        self.edit_board = QPushButton("Edit board…")
        self.since = QLineEdit()
        self.since.setObjectName("since")
        self.since.setMaximumWidth(120)
        self.until = QLineEdit()
        self.until.setObjectName("until")
        self.until.setMaximumWidth(120)
        self.item = QLineEdit(PLACEHOLDER_ITEM)
        self.item.setMaximumWidth(90)
        # Wide enough to show a whole date and item: at 1,024 px they read "3/2009" and "m x".
        metrics = self.since.fontMetrics()
        for edit, longest in ((self.since, "30/06/2009"), (self.until, "30/06/2009"), (self.item, "Item 10")):
            edit.setMinimumWidth(metrics.horizontalAdvance(longest) + 14)
        self.saved = QComboBox()
        self.saved.setObjectName("saved_paper")
        self.saved.setMinimumWidth(200)
        self.save_button = QPushButton("Save paper")
        self.save_button.setObjectName("save_paper")
        self.save_button.setToolTip("Keep the paper with its entries, order and texts, to reopen later")
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("export")
        self.year_button = QPushButton("End-of-year report…")
        self.year_button.setObjectName("year_report")
        self.year_button.setToolTip(
            "The work programme of the cycles the period touches, per intervention (paper 002's shape)"
        )
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")

        top = QGridLayout()
        top.addWidget(QLabel("Board"), 0, 0)
        top.addWidget(self.board, 0, 1)
        top.addWidget(self.new_board, 0, 2)
        top.addWidget(self.edit_board, 0, 3)
        # The period and item share the paper's row: on the board's they made the area 1,084 px wide.
        period = QHBoxLayout()
        period.addSpacing(6)
        period.addWidget(QLabel("From"))
        period.addWidget(self.since)
        period.addWidget(QLabel("to"))
        period.addWidget(self.until)
        period.addWidget(QLabel("Item"))
        period.addWidget(self.item)
        period.addStretch(1)
        top.addLayout(period, 1, 3, 1, 8)
        top.setColumnStretch(10, 1)
        top.addWidget(self.progress, 0, 11)
        top.addWidget(self.export_button, 0, 12)
        top.addWidget(QLabel("Paper"), 1, 0)
        top.addWidget(self.saved, 1, 1)
        top.addWidget(self.save_button, 1, 2)
        top.addWidget(self.year_button, 1, 12)
        top.addWidget(self.errors.label_for("period", self.since), 2, 1, 1, 9)

        self.entries = ReportEntriesModel(self)
        self.table = QTableView()
        self.table.setModel(self.entries)
        free_tab(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 60)
        self.table.setColumnWidth(2, 110)
        self.table.setColumnWidth(3, 70)
        self.up = QPushButton("Move up")
        self.up.setShortcut("Alt+Up")
        self.down = QPushButton("Move down")
        self.down.setShortcut("Alt+Down")
        order = QHBoxLayout()
        order.addWidget(self.up)
        order.addWidget(self.down)
        order.addStretch(1)

        self.text = QPlainTextEdit()
        self.text.setObjectName("entry_text")
        self.text.setPlaceholderText("Select an entry to edit its text for this report")
        self.text.setTabChangesFocus(True)
        self.keep_drafted = QPushButton("Use the drafted text")
        self.write_back = QPushButton("Save as the meeting's summary")
        self.write_back.setToolTip("Keep this text on the meeting itself, for every later report")
        text_buttons = QHBoxLayout()
        text_buttons.addWidget(self.keep_drafted)
        text_buttons.addWidget(self.write_back)
        text_buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Entries: untick to leave out, move to reorder"))
        left_layout.addWidget(self.table, 3)
        left_layout.addLayout(order)
        left_layout.addWidget(QLabel("Text of the selected entry, for this report"))
        left_layout.addWidget(self.text, 2)
        left_layout.addLayout(text_buttons)

        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview of the paper")
        self.preview.setObjectName("preview")
        self.preview.setOpenExternalLinks(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._redraft_timer = QTimer(self)
        self._redraft_timer.setSingleShot(True)
        self._redraft_timer.setInterval(300)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(300)
        self._export = PaperExport(self.export_button, self.progress, self)
        self._export.finished.connect(self._on_export_finished)
        self._export.failed.connect(self._on_export_failed)
        self._connect()
        self.load_boards()

    def _connect(self) -> None:
        self.board.currentIndexChanged.connect(self._on_board_current_index_changed)
        self.saved.activated.connect(self._on_saved_activated)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.since.textEdited.connect(self._redraft_timer.start)
        self.until.textEdited.connect(self._redraft_timer.start)
        self.item.textEdited.connect(self._redraft_timer.start)
        self._redraft_timer.timeout.connect(self.redraft)
        self.entries.arrangement_changed.connect(self._show_preview)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.text.textChanged.connect(self._text_timer.start)
        self._text_timer.timeout.connect(self._on_text_timer_timeout)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.keep_drafted.clicked.connect(self._on_keep_drafted_clicked)
        self.write_back.clicked.connect(self._on_write_back_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.year_button.clicked.connect(self._on_year_button_clicked)
        self.new_board.clicked.connect(self._on_new_board_clicked)
        self.edit_board.clicked.connect(self._on_edit_board_clicked)
        self._changes.changed.connect(self._on_changes_changed)

    # -- boards and period -------------------------------------------------------------

    def load_boards(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.board.currentData()
        with self._database.session() as session:
            rows = boards.all_rows(session)
        self.board.blockSignals(True)
        self.board.clear()
        for row in rows:
            self.board.addItem(row.name, row.id)
        found = self.board.findData(current) if current is not None else -1
        self.board.setCurrentIndex(found if found >= 0 else (0 if rows else -1))
        self.board.blockSignals(False)
        self.edit_board.setEnabled(bool(rows))
        self._on_board_current_index_changed()

    def set_period(self, since: date, until: date) -> None:
        self.since.setText(since.strftime("%d/%m/%Y"))
        self.until.setText(until.strftime("%d/%m/%Y"))
        self.redraft()

    def _on_board_current_index_changed(self, _index: int = 0) -> None:
        board_id = self.board.currentData()
        if board_id is None:
            self._paper = None
            self.entries.set_paper(Paper("", "", date.today(), "", "", "", None, ()), Arrangement())
            self.preview.setHtml("<p>No boards are recorded yet: add one with <b>New board…</b>.</p>")
            self.export_button.setEnabled(False)
            return
        with self._database.session() as session:
            board = boards.get(session, int(board_id))
        since, until = boards.default_period(board, date.today())
        self.since.setText(since.strftime("%d/%m/%Y"))
        self.until.setText(until.strftime("%d/%m/%Y"))
        self._record = None
        self._load_saved()
        self._redraft_when_shown()

    # -- saved papers ------------------------------------------------------------------

    def _load_saved(self) -> None:
        board_id = self.board.currentData()
        rows = []
        if board_id is not None:
            with self._database.reading() as session:
                rows = saved_papers.rows(session, int(board_id))
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem("New paper (not saved)", None)
        for row in rows:
            self.saved.addItem(f"{long_date(row.meets_on)}, {row.item}", row.id)
        found = self.saved.findData(self._record.id) if self._record is not None else 0
        self.saved.setCurrentIndex(max(found, 0))
        self.saved.blockSignals(False)

    def open_paper(self, paper_id: int) -> None:
        """Reopen a saved paper: its period, item, officer and entries as the team left them."""
        with self._database.reading() as session:
            record = saved_papers.get(session, paper_id)
        self._record = record
        found = self.board.findData(record.board_id)
        if found != self.board.currentIndex():
            self.board.blockSignals(True)
            self.board.setCurrentIndex(found)
            self.board.blockSignals(False)
            self._load_saved()
        self.saved.setCurrentIndex(max(self.saved.findData(paper_id), 0))
        self.since.setText(record.period_start.strftime("%d/%m/%Y"))
        self.until.setText(record.period_end.strftime("%d/%m/%Y"))
        self.item.setText(record.item)
        self.entries.arrangement = record.arrangement
        self.redraft()

    def _on_saved_activated(self, _index: int) -> None:
        paper_id = self.saved.currentData()
        if paper_id is None:
            self._record = None
            self.entries.arrangement = Arrangement()
            self._on_board_current_index_changed()
        else:
            self.open_paper(int(paper_id))

    def _on_save_button_clicked(self) -> None:
        self.save_paper()

    def save_paper(self) -> PaperRecord | None:
        """Save the paper as it stands (a new one for the board meeting at the period's end)."""
        self._on_text_timer_timeout()
        board_id = self.board.currentData()
        if self._paper is None or board_id is None:
            return None
        paper = self._paper
        assert paper.period_start is not None and paper.period_end is not None
        try:
            with self._database.session() as session:
                record = self._record or saved_papers.new_record(session, int(board_id), paper.period_end)
                record = replace(
                    record,
                    period_start=paper.period_start,
                    period_end=paper.period_end,
                    item=self.item.text(),
                    entries=saved_papers.choices(self.entries.arrangement, paper),
                )
                saved = saved_papers.save(session, record)
        except DomainError as error:
            prompts.tell(self, "Cannot save the paper", error.message)
            return None
        self._record = saved
        self._load_saved()
        self.redraft()
        self.status.setText(f"Saved the paper for {long_date(saved.meets_on)}")
        return saved

    def _redraft_when_shown(self) -> None:
        if self.isVisible():
            self.redraft()
        else:
            self._out_of_date = True

    def is_out_of_date(self) -> bool:
        """Whether the paper waits to be drafted until the view is shown."""
        return self._out_of_date

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self.redraft()

    def redraft(self) -> None:
        """Draft the paper again from the records (the team's choices are kept)."""
        self._redraft_timer.stop()
        self._out_of_date = False
        board_id = self.board.currentData()
        if board_id is None:
            return
        problems = {}
        period: list[date] = []
        for name, field in (("since", self.since), ("until", self.until)):
            try:
                period.append(parse_date(field.text()))
            except ValueError as error:
                problems["period"] = f"{'From' if name == 'since' else 'To'}: {error}"
        if not problems and period[1] < period[0]:
            problems["period"] = (
                f"The period ends ({long_date(period[1])}) before it starts ({long_date(period[0])})."
            )
        if problems:
            self.errors.show(problems)
            self.export_button.setEnabled(False)
            return
        self.errors.clear()
        with self._database.reading() as session:
            if self._record is not None:
                record = replace(
                    self._record, period_start=period[0], period_end=period[1], item=self.item.text().strip()
                )
                self._paper = saved_papers.drafted(session, record)
            else:
                self._paper = draft_paper(
                    session, int(board_id), period[0], period[1], item=self.item.text().strip()
                )
        self.entries.set_paper(self._paper, self.entries.arrangement)
        self.export_button.setEnabled(True)
        self._show_preview()

    # -- arranging ---------------------------------------------------------------------

    def arranged(self) -> Paper | None:
        return None if self._paper is None else arrange(self._paper, self.entries.arrangement)

    def _show_preview(self) -> None:
        paper = self.arranged()
        if paper is None:
            return
        self.preview.setHtml(writers.html_text(paper, marks=True))
        count = sum(len(s.entries) for s in paper.sections)
        total = sum(len(s.entries) for s in self._paper.sections) if self._paper else 0
        parts = [f"{count} of {total} entries"]
        unsummarised = sum(e.needs_summary for s in paper.sections for e in s.entries)
        if unsummarised:
            parts.append(f"{unsummarised} {'needs' if unsummarised == 1 else 'need'} a summary")
        if paper.left_out_confidential:
            n = paper.left_out_confidential
            parts.append(f"{n} confidential meeting{'s' if n != 1 else ''} left out")
        self.status.setText("; ".join(parts))

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._text_timer.stop()
        entry = self.entries.entry(self.selected_row())
        self.text.blockSignals(True)
        self.text.setPlainText("" if entry is None else self.entries.arrangement.text_of(entry))
        self.text.blockSignals(False)
        self.text.setEnabled(entry is not None)
        self.keep_drafted.setEnabled(entry is not None)
        self.write_back.setEnabled(entry is not None and len(entry.meeting_ids) == 1)

    def _on_text_timer_timeout(self) -> None:
        entry = self.entries.entry(self.selected_row())
        if entry is None:
            return
        text = self.text.toPlainText()
        self.entries.set_text(entry.key, None if text == entry.text else text)

    def _on_keep_drafted_clicked(self) -> None:
        entry = self.entries.entry(self.selected_row())
        if entry is not None:
            self.entries.set_text(entry.key, None)
            self.text.blockSignals(True)
            self.text.setPlainText(entry.text)
            self.text.blockSignals(False)

    def _move(self, step: int) -> None:
        row = self.selected_row()
        if row >= 0:
            self.table.selectRow(self.entries.move(row, step))

    def _on_write_back_clicked(self) -> None:
        self._on_text_timer_timeout()
        entry = self.entries.entry(self.selected_row())
        if entry is None or len(entry.meeting_ids) != 1:
            return
        try:
            with self._database.session() as session:
                before = meetings.get(session, entry.meeting_ids[0])
                after = meetings.update(session, replace(before, summary=self.text.toPlainText()))
        except DomainError as error:
            prompts.tell(self, "Cannot save the summary", error.message)
            return
        self.entries.set_text(entry.key, None)
        self._changes.edited(MEETINGS, before, after, f"Save report text as the summary of “{after.title}”")

    def _on_changes_changed(self, kind: str) -> None:
        if kind == "boards" and self._record is not None:
            self._load_saved()
            self.redraft()
        elif kind == "boards":
            self.load_boards()
        elif kind in ("meetings", "organisations", "people"):
            self._redraft_when_shown()

    # -- boards --------------------------------------------------------------------------

    def _on_new_board_clicked(self) -> None:
        saved = BoardEditor.ask(self, self._database, self._changes)
        if saved is not None:
            self.load_boards(saved)

    def _on_edit_board_clicked(self) -> None:
        board_id = self.board.currentData()
        if (
            board_id is not None
            and BoardEditor.ask(self, self._database, self._changes, int(board_id)) is not None
        ):
            self.load_boards(int(board_id))

    # -- exporting -----------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        paper = self.arranged()
        if paper is None:
            return
        if paper.item.strip() in ("", PLACEHOLDER_ITEM) and not prompts.confirm(
            self,
            "Export the paper",
            f"The paper is still “{paper.item or PLACEHOLDER_ITEM}”, not numbered on the agenda."
            " Export it anyway?",
            "Export",
        ):
            return
        name = f"{paper.board} - {paper.title} - {paper.date:%Y-%m-%d}.docx".replace("/", "-")
        path = prompts.ask_save_path(self, "Export the paper", Path.home() / name, EXPORT_FILTERS)
        if path is not None:
            self.export(paper, path)

    def _on_year_button_clicked(self) -> None:
        """The end-of-year report for the board and period chosen, dated as asked, written to a file."""
        board_id = self.board.currentData()
        if board_id is None:
            prompts.tell(
                self, "No board", "Add the board first: its work programme is what the report covers."
            )
            return
        try:
            since, until = parse_date(self.since.text()), parse_date(self.until.text())
        except ValueError as error:
            prompts.tell(self, "Not a period", f"{error}.")
            return
        if until < since:
            prompts.tell(
                self,
                "Not a period",
                f"The period ends ({long_date(until)}) before it starts ({long_date(since)}).",
            )
            return
        answer = prompts.ask_text(
            self,
            "End-of-year report",
            "The report's date, that of the Board meeting it goes to (dd/mm/yyyy)",
            until.strftime("%d/%m/%Y"),
        )
        if answer is None:
            return
        try:
            day = parse_date(answer)
        except ValueError as error:
            prompts.tell(self, "Not a date", f"{error}.")
            return
        name = f"{self.board.currentText()} - End of Year Report - {day:%Y-%m-%d}.docx".replace("/", "-")
        path = prompts.ask_save_path(self, "Write the end-of-year report", Path.home() / name, EXPORT_FILTERS)
        if path is None:
            return
        with self._database.reading() as session:
            paper = year_paper(session, int(board_id), since, until, day)
        self.export(paper, path)

    def export(self, paper: Paper, path: Path) -> None:
        """Write the paper on a pool thread; the bar shows progress, the window stays usable."""
        self._export.start(paper, path)

    def _on_export_finished(self, path: Path) -> None:
        self.status.setText(f"Exported to {path}")
        self.exported.emit(path)
        prompts.offer_open(self, "Paper exported", path)

    def _on_export_failed(self, message: str) -> None:
        prompts.tell(self, "Export failed", message)
