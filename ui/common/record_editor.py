"""The form a record is added or changed in: opened by `ask`, saved by a service, never closed unasked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from db.engine import Database
from tracker.errors import DomainError, EditConflict, InvalidRecord, NotFound
from ui.changes import Changes
from ui.common import duplicates, prompts
from ui.common.field_errors import FieldErrors


class RecordEditor(QDialog):
    """A modal form for one record; `ask` opens it and returns the id of the record to use.

    A subclass builds its fields, calls `mark_clean()` once they are filled, and provides:
    `form_state()`, what the user has typed, compared with the state last saved (or overrides
    `has_unsaved_changes` itself); `store()`, the service call; and `after_save(saved)`, the undo step.
    """

    # Names the record in "Save your changes to …?".
    this_record = "this record"
    # Said after the message when the record changed or went while the form was open (EditConflict,
    # NotFound), in a message box; None shows those in the form's own label like any other refusal.
    reopen_advice: str | None = None

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self._clean_state: object = None

    @classmethod
    def ask(
        cls, parent: QWidget | None, database: Database, changes: Changes, *args: Any, **kwargs: Any
    ) -> int | None:
        """Open the form modally; `args` and `kwargs` are the subclass's own (which record, say)."""
        editor = cls(database, changes, *args, parent=parent, **kwargs)
        editor.exec()
        return editor.saved_id

    def _save_cancel_buttons(self) -> QDialogButtonBox:
        """Save, the default button, and Cancel, wired to `save` and `reject`; Ctrl+Enter saves from
        anywhere, a field where Enter makes a new line included."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save (Enter, or Ctrl+Enter anywhere)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)
        return self.buttons

    # -- what a subclass provides ------------------------------------------------------------
    # form_state(): what the user has typed, compared with the state last saved.
    # store(): save the form through the service: the saved record (anything with an `id`), a record
    # already held that the user chose instead (UseExisting), or None when the user went back to the
    # form. May raise InvalidRecord (shown beside the fields) or another DomainError.
    form_state: Callable[[], object]
    store: Callable[[], Any]

    def after_save(self, saved: Any) -> None:
        """The undo step for the record `store` wrote, made before the form closes."""

    # -- unsaved changes ---------------------------------------------------------------------

    def mark_clean(self) -> None:
        self._clean_state = self.form_state()

    def has_unsaved_changes(self) -> bool:
        return self.form_state() != self._clean_state

    # -- saving and closing ------------------------------------------------------------------

    def save(self) -> bool:
        """Save and close; False, with the problems shown, if nothing was saved."""
        self.errors.clear()
        try:
            saved = self.store()
        except InvalidRecord as error:
            self.errors.show(error.problems)
            return False
        except DomainError as error:
            self.show_refusal(error)
            return False
        if saved is None:
            return False
        if not isinstance(saved, duplicates.UseExisting):  # one already held was chosen: nothing to undo
            self.after_save(saved)
        self.saved_id = saved.id
        self.mark_clean()
        self.accept()
        return True

    def show_refusal(self, error: DomainError) -> None:
        """Show why the service refused a save, where the refusal is not about one field."""
        if self.reopen_advice is not None and isinstance(error, (EditConflict, NotFound)):
            prompts.tell(self, "Not saved", error.message + self.reopen_advice)
        else:
            self.errors.show({"form": error.message})

    def reject(self) -> None:
        answer = self._ask_unsaved()
        if answer is prompts.Unsaved.CANCEL:
            return
        if answer is prompts.Unsaved.SAVE:
            # A save closes the form itself; one that fails leaves it open with the problems shown.
            self.save()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A form already hidden (saved, or discarded with Esc) has nothing left to ask about. QDialog's
        # own closeEvent is not called: it would reject(), and so ask a second time.
        answer = self._ask_unsaved() if self.isVisible() else None
        if answer is prompts.Unsaved.CANCEL or (answer is prompts.Unsaved.SAVE and not self.save()):
            event.ignore()
            return
        event.accept()

    def _ask_unsaved(self) -> prompts.Unsaved | None:
        """The user's answer about unsaved changes, asked once; None if there are none."""
        if not self.has_unsaved_changes():
            return None
        return prompts.ask_unsaved(self, self.this_record)
