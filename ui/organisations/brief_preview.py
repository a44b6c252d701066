"""The pre-meeting brief on screen before it is saved: read it, then save it (PDF, Word, HTML, Markdown)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from tracker.common.errors import DomainError
from tracker.reports import writers
from tracker.reports.paper import Paper
from ui.common import prompts

BRIEF_FILTERS = "PDF (*.pdf);;Word document (*.docx);;Web page (*.html);;Markdown (*.md)"


class BriefPreview(QDialog):
    """The brief as it will read; "Save as…" asks where, writes it, and offers to open the file."""

    def __init__(self, paper: Paper, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(paper.title)
        self.resize(760, 560)
        self._paper = paper
        self._suggested = suggested
        self.written: Path | None = None
        self.page = QTextBrowser()
        self.page.setObjectName("brief")
        self.page.setAccessibleName("The brief")
        self.page.setHtml(writers.html_text(paper))
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save as…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(cls, parent: QWidget, paper: Paper, suggested: Path) -> Path | None:
        """Show the brief; the file it was saved to, or None if the user closed it unsaved."""
        preview = cls(paper, suggested, parent)
        preview.exec()
        return preview.written

    def save(self) -> bool:
        """Ask where, and write the brief there (a few pages at most: here, without a worker)."""
        path = prompts.ask_save_path(self, "Write a pre-meeting brief", self._suggested, BRIEF_FILTERS)
        if path is None:
            return False
        try:
            self.written = writers.write(self._paper, path)
        except DomainError as error:
            prompts.tell(self, "Brief not written", error.message)
            return False
        self.accept()
        prompts.offer_open(self.parentWidget() or self, "Brief written", self.written)
        return True
