"""Adding or changing a board: its name, contact officers, the dates it meets, and its papers'
conventions and Word template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import PaperSection, PersonKind
from tracker import boards
from tracker.boards import BoardDraft
from tracker.common.dates import parse_date
from tracker.common.errors import InvalidRecord
from tracker.directory import people
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
        self.officers = QPlainTextEdit()
        self.officers.setObjectName("officers")
        self.officers.setPlaceholderText("Contact officers over time, one a line: Emma Varley | | 31/12/2008")
        self.officers.setToolTip("Name | from | to (either date may be left empty)")
        self.officers.setTabChangesFocus(True)
        self.officers.setMaximumHeight(70)
        self.numbered = QCheckBox("Number the paragraphs (1., 2., ...)")
        self.numbered.setObjectName("numbered_paragraphs")
        self.action_heading = QComboBox()
        self.action_heading.setObjectName("action_heading")
        self.action_heading.addItems(list(boards.ACTION_HEADINGS))
        self.section_boxes = {section: QCheckBox(section.label) for section in PaperSection}
        for section, box in self.section_boxes.items():
            box.setObjectName(f"section_{section.value}")
            box.setChecked(section in boards.DEFAULT_SECTIONS)
        self.template = QLineEdit()
        self.template.setObjectName("template_path")
        self.template.setPlaceholderText("the team's Word template, .docx or .dotx (optional)")
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
        form.addRow("Earlier officers", self.officers)
        form.addRow("", self.errors.label_for("officers", self.officers))
        form.addRow("Paper", self.numbered)
        form.addRow("Action heading", self.action_heading)
        sections = QVBoxLayout()
        for box in self.section_boxes.values():
            sections.addWidget(box)
        form.addRow("Sections", sections)
        form.addRow("", self.errors.label_for("sections"))
        form.addRow("Word template", self.template)
        form.addRow("", self.errors.label_for("template_path", self.template))
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
            self.officers.setPlainText(
                "\n".join(
                    " | ".join(
                        [
                            self._names.get(t.person_id, f"#{t.person_id}"),
                            t.started_on.strftime("%d/%m/%Y") if t.started_on else "",
                            t.ended_on.strftime("%d/%m/%Y") if t.ended_on else "",
                        ]
                    )
                    for t in self._original.officers
                )
            )
            self.numbered.setChecked(self._original.numbered_paragraphs)
            self.action_heading.setCurrentText(self._original.action_heading)
            for section, box in self.section_boxes.items():
                box.setChecked(section in self._original.sections)
            self.template.setText(self._original.template_path)
        self.mark_clean()

    def form_state(self) -> tuple[object, ...]:
        return (
            self.name.text(),
            self.contact.text(),
            self.dates.toPlainText(),
            self.notes.toPlainText(),
            self.officers.toPlainText(),
            self.numbered.isChecked(),
            self.action_heading.currentText(),
            tuple(box.isChecked() for box in self.section_boxes.values()),
            self.template.text(),
        )

    def _officer_terms(self, problems: dict[str, str]) -> tuple[boards.OfficerTerm, ...]:
        terms = []
        for line in self.officers.toPlainText().splitlines():
            if not line.strip():
                continue
            name, *span = (part.strip() for part in line.split("|"))
            found = self.contact.match(name)
            if found is None:
                problems["officers"] = f"“{name}” is not a member or officer in the directory."
                continue
            try:
                started, ended = (parse_date(d) if d else None for d in (*span, "", "")[:2])
            except ValueError as error:
                problems["officers"] = f"{name}: {error}"
                continue
            terms.append(boards.OfficerTerm(found[0], started, ended))
        return tuple(terms)

    def draft(self) -> BoardDraft:
        problems: dict[str, str] = {}
        dates: list[date] = []
        for line in self.dates.toPlainText().splitlines():
            if line.strip():
                try:
                    dates.append(parse_date(line))
                except ValueError as error:
                    problems["meeting_dates"] = str(error)
        officers = self._officer_terms(problems)
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
            officers=officers,
            numbered_paragraphs=self.numbered.isChecked(),
            action_heading=self.action_heading.currentText(),
            sections=tuple(s for s, box in self.section_boxes.items() if box.isChecked()),
            template_path=self.template.text(),
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
