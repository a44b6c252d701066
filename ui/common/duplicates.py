"""Asking the user what to do when a new name looks like a record already held."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.common.errors import PossibleDuplicate

Saved = TypeVar("Saved")


@dataclass(frozen=True)
class UseExisting:
    id: int
    label: str


class CreateAnyway:
    pass


def ask_duplicate(parent: QWidget, error: PossibleDuplicate, noun: str) -> UseExisting | CreateAnyway | None:
    """Offer the closest existing record, a new record regardless, or going back to the form."""
    best = error.candidates[0]
    others = "".join(f"\n  • {m.label} ({m.reason})" for m in error.candidates[1:4])
    text = f"This looks like {best.label}, which is already recorded ({best.reason})."
    if others:
        text += f"\n\nAlso alike:{others}"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        f"Possible duplicate {noun}",
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    use = box.addButton(f"Use {best.label}", QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton(f"Create a new {noun}", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(use)
    box.exec()
    if box.clickedButton() is use:
        return UseExisting(best.id, best.label)
    if box.clickedButton() is create:
        return CreateAnyway()
    return None


def save_unless_duplicate(
    parent: QWidget, noun: str, save: Callable[[bool], Saved]
) -> Saved | UseExisting | None:
    """Call `save(allow_similar)`; if the record looks like one already held, ask the user what to do.

    Returns what `save` returned, the existing record the user chose (UseExisting), or None if they
    went back to the form. "Create anyway" saves again with `allow_similar`; other errors propagate.
    """
    allow_similar = False
    while True:
        try:
            return save(allow_similar)
        except PossibleDuplicate as error:
            answer = ask_duplicate(parent, error, noun)
            if answer is None or isinstance(answer, UseExisting):
                return answer
            allow_similar = True
