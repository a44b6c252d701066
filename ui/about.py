"""Help > About: Liaison's version, the database in use and the folder that holds Liaison's data."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from db.files import default_database_path
from tracker.common.version import full_name


def data_folder() -> Path:
    """Where Liaison keeps its own database (unless --db names another) and its daily backups."""
    return default_database_path().parent


def about_text(database: str) -> str:
    """The About box's text (rich text): the version, `database` (a path or a server's shown URL)
    and the data folder, each named so that a user can read it out to their IT team."""
    rows = (
        ("Version", full_name()),
        ("Database in use", database),
        ("Data folder", str(data_folder())),
    )
    table = "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows)
    return (
        f"<h3>{escape(full_name())}</h3>"
        "<p>Records a policy team's meetings with outside bodies, representation duties and"
        " lobbying, and writes the board's papers.</p>"
        f"<table>{table}</table>"
        "<p>Uninstalling Liaison leaves the data folder as it is. Built with Qt for Python (PySide6),"
        " under the LGPL v3; the licences of everything Liaison ships are in THIRD-PARTY-NOTICES.txt"
        " in the installed folder.</p>"
    )


class About:
    """The About box; `show` is what the window calls, and what tests replace."""

    @classmethod
    def show(cls, parent: QWidget | None, database: str) -> None:
        QMessageBox.about(parent, "About Liaison", about_text(database))
