"""What a page listing asks does with them (a bill's page, a policy item's page): edit, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex

from tracker.common.errors import DomainError, NotFound
from tracker.lobbying import bills
from tracker.lobbying.bills import AskRow
from ui.bills.ask_editor import AskEditor
from ui.changes import ASKS
from ui.common import prompts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from db.engine import Database
    from ui.changes import Changes


class AskActions:
    """Mixed into a RecordPage that has `ask_table` and its model `asks`; adding an ask is the
    page's own (it says what the new ask is on)."""

    ask_table: QTableView
    asks: Any
    _database: Database
    _changes: Changes
    refresh: Callable[[], None]  # the page's own: AskActions stands first in its bases

    def selected_ask(self) -> AskRow | None:
        rows = self.ask_table.selectionModel().selectedRows()
        return self.asks.row(rows[0].row()) if rows else None

    def _on_edit_ask_button_clicked(self) -> None:
        ask = self.selected_ask()
        if ask is not None:
            self._edit_ask(ask.id)

    def _on_ask_table_activated(self, index: QModelIndex) -> None:
        ask = self.asks.row(index.row())
        if ask is not None:
            self._edit_ask(ask.id)

    def _edit_ask(self, ask_id: int) -> None:
        try:
            AskEditor.ask(self, self._database, self._changes, ask_id=ask_id)
        except NotFound as error:
            prompts.tell(self, "Cannot edit", error.message)
            self.refresh()

    def _on_delete_ask_button_clicked(self) -> None:
        ask = self.selected_ask()
        if ask is None:
            return
        question = f"Delete the ask “{ask.text}”? You can undo this with Ctrl+Z."
        if not prompts.confirm(self, "Delete ask", question, "Delete"):
            return
        try:
            with self._database.session() as session:
                snapshot = bills.delete_ask(session, ask.id)
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            self.refresh()
            return
        short = ask.text if len(ask.text) <= 60 else ask.text[:57].rstrip() + "…"
        self._changes.deleted(ASKS, snapshot, f"Delete ask “{short}”")
