"""A field holding one record chosen by name, such as a body's parent or a person's employer."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from tracker.directory.organisations import Choice
from ui.common.record_picker import RecordPicker, is_plain_enter


class RecordField(RecordPicker):
    """A field holding one record chosen by name (a parent body, an employer), or none when empty.

    The plain picker empties itself after each pick, because it feeds lists of attendees; here the
    chosen name stays in the field. Enter on a name already held writes it as the directory does
    and stays in the field, like every picker's Enter: a second Enter after picking from the list
    must not save a form still being filled in (Ctrl+Enter and the Save button do).
    """

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(placeholder, parent)
        self._labels: dict[int, str] = {}
        self.picked.connect(self._on_self_picked)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        super().set_choices(choices)
        self._labels = {c.id: c.label for c in choices}

    def set_record(self, record_id: int | None) -> None:
        self.setText("" if record_id is None else self._labels.get(record_id, ""))

    def record_id(self) -> int | None:
        """The record named in the field; ValueError (a message for the user) if none is held by that name."""
        text = " ".join(self.text().split())
        if not text:
            return None
        found = self.match(text)
        if found is None:
            raise ValueError(
                f"“{text}” is not in the directory: pick a name from the list, or press Enter to add it."
            )
        return found[0]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup()
        listing = popup is not None and popup.isVisible()
        if is_plain_enter(event) and not listing:
            found = self.match(self.text()) if self.text().strip() else None
            if found is not None:
                self.setText(found[1])
                event.accept()
                return
        super().keyPressEvent(event)

    def _on_self_picked(self, _record_id: int, label: str) -> None:
        # The picker clears itself (and the completer may write its entry) after this signal;
        # put the chosen name back once they have done so.
        QTimer.singleShot(0, lambda: self.setText(label))
