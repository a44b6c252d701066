"""The themes list: the board's work streams, added, renamed and removed in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.common.errors import NotFound
from tracker.lobbying import themes
from tracker.lobbying.themes import ThemeDraft, ThemeRow
from ui.changes import THEMES, Changes
from ui.common import prompts
from ui.common.record_editor import RecordEditor
from ui.common.small_list import SmallListModel, SmallListView


def themes_model() -> SmallListModel[ThemeRow]:
    """Every theme as a plain row: name, description, and how many meetings carry it."""
    return SmallListModel(
        [
            ("Name", lambda t: t.name),
            ("Description", lambda t: t.description),
            ("Meetings", lambda t: str(t.meetings), lambda t: t.meetings),
        ],
        right=(2,),
    )


class ThemeEditor(RecordEditor):
    """Add a theme or change one; `ask` opens it and returns the saved theme's id."""

    this_record = "this theme"
    reopen_advice = ""  # told in a message box; the message says all there is

    def __init__(
        self, database: Database, changes: Changes, theme_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: ThemeDraft | None = None
        self.setWindowTitle("New theme" if theme_id is None else "Edit theme")
        self.resize(520, 300)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. Reducing re-offending")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText("What the work stream covers (optional)")
        self.description.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("", self.errors.label_for("name", self.name))
        form.addRow("&Description", self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())
        if theme_id is not None:
            with database.session() as session:
                self._original = themes.get(session, theme_id)
            self.name.setText(self._original.name)
            self.description.setPlainText(self._original.description)
        self.mark_clean()
        self.name.setFocus()

    def form_state(self) -> tuple[str, str]:
        return self.name.text(), self.description.toPlainText()

    def store(self) -> ThemeDraft:
        base = self._original or ThemeDraft(name="")
        draft = replace(base, name=self.name.text(), description=self.description.toPlainText())
        with self._database.session() as session:
            if self._original is None:
                return themes.create(session, draft)
            return themes.update(session, draft)

    def after_save(self, saved: ThemeDraft) -> None:
        if self._original is None:
            self._changes.created(THEMES, saved, f"Add theme “{saved.name}”")
        else:
            self._changes.edited(THEMES, self._original, saved, f"Edit theme “{saved.name}”")


class ThemesView(SmallListView):
    """The short list of themes, sorted and filtered in memory, with its own small editor."""

    kind = THEMES
    nouns = ("theme", "themes")
    refreshed_by = ("themes", "meetings")

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        placeholder = "Find themes by name or description (Ctrl+F)…"
        super().__init__(database, changes, themes_model(), placeholder, parent)
        self.new_button = QPushButton("New theme…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.record_buttons = [self.edit_button, self.delete_button]
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 390)
        self.table.setColumnWidth(2, 90)
        for button in (self.new_button, self.edit_button, self.delete_button):
            self.buttons.addWidget(button)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.refresh()

    def read_rows(self, session: Any) -> Sequence[ThemeRow]:
        return themes.all_rows(session)

    def _on_new_button_clicked(self) -> None:
        saved = ThemeEditor.ask(self, self._database, self._changes)
        if saved is not None:
            self.select(saved)

    def _on_edit_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.open(selected)

    def open(self, theme_id: int) -> None:
        try:
            saved = ThemeEditor.ask(self, self._database, self._changes, theme_id)
        except NotFound as error:
            prompts.tell(self, "Cannot edit", error.message)
            self.refresh()
            return
        if saved is not None:
            self.select(saved)

    def _on_delete_button_clicked(self) -> None:
        self.delete_with_undo(
            lambda theme: f"Delete the theme “{theme.name}”? You can undo this with Ctrl+Z.",
            lambda snapshot: f"Delete theme “{snapshot.name}”",
        )
