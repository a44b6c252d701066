"""Questions put to the user in a message box; tests replace these functions to answer them."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ui.common.mnemonics import give_mnemonics


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def unsaved_box(parent: QWidget, what: str) -> QMessageBox:
    """The question `ask_unsaved` puts: Save (the default), Discard and Cancel, each with its Alt key."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"Save your changes to {what}?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    for button, text in (
        (QMessageBox.StandardButton.Save, "&Save"),
        (QMessageBox.StandardButton.Discard, "&Discard"),
        (QMessageBox.StandardButton.Cancel, "&Cancel"),
    ):
        box.button(button).setText(text)
    return box


def ask_unsaved(parent: QWidget, what: str) -> Unsaved:
    answer = unsaved_box(parent, what).exec()
    if answer == QMessageBox.StandardButton.Save:
        return Unsaved.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    give_mnemonics(box, (go, box.button(QMessageBox.StandardButton.Cancel)))
    box.exec()
    return box.clickedButton() is go


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def settings() -> QSettings:
    """Where the folders last used are kept (the user's Liaison settings); tests point it elsewhere."""
    return QSettings("Liaison", "Liaison")


def file_kind(filters: str) -> str:
    """The kind of file a dialog's filters ask for, named by the first suffix ("docx", "ics")."""
    found = re.search(r"\*\.(\w+)", filters)
    return found.group(1).lower() if found else "files"


def last_folder(kind: str) -> Path:
    """The folder a file of this kind was last read from or written to; the home folder at first,
    or when that folder has gone."""
    saved = str(settings().value(f"folders/{kind}", "", str) or "")
    folder = Path(saved) if saved else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(kind: str, path: Path) -> None:
    settings().setValue(f"folders/{kind}", str(path.parent))


def ask_save_path(parent: QWidget, title: str, suggested: Path, filters: str) -> Path | None:
    """Where to write a file; None if the user cancels. A name suggested in the home folder is
    offered in the folder last used for this kind of file instead."""
    kind = file_kind(filters)
    if not suggested.is_absolute() or suggested.parent == Path.home():
        suggested = last_folder(kind) / suggested.name
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def ask_open_path(parent: QWidget, title: str, filters: str) -> Path | None:
    """A file to read, looked for in the folder last used for this kind of file; None if the user cancels."""
    kind = file_kind(filters)
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(last_folder(kind)), filters)
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def open_file(path: Path) -> bool:
    """Open the file in the program the system uses for its kind; False if none would."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_open(parent: QWidget, title: str, path: Path) -> bool:
    """Say where the file was written and offer to open it; True if the user opened it."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        title,
        f"Written to {path}.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    opening = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
    closing = box.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(opening)
    box.setEscapeButton(closing)
    box.exec()
    if box.clickedButton() is not opening:
        return False
    if not open_file(path):
        tell(parent, title, f"No program on this computer opens {path.name}; it is in {path.parent}.")
        return False
    return True


def ask_text(parent: QWidget, title: str, label: str, default: str = "") -> str | None:
    """A line of text (a date, a name); None if the user cancels."""
    text, accepted = QInputDialog.getText(parent, title, label, text=default)
    return text if accepted else None
