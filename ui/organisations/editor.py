"""The organisation form: an outside body's names, kind, place among other bodies, and notes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import CouncilType, OrganisationKind
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft
from ui.changes import ORGANISATIONS, Changes
from ui.common.record_editor import DirectoryEditor
from ui.common.record_field import RecordField


def split_aliases(text: str) -> tuple[str, ...]:
    # One per line, not commas: body names hold commas ("Department for Children, Schools and Families").
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class OrganisationEditor(DirectoryEditor):
    """Add an organisation or change one; `ask` opens it and returns the id of the record to use."""

    record_kind = ORGANISATIONS
    services = (organisations.create, organisations.update)
    fold_into = "this organisation into it"

    this_record = "this organisation"
    reopen_advice = " Close this form and open the organisation again."

    def __init__(
        self,
        database: Database,
        changes: Changes,
        organisation_id: int | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: OrganisationDraft | None = None
        self.setWindowTitle("New organisation" if organisation_id is None else "Edit organisation")
        self.resize(640, 600)
        self._build()
        self._load_choices(exclude_id=organisation_id)
        if organisation_id is not None:
            with database.session() as session:
                self._original = organisations.get(session, organisation_id)
            self._show(self._original)
        else:
            self.name.setText(" ".join(name.split()))
        self.mark_clean()
        self.name.setFocus()

    def _build(self) -> None:
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. National Crime Reduction Board")
        self.acronym = QLineEdit()
        self.acronym.setObjectName("acronym")
        self.acronym.setPlaceholderText("e.g. NCRB (optional)")
        self.acronym.setMaximumWidth(200)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in OrganisationKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.kind.setCurrentIndex(self.kind.findData(OrganisationKind.OTHER))
        self.council_type = QComboBox()
        self.council_type.setObjectName("council_type")
        self.council_type.addItem("", None)
        for council_type in CouncilType:
            self.council_type.addItem(council_type.label[:1].upper() + council_type.label[1:], council_type)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed()
        self.parent_body = RecordField("The department or body it belongs to, if any")
        self.parent_body.setObjectName("parent_body")
        self.successor = RecordField("The body that took over its work, if it has closed")
        self.successor.setObjectName("successor")
        self.aliases = QPlainTextEdit()
        self.aliases.setObjectName("aliases")
        self.aliases.setPlaceholderText("Other names it goes by, one per line")
        self.aliases.setTabChangesFocus(True)
        self.aliases.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText("Anything a colleague should know about this body")
        self.notes.setTabChangesFocus(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name", self.name)
        form.addRow("", self.errors.label_for("name", self.name))
        form.addRow("&Acronym", self.acronym)
        form.addRow("", self.errors.label_for("acronym", self.acronym))
        form.addRow("&Kind", self.kind)
        form.addRow("Council type", self.council_type)
        form.addRow("", self.errors.label_for("council_type", self.council_type))
        form.addRow("&Part of", self.parent_body)
        form.addRow("", self.errors.label_for("parent_id", self.parent_body))
        form.addRow("&Succeeded by", self.successor)
        form.addRow("", self.errors.label_for("successor_id", self.successor))
        form.addRow("Also &known as", self.aliases)
        form.addRow("N&otes", self.notes)

        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        chain: list[QWidget] = [
            self.name,
            self.acronym,
            self.kind,
            self.council_type,
            self.parent_body,
            self.successor,
            self.aliases,
            self.notes,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self.parent_body.unknown_entered.connect(self._on_parent_body_unknown_entered)
        self.successor.unknown_entered.connect(self._on_successor_unknown_entered)

    def _load_choices(self, exclude_id: int | None) -> None:
        with self._database.session() as session:
            bodies = [c for c in organisations.choices(session) if c.id != exclude_id]
        self.parent_body.set_choices(bodies)
        self.successor.set_choices(bodies)

    def _show(self, draft: OrganisationDraft) -> None:
        self.name.setText(draft.name)
        self.acronym.setText(draft.acronym)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.council_type.setCurrentIndex(max(self.council_type.findData(draft.council_type), 0))
        self.parent_body.set_record(draft.parent_id)
        self.successor.set_record(draft.successor_id)
        self.aliases.setPlainText("\n".join(draft.aliases))
        self.notes.setPlainText(draft.notes)

    def form_state(self) -> tuple[str, ...]:
        return (
            self.name.text(),
            self.acronym.text(),
            str(self.kind.currentData()),
            str(self.council_type.currentData()),
            self.parent_body.text(),
            self.successor.text(),
            self.aliases.toPlainText(),
            self.notes.toPlainText(),
        )

    def draft(self) -> OrganisationDraft:
        """The form as a draft; a parent or successor not in the directory raises InvalidRecord."""
        problems: dict[str, str] = {}
        ids: dict[str, int | None] = {}
        for key, field in (("parent_id", self.parent_body), ("successor_id", self.successor)):
            try:
                ids[key] = field.record_id()
            except ValueError as error:
                problems[key] = str(error)
        if problems:
            raise InvalidRecord(problems)
        base = self._original or OrganisationDraft(name="", kind=OrganisationKind.OTHER)
        return replace(
            base,
            name=self.name.text(),
            acronym=self.acronym.text(),
            # Qt hands back a StrEnum stored in a combo as a plain str.
            kind=OrganisationKind(self.kind.currentData()),
            aliases=split_aliases(self.aliases.toPlainText()),
            parent_id=ids["parent_id"],
            successor_id=ids["successor_id"],
            notes=self.notes.toPlainText(),
            council_type=CouncilType(chosen) if (chosen := self.council_type.currentData()) else None,
        )

    def _on_kind_current_index_changed(self, _index: int = 0) -> None:
        council = self.kind.currentData() == OrganisationKind.COUNCIL
        self.council_type.setEnabled(council)
        if not council:
            self.council_type.setCurrentIndex(0)

    def undo_name(self, saved: OrganisationDraft) -> str:
        return f"organisation “{saved.name}”"

    def _create_for(self, field: RecordField, text: str) -> None:
        created = OrganisationEditor.ask(self, self._database, self._changes, name=text)
        if created is None:
            return
        self._load_choices(exclude_id=None if self._original is None else self._original.id)
        field.set_record(created)

    def _on_parent_body_unknown_entered(self, text: str) -> None:
        self._create_for(self.parent_body, text)

    def _on_successor_unknown_entered(self, text: str) -> None:
        self._create_for(self.successor, text)
