"""The people list: members, officers and outside contacts, found by name, body, party or email."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from tracker import people
from tracker.errors import DomainError, InUse
from tracker.listing import ListQuery
from tracker.people import PersonRow
from ui.changes import PEOPLE, Changes
from ui.common import prompts
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.merge import MergeDialog
from ui.common.record_list import RecordList
from ui.common.sources import ServiceRows

COLUMNS: list[Column[PersonRow]] = [
    Column("name", "Name", lambda r: r.name),
    Column("kind", "Kind", lambda r: r.kind.label),
    Column("organisation", "Organisation", lambda r: r.organisation),
    Column("party", "Party", lambda r: r.party),
    Column("email", "Email", lambda r: r.email),
    Column("meetings", "Meetings", lambda r: str(r.meetings), align_right=True),
]


def people_model(database: Database) -> LazyTableModel[PersonRow]:
    source = ServiceRows(database, people.count, people.rows)
    return LazyTableModel(source, COLUMNS, ListQuery(sort="name"))


class PeopleView(QWidget):
    """The list; opening or adding a person is asked of the main window, which owns the page."""

    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.model = people_model(database)
        self.list = RecordList(self.model, "person", "people")
        self.list.filter.setPlaceholderText("Find people by name, organisation, party or email (Ctrl+F)…")
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Fold the selected person, a duplicate, into another record")
        self.list.add_button(self.merge_button)
        self.list.size_columns((120, 250, 140, 270, 90))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.open_requested.connect(self.open_requested)
        self.list.new_requested.connect(self.new_requested)
        self.list.delete_requested.connect(self._on_list_delete_requested)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.list.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._on_table_selection_changed)
        changes.changed.connect(self._on_changes_changed)
        self._on_table_selection_changed()

    def _on_changes_changed(self, kind: str) -> None:
        # Organisations give the employer column its names; meetings give the counts.
        if kind in ("people", "organisations", "meetings"):
            self.model.refresh()

    def _on_table_selection_changed(self) -> None:
        self.merge_button.setEnabled(self.list.selected_id() is not None)

    def _on_list_delete_requested(self, person_id: int) -> None:
        try:
            with self._database.session() as session:
                name = people.get(session, person_id).display_name
            question = f"Delete {name}? You can undo this with Ctrl+Z."
            if not prompts.confirm(self, "Delete person", question, "Delete"):
                return
            with self._database.session() as session:
                snapshot = people.delete(session, person_id)
        except InUse as error:
            prompts.tell(self, "Cannot delete", error.message)
            return
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.model.refresh()
            return
        self._changes.deleted(PEOPLE, snapshot, f"Delete {snapshot.display_name}")

    def _on_merge_button_clicked(self) -> None:
        duplicate_id = self.list.selected_id()
        if duplicate_id is None:
            return
        with self._database.session() as session:
            everyone = people.choices(session)
        duplicate = next((c for c in everyone if c.id == duplicate_id), None)
        if duplicate is None:
            self.model.refresh()
            return
        others = [c for c in everyone if c.id != duplicate_id]
        keep_id = MergeDialog.ask(self, "person", duplicate.label, others)
        if keep_id is None:
            return
        keep = next(c.label for c in everyone if c.id == keep_id)
        if not prompts.confirm(
            self,
            "Merge people",
            f"Merge {duplicate.label} into {keep}?\n\nTheir meetings, follow-up actions, duties and positions"
            f" move to {keep}, and the record of {duplicate.label} is removed. A merge cannot be undone.",
            "Merge",
        ):
            return
        try:
            with self._database.session() as session:
                people.merge(session, keep_id, duplicate_id)
        except DomainError as error:
            prompts.tell(self, "Cannot merge", error.message)
            return
        # A merge moves links from many tables at once, so it is announced rather than made undoable.
        self._changes.announce("people")
        self._changes.announce("meetings")
