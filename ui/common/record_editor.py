"""The form a record is added or changed in: opened by `ask`, saved by a service, never closed unasked."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from db.engine import Database
from tracker.common import conflicts
from tracker.common.errors import DomainError, EditConflict, InvalidRecord, NotFound
from ui.changes import Changes, RecordKind
from ui.common import duplicates, prompts
from ui.common.accessible import name_controls
from ui.common.conflict import Choice, ConflictDialog
from ui.common.field_errors import FieldErrors
from ui.common.mnemonics import give_mnemonics


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
    # Set by a form that offers both versions when a colleague saved the record meanwhile (the
    # conflict dialog): the kind whose `get` reads the stored version. Such a form keeps the version
    # it opened in `_original` and provides `draft()`, `_show(draft)` and `store_draft(draft)`.
    conflicts_kind: RecordKind | None = None

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
        self._mnemonics_given = False
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.save)
        if self._database.access.read_only:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip("Read-only: your login may read records but not change them")
        return self.buttons

    # -- what a subclass provides ------------------------------------------------------------
    # form_state(): what the user has typed, compared with the state last saved.
    # store(): save the form through the service: the saved record (anything with an `id`), a record
    # already held that the user chose instead (UseExisting), or None when the user went back to the
    # form. May raise InvalidRecord (shown beside the fields) or another DomainError.
    form_state: Callable[[], object]
    store: Callable[[], Any]
    _original: Any
    draft: Callable[[], Any]
    _show: Callable[[Any], None]
    store_draft: Callable[[Any], Any]

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
        if self._database.access.read_only:
            return False  # Save is greyed out; the shortcuts land here
        self.errors.clear()
        try:
            saved = self.store()
        except EditConflict as error:
            if self.conflicts_kind is None:
                self.show_refusal(error)
                return False
            return self._settle_conflict()
        except InvalidRecord as error:
            self.errors.show(error.problems)
            return False
        except DomainError as error:
            self.show_refusal(error)
            return False
        return self._saved(saved)

    def _saved(self, saved: Any) -> bool:
        """Close after a save: the undo step, the id for the caller; False if nothing was saved."""
        if saved is None:
            return False
        if not isinstance(saved, duplicates.UseExisting):  # one already held was chosen: nothing to undo
            self.after_save(saved)
        self.saved_id = saved.id
        self.mark_clean()
        self.accept()
        return True

    def _settle_conflict(self) -> bool:
        """A colleague saved the record since the form opened: show both versions and do as the user says.

        Never a silent overwrite: Keep mine and Merge save a draft carrying the version number of
        the version shown to the user, so a save newer still is refused again and shown again.
        """
        assert self.conflicts_kind is not None
        while True:
            mine = self.draft()
            try:
                with self._database.session() as session:
                    theirs = self.conflicts_kind.get(session, mine.id)
                    comparison = conflicts.compare(session, mine, theirs, self._original)
            except DomainError as error:  # deleted meanwhile, most likely
                self.show_refusal(error)
                return False
            answer = ConflictDialog.ask(self, comparison, self.this_record)
            if answer is None:
                self.errors.show(
                    {"form": "Not saved: someone else changed this record. Save again to see both versions."}
                )
                return False
            if answer.choice is Choice.TAKE_THEIRS:
                self._original = theirs
                self._show(theirs)
                self.mark_clean()
                self.errors.show({"form": "Their version is shown; your changes were not saved."})
                return False
            try:
                saved = self.store_draft(answer.draft)
            except EditConflict:
                continue  # saved again by someone meanwhile: compare with that version
            except InvalidRecord as error:
                self.errors.show(error.problems)
                return False
            except DomainError as error:
                self.show_refusal(error)
                return False
            if saved is not None:
                # Undo goes back to the version this save replaced, theirs.
                self._original = theirs
            return self._saved(saved)

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

    def showEvent(self, event: QShowEvent) -> None:
        # Save and Cancel take Alt keys the form's own labels leave free, known once it is built.
        if not getattr(self, "_mnemonics_given", True):
            self._mnemonics_given = True
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            give_mnemonics(self, (self.save_button, cancel))
            name_controls(self)  # for a screen reader, fields named by the labels beside them
        super().showEvent(event)

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


class DirectoryEditor(RecordEditor):
    """The form for a directory record (an organisation, a person), whose name may be like one held.

    A subclass sets `record_kind`, `services` (the create and update calls, which take `allow_similar`),
    `fold_into` and `undo_name`, keeps the record being edited in `_original` (None for a new one),
    its name field in `name`, and provides `draft()`, the form as a draft.
    """

    record_kind: RecordKind
    services: tuple[Callable[..., Any], Callable[..., Any]]
    # Ends "To fold … , close this form": "this organisation into it".
    fold_into: str
    _original: Any
    name: QLineEdit
    draft: Callable[[], Any]
    # undo_name(saved): the record as the undo step names it, after "Add" or "Edit".
    undo_name: Callable[[Any], str]

    @property
    def conflicts_kind(self) -> RecordKind:  # type: ignore[override]
        return self.record_kind

    def store(self) -> Any:
        return self.store_draft(self.draft())

    def store_draft(self, draft: Any) -> Any:
        """Save through the kind's service, offering the record already held if the name is like one."""
        saved = duplicates.save_unless_duplicate(self, self.record_kind.noun, partial(self._write, draft))
        if saved is None:
            self.name.setFocus()
        elif isinstance(saved, duplicates.UseExisting) and self._original is not None:
            # An edit cannot become another record; folding the two together is what Merge is for.
            prompts.tell(
                self,
                "Already recorded",
                f"{saved.label} is already recorded. To fold {self.fold_into}, close this form"
                f" and use Merge… in the {self.record_kind.name} list.",
            )
            return None
        return saved

    def _write(self, draft: Any, allow_similar: bool) -> Any:
        create, update = self.services
        with self._database.session() as session:
            if self._original is None:
                return create(session, draft, allow_similar=allow_similar)
            return update(session, draft, allow_similar=allow_similar)

    def after_save(self, saved: Any) -> None:
        if self._original is None:
            self._changes.created(self.record_kind, saved, f"Add {self.undo_name(saved)}")
        else:
            self._changes.edited(self.record_kind, self._original, saved, f"Edit {self.undo_name(saved)}")
