"""Record where a body or person stands: the stance, the day, where it was learnt, on what; saved as
a new stance in their history, and undoable."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.stakeholders import Stance, StanceSource
from tracker.common.dates import parse_date, short_date
from tracker.common.errors import DomainError, InvalidRecord
from tracker.lobbying import policy_items
from tracker.stakeholders import positions
from ui.changes import Changes, RecordKind

STANCES = RecordKind(
    "positions",
    "stance",
    positions.get_stance,
    positions.update_stance,
    positions.delete_stance,
    positions.restore_stance,
)
FIELDS = ("stakeholder", "stance", "stated_on", "source_kind", "source_text", "source_meeting_id", "item_id")


class StanceForm(QDialog):
    def __init__(
        self,
        database: Database,
        changes: Changes,
        *,
        organisation_id: int | None = None,
        person_id: int | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._organisation_id = organisation_id
        self._person_id = person_id
        self._name = name
        self.saved: positions.StanceDraft | None = None
        self.setWindowTitle(f"Record a stance — {name}" if name else "Record a stance")
        self.stance = QComboBox()
        for stance in Stance:
            self.stance.addItem(stance.label.capitalize(), stance)
        self.stated_on = QLineEdit(short_date(date.today()))
        self.source_kind = QComboBox()
        for source in StanceSource:
            self.source_kind.addItem(source.label.capitalize(), source)
        self.source_text = QLineEdit()
        self.source_text.setPlaceholderText("the letter, statement or paper, e.g. “Paper 002, para 2”")
        self.item = QComboBox()
        self.item.addItem("Overall", None)
        with database.reading() as session:
            for item_id, label in policy_items.choices(session):
                self.item.addItem(label, item_id)
        self.errors = {field: QLabel() for field in FIELDS}
        form = QFormLayout()
        for label, widget, field in (
            ("Stance", self.stance, "stance"),
            ("Dated", self.stated_on, "stated_on"),
            ("Learnt from", self.source_kind, "source_kind"),
            ("Source", self.source_text, "source_text"),
            ("On", self.item, "item_id"),
        ):
            form.addRow(label, widget)
            self.errors[field].setStyleSheet("color: #b03a2e")
            form.addRow("", self.errors[field])
        self.general_error = self.errors["stakeholder"]
        self.general_error.setStyleSheet("color: #b03a2e")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def save(self) -> bool:
        """Store the stance; on a fault, say it beside its field and store nothing."""
        for label in self.errors.values():
            label.clear()
        try:
            stated_on = parse_date(self.stated_on.text())
        except ValueError:
            self.errors["stated_on"].setText(f"“{self.stated_on.text()}” is not a date (e.g. 16 July 2007).")
            return False
        draft = positions.StanceDraft(
            self.stance.currentData(),
            stated_on,
            self.source_kind.currentData(),
            organisation_id=self._organisation_id,
            person_id=self._person_id,
            item_id=self.item.currentData(),
            source_text=self.source_text.text(),
        )
        try:
            with self._database.session() as session:
                self.saved = positions.record_stance(session, draft)
        except InvalidRecord as error:
            for field, message in error.problems.items():
                self.errors.get(field, self.general_error).setText(message)
            return False
        except DomainError as error:
            self.general_error.setText(error.message)
            return False
        subject = self.item.currentText() if self.item.currentData() is not None else "overall"
        self._changes.created(
            STANCES, self.saved, f"Record {self._name}'s stance ({self.saved.stance.label}, {subject})"
        )
        return True

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        database: Database,
        changes: Changes,
        *,
        organisation_id: int | None = None,
        person_id: int | None = None,
        name: str = "",
    ) -> positions.StanceDraft | None:
        form = cls(
            database, changes, organisation_id=organisation_id, person_id=person_id, name=name, parent=parent
        )
        form.exec()
        return form.saved
