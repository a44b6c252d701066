"""The strip across the top of the window that says, plainly, when this login may only read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from db.roles import Access


def access_text(access: Access, login: str | None) -> str:
    """What the banner says; empty when the user may edit."""
    if not access.read_only:
        return ""
    if login is None:  # a SQLite file: nobody's role, but the file or its folder
        return (
            "<b>Read-only.</b> This database file, or the folder holding it, cannot be written to, so"
            " Liaison opened it for reading: every record, duty, report and the graph can be read,"
            " but nothing can be saved. Copy the file to a folder you can write to, or ask for"
            " write access to this one."
        )
    who = f"your login ({login})" if login else "your login"
    return (
        f"<b>Read-only.</b> On this shared database {who} is a {access.role}: you can read every"
        " record, duty, report and the graph, but not change them. An administrator can give you"
        " the officer role."
    )


class AccessBanner(QLabel):
    """Shown only in read-only mode; the database refuses writes whether or not it is shown."""

    def __init__(self, access: Access, login: str | None, parent: QWidget | None = None) -> None:
        super().__init__(access_text(access, login), parent)
        self.setObjectName("access_banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "QLabel#access_banner { background: #fff3cd; color: #664d03; border: 1px solid #e0c36a;"
            " border-radius: 3px; padding: 6px 10px; }"
        )
        self.setVisible(access.read_only)


def status_text(access: Access, login: str | None) -> str:
    """The role, for the status bar: "officer (helen)"; empty for a file of one's own."""
    if login is None:
        return "read-only file" if access.read_only else ""
    return f"{access.role} ({login})" + (" · read-only" if access.read_only else "")
