"""Appointing a member or officer to an outside body, changing an appointment, or appointing a successor."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import AppointmentRole, PersonKind
from tracker import duties
from tracker.common.dates import parse_date
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations, people
from tracker.duties import AppointmentDraft
from ui.changes import APPOINTMENTS, Changes
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker


class AppointmentEditor(RecordEditor):
    """One of three uses: a new appointment (for `person_id`), an edit (`appointment_id`), or a
    successor to an appointment (`succeeding`), whose term then ends the day before."""

    this_record = "this appointment"

    def __init__(
        self,
        database: Database,
        changes: Changes,
        *,
        person_id: int | None = None,
        appointment_id: int | None = None,
        succeeding: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: AppointmentDraft | None = None
        self._succeeding: AppointmentDraft | None = None
        self.resize(600, 460)

        self.person = RecordPicker("Member or officer", keep_choice=True)
        self.person.setObjectName("person")
        self.body = RecordPicker("Outside body", keep_choice=True)
        self.body.setObjectName("body")
        self.role = QComboBox()
        for role in AppointmentRole:
            self.role.addItem(role.label, role)
        self.term_start = QLineEdit()
        self.term_start.setObjectName("term_start")
        self.term_start.setPlaceholderText("dd/mm/yyyy")
        self.term_end = QLineEdit()
        self.term_end.setObjectName("term_end")
        self.term_end.setPlaceholderText("open-ended")
        self.appointed_by = QLineEdit()
        self.appointed_by.setPlaceholderText("the decision: e.g. Safer Communities Board")
        self.appointed_on = QLineEdit()
        self.appointed_on.setPlaceholderText("dd/mm/yyyy")
        self.report_back = QCheckBox("A report-back to the board is expected after each meeting")
        self.report_back.setChecked(True)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)

        term = QHBoxLayout()
        term.addWidget(self.term_start)
        term.addWidget(QLabel("to"))
        term.addWidget(self.term_end)
        decision = QHBoxLayout()
        decision.addWidget(self.appointed_by, 2)
        decision.addWidget(QLabel("on"))
        decision.addWidget(self.appointed_on, 1)
        form = QFormLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        form.addRow(self.heading)
        form.addRow("&Who", self.person)
        form.addRow("", self.errors.label_for("person_id", self.person))
        form.addRow("Outside &body", self.body)
        form.addRow("", self.errors.label_for("organisation_id", self.body))
        form.addRow("&Role", self.role)
        # A label's Alt key needs a field to go to: the row holds two, so the first is named.
        term_label = QLabel("&Term")
        term_label.setBuddy(self.term_start)
        form.addRow(term_label, term)
        form.addRow("", self.errors.label_for("term_start", self.term_start))
        form.addRow("", self.errors.label_for("term_end", self.term_end))
        form.addRow("Appointed by", decision)
        form.addRow("", self.errors.label_for("appointed_on", self.appointed_on))
        form.addRow("", self.report_back)
        form.addRow("N&otes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        with database.session() as session:
            self.person.set_choices([p for p in people.choices(session) if p.kind is not PersonKind.CONTACT])
            self.body.set_choices(organisations.choices(session))
            if appointment_id is not None:
                self._original = duties.get(session, appointment_id)
            if succeeding is not None:
                self._succeeding = duties.get(session, succeeding)
            labels = {c.id: c.label for c in organisations.choices(session)}
            names = {p.id: p.label for p in people.choices(session)}
        shown = self._original or self._succeeding
        if shown is not None:
            self.body.setText(labels.get(shown.organisation_id, ""))
            self.role.setCurrentIndex(self.role.findData(shown.role))
        if self._original is not None:
            self.setWindowTitle("Edit appointment")
            self.person.setText(names.get(self._original.person_id, ""))
            self._show_dates(self._original)
        elif self._succeeding is not None:
            self.setWindowTitle("Appoint a successor")
            self.heading.setText(
                f"Following {names.get(self._succeeding.person_id, '')} on {self.body.text()}."
                " Their term ends the day before the successor's starts."
            )
            self.body.setEnabled(False)
        else:
            self.setWindowTitle("Appoint to an outside body")
            if person_id is not None:
                self.person.setText(names.get(person_id, ""))
        self.mark_clean()

    def _show_dates(self, draft: AppointmentDraft) -> None:
        for field, value in (
            (self.term_start, draft.term_start),
            (self.term_end, draft.term_end),
            (self.appointed_on, draft.appointed_on),
        ):
            field.setText(value.strftime("%d/%m/%Y") if value else "")
        self.appointed_by.setText(draft.appointed_by)
        self.report_back.setChecked(draft.report_back_expected)
        self.notes.setPlainText(draft.notes)

    def form_state(self) -> tuple[object, ...]:
        return (
            self.person.text(),
            self.body.text(),
            self.role.currentIndex(),
            self.term_start.text(),
            self.term_end.text(),
            self.appointed_by.text(),
            self.appointed_on.text(),
            self.report_back.isChecked(),
            self.notes.toPlainText(),
        )

    def draft(self) -> AppointmentDraft:
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, field in (
            ("term_start", self.term_start),
            ("term_end", self.term_end),
            ("appointed_on", self.appointed_on),
        ):
            try:
                dates[key] = parse_date(field.text()) if field.text().strip() else None
            except ValueError as error:
                problems[key] = str(error)
        person = self.person.match(self.person.text())
        body = self.body.match(self.body.text())
        if person is None:
            problems["person_id"] = "Choose a member or officer from the directory."
        if body is None:
            problems["organisation_id"] = "Choose the outside body from the directory."
        if problems:
            raise InvalidRecord(problems)
        assert person is not None and body is not None
        base = self._original or AppointmentDraft(person_id=person[0], organisation_id=body[0])
        return replace(
            base,
            person_id=person[0],
            organisation_id=body[0],
            role=AppointmentRole(self.role.currentData()),
            term_start=dates["term_start"],
            term_end=dates["term_end"],
            appointed_by=self.appointed_by.text(),
            appointed_on=dates["appointed_on"],
            report_back_expected=self.report_back.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def store(self) -> AppointmentDraft:
        draft = self.draft()
        with self._database.session() as session:
            if self._original is not None:
                return duties.update(session, draft)
            if self._succeeding is not None:
                assert self._succeeding.id is not None
                return duties.appoint_successor(session, self._succeeding.id, draft)
            return duties.appoint(session, draft)

    def after_save(self, saved: AppointmentDraft) -> None:
        if self._original is not None:
            self._changes.edited(APPOINTMENTS, self._original, saved, "Edit appointment")
        elif self._succeeding is not None:
            self._register_succession(self._succeeding, saved)
        else:
            self._changes.created(APPOINTMENTS, saved, "Appoint to an outside body")

    def _register_succession(self, before: AppointmentDraft, successor: AppointmentDraft) -> None:
        """One undo step takes back both the successor and the end put to the old term."""

        # The old term is ended before the successor is put back, so a renewal (the same person
        # following themself) never meets the overlap rule half-way.
        def forward(session: object) -> None:
            current = duties.get(session, before.id)  # type: ignore[arg-type]
            duties.update(session, replace(current, term_end=successor.term_start - timedelta(days=1)))  # type: ignore[arg-type, operator]
            duties.restore(session, successor)  # type: ignore[arg-type]

        def backward(session: object) -> None:
            duties.delete(session, successor.id)  # type: ignore[arg-type]
            current = duties.get(session, before.id)  # type: ignore[arg-type]
            duties.update(session, replace(current, term_end=before.term_end))  # type: ignore[arg-type]

        self._changes.done("appointments", "Appoint a successor", forward, backward)
