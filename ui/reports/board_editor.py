"""Adding or changing a board: its name, contact officer, and the dates it meets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
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
from tracker.errors import InvalidRecord
from ui.changes import BOARDS, Changes
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker


class BoardEditor(RecordEditor):
    this_record = "this board"

    def __init__(
        self, database: Database, changes: Changes, board_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: BoardDraft | None = None
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
        self.mark_clean()

    def form_state(self) -> tuple[str, str, str, str]:
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

    def store(self) -> BoardDraft:
        draft = self.draft()
        with self._database.session() as session:
            return boards.create(session, draft) if self._original is None else boards.update(session, draft)

    def after_save(self, saved: BoardDraft) -> None:
        if self._original is None:
            self._changes.created(BOARDS, saved, f"Add board “{saved.name}”")
        else:
            self._changes.edited(BOARDS, self._original, saved, f"Edit board “{saved.name}”")
