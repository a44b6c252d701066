"""The person form: a member, officer or outside contact, how to reach them, and the posts they held."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelection, QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import PersonKind
from tracker.common.dates import parse_date, short_date
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations, people
from tracker.directory.people import PersonDraft, PositionEntry
from ui.changes import PEOPLE, Changes
from ui.common.entries import EntriesModel, EntryColumn
from ui.common.keyboard import free_tab
from ui.common.record_editor import DirectoryEditor
from ui.common.record_field import RecordField
from ui.organisations.editor import OrganisationEditor

TITLES = ["Cllr", "MP", "Sir", "Dame", "Lord", "Baroness", "Dr", "Prof", "Rt Hon", "Mr", "Mrs", "Ms"]
PARTIES = ["Conservative", "Labour", "Liberal Democrat", "Independent", "Green", "Plaid Cymru"]
# Words a name typed elsewhere may start with that belong in the title field.
_LEADING_TITLES = {
    "cllr": "Cllr",
    "councillor": "Cllr",
    "sir": "Sir",
    "dame": "Dame",
    "dr": "Dr",
    "lord": "Lord",
}


def position_columns() -> list[EntryColumn[PositionEntry]]:
    return [
        EntryColumn("Role", lambda p: p.role),
        EntryColumn("Organisation", lambda p: p.organisation),
        EntryColumn("From", lambda p: short_date(p.started_on) if p.started_on else ""),
        EntryColumn("To", lambda p: short_date(p.ended_on) if p.ended_on else ""),
    ]


def split_title(text: str) -> tuple[str, str]:
    """("Cllr", "Richard Kemp") from "Councillor Richard Kemp"; the title empty if none leads."""
    words = text.split()
    title = _LEADING_TITLES.get(words[0].lower().rstrip(".")) if len(words) > 1 else None
    return (title, " ".join(words[1:])) if title else ("", " ".join(words))


def _typed_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class PersonEditor(DirectoryEditor):
    """Add a person or change one; `ask` opens it and returns the id of the record to use."""

    record_kind = PEOPLE
    services = (people.create, people.update)
    fold_into = "this person into them"

    this_record = "this person"
    reopen_advice = " Close this form and open the person again."

    def __init__(
        self,
        database: Database,
        changes: Changes,
        person_id: int | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: PersonDraft | None = None
        self.setWindowTitle("New person" if person_id is None else "Edit person")
        self.resize(1120, 660)
        self._build()
        self._load_choices()
        if person_id is not None:
            with database.session() as session:
                self._original = people.get(session, person_id)
            self._show(self._original)
        else:
            title, rest = split_title(name)
            self.title.setText(title)
            self.name.setText(rest)
            kind = PersonKind.MEMBER if title == "Cllr" else PersonKind.CONTACT
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self._on_kind_current_index_changed()
        self.mark_clean()
        self.name.setFocus()

    # -- building the form ---------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText("Cllr, MP, Sir…")
        self.title.setMaximumWidth(160)
        self.title.setCompleter(self._completer(TITLES))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("First name and surname, e.g. Richard Kemp")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in PersonKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.organisation = RecordField("Council or employer, e.g. Liverpool City Council")
        self.organisation.setObjectName("organisation")
        self.party = QLineEdit()
        self.party.setObjectName("party")
        self.party.setPlaceholderText("Members only, e.g. Liberal Democrat")
        self.party.setCompleter(self._completer(PARTIES))
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.email.setPlaceholderText("name@example.gov.uk")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText("020 7664 3000")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText("Anything a colleague should know")
        self.notes.setTabChangesFocus(True)

        who = QHBoxLayout()
        who.addWidget(self.title)
        who.addWidget(self.name, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A label beside a layout has no buddy of its own, so its Alt key is given one here.
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name)
        form.addRow(name_label, who)
        form.addRow("", self.errors.label_for("name", self.name))
        form.addRow("&Kind", self.kind)
        form.addRow("&Organisation", self.organisation)
        form.addRow("", self.errors.label_for("organisation_id", self.organisation))
        form.addRow("&Party", self.party)
        form.addRow("", self.errors.label_for("party", self.party))
        form.addRow("&Email", self.email)
        form.addRow("", self.errors.label_for("email", self.email))
        form.addRow("P&hone", self.phone)
        form.addRow("No&tes", self.notes)

        self.positions = EntriesModel(position_columns(), self)
        self.position_table = QTableView()
        self.position_table.setObjectName("positions")
        self.position_table.setModel(self.positions)
        free_tab(self.position_table)
        self.position_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.position_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.position_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.position_table.setTabKeyNavigation(False)
        self.position_table.verticalHeader().hide()
        self.position_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.position_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 180), (2, 95), (3, 95)):
            self.position_table.setColumnWidth(column, width)
        self.position_role = QLineEdit()
        self.position_role.setObjectName("position_role")
        self.position_role.setPlaceholderText("Role, e.g. Director General")
        self.position_organisation = RecordField("Organisation")
        self.position_organisation.setObjectName("position_organisation")
        self.position_from = QLineEdit()
        self.position_from.setObjectName("position_from")
        self.position_from.setPlaceholderText("From dd/mm/yyyy")
        self.position_to = QLineEdit()
        self.position_to.setObjectName("position_to")
        self.position_to.setPlaceholderText("To dd/mm/yyyy")
        self.position_add = QPushButton("Add")
        self.position_add.setToolTip("Add these as a new position")
        self.position_update = QPushButton("Update")
        self.position_update.setToolTip("Put these in place of the selected position")
        self.position_remove = QPushButton("Remove")
        self.position_remove.setToolTip("Remove the selected position")
        for button in (self.position_add, self.position_update, self.position_remove):
            # Enter anywhere saves, a position left in the fields included, so Save stays the default.
            button.setAutoDefault(False)

        positions_box = QGroupBox("Positions &held")
        grid = QGridLayout(positions_box)
        hint = QLabel("Select a position to change it. Dates are optional, typed day first.")
        grid.addWidget(hint, 0, 0, 1, 4)
        grid.addWidget(self.position_role, 1, 0, 1, 2)
        grid.addWidget(self.position_organisation, 1, 2, 1, 2)
        grid.addWidget(self.errors.label_for("position_role", self.position_role), 2, 0, 1, 2)
        grid.addWidget(self.errors.label_for("position_organisation", self.position_organisation), 2, 2, 1, 2)
        grid.addWidget(self.position_from, 3, 0)
        grid.addWidget(self.position_to, 3, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.position_add)
        buttons.addWidget(self.position_update)
        buttons.addWidget(self.position_remove)
        grid.addLayout(buttons, 3, 2, 1, 2)
        grid.addWidget(self.errors.label_for("position_from", self.position_from), 4, 0, 1, 4)
        grid.addWidget(self.errors.label_for("position_to", self.position_to), 5, 0, 1, 4)
        grid.addWidget(self.position_table, 6, 0, 1, 4)
        grid.addWidget(self.errors.label_for("positions", self.position_table), 7, 0, 1, 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(6, 1)

        columns = QHBoxLayout()
        columns.addLayout(form, 4)
        columns.addWidget(positions_box, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        chain: list[QWidget] = [
            self.title,
            self.name,
            self.kind,
            self.organisation,
            self.party,
            self.email,
            self.phone,
            self.notes,
            self.position_role,
            self.position_organisation,
            self.position_from,
            self.position_to,
            self.position_add,
            self.position_update,
            self.position_remove,
            self.position_table,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.position_table,
            self._on_position_remove_clicked,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.organisation.unknown_entered.connect(self._on_organisation_unknown_entered)
        self.position_organisation.unknown_entered.connect(self._on_position_organisation_unknown_entered)
        self.position_add.clicked.connect(self._on_position_add_clicked)
        self.position_update.clicked.connect(self._on_position_update_clicked)
        self.position_remove.clicked.connect(self._on_position_remove_clicked)
        self.position_table.selectionModel().selectionChanged.connect(
            self._on_position_table_selection_changed
        )
        self._update_position_buttons()

    def _completer(self, words: list[str]) -> QCompleter:
        completer = QCompleter(QStringListModel(words, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        return completer

    def _load_choices(self) -> None:
        with self._database.session() as session:
            bodies = organisations.choices(session)
        self.organisation.set_choices(bodies)
        self.position_organisation.set_choices(bodies)

    # -- moving values between the form and a draft --------------------------------------

    def _show(self, draft: PersonDraft) -> None:
        self.title.setText(draft.title)
        self.name.setText(draft.name)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.organisation.set_record(draft.organisation_id)
        self.party.setText(draft.party)
        self.email.setText(draft.email)
        self.phone.setText(draft.phone)
        self.notes.setPlainText(draft.notes)
        self.positions.set_entries(draft.positions)

    def form_state(self) -> tuple[object, ...]:
        return (
            self.title.text(),
            self.name.text(),
            str(self.kind.currentData()),
            self.organisation.text(),
            self.party.text(),
            self.email.text(),
            self.phone.text(),
            self.notes.toPlainText(),
            self.positions.entries,
            self._position_fields(),
        )

    def _position_fields(self) -> tuple[str, ...]:
        return (
            self.position_role.text().strip(),
            self.position_organisation.text().strip(),
            self.position_from.text().strip(),
            self.position_to.text().strip(),
        )

    def _kind(self) -> PersonKind:
        # Qt hands back a StrEnum stored in a combo as a plain str.
        return PersonKind(self.kind.currentData())

    def draft(self) -> PersonDraft:
        """The form as a draft, a position left in its fields included; InvalidRecord if unreadable."""
        problems: dict[str, str] = {}
        organisation_id: int | None = None
        try:
            organisation_id = self.organisation.record_id()
        except ValueError as error:
            problems["organisation_id"] = str(error)
        pending: PositionEntry | None = None
        try:
            pending = self._pending_position()
        except InvalidRecord as error:
            problems.update(error.problems)
        if problems:
            raise InvalidRecord(problems)
        positions = list(self.positions.entries)
        if pending is not None:
            row = self._selected_position_row()
            if row is None:
                positions.append(pending)
            elif positions[row] != pending:
                positions[row] = pending
        kind = self._kind()
        base = self._original or PersonDraft(name="", kind=kind)
        return replace(
            base,
            title=self.title.text(),
            name=self.name.text(),
            kind=kind,
            organisation_id=organisation_id,
            # The field keeps a former member's party on screen, but only members have one.
            party=self.party.text() if kind is PersonKind.MEMBER else "",
            email=self.email.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
            positions=tuple(positions),
        )

    # -- positions -----------------------------------------------------------------------

    def _position_from_fields(self) -> PositionEntry:
        """The position typed in the fields; InvalidRecord naming each field that cannot be read."""
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, field in (("position_from", self.position_from), ("position_to", self.position_to)):
            dates[key] = None
            if field.text().strip():
                try:
                    dates[key] = parse_date(field.text())
                except ValueError as error:
                    problems[key] = f"{error}."
        organisation_id: int | None = None
        try:
            organisation_id = self.position_organisation.record_id()
        except ValueError as error:
            problems["position_organisation"] = str(error)
        role = " ".join(self.position_role.text().split())
        if not role:
            problems["position_role"] = "Write the role first, such as “Director General”."
        if problems:
            raise InvalidRecord(problems)
        label = ""
        if organisation_id is not None:
            found = self.position_organisation.match(self.position_organisation.text())
            label = found[1] if found else ""
        return PositionEntry(role, organisation_id, dates["position_from"], dates["position_to"], label)

    def _pending_position(self) -> PositionEntry | None:
        """What the position fields hold if they differ from the selected position (or none is selected)."""
        row = self._selected_position_row()
        shown = self._fields_for(self.positions.entries[row]) if row is not None else ("", "", "", "")
        if self._position_fields() == shown:
            return None
        return self._position_from_fields()

    def _selected_position_row(self) -> int | None:
        rows = self.position_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _fields_for(self, position: PositionEntry) -> tuple[str, ...]:
        started, ended = _typed_date(position.started_on), _typed_date(position.ended_on)
        return (position.role, position.organisation, started, ended)

    def _fill_position_fields(self, position: PositionEntry | None) -> None:
        texts = self._fields_for(position) if position is not None else ("", "", "", "")
        fields = (self.position_role, self.position_organisation, self.position_from, self.position_to)
        for field, text in zip(fields, texts, strict=True):
            field.setText(text)

    def _on_position_add_clicked(self) -> None:
        self.errors.clear()
        try:
            position = self._position_from_fields()
        except InvalidRecord as error:
            self.errors.show(error.problems)
            return
        self.positions.append(position)
        self.position_table.clearSelection()
        self._fill_position_fields(None)
        self._update_position_buttons()
        self.position_role.setFocus()

    def _on_position_update_clicked(self) -> None:
        row = self._selected_position_row()
        if row is None:
            return
        self.errors.clear()
        try:
            position = self._position_from_fields()
        except InvalidRecord as error:
            self.errors.show(error.problems)
            return
        entries = list(self.positions.entries)
        entries[row] = position
        # A reset drops the selection without a signal, so the buttons are brought up to date here.
        self.positions.set_entries(entries)
        self._fill_position_fields(None)
        self._update_position_buttons()

    def _on_position_remove_clicked(self) -> None:
        row = self._selected_position_row()
        if row is not None:
            self.positions.remove(row)
            self.position_table.clearSelection()
            self._fill_position_fields(None)
            self._update_position_buttons()

    def _on_position_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        row = self._selected_position_row()
        if row is not None:
            self._fill_position_fields(self.positions.entries[row])
        self._update_position_buttons()

    def _update_position_buttons(self) -> None:
        selected = self._selected_position_row() is not None
        self.position_update.setEnabled(selected)
        self.position_remove.setEnabled(selected)

    # -- other fields --------------------------------------------------------------------

    def _on_kind_current_index_changed(self) -> None:
        self.party.setEnabled(self._kind() is PersonKind.MEMBER)

    def _create_organisation(self, field: RecordField, text: str) -> None:
        created = OrganisationEditor.ask(self, self._database, self._changes, name=text)
        if created is not None:
            self._load_choices()
            field.set_record(created)

    def _on_organisation_unknown_entered(self, text: str) -> None:
        self._create_organisation(self.organisation, text)

    def _on_position_organisation_unknown_entered(self, text: str) -> None:
        self._create_organisation(self.position_organisation, text)

    # -- saving and closing --------------------------------------------------------------

    def undo_name(self, saved: PersonDraft) -> str:
        return saved.display_name
