"""File > Import > Calendar (.ics): the events of a calendar file as candidate meetings, matched to
the people and bodies held, ticked and corrected by the user, then imported all together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import meetings
from tracker.directory import organisations, people
from tracker.directory.organisations import Choice
from tracker.io.calendar_import import (
    Preview,
    Window,
    chosen,
    match,
    read_calendar,
    store,
)
from tracker.io.importing import ImportReport, run_import
from tracker.meetings import MeetingDraft
from ui.changes import Changes
from ui.common import prompts, worker
from ui.common.record_picker import RecordPicker
from ui.imports.calendar_model import BODIES, PEOPLE, TICK, TITLE, WHEN, CandidatesModel, invitee_text
from ui.imports.report_panel import ImportReportPanel

FILTERS = "Calendar files (*.ics *.ical *.ifb);;All files (*)"


@dataclass(frozen=True)
class _Read:
    preview: Preview
    report: ImportReport
    bodies: list[Choice]
    people: list[Choice]


class CandidatesTable(QTableView):
    """The candidates; Space ticks or unticks every selected row."""

    toggle_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.toggle_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _date(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    chosen_day = edit.date()
    return date(chosen_day.year(), chosen_day.month(), chosen_day.day())


class CalendarImportDialog(QDialog):
    """Reads the file on the thread pool, then every change (a tick, a corrected match) runs the
    import again as a dry run, so the report below the table is always what “Import” would do."""

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a calendar")
        self.resize(1180, 760)
        self._database = database
        self._changes = changes
        self._path: Path | None = None
        self._working = False  # reading the file, or importing it: the Import button waits
        self._reading = False
        # Every job is held as long as the dialog: dropped as soon as it answers, the last reference
        # could go on the worker thread, and its signals' QObject die there (a crash).
        self._jobs: list[worker.Job] = []
        self._reads = 0  # each reading and dry run is numbered, so that a late answer is ignored
        self._checks = 0

        self.file_label = QLabel("No file chosen")
        self.file_label.setObjectName("calendar_file")
        self.choose_button = QPushButton("Choose a file…")
        self.choose_button.setAutoDefault(False)
        window = Window.default(date.today())
        self.since_edit = self._date_edit(window.since)
        self.until_edit = self._date_edit(window.until)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel("Events from"))
        top.addWidget(self.since_edit)
        top.addWidget(QLabel("to"))
        top.addWidget(self.until_edit)
        top.addWidget(self.choose_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()

        self.model = CandidatesModel(self)
        self.table = CandidatesTable()
        self.table.setObjectName("calendar_candidates")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in ((TICK, 28), (WHEN, 140), (TITLE, 300), (BODIES, 280), (PEOPLE, 230)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(TICK, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(True)

        self.bodies_list = QListWidget()
        self.bodies_list.setObjectName("calendar_bodies")
        self.body_picker = RecordPicker("Add an outside body to the selected events…")
        self.remove_body_button = QPushButton("Remove body")
        self.remove_body_button.setAutoDefault(False)
        self.people_list = QListWidget()
        self.people_list.setObjectName("calendar_people")
        self.person_picker = RecordPicker("Take the selected name to be…")
        self.nobody_button = QPushButton("Not held in Liaison")
        self.nobody_button.setAutoDefault(False)
        matches = QGroupBox("Matches for the selected events (corrections apply to every selected row)")
        grid = QGridLayout(matches)
        grid.addWidget(QLabel("Outside bodies"), 0, 0)
        grid.addWidget(QLabel("People the calendar names"), 0, 2)
        grid.addWidget(self.bodies_list, 1, 0, 1, 2)
        grid.addWidget(self.people_list, 1, 2, 1, 2)
        grid.addWidget(self.body_picker, 2, 0)
        grid.addWidget(self.remove_body_button, 2, 1)
        grid.addWidget(self.person_picker, 2, 2)
        grid.addWidget(self.nobody_button, 2, 3)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)

        self.report_panel = ImportReportPanel()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_button")
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(matches)
        lower_layout.addWidget(self.report_panel)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._connect()
        self._show_selection()
        self._update_button()

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.since_edit.dateChanged.connect(self._on_window_changed)
        self.until_edit.dateChanged.connect(self._on_window_changed)
        self.table.toggle_requested.connect(self._on_table_toggle_requested)
        self.table.selectionModel().selectionChanged.connect(self._show_selection)
        self.model.ticks_changed.connect(self._on_model_ticks_changed)
        self.model.dataChanged.connect(self._show_selection)
        self.body_picker.picked.connect(self._on_body_picker_picked)
        self.remove_body_button.clicked.connect(self._on_remove_body_button_clicked)
        self.person_picker.picked.connect(self._on_person_picker_picked)
        self.nobody_button.clicked.connect(self._on_nobody_button_clicked)
        self.import_button.clicked.connect(self.import_now)
        self.cancel_button.clicked.connect(self.reject)
        self._check_timer.timeout.connect(self._check)

    @classmethod
    def ask(cls, parent: QWidget, database: Database, changes: Changes) -> None:
        """Ask for the file, then show what importing it would do."""
        path = prompts.ask_open_path(parent, "Import a calendar", FILTERS)
        if path is None:
            return
        dialog = cls(database, changes, parent)
        dialog.open_file(path)
        dialog.exec()

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        edit = QDateEdit(_date(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        return edit

    # Reading --------------------------------------------------------------------------------

    def open_file(self, path: Path) -> None:
        self._path = path
        self.file_label.setText(f"<b>{path.name}</b>")
        self.file_label.setToolTip(str(path))
        self._read()

    def window(self) -> Window:
        return Window(_day(self.since_edit), _day(self.until_edit))

    def _read(self) -> None:
        if self._path is None:
            return
        self._reads += 1
        number, path, window, database = self._reads, self._path, self.window(), self._database

        def work(progress: worker.Progress) -> tuple[str, int, _Read]:
            reading = read_calendar(path, window, progress=progress)
            with database.session() as session:
                preview = match(session, reading)
                bodies = organisations.choices(session)
                everyone: list[Choice] = list(people.choices(session))
            report = run_import(
                database, lambda s, r: store(s, r, preview), source=preview.source, dry_run=True
            )
            return "read", number, _Read(preview, report, bodies, everyone)

        self._set_working(True)
        self._reading = True
        self._start(work)

    def _on_read_finished(self, number: int, read: _Read) -> None:
        if number != self._reads:
            return
        self._reading = False
        self._set_working(False)
        self.body_picker.set_choices(read.bodies)
        self.person_picker.set_choices(read.people)
        self.model.set_preview(read.preview)
        self.report_panel.show_report(read.report)
        self._checks += 1  # a dry run asked for before this reading is out of date
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()

    def _on_read_failed(self, message: str) -> None:
        self._reading = False
        self._set_working(False)
        self.model.set_preview(None)
        self.report_panel.show_report(None)
        self.report_panel.summary.setText(message)
        prompts.tell(self, "Import a calendar", message)

    def _on_choose_button_clicked(self) -> None:
        path = prompts.ask_open_path(self, "Import a calendar", FILTERS)
        if path is not None:
            self.open_file(path)

    def _on_window_changed(self) -> None:
        self._read()

    # Choices --------------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def _on_table_toggle_requested(self) -> None:
        self.model.toggle(self.selected_rows())

    def _on_model_ticks_changed(self) -> None:
        self._update_button()
        self._check_timer.start()

    def _show_selection(self, *_args: Any) -> None:
        """The bodies and people of the first selected event, for correcting."""
        rows = self.selected_rows()
        candidate = self.model.candidate(rows[0]) if rows else None
        self.bodies_list.clear()
        self.people_list.clear()
        if candidate is not None:
            self.bodies_list.addItems([b.describe() for b in candidate.bodies])
            self.people_list.addItems([invitee_text(i) for i in candidate.invitees])
        editable = candidate is not None and not candidate.event.problem
        for widget in (self.body_picker, self.remove_body_button, self.person_picker, self.nobody_button):
            widget.setEnabled(editable)

    def _current(self) -> tuple[list[int], Any]:
        rows = self.selected_rows()
        return rows, (self.model.candidate(rows[0]) if rows else None)

    def _on_body_picker_picked(self, body_id: int, label: str) -> None:
        rows, candidate = self._current()
        if candidate is None:
            return
        bodies = tuple(b for b in candidate.bodies if b.id != body_id) + (chosen(label, body_id),)
        self.model.set_bodies(rows, bodies)
        self._check_timer.start()

    def _on_remove_body_button_clicked(self) -> None:
        rows, candidate = self._current()
        place = self.bodies_list.currentRow()
        if candidate is None or not (0 <= place < len(candidate.bodies)):
            return
        gone = candidate.bodies[place]
        self.model.set_bodies(rows, tuple(b for b in candidate.bodies if b.id != gone.id))
        self._check_timer.start()

    def _on_person_picker_picked(self, person_id: int, label: str) -> None:
        self._take_person(chosen(label, person_id))

    def _on_nobody_button_clicked(self) -> None:
        self._take_person(None)

    def _take_person(self, found: Any) -> None:
        rows, candidate = self._current()
        place = self.people_list.currentRow()
        if candidate is None or not (0 <= place < len(candidate.invitees)):
            prompts.tell(self, "Import a calendar", "Select one of the names the calendar gives first.")
            return
        invitee = candidate.invitees[place]
        self.model.set_person(rows, invitee, found or chosen(invitee.text, None))
        self.people_list.setCurrentRow(place)
        self._check_timer.start()

    def _update_button(self) -> None:
        ticked = self.model.ticked()
        self.import_button.setText(f"Import {ticked} meeting{'s' if ticked != 1 else ''}")
        self.import_button.setEnabled(ticked > 0 and not self._busy())

    def _busy(self) -> bool:
        return self._working

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.progress.setRange(0, 0)
        self.progress.setVisible(working)
        self._update_button()

    # The dry run, and the import ----------------------------------------------------------------

    def _check(self) -> None:
        preview = self.model.preview
        if preview is None:
            return
        self._checks += 1
        number, choices, database = self._checks, self.model.choices(), self._database

        def work(_progress: worker.Progress) -> tuple[str, int, ImportReport]:
            report = run_import(
                database, lambda s, r: store(s, r, preview, choices), source=preview.source, dry_run=True
            )
            return "check", number, report

        self._start(work)

    def _on_check_finished(self, number: int, report: ImportReport) -> None:
        if number == self._checks:
            self.report_panel.show_report(report)

    def import_now(self) -> None:
        """Store every ticked event, as corrected, in one transaction; undoable as one step."""
        preview = self.model.preview
        if preview is None or self.model.ticked() == 0 or self._busy():
            return
        self._check_timer.stop()
        self._checks += 1
        choices, database = self.model.choices(), self._database
        stored: list[int] = []

        def work(_progress: worker.Progress) -> tuple[str, ImportReport, list[int]]:
            def import_all(session: Any, report: ImportReport) -> None:
                stored.extend(store(session, report, preview, choices))

            return "import", run_import(database, import_all, source=preview.source, dry_run=False), stored

        self._set_working(True)
        self._start(work)

    def _on_import_finished(self, report: ImportReport, ids: list[int]) -> None:
        self._set_working(False)
        self.report_panel.show_report(report)
        if ids:
            self._undoable(list(ids), f"Import {len(ids)} meetings from {report.source}")
        self.cancel_button.setText("Close")
        self._read()  # the rows now read “already imported”

    def _undoable(self, ids: list[int], text: str) -> None:
        held: list[MeetingDraft] = []

        def remove(session: Any) -> None:
            held[:] = [meetings.delete(session, meeting_id) for meeting_id in ids]

        def put_back(session: Any) -> None:
            ids[:] = [meeting.id for meeting in (meetings.restore(session, d) for d in held) if meeting.id]

        self._changes.done("meetings", text, forward=put_back, backward=remove)

    # Jobs -----------------------------------------------------------------------------------

    def _start(self, work: Callable[[worker.Progress], Any]) -> None:
        job = worker.Job(work)
        self._jobs.append(job)
        # The dialog's own slots, so that the answers are queued to the GUI thread.
        job.signals.progress.connect(self._on_job_progress)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        worker.start(job)

    def _on_job_finished(self, result: object) -> None:
        what, *answer = result  # type: ignore[misc]
        if what == "read":
            self._on_read_finished(*answer)
        elif what == "check":
            self._on_check_finished(*answer)
        else:
            self._on_import_finished(*answer)

    def _on_job_failed(self, message: str) -> None:
        if self._reading:
            self._on_read_failed(message)
            return
        self._set_working(False)
        prompts.tell(self, "Import a calendar", message)

    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
