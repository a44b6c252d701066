"""Help inside the window: the keyboard shortcuts and the short user guide, each in a text window.

`KEYBOARD` is the one list of the keys: the Help menu shows it, and the README's Keyboard table is
checked against it by a test (tests/ui/test_help.py), so the two cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

# Beside ui/ in a checkout and in the packaged application alike (packaging/liaison.spec ships it).
USER_GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"

# (where, keys): the README's Keyboard table, row by row.
KEYBOARD: tuple[tuple[str, str], ...] = (
    (
        "anywhere",
        "Ctrl+N log a meeting · Ctrl+Z undo · Ctrl+Shift+Z redo · Ctrl+1…9 home, meetings,"
        " organisations, people, duties, bills, graph, themes, reports · F1 user guide · Ctrl+Q quit",
    ),
    (
        "the calendar import preview",
        "Space ticks or unticks the selected event · Enter imports · Esc cancels",
    ),
    ("a list", "Ctrl+F find · Enter or double-click open · Delete delete (undoable)"),
    ("the Reports view", "Alt+Up / Alt+Down move the selected entry within its section"),
    (
        "the meeting form",
        "Tab through the fields · in a name field, type and press Enter to add (a new name offers to"
        " create the record); Enter in an empty one does nothing · Enter on any other field moves to"
        " the next · Ctrl+Enter or Alt+S saves · Esc cancels (asks first if you changed something) ·"
        " Delete removes the selected attendee, body or action",
    ),
)


def keyboard_markdown() -> str:
    """The keys as a Markdown table, exactly as the README holds it."""
    lines = ["| where | keys |", "| --- | --- |"]
    lines += [f"| {where} | {keys} |" for where, keys in KEYBOARD]
    return "\n".join(lines) + "\n"


def user_guide_markdown() -> str:
    """The user guide's text (Markdown); a line saying where it should be if it cannot be read."""
    try:
        return USER_GUIDE.read_text(encoding="utf-8")
    except OSError as error:
        return f"# User guide\n\nThe guide could not be read from {USER_GUIDE}: {error.strerror}."


class HelpWindow(QDialog):
    """A text window beside the main window (not modal: the user reads it while working)."""

    def __init__(self, title: str, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.text = QTextBrowser()
        self.text.setObjectName("help_text")
        self.text.setAccessibleName(title)
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    @classmethod
    def show_keyboard(cls, parent: QWidget | None) -> HelpWindow:
        """Help > Keyboard shortcuts: shown, and returned (tests read it)."""
        return cls._shown(cls("Keyboard shortcuts", "# Keyboard shortcuts\n\n" + keyboard_markdown(), parent))

    @classmethod
    def show_guide(cls, parent: QWidget | None) -> HelpWindow:
        """Help > User guide: shown, and returned (tests read it)."""
        return cls._shown(cls("User guide", user_guide_markdown(), parent))

    @staticmethod
    def _shown(window: HelpWindow) -> HelpWindow:
        window.show()
        window.raise_()
        window.activateWindow()
        return window
