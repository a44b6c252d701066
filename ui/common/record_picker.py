"""A line edit that autocompletes names of bodies or people, and offers to add one not yet held."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from tracker.directory.organisations import Choice


def is_plain_enter(event: QKeyEvent) -> bool:
    """Enter or Return without Ctrl (Ctrl+Enter is the form's Save, and must reach it)."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


class RecordPicker(QLineEdit):
    """Type part of a name, acronym or alias; pick from the list (arrows and Enter, or the mouse).

    `picked(id, label)` when a known record is chosen; `unknown_entered(text)` when Enter is
    pressed on a name that matches nothing held, so the caller can offer to create it. Enter is
    always the field's own: with the field empty it does nothing, and never goes on to the dialog,
    whose default button would save a form the user is still filling in (one Enter to pick a name,
    a second out of habit). A form is saved by Ctrl+Enter or its Save button.
    """

    picked = Signal(int, str)
    unknown_entered = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None, *, keep_choice: bool = False) -> None:
        """`keep_choice`: a single-choice field (a board's contact officer) shows the picked name;
        otherwise the field clears after each pick, ready for the next attendee."""
        super().__init__(parent)
        self._keep_choice = keep_choice
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._by_text: dict[str, tuple[int, str]] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._on_completer_activated)
        self.setCompleter(completer)
        # Enter while the list is open but nothing in it is highlighted means "what I typed";
        # the completer would only close the list, so this filter (run before its own) takes it.
        completer.popup().installEventFilter(self)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        self._by_text.clear()
        entries: list[str] = []
        for choice in choices:
            entries.append(choice.label)
            self._by_text[choice.label.lower()] = (choice.id, choice.label)
            for other in choice.also:
                key = other.lower()
                if key in self._by_text:
                    continue
                self._by_text[key] = (choice.id, choice.label)
                if key not in choice.label.lower():
                    # An alias the label does not show gets its own line, so that typing it finds the record.
                    entries.append(f"{other} → {choice.label}")
                    self._by_text[f"{other} → {choice.label}".lower()] = (choice.id, choice.label)
        self._model.setStringList(entries)

    def add_choice(self, choice: Choice) -> None:
        self.set_choices([*self._current(), choice])

    def match(self, text: str) -> tuple[int, str] | None:
        return self._by_text.get(" ".join(text.split()).lower())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            popup = self.completer().popup()
            highlighted = popup.currentIndex() if popup.isVisible() else None
            popup.hide()
            if highlighted is not None and highlighted.isValid():
                self._take(str(highlighted.data()))
            elif self.text().strip():
                self._take(self.text())
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.completer().popup()
        if (
            watched is popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not popup.currentIndex().isValid()
        ):
            popup.hide()
            if self.text().strip():
                self._take(self.text())
            return True
        return super().eventFilter(watched, event)

    def _on_completer_activated(self, text: str) -> None:
        self._take(text)

    def _take(self, text: str) -> None:
        found = self.match(text)
        if found is None:
            self.unknown_entered.emit(" ".join(text.split()))
            return
        self.picked.emit(*found)
        if self._keep_choice:
            self.setText(found[1])
        else:
            self.clear()

    def _current(self) -> list[Choice]:
        seen: dict[int, str] = {}
        for record_id, label in self._by_text.values():
            seen.setdefault(record_id, label)
        return [Choice(i, label) for i, label in seen.items()]
