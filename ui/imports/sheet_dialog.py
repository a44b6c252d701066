"""Importing a spreadsheet: choose the file and what its rows are, say what each column holds,
check (a dry run, reported row by row), then import all of it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.common.errors import DomainError
from tracker.io.importing import ImportReport
from tracker.io.sheet_import import IGNORE, ColumnMapping, Kind, fields, import_sheet, proposed_mapping
from tracker.io.spreadsheets import Table, read_table, sheet_names
from ui.changes import Changes
from ui.common import prompts
from ui.common.worker import Job, Progress, start
from ui.imports.close_matches import CloseMatchesPanel
from ui.imports.report_panel import ImportReportPanel

_KIND_LABELS = {Kind.MEETINGS: "Meetings", Kind.ORGANISATIONS: "Organisations", Kind.PEOPLE: "People"}
_LEFT_OUT = "(leave out)"
_FILTERS = "Spreadsheets (*.csv *.xlsx);;All files (*)"
# Each import refreshes the lists of the records it may have added.
_ANNOUNCED = ("meetings", "organisations", "people", "themes")


class SheetImportDialog(QDialog):
    """File, kind, one "Read as" choice per column (remembered or guessed), Check, Import."""

    def __init__(
        self, database: Database, changes: Changes, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a spreadsheet")
        self.resize(860, 640)
        self._database = database
        self._changes = changes
        self._path: Path | None = None
        self._table: Table | None = None
        self._checked: ColumnMapping | None = None
        self._job: Job | None = None

        self.file_label = QLabel("No file chosen")
        self.file_label.setObjectName("sheet_file")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self._on_choose_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("sheet_name")
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("sheet_kind")
        for kind, label in _KIND_LABELS.items():
            self.kind_box.addItem(label, kind.value)
        form = QFormLayout()
        form.addRow("File", file_row)
        form.addRow("Worksheet", self.sheet_box)
        form.addRow("Each row is", self.kind_box)

        self.mapping_note = QLabel("")
        self.mapping_note.setObjectName("mapping_note")
        self.mapping_note.setWordWrap(True)
        self.columns = QTableWidget(0, 3)
        self.columns.setObjectName("sheet_columns")
        self.columns.setHorizontalHeaderLabels(["Column heading", "First row", "Read as"])
        self.columns.verticalHeader().hide()
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.report = ImportReportPanel()
        self.close_matches = CloseMatchesPanel()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = self.buttons.addButton("Check", QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.setObjectName("check")
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.ApplyRole)
        self.import_button.setObjectName("import")
        self.buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.sheet_box.currentIndexChanged.connect(self._on_sheet_box_changed)
        self.kind_box.currentIndexChanged.connect(self._on_kind_box_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.mapping_note)
        layout.addWidget(self.columns, 2)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.close_matches, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        if path is not None:
            self.open_file(path)
        self._update_buttons()

    @classmethod
    def ask(cls, parent: QWidget, database: Database, changes: Changes) -> None:
        path = prompts.ask_open_path(
            parent, "Import a spreadsheet", "Spreadsheets (*.csv *.xlsx);;All files (*)"
        )
        if path is None:
            return
        dialog = cls(database, changes, path, parent)
        dialog.exec()

    @property
    def kind(self) -> Kind:
        return Kind(self.kind_box.currentData())

    def open_file(self, path: Path) -> None:
        """Read the file (its first sheet) and offer a mapping for its columns."""
        self._path = path
        self.file_label.setText(str(path))
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        try:
            self.sheet_box.addItems(sheet_names(path))
        except DomainError as error:
            prompts.tell(self, "Import a spreadsheet", error.message)
        self.sheet_box.blockSignals(False)
        self.sheet_box.setEnabled(self.sheet_box.count() > 1)
        self._read()

    def mapping(self) -> ColumnMapping:
        """The field chosen for each column ("" where it is left out)."""
        chosen = []
        for row in range(self.columns.rowCount()):
            box = self.columns.cellWidget(row, 2)
            assert isinstance(box, QComboBox)
            chosen.append(str(box.currentData() or IGNORE))
        return tuple(chosen)

    def _read(self) -> None:
        self._table = None
        self.report.show_report(None)
        if self._path is None:
            return
        try:
            self._table = read_table(self._path, sheet=self.sheet_box.currentText() or None)
        except DomainError as error:
            self.columns.setRowCount(0)
            self.mapping_note.setText(error.message)
            self._update_buttons()
            return
        self._fill_columns()

    def _fill_columns(self) -> None:
        table = self._table
        if table is None:
            return
        with self._database.session() as session:
            proposed = proposed_mapping(session, self.kind, table.headers)
        first = table.rows[0] if table.rows else None
        self.columns.setRowCount(len(table.headers))
        for row, heading in enumerate(table.headers):
            self.columns.setItem(row, 0, QTableWidgetItem(heading or f"(column {row + 1}, no heading)"))
            self.columns.setItem(row, 1, QTableWidgetItem(first.cell(row) if first else ""))
            box = QComboBox()
            box.addItem(_LEFT_OUT, IGNORE)
            for candidate in fields(self.kind):
                box.addItem(candidate.label + (" (needed)" if candidate.required else ""), candidate.key)
            box.setCurrentIndex(max(0, box.findData(proposed.mapping[row])))
            box.currentIndexChanged.connect(self._on_column_changed)
            self.columns.setCellWidget(row, 2, box)
        rows = f"{len(table.rows)} rows under the headings in row {table.header_number}"
        origin = (
            "The columns are read as for the last file with these headings."
            if proposed.remembered
            else "The columns are read as their headings suggest; change any that are wrong."
        )
        self.mapping_note.setText(f"{rows}. {origin}")
        self._checked = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self._job is None
        self.check_button.setEnabled(idle and self._table is not None)
        # Import only what was checked: the same mapping, and something to import.
        self.import_button.setEnabled(idle and self._checked is not None and self._checked == self.mapping())

    def _run(self, dry_run: bool) -> None:
        table, kind, mapping = self._table, self.kind, self.mapping()
        if table is None or self._path is None:
            return
        database, source = self._database, self._path.name
        accepted = self.close_matches.accepted()

        def work(progress: Progress) -> ImportReport:
            return import_sheet(
                database,
                table,
                source=source,
                kind=kind,
                mapping=mapping,
                dry_run=dry_run,
                progress=progress,
                accepted=accepted,
            )

        job = Job(work)
        job.signals.progress.connect(self._on_job_progress)
        job.signals.finished.connect(lambda report: self._on_job_finished(report, mapping))
        job.signals.failed.connect(self._on_job_failed)
        self._job = job
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._update_buttons()
        start(job)

    def _on_choose_clicked(self) -> None:
        path = prompts.ask_open_path(self, "Import a spreadsheet", _FILTERS)
        if path is not None:
            self.open_file(path)

    def _on_check_clicked(self) -> None:
        self._run(dry_run=True)

    def _on_import_clicked(self) -> None:
        self._run(dry_run=False)

    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_job_finished(self, report: ImportReport, mapping: ColumnMapping) -> None:
        self._job = None
        self.progress.setVisible(False)
        self.report.show_report(report)
        if report.dry_run:
            self.close_matches.show_matches(report.possible)
            self._checked = mapping if report.imported else None
        else:
            self._checked = None
            for kind in _ANNOUNCED:
                self._changes.announce(kind)
        self._update_buttons()

    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self.progress.setVisible(False)
        self._checked = None
        self._update_buttons()
        prompts.tell(self, "Import a spreadsheet", message)

    def _on_sheet_box_changed(self, _index: int) -> None:
        self._read()

    def _on_kind_box_changed(self, _index: int) -> None:
        self.report.show_report(None)
        self.close_matches.show_matches(())
        self._fill_columns()

    def _on_column_changed(self, _index: int) -> None:
        self._update_buttons()
