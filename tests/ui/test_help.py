"""Help inside the window (issue 20, item 2): the keyboard shortcuts, from the one list the README's
table is checked against, and the short user guide rendered from docs/user-guide.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from db.engine import Database
from ui.help import KEYBOARD, USER_GUIDE, HelpWindow, keyboard_markdown
from ui.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(qtbot: QtBot, database: Database) -> MainWindow:
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def readme_keyboard_table() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keyboard\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"


def test_the_readme_keyboard_table_is_the_one_the_window_shows() -> None:
    assert readme_keyboard_table() == keyboard_markdown()


def test_the_keys_say_that_only_ctrl_enter_or_alt_s_saves_the_meeting_form() -> None:
    form = dict(KEYBOARD)["the meeting form"]
    assert "Ctrl+Enter or Alt+S saves" in form and "Enter on any other field saves" not in form


def test_help_has_the_guide_the_keys_and_about(window: MainWindow) -> None:
    texts = [a.text() for a in window.help_menu.actions() if not a.isSeparator()]
    assert texts == ["&User guide", "&Keyboard shortcuts", "&About Liaison"]
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_keyboard_shortcuts_shows_every_row_as_a_table(qtbot: QtBot, window: MainWindow) -> None:
    window.keyboard_action.trigger()
    shown = [w for w in window.findChildren(HelpWindow) if w.isVisible()]
    assert len(shown) == 1 and shown[0].windowTitle() == "Keyboard shortcuts"
    document = shown[0].text.document()
    plain = document.toPlainText()
    for where, keys in KEYBOARD:
        assert where in plain and keys in plain
    assert "| --- |" not in plain, "rendered as a table, not shown as Markdown source"


def test_the_user_guide_walks_the_three_journeys(qtbot: QtBot, window: MainWindow) -> None:
    window.guide_action.trigger()
    shown = [w for w in window.findChildren(HelpWindow) if w.isVisible()]
    assert len(shown) == 1 and shown[0].windowTitle() == "User guide"
    plain = shown[0].text.document().toPlainText()
    for journey in ("Log a meeting", "Check a member's duties", "Draft the board paper"):
        assert journey in plain
    assert "## " not in plain and "**" not in plain, "rendered as rich text"
    assert "Ctrl+Enter" in plain and "Open the demo" in plain
    assert USER_GUIDE.read_text(encoding="utf-8").startswith("# Liaison: a short guide")
