"""Recording one of the association's asks on a bill: what was sought, of whom, and what came of it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
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
from db.vocabulary import AskStatus
from tracker import bills, organisations, people
from tracker.bills import AskDraft
from tracker.dates import parse_date, short_date
from tracker.errors import InvalidRecord
from ui.changes import ASKS, Changes
from ui.common.page_parts import text_label
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker


class AskEditor(RecordEditor):
    """A new ask on `bill_id`, or a change to `ask_id`. The meetings it was raised at are shown, not
    edited: they are linked from the meeting form, where the officer records the meeting."""

    this_record = "this ask"

    def __init__(
        self,
        database: Database,
        changes: Changes,
        *,
        bill_id: int | None = None,
        ask_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: AskDraft | None = None
        self.setWindowTitle("New ask" if ask_id is None else "Edit ask")
        self.resize(640, 500)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setPlaceholderText("What the association sought, e.g. “Recognise the role of councillors”")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(70)
        self.body = RecordPicker("A body: a department, a committee…", keep_choice=True)
        self.body.setObjectName("body")
        self.person = RecordPicker("A person: a minister, a spokesman…", keep_choice=True)
        self.person.setObjectName("person")
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in AskStatus:
            self.status.addItem(status.label.capitalize(), status)
        self.outcome = QPlainTextEdit()
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText("What was conceded, promised or refused")
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(80)
        self.decided_on = QLineEdit()
        self.decided_on.setObjectName("decided_on")
        self.decided_on.setPlaceholderText("dd/mm/yyyy")
        self.decided_on.setMaximumWidth(120)
        self.decided_stage = QComboBox()
        self.decided_stage.setObjectName("decided_stage")
        self.meetings = text_label()
        self.meetings.setObjectName("meetings")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)

        decision = QHBoxLayout()
        decision.addWidget(self.decided_on)
        stage_label = QLabel("at s&tage")
        stage_label.setBuddy(self.decided_stage)
        decision.addWidget(stage_label)
        decision.addWidget(self.decided_stage, 1)
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow("&Asked for", self.text)
        form.addRow("", self.errors.label_for("text", self.text))
        form.addRow("Of &body", self.body)
        form.addRow("", self.errors.label_for("target_organisation_id", self.body))
        form.addRow("Of &person", self.person)
        form.addRow("", self.errors.label_for("target_person_id", self.person))
        form.addRow("", self.errors.label_for("target", self.person))
        form.addRow("Stat&us", self.status)
        form.addRow("", self.errors.label_for("status", self.status))
        form.addRow("Outco&me", self.outcome)
        decided_label = QLabel("&Decided on")
        decided_label.setBuddy(self.decided_on)
        form.addRow(decided_label, decision)
        form.addRow("", self.errors.label_for("decided_on", self.decided_on))
        form.addRow("", self.errors.label_for("decided_stage_id", self.decided_stage))
        form.addRow("Raised at", self.meetings)
        form.addRow("", self.errors.label_for("meeting_ids"))
        form.addRow("N&otes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        with database.session() as session:
            if ask_id is not None:
                self._original = bills.get_ask(session, ask_id)
                bill_id = self._original.bill_id
            assert bill_id is not None, "an ask is on a bill: pass bill_id or ask_id"
            bill = bills.get(session, bill_id)
            row = next((r for r in bills.ask_rows(session, bill_id=bill_id) if r.id == ask_id), None)
            bodies = organisations.choices(session)
            everyone = people.choices(session)
        self._bill_id = bill_id
        self.heading.setText(f"On the {bill.title}" + (f" ({bill.session})" if bill.session else ""))
        self.body.set_choices(bodies)
        self.person.set_choices(everyone)
        self.decided_stage.addItem("not recorded", None)
        for stage in bill.stages:
            self.decided_stage.addItem(stage.label, stage.id)
        raised = (
            [f"{short_date(on, precision)}: {title}" for _id, on, precision, title in row.meetings]
            if row
            else []
        )
        self.meetings.setText(
            "\n".join(raised) if raised else "No meetings yet: link them to this ask from the meeting form."
        )

        if self._original is not None:
            ask = self._original
            self.text.setPlainText(ask.text)
            body_names = {c.id: c.label for c in bodies}
            person_names = {c.id: c.label for c in everyone}
            self.body.setText(body_names.get(ask.target_organisation_id or -1, ""))
            self.person.setText(person_names.get(ask.target_person_id or -1, ""))
            self.status.setCurrentIndex(self.status.findData(ask.status))
            self.outcome.setPlainText(ask.outcome)
            self.decided_on.setText(ask.decided_on.strftime("%d/%m/%Y") if ask.decided_on else "")
            self.decided_stage.setCurrentIndex(max(0, self.decided_stage.findData(ask.decided_stage_id)))
            self.notes.setPlainText(ask.notes)
        self.mark_clean()
        self.text.setFocus()

    def form_state(self) -> tuple[Any, ...]:
        return (
            self.text.toPlainText(),
            self.body.text(),
            self.person.text(),
            self.status.currentIndex(),
            self.outcome.toPlainText(),
            self.decided_on.text(),
            self.decided_stage.currentIndex(),
            self.notes.toPlainText(),
        )

    def draft(self) -> AskDraft:
        problems: dict[str, str] = {}
        decided_on: date | None = None
        if self.decided_on.text().strip():
            try:
                decided_on = parse_date(self.decided_on.text())
            except ValueError as error:
                problems["decided_on"] = f"{error}."
        targets: dict[str, int | None] = {}
        for key, picker, what in (
            ("target_organisation_id", self.body, "a body"),
            ("target_person_id", self.person, "a person"),
        ):
            found = picker.match(picker.text()) if picker.text().strip() else None
            if picker.text().strip() and found is None:
                problems[key] = f"“{picker.text().strip()}” is not {what} in the directory."
            targets[key] = found[0] if found else None
        if problems:
            raise InvalidRecord(problems)
        base = self._original or AskDraft(bill_id=self._bill_id, text="")
        stage_id = self.decided_stage.currentData()
        return replace(
            base,
            text=self.text.toPlainText(),
            target_organisation_id=targets["target_organisation_id"],
            target_person_id=targets["target_person_id"],
            status=AskStatus(self.status.currentData()),
            outcome=self.outcome.toPlainText(),
            decided_on=decided_on,
            decided_stage_id=int(stage_id) if stage_id is not None else None,
            notes=self.notes.toPlainText(),
        )

    def store(self) -> AskDraft:
        draft = self.draft()
        with self._database.session() as session:
            return (
                bills.add_ask(session, draft) if self._original is None else bills.update_ask(session, draft)
            )

    def after_save(self, saved: AskDraft) -> None:
        short = saved.text if len(saved.text) <= 60 else saved.text[:57].rstrip() + "…"
        if self._original is None:
            self._changes.created(ASKS, saved, f"Add ask “{short}”")
        else:
            self._changes.edited(ASKS, self._original, saved, f"Edit ask “{short}”")
