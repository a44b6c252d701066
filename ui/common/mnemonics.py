"""Alt keys for a dialog's buttons: a letter of the button's word no other control there answers to."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def letters_taken(dialog: QWidget, leaving_out: tuple[QAbstractButton, ...] = ()) -> set[str]:
    """The Alt letters the labels, buttons and group boxes inside `dialog` already use."""
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b not in leaving_out]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    return {m.group(1).lower() for text in texts for m in _MNEMONIC.finditer(text.replace("&&", ""))}


def with_mnemonic(word: str, taken: set[str]) -> str:
    """`word` with "&" before its first letter not in `taken` (which it joins); unchanged if none is free."""
    plain = word.replace("&", "")
    for position, letter in enumerate(plain):
        if letter.isalnum() and letter.lower() not in taken:
            taken.add(letter.lower())
            return f"{plain[:position]}&{plain[position:]}"
    return plain


def give_mnemonics(dialog: QWidget, buttons: tuple[QAbstractButton, ...]) -> None:
    """Give each of `buttons` an Alt key the rest of `dialog` leaves free, in the order given."""
    taken = letters_taken(dialog, leaving_out=buttons)
    for button in buttons:
        button.setText(with_mnemonic(button.text(), taken))
