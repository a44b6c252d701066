"""The organisations list: every outside body held, found by name, acronym or alias; merge duplicates."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from tracker import organisations
from tracker.errors import DomainError, InUse
from tracker.listing import ListQuery
from tracker.organisations import OrganisationRow
from ui.changes import ORGANISATIONS, Changes
from ui.common import prompts
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.merge import MergeDialog
from ui.common.record_list import RecordList
from ui.common.sources import ServiceRows

COLUMNS: list[Column[OrganisationRow]] = [
    Column("name", "Name", lambda r: r.name),
    Column("acronym", "Acronym", lambda r: r.acronym),
    Column("kind", "Kind", lambda r: r.kind.label),
    Column("parent", "Part of", lambda r: r.parent),
    Column("meetings", "Meetings", lambda r: str(r.meetings), align_right=True),
]


def organisations_model(database: Database) -> LazyTableModel[OrganisationRow]:
    source = ServiceRows(database, organisations.count, organisations.rows)
    return LazyTableModel(source, COLUMNS, ListQuery(sort="name"))


class OrganisationsView(QWidget):
    """The list; opening or adding an organisation is asked of the main window, which owns the page."""

    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.model = organisations_model(database)
        self.list = RecordList(self.model, "organisation", "organisations")
        self.list.filter.setPlaceholderText("Find organisations by name, acronym or other name (Ctrl+F)…")
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Fold the selected organisation, a duplicate, into another one")
        self.list.add_button(self.merge_button)
        self.list.size_columns((110, 170, 330, 90))
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
        # Meetings change the counts; organisations change names and parents.
        if kind in ("organisations", "meetings"):
            self.model.refresh()

    def _on_table_selection_changed(self) -> None:
        self.merge_button.setEnabled(self.list.selected_id() is not None)

    def _on_list_delete_requested(self, organisation_id: int) -> None:
        try:
            with self._database.session() as session:
                name = organisations.get(session, organisation_id).name
            if not prompts.confirm(
                self, "Delete organisation", f"Delete “{name}”? You can undo this with Ctrl+Z.", "Delete"
            ):
                return
            with self._database.session() as session:
                snapshot = organisations.delete(session, organisation_id)
        except InUse as error:
            prompts.tell(self, "Cannot delete", error.message)
            return
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.model.refresh()
            return
        self._changes.deleted(ORGANISATIONS, snapshot, f"Delete organisation “{snapshot.name}”")

    def _on_merge_button_clicked(self) -> None:
        duplicate_id = self.list.selected_id()
        if duplicate_id is None:
            return
        with self._database.session() as session:
            everyone = organisations.choices(session)
        duplicate = next((c for c in everyone if c.id == duplicate_id), None)
        if duplicate is None:
            self.model.refresh()
            return
        others = [c for c in everyone if c.id != duplicate_id]
        keep_id = MergeDialog.ask(self, "organisation", duplicate.label, others)
        if keep_id is None:
            return
        keep = next(c.label for c in everyone if c.id == keep_id)
        if not prompts.confirm(
            self,
            "Merge organisations",
            f"Merge “{duplicate.label}” into “{keep}”?\n\nIts meetings, people, sub-bodies and duties move to"
            f" “{keep}”, and its names are kept as other names of “{keep}”. A merge cannot be undone.",
            "Merge",
        ):
            return
        try:
            with self._database.session() as session:
                organisations.merge(session, keep_id, duplicate_id)
        except DomainError as error:
            prompts.tell(self, "Cannot merge", error.message)
            return
        # A merge moves links from many tables at once, so it is announced rather than made undoable.
        self._changes.announce("organisations")
        self._changes.announce("meetings")
