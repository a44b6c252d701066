"""Liaison's icon (resources/icon, drawn from liaison.svg) for the window and its dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

# Beside ui/ in a clone, and in the bundle's data folder too (packaging/liaison.spec puts it there).
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icon"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def liaison_icon() -> QIcon:
    """Every size rendered from the SVG, so that Qt picks a drawn one rather than scaling."""
    icon = QIcon()
    for size in SIZES:
        path = FOLDER / f"liaison-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon
