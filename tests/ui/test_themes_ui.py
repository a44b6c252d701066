"""The themes list and its small form: add, find, sort, rename, delete and undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from db.engine import Database
from tracker import meetings
from tracker.lobbying import themes
from tracker.lobbying.themes import ThemeDraft
from tracker.meetings import MeetingDraft
from ui.changes import Changes
from ui.common import prompts
from ui.themes.view import ThemeEditor, ThemesView


def shown_names(view: ThemesView) -> list[str]:
    return [view.proxy.index(row, 0).data() for row in range(view.proxy.rowCount())]


def error_text(widget: Any, field: str) -> str:
    label = widget.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and not label.isHidden() else ""


@pytest.fixture(autouse=True)
def no_unexpected_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the run: each test answers the ones it expects."""

    def unexpected(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unexpected prompt: {args[1:3]}")

    for name in ("ask_unsaved", "confirm", "tell"):
        monkeypatch.setattr(prompts, name, unexpected)


@pytest.fixture
def theme_ids(database: Database) -> dict[str, int]:
    with database.session() as s:
        ids = {
            name: themes.create(s, ThemeDraft(name, description)).id
            for name, description in (
                ("CDRP reform", "Crime and disorder reduction partnerships: the review and its regulations"),
                ("Reducing re-offending", "Offender management, resettlement, the NOMS regional plans"),
                ("anti-social behaviour", ""),
            )
        }
        reoffending = ids["Reducing re-offending"]
        assert reoffending is not None
        meetings.log(
            s, MeetingDraft("NOMS regional partnerships", date(2009, 4, 23), theme_ids=(reoffending,))
        )
    return ids  # type: ignore[return-value]


@pytest.fixture
def view(database: Database, changes: Changes, theme_ids: dict[str, int], qtbot: Any) -> ThemesView:
    widget = ThemesView(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_the_list_is_sorted_by_name_and_passes_the_model_tester(view: ThemesView, qtmodeltester: Any) -> None:
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    assert shown_names(view) == ["anti-social behaviour", "CDRP reform", "Reducing re-offending"]
    assert [view.proxy.index(2, c).data() for c in range(3)] == [
        "Reducing re-offending",
        "Offender management, resettlement, the NOMS regional plans",
        "1",
    ]
    assert view.count_label.text() == "3 themes"


def test_sorting_by_meetings_counts_as_numbers(view: ThemesView) -> None:
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert shown_names(view)[0] == "Reducing re-offending"


def test_typing_in_the_filter_finds_words_in_any_order_in_name_or_description(
    view: ThemesView, qtbot: Any
) -> None:
    qtbot.keyClicks(view.filter, "plans NOMS")
    assert shown_names(view) == ["Reducing re-offending"]
    assert view.count_label.text() == "1 of 3 themes"
    view.filter.clear()
    qtbot.keyClicks(view.filter, "reform")
    assert shown_names(view) == ["CDRP reform"]


def test_a_theme_added_in_the_form_appears_in_the_list_and_undo_removes_it(
    view: ThemesView, database: Database, changes: Changes, qtbot: Any
) -> None:
    editor = ThemeEditor(database, changes)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.name, "Community cohesion")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert "Community cohesion" in shown_names(view)
    changes.undo_stack.undo()
    assert "Community cohesion" not in shown_names(view)


def test_an_empty_or_repeated_name_is_refused_beside_the_field(
    database: Database, changes: Changes, theme_ids: dict[str, int], qtbot: Any
) -> None:
    editor = ThemeEditor(database, changes)
    qtbot.addWidget(editor)
    assert not editor.save()
    assert error_text(editor, "name") == "A theme needs a name."
    qtbot.keyClicks(editor.name, "cdrp REFORM")
    assert not editor.save()
    assert error_text(editor, "name") == "There is already a theme called “cdrp REFORM”."


def test_renaming_keeps_the_theme_selected(
    view: ThemesView, database: Database, changes: Changes, theme_ids: dict[str, int], qtbot: Any
) -> None:
    view.select(theme_ids["anti-social behaviour"])
    assert view.edit_button.isEnabled()
    editor = ThemeEditor(database, changes, theme_ids["anti-social behaviour"])
    qtbot.addWidget(editor)
    assert editor.name.text() == "anti-social behaviour"
    editor.name.setText("Anti-social behaviour")
    assert editor.save()
    assert view.selected_id() == theme_ids["anti-social behaviour"]
    assert "Anti-social behaviour" in shown_names(view)


def test_delete_through_the_filtered_list_and_undo(
    view: ThemesView, changes: Changes, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, _a: asked.append(text) or True)
    qtbot.keyClicks(view.filter, "CDRP")
    view.table.selectRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the theme “CDRP reform”? You can undo this with Ctrl+Z."]
    view.filter.clear()
    assert shown_names(view) == ["anti-social behaviour", "Reducing re-offending"]
    changes.undo_stack.undo()
    assert "CDRP reform" in shown_names(view)


def test_a_theme_in_use_is_kept_and_the_user_told_why(
    view: ThemesView, theme_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *_: True)
    monkeypatch.setattr(prompts, "tell", lambda _parent, _title, text: told.append(text))
    view.select(theme_ids["Reducing re-offending"])
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert told == ["The theme “Reducing re-offending” is on 1 meeting; it cannot be deleted."]
    assert "Reducing re-offending" in shown_names(view)


def test_opening_a_row_of_the_sorted_filtered_list_edits_that_theme(
    view: ThemesView, theme_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int | None] = []
    monkeypatch.setattr(
        ThemeEditor, "ask", lambda _parent, _db, _changes, theme_id=None: opened.append(theme_id)
    )
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    view.filter.setText("re")
    view.table.activated.emit(view.proxy.index(0, 0))
    assert opened == [theme_ids["Reducing re-offending"]]
