"""Adding or changing a board: its name, contact officer, and the dates it meets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import PersonKind
from tracker import boards, people
from tracker.boards import BoardDraft
from tracker.dates import parse_date
from tracker.errors import DomainError, InvalidRecord
from ui.changes import BOARDS, Changes
from ui.common import prompts
from ui.common.field_errors import FieldErrors
from ui.common.record_picker import RecordPicker


class BoardEditor(QDialog):
    def __init__(
        self, database: Database, changes: Changes, board_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._original: BoardDraft | None = None
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("New board" if board_id is None else "Edit board")
        self.resize(560, 420)

        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. Safer Communities Board")
        self.contact = RecordPicker("Type the contact officer's name", keep_choice=True)
        self.contact.setObjectName("contact")
        self.dates = QPlainTextEdit()
        self.dates.setObjectName("meeting_dates")
        self.dates.setPlaceholderText("One date a line: 13/06/2009")
        self.dates.setTabChangesFocus(True)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("", self.errors.label_for("name", self.name))
        form.addRow("&Contact officer", self.contact)
        form.addRow("", self.errors.label_for("contact_officer_id", self.contact))
        form.addRow("&Meets on", self.dates)
        form.addRow("", self.errors.label_for("meeting_dates", self.dates))
        form.addRow("N&otes", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        with database.session() as session:
            officers = [p for p in people.choices(session) if p.kind is not PersonKind.CONTACT]
            if board_id is not None:
                self._original = boards.get(session, board_id)
        self._names = {p.id: p.label for p in officers}
        self.contact.set_choices(officers)
        if self._original is not None:
            self.name.setText(self._original.name)
            self.contact.setText(self._names.get(self._original.contact_officer_id or -1, ""))
            self.dates.setPlainText("\n".join(d.strftime("%d/%m/%Y") for d in self._original.meeting_dates))
            self.notes.setPlainText(self._original.notes)
        self._clean = self._form_text()

    @classmethod
    def ask(
        cls, parent: QWidget | None, database: Database, changes: Changes, board_id: int | None = None
    ) -> int | None:
        editor = cls(database, changes, board_id, parent)
        editor.exec()
        return editor.saved_id

    def _form_text(self) -> tuple[str, str, str, str]:
        return self.name.text(), self.contact.text(), self.dates.toPlainText(), self.notes.toPlainText()

    def draft(self) -> BoardDraft:
        problems: dict[str, str] = {}
        dates: list[date] = []
        for line in self.dates.toPlainText().splitlines():
            if line.strip():
                try:
                    dates.append(parse_date(line))
                except ValueError as error:
                    problems["meeting_dates"] = str(error)
        contact_id = None
        if self.contact.text().strip():
            found = self.contact.match(self.contact.text())
            if found is None:
                problems["contact_officer_id"] = (
                    f"“{self.contact.text()}” is not a member or officer in the directory."
                )
            else:
                contact_id = found[0]
        if problems:
            raise InvalidRecord(problems)
        base = self._original or BoardDraft(name="")
        return replace(
            base,
            name=self.name.text(),
            contact_officer_id=contact_id,
            meeting_dates=tuple(dates),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> bool:
        self.errors.clear()
        try:
            draft = self.draft()
            with self._database.session() as session:
                saved = (
                    boards.create(session, draft) if self._original is None else boards.update(session, draft)
                )
        except InvalidRecord as error:
            self.errors.show(error.problems)
            return False
        except DomainError as error:
            self.errors.show({"form": error.message})
            return False
        if self._original is None:
            self._changes.created(BOARDS, saved, f"Add board “{saved.name}”")
        else:
            self._changes.edited(BOARDS, self._original, saved, f"Edit board “{saved.name}”")
        self.saved_id = saved.id
        self._clean = self._form_text()
        self.accept()
        return True

    def reject(self) -> None:
        if self._form_text() != self._clean:
            answer = prompts.ask_unsaved(self, "this board")
            if answer is prompts.Unsaved.CANCEL or (answer is prompts.Unsaved.SAVE and not self.save()):
                return
            if answer is prompts.Unsaved.SAVE:
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self._form_text() != self._clean
            and prompts.ask_unsaved(self, "this board") is prompts.Unsaved.CANCEL
        ):
            event.ignore()
            return
        event.accept()
