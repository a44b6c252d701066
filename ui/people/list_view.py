"""The people list: members, officers and outside contacts, found by name, body, party or email."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.engine import Database
from tracker.common.listing import ListQuery
from tracker.directory import people
from tracker.directory.people import PersonRow
from ui.changes import PEOPLE, Changes
from ui.common.lazy_table import Column, LazyTableModel
from ui.common.list_view import DirectoryListView
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


class PeopleView(DirectoryListView):
    """The list; opening or adding a person is asked of the main window, which owns the page."""

    kind = PEOPLE
    placeholder = "Find people by name, organisation, party or email (Ctrl+F)…"
    # Organisations give the employer column its names; meetings give the counts.
    refreshed_by = ("people", "organisations", "meetings")
    merge_tip = "Fold the selected person, a duplicate, into another record"

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, people_model(database), people.choices, people.merge, parent)
        self.list.size_columns((120, 250, 140, 270, 90))

    def _on_list_delete_requested(self, person_id: int) -> None:
        self.delete_with_undo(
            person_id,
            named=lambda person: person.display_name,
            undo_text=lambda person: f"Delete {person.display_name}",
            on_gone=self.model.refresh,
        )

    def merge_question(self, duplicate: str, keep: str) -> str:
        return (
            f"Merge {duplicate} into {keep}?\n\nTheir meetings, follow-up actions, duties and positions"
            f" move to {keep}, and the record of {duplicate} is removed. A merge cannot be undone."
        )
