"""The dialog that asks which record a duplicate is merged into."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from tracker.directory.organisations import Choice
from ui.common.record_field import RecordField


class MergeDialog(QDialog):
    """Choose the record a duplicate is folded into; `ask` returns the chosen record's id."""

    def __init__(
        self, noun: str, duplicate_label: str, choices: Sequence[Choice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {noun}")
        self.setMinimumWidth(560)
        intro = QLabel(f"Merge “{duplicate_label}” into the {noun} you keep:")
        intro.setWordWrap(True)
        self.target = RecordField(f"Type the name of the {noun} to keep")
        self.target.setObjectName("merge_target")
        self.target.set_choices(choices)
        explanation = QLabel(
            f"Everything that refers to “{duplicate_label}” moves to the {noun} you choose,"
            f" and “{duplicate_label}” is removed."
        )
        explanation.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.target)
        layout.addWidget(explanation)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.target.textChanged.connect(self._on_target_text_changed)
        self._on_target_text_changed(self.target.text())

    @classmethod
    def ask(
        cls, parent: QWidget | None, noun: str, duplicate_label: str, choices: Sequence[Choice]
    ) -> int | None:
        dialog = cls(noun, duplicate_label, choices, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.target_id()

    def target_id(self) -> int | None:
        found = self.target.match(self.target.text()) if self.target.text().strip() else None
        return None if found is None else found[0]

    def accept(self) -> None:
        if self.target_id() is not None:
            super().accept()

    def _on_target_text_changed(self, _text: str) -> None:
        self.merge_button.setEnabled(self.target_id() is not None)
