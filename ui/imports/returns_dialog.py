"""Importing a department's return of ministers' meetings: choose the file, preview (a dry run), import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.common.errors import DomainError
from tracker.io.importing import ImportReport
from tracker.io.transparency import Period, import_return, parse_period
from ui.changes import Changes
from ui.common import prompts, worker
from ui.imports.close_matches import CloseMatchesPanel
from ui.imports.report_panel import ImportReportPanel


class ReturnsImportDialog(QDialog):
    """The file, and the department and period when its title rows or name do not say; the preview
    lists what would be imported, skipped and rejected; Import stores all of it or none."""

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a ministers' meetings return")
        self.resize(760, 520)
        self._database = database
        self._changes = changes
        self._job: worker.Job | None = None
        self._previewed: tuple[Path, str, str] | None = None
        self._report: ImportReport | None = None

        self.file = QLineEdit()
        self.file.setObjectName("return_file")
        self.file.setPlaceholderText("a CSV or .xlsx file as the department published it")
        self.choose_button = QPushButton("Choose…")
        self.department = QLineEdit()
        self.department.setObjectName("return_department")
        self.department.setPlaceholderText(
            "read from the file's title or name if left blank, e.g. Home Office"
        )
        self.period = QLineEdit()
        self.period.setObjectName("return_period")
        self.period.setPlaceholderText(
            "read from the file if left blank, e.g. 2009Q1 or January to March 2009"
        )
        self.preview_button = QPushButton("Preview")
        self.preview_button.setObjectName("return_preview")
        self.panel = ImportReportPanel()
        self.close_matches = CloseMatchesPanel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("return_import")
        self.import_button.setEnabled(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("File:", file_row)
        form.addRow("Department:", self.department)
        form.addRow("Period:", self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.close_matches, 1)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.buttons.rejected.connect(self.reject)
        for field in (self.file, self.department, self.period):
            field.textChanged.connect(self._on_field_text_changed)

    @classmethod
    def ask(cls, parent: QWidget, database: Database, changes: Changes) -> ImportReport | None:
        """Show the dialog; the report of the import made, or None if the user cancelled."""
        dialog = cls(database, changes, parent)
        try:
            return dialog.report if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    @property
    def report(self) -> ImportReport | None:
        return self._report

    def _inputs(self) -> tuple[Path, str, str]:
        return Path(self.file.text().strip()), self.department.text().strip(), self.period.text().strip()

    def _period(self, text: str) -> Period | None:
        return parse_period(text) if text else None

    def preview(self) -> None:
        """A dry run of the import on the thread pool; the report appears in the panel."""
        self._run(dry_run=True)

    def _run(self, *, dry_run: bool) -> None:
        path, department, period_text = self._inputs()
        if not path.name:
            prompts.tell(self, "Import a return", "Choose the file to import first.")
            return
        try:
            period = self._period(period_text)
        except DomainError as error:
            prompts.tell(self, "Import a return", error.message)
            return
        database = self._database
        # The preview too takes the matches ticked so far, so that it shows what Import would do.
        accepted = self.close_matches.accepted()
        self.preview_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self._job = worker.Job(
            lambda _progress: import_return(
                database,
                path,
                department=department or None,
                period=period,
                dry_run=dry_run,
                accepted=accepted,
            )
        )
        self._job.signals.finished.connect(self._on_job_finished)
        self._job.signals.failed.connect(self._on_job_failed)
        worker.start(self._job)

    def _on_job_finished(self, report: ImportReport) -> None:
        self._job = None
        self.preview_button.setEnabled(True)
        self.panel.show_report(report)
        if report.dry_run:
            self.close_matches.show_matches(report.possible)
            self._previewed = self._inputs()
            self.import_button.setEnabled(report.imported > 0)
            return
        self._report = report
        self._changes.announce("meetings")
        self._changes.announce("returns")
        self.accept()

    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self.preview_button.setEnabled(True)
        self.panel.show_report(None)
        prompts.tell(self, "Import a return", message)

    def _on_choose_button_clicked(self) -> None:
        chosen = prompts.ask_open_path(
            self, "A ministers' meetings return", "Returns (*.csv *.xlsx);;All files (*)"
        )
        if chosen is not None:
            self.file.setText(str(chosen))

    def _on_field_text_changed(self, _text: str) -> None:
        # What was previewed is what gets imported: a changed field needs a new preview.
        self.import_button.setEnabled(False)

    def _on_import_button_clicked(self) -> None:
        if self._previewed == self._inputs():
            self._run(dry_run=False)
