"""Messages shown beside the fields a save was refused for."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QWidget


class FieldErrors:
    """One hidden red label per field; `show` fills those named and focuses the first field at fault."""

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
