"""The organisations list: every outside body held, found by name, acronym or alias; merge duplicates."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.engine import Database
from tracker.common.listing import ListQuery
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationRow
from ui.changes import ORGANISATIONS, Changes
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.list_view import DirectoryListView
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


class OrganisationsView(DirectoryListView):
    """The list; opening or adding an organisation is asked of the main window, which owns the page."""

    kind = ORGANISATIONS
    placeholder = "Find organisations by name, acronym or other name (Ctrl+F)…"
    # Meetings change the counts; organisations change names and parents.
    refreshed_by = ("organisations", "meetings")
    merge_tip = "Fold the selected organisation, a duplicate, into another one"

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        model = organisations_model(database)
        super().__init__(database, changes, model, organisations.choices, organisations.merge, parent)
        self.list.size_columns((110, 170, 330, 90))

    def _on_list_delete_requested(self, organisation_id: int) -> None:
        self.delete_with_undo(
            organisation_id,
            named=lambda body: f"“{body.name}”",
            undo_text=lambda body: f"Delete organisation “{body.name}”",
            on_gone=self.model.refresh,
        )

    def merge_question(self, duplicate: str, keep: str) -> str:
        return (
            f"Merge “{duplicate}” into “{keep}”?\n\nIts meetings, people, sub-bodies and duties move to"
            f" “{keep}”, and its names are kept as other names of “{keep}”. A merge cannot be undone."
        )
