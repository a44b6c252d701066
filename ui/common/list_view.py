"""The screens that list one kind of record: shared set-up, deleting with undo, merging duplicates."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from tracker.common.errors import DomainError, InUse
from tracker.directory.organisations import Choice
from ui.changes import Changes, RecordKind
from ui.common import prompts
from ui.common.lazy_table import LazyTableModel
from ui.common.merge import MergeDialog
from ui.common.record_list import RecordList


class RecordListView(QWidget):
    """A `RecordList` of one kind of record, read again when records of the kinds it shows change.

    Opening or adding a record is asked of the main window, which owns the pages and forms;
    deleting is the subclass's `_on_list_delete_requested`, which names the record its own way.
    """

    open_requested = Signal(int)
    new_requested = Signal()

    kind: RecordKind
    placeholder: str
    # The kinds of change (`Changes.changed`) after which the list is read again.
    refreshed_by: Collection[str]

    def __init__(
        self,
        database: Database,
        changes: Changes,
        model: LazyTableModel[Any],
        parent: QWidget | None = None,
        *,
        record_list: RecordList | None = None,
    ) -> None:
        """`record_list`, if given, is a list already on screen over `model` (the meetings list
        shown while the database opened), taken over as it stands: scrolled, selected and filtered."""
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.model = model
        if record_list is None:
            record_list = RecordList(model, self.kind.noun, self.kind.name)
            record_list.filter.setPlaceholderText(self.placeholder)
        self.list = record_list
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.show()  # a list taken over was hidden by the move from its old parent
        self.list.open_requested.connect(self.open_requested)
        self.list.new_requested.connect(self.new_requested)
        self.list.delete_requested.connect(self._on_list_delete_requested)
        changes.changed.connect(self._on_changes_changed)
        self.list.set_read_only(database.access.read_only)

    def _on_changes_changed(self, kind: str) -> None:
        if kind in self.refreshed_by:
            self.model.refresh()

    # Each list says how it deletes (usually by calling delete_with_undo with its own wording).
    _on_list_delete_requested: Callable[[int], None]

    def delete_with_undo(
        self,
        record_id: int,
        named: Callable[[Any], str],
        undo_text: Callable[[Any], str],
        on_gone: Callable[[], None] | None = None,
    ) -> None:
        """Confirm, delete through the kind's service, and push the undo step; a refusal is told.

        `named` names the record in the question (“Home Office”, or Cllr Richard Kemp), `undo_text`
        the undo step. `on_gone` runs when the record changed or went meanwhile, not when links keep it.
        """
        kind = self.kind
        try:
            with self._database.session() as session:
                name = named(kind.get(session, record_id))
            question = f"Delete {name}? You can undo this with Ctrl+Z."
            if not prompts.confirm(self, f"Delete {kind.noun}", question, "Delete"):
                return
            with self._database.session() as session:
                snapshot = kind.delete(session, record_id)
        except InUse as error:
            prompts.tell(self, "Cannot delete", error.message)
            return
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            if on_gone is not None:
                on_gone()
            return
        self._changes.deleted(kind, snapshot, undo_text(snapshot))


class DirectoryListView(RecordListView):
    """A list of directory records (organisations, people), which can also fold a duplicate into another.

    A merge moves links from many tables at once, so it is announced rather than made undoable.
    """

    merge_tip: str

    def __init__(
        self,
        database: Database,
        changes: Changes,
        model: LazyTableModel[Any],
        choices: Callable[[Any], Sequence[Choice]],
        merge: Callable[[Any, int, int], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, model, parent)
        self._choices = choices
        self._merge = merge
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip(self.merge_tip)
        self.list.add_button(self.merge_button)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.list.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._on_table_selection_changed)
        self._on_table_selection_changed()

    # What the user is asked before `duplicate` is merged into `keep`: what moves, and what stays.
    merge_question: Callable[[str, str], str]

    def _on_table_selection_changed(self) -> None:
        can_merge = not self._database.access.read_only
        self.merge_button.setEnabled(can_merge and self.list.selected_id() is not None)

    def _on_merge_button_clicked(self) -> None:
        duplicate_id = self.list.selected_id()
        if duplicate_id is None:
            return
        with self._database.session() as session:
            everyone = self._choices(session)
        duplicate = next((c for c in everyone if c.id == duplicate_id), None)
        if duplicate is None:
            self.model.refresh()
            return
        others = [c for c in everyone if c.id != duplicate_id]
        keep_id = MergeDialog.ask(self, self.kind.noun, duplicate.label, others)
        if keep_id is None:
            return
        keep = next(c.label for c in everyone if c.id == keep_id)
        question = self.merge_question(duplicate.label, keep)
        if not prompts.confirm(self, f"Merge {self.kind.name}", question, "Merge"):
            return
        try:
            with self._database.session() as session:
                self._merge(session, keep_id, duplicate_id)
        except DomainError as error:
            prompts.tell(self, "Cannot merge", error.message)
            return
        self._changes.announce(self.kind.name)
        self._changes.announce("meetings")
