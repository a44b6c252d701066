"""What an import read and did with each row, shown the same way for every kind of file."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from tracker.io.importing import ImportReport, Rejection
from ui.common.rows_model import RowsModel


class ImportReportPanel(QWidget):
    """The summary line (read, imported, skipped, rejected), the rejected rows with their reasons,
    and the bodies and people the import creates on the way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("")
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.rejections: RowsModel[Rejection] = RowsModel(
            [("Row", lambda r: str(r.row)), ("Why it was rejected", lambda r: r.reason)], right=(0,)
        )
        self.table = QTableView()
        self.table.setObjectName("import_rejections")
        self.table.setModel(self.rejections)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.created = QLabel("")
        self.created.setObjectName("import_created")
        self.created.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.created)
        # Without rejections the table hides; the spare height then goes below the text, not between it.
        layout.addStretch()
        self.show_report(None)

    def show_report(self, report: ImportReport | None) -> None:
        if report is None:
            self.summary.setText("")
            self.rejections.set_rows([])
            self.table.setVisible(False)
            self.created.setText("")
            return
        self.summary.setText(report.summary())
        self.rejections.set_rows(report.rejections)
        self.table.setVisible(bool(report.rejections))
        parts = []
        if report.created:
            verb = "Would create" if report.dry_run else "Created"
            parts.append(f"{verb}: " + "; ".join(report.created))
        parts.extend(report.notes)
        self.created.setText("\n".join(parts))
