"""Messages shown beside the fields a save was refused for."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


class FieldErrors:
    """One hidden red label per field; `show` fills those named and focuses the first field at fault.

    A field's message goes as soon as the field is changed: it was about what the field held when
    the save was refused, and the next save says again whatever is still wrong."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def label_for(self, key: str, field: QWidget | None = None) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{key}")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b3261e;")
        label.hide()
        self._labels[key] = label
        if field is not None:
            self._fields[key] = field
            _on_change(field, label.hide)
        return label

    def show(self, problems: Mapping[str, str]) -> None:
        self.clear()
        first: QWidget | None = None
        for key, message in problems.items():
            label = self._labels.get(key) or self._labels.get("form")
            if label is None:
                continue
            label.setText(f"{label.text()} {message}".strip() if label.isVisible() else message)
            label.show()
            if first is None:
                first = self._fields.get(key)
        if first is not None:
            first.setFocus()

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def message(self, key: str) -> str:
        label = self._labels.get(key)
        return label.text() if label is not None and not label.isHidden() else ""


def _on_change(field: QWidget, hide: Callable[[], None]) -> None:
    """Call `hide` whenever the user changes `field`, whatever kind of field it is."""
    if isinstance(field, QLineEdit):
        field.textEdited.connect(hide)
    elif isinstance(field, QComboBox):
        field.currentIndexChanged.connect(hide)
        if field.isEditable():
            field.editTextChanged.connect(hide)
    elif isinstance(field, QPlainTextEdit | QTextEdit):
        field.textChanged.connect(hide)
    elif isinstance(field, QAbstractButton):
        field.toggled.connect(hide)
    elif isinstance(field, QAbstractItemView) and field.model() is not None:
        model = field.model()
        model.dataChanged.connect(hide)
        model.rowsInserted.connect(hide)
        model.rowsRemoved.connect(hide)
