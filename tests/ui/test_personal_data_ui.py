"""The person page's "Personal data" button: export everything held, or erase it after a warning."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db.engine import Database
from tests.tracker.conftest import Directory
from tracker.directory import people
from tracker.directory.people import PositionEntry
from ui.changes import PEOPLE, Changes
from ui.common import prompts
from ui.people.page import PersonPage


@pytest.fixture
def page(database: Database, changes: Changes, directory: Directory, qtbot: Any) -> PersonPage:
    shown = PersonPage(database, changes)
    qtbot.addWidget(shown)
    shown.show_person(directory.murray)
    return shown


def test_the_export_writes_the_json_chosen(
    page: PersonPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_real_dialogs: list[str]
) -> None:
    target = tmp_path / "murray.json"
    suggested: list[Path] = []
    monkeypatch.setattr(prompts, "ask_save_path", lambda _p, _t, name, _f: suggested.append(name) or target)
    assert page.personal_data_button.isEnabled()
    page.export_action.trigger()
    assert suggested[0].name == "Helen Murray - personal data.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["person"]["name"], data["person"]["email"]) == ("Helen Murray", "helen.murray@lga.gov.uk")
    assert no_real_dialogs == [
        f"Export personal data | Everything Liaison holds about Helen Murray was written to {target}."
    ]


def test_cancelling_the_erasure_changes_nothing(
    page: PersonPage, database: Database, directory: Directory, no_real_dialogs: list[str]
) -> None:
    page.erase_action.trigger()  # the autouse fixture answers Cancel
    assert "This cannot be undone, not even with Undo" in no_real_dialogs[0]
    assert "as “an officer”" in no_real_dialogs[0]
    with database.session() as s:
        assert people.get(s, directory.murray).name == "Helen Murray"
    assert page.heading.text() == "Helen Murray"


def test_the_erasure_shows_the_anonymous_name_and_clears_undo(
    page: PersonPage,
    database: Database,
    changes: Changes,
    directory: Directory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.session() as s:
        before = people.get(s, directory.murray)
        after = people.update(s, replace(before, positions=(PositionEntry("Senior Adviser"),)))
    changes.edited(PEOPLE, before, after, "Edit Helen Murray")
    assert changes.undo_stack.canUndo()
    monkeypatch.setattr(prompts, "confirm", lambda *_: True)

    page.erase_action.trigger()

    assert page.heading.text() == "an officer"
    assert page.email.text() == "" and page.positions.rowCount() == 0
    assert not changes.undo_stack.canUndo()  # an undo would have written her name back
    with database.session() as s:
        assert people.get(s, directory.murray).email == ""


def test_erasing_twice_is_told_plainly(
    page: PersonPage, monkeypatch: pytest.MonkeyPatch, no_real_dialogs: list[str]
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_: True)
    page.erase_action.trigger()
    page.erase_action.trigger()
    assert any("nothing left to erase" in told for told in no_real_dialogs)
