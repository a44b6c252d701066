"""The organisations screens: the list, the form and the page, driven as an officer would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from db.engine import Database
from db.vocabulary import AttendanceRole, BodyRole, OrganisationKind, PersonKind
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from ui.changes import ORGANISATIONS, Changes
from ui.common import duplicates, prompts
from ui.common.merge import MergeDialog
from ui.organisations.editor import OrganisationEditor
from ui.organisations.list_view import OrganisationsView
from ui.organisations.page import OrganisationPage


def add_body(
    database: Database, name: str, kind: OrganisationKind = OrganisationKind.OTHER, **fields: Any
) -> int:
    with database.session() as s:
        created = organisations.create(s, OrganisationDraft(name, kind, **fields), allow_similar=True)
    assert created.id is not None
    return created.id


def held_names(database: Database) -> list[str]:
    with database.session() as s:
        return [r.name for r in organisations.rows(s, ListQuery(sort="name"), 0, 1000)]


def column_texts(model: Any, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


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
    monkeypatch.setattr(duplicates, "ask_duplicate", unexpected)


@pytest.fixture
def bodies(database: Database) -> dict[str, int]:
    home_office = add_body(database, "Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
    return {
        "home_office": home_office,
        "apa": add_body(
            database, "Association of Police Authorities", OrganisationKind.ASSOCIATION, acronym="APA"
        ),
        "ncrb": add_body(
            database,
            "National Crime Reduction Board",
            OrganisationKind.BOARD_OR_GROUP,
            acronym="NCRB",
            parent_id=home_office,
        ),
        "lacors": add_body(database, "LACORS", OrganisationKind.ASSOCIATION),
    }


@pytest.fixture
def view(database: Database, changes: Changes, bodies: dict[str, int], qtbot: Any) -> OrganisationsView:
    widget = OrganisationsView(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_the_list_shows_each_column_and_passes_the_model_tester(
    view: OrganisationsView, qtmodeltester: Any
) -> None:
    qtmodeltester.check(view.model)
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Name",
        "Acronym",
        "Kind",
        "Part of",
        "Meetings",
    ]
    row = column_texts(view.model, 0).index("National Crime Reduction Board")
    assert [view.model.index(row, c).data() for c in range(5)] == [
        "National Crime Reduction Board",
        "NCRB",
        "board or group",
        "Home Office",
        "0",
    ]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert view.model.index(row, 4).data(Qt.ItemDataRole.TextAlignmentRole) == right


def test_typing_in_the_filter_narrows_the_list(view: OrganisationsView, qtbot: Any) -> None:
    qtbot.keyClicks(view.list.filter, "police")
    view.list.apply_filter_now()
    assert column_texts(view.model, 0) == ["Association of Police Authorities"]
    view.list.filter.clear()
    view.list.apply_filter_now()
    assert view.model.rowCount() == 4


def test_clicking_the_name_header_sorts_the_other_way(view: OrganisationsView, qtbot: Any) -> None:
    assert view.model.index(0, 0).data() == "Association of Police Authorities"
    header = view.list.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert view.model.index(0, 0).data() == "National Crime Reduction Board"
    view.model.sort(1, Qt.SortOrder.DescendingOrder)
    assert view.model.index(0, 1).data() == "NCRB"


def test_delete_asks_first_and_undo_brings_the_row_back(
    view: OrganisationsView, changes: Changes, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _parent, _title, text, _action: asked.append(text) or True)
    view.list.table.selectRow(column_texts(view.model, 0).index("LACORS"))
    assert view.list.delete_button.isEnabled()
    qtbot.mouseClick(view.list.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete “LACORS”? You can undo this with Ctrl+Z."]
    assert "LACORS" not in column_texts(view.model, 0)
    changes.undo_stack.undo()
    assert "LACORS" in column_texts(view.model, 0)


def test_a_body_in_use_is_not_deleted_and_the_user_is_told_why(
    view: OrganisationsView, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    told: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda *_: True)
    monkeypatch.setattr(prompts, "tell", lambda _parent, _title, text: told.append(text))
    view.list.table.selectRow(column_texts(view.model, 0).index("Home Office"))
    qtbot.mouseClick(view.list.delete_button, Qt.MouseButton.LeftButton)
    assert told and told[0].startswith("Home Office cannot be deleted: 1 sub-body refer")
    assert "Home Office" in column_texts(view.model, 0)


def test_merging_folds_the_selected_body_into_the_one_chosen(
    view: OrganisationsView,
    database: Database,
    bodies: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    duplicate = add_body(database, "Police Authorities Association", OrganisationKind.ASSOCIATION)
    view.model.refresh()
    assert not view.merge_button.isEnabled()
    offered: list[list[str]] = []

    def choose(_parent: Any, _noun: str, _label: str, choices: list[Any]) -> int:
        offered.append([c.label for c in choices])
        return bodies["apa"]

    confirmed: list[str] = []
    monkeypatch.setattr(MergeDialog, "ask", choose)
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, _a: confirmed.append(text) or True)
    view.list.table.selectRow(column_texts(view.model, 0).index("Police Authorities Association"))
    assert view.merge_button.isEnabled()
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert "Police Authorities Association" not in offered[0]
    assert "A merge cannot be undone." in confirmed[0]
    assert "Police Authorities Association" not in column_texts(view.model, 0)
    with database.session() as s:
        assert "Police Authorities Association" in organisations.get(s, bodies["apa"]).aliases
        assert duplicate not in [c.id for c in organisations.choices(s)]


def test_the_merge_dialog_waits_for_a_body_it_knows(
    bodies: dict[str, int], database: Database, qtbot: Any
) -> None:
    with database.session() as s:
        choices = organisations.choices(s)
    dialog = MergeDialog("organisation", "Police Authorities Association", choices)
    qtbot.addWidget(dialog)
    assert not dialog.merge_button.isEnabled()
    qtbot.keyClicks(dialog.target, "No such body")
    assert not dialog.merge_button.isEnabled()
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, "APA")
    assert dialog.merge_button.isEnabled()
    assert dialog.target_id() == bodies["apa"]


# -- the form --------------------------------------------------------------------------------


@pytest.fixture
def editor(database: Database, changes: Changes, bodies: dict[str, int], qtbot: Any) -> OrganisationEditor:
    widget = OrganisationEditor(database, changes)
    qtbot.addWidget(widget)
    return widget


def test_a_name_like_one_held_offers_the_existing_body_and_using_it_adds_nothing(
    editor: OrganisationEditor,
    database: Database,
    bodies: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    shown: list[str] = []

    def answer(_parent: Any, error: Any, noun: str) -> duplicates.UseExisting:
        shown.append(f"{noun}: {error.candidates[0].label}")
        return duplicates.UseExisting(error.candidates[0].id, error.candidates[0].label)

    monkeypatch.setattr(duplicates, "ask_duplicate", answer)
    qtbot.keyClicks(editor.name, "the Home Office")
    assert editor.save()
    assert shown == ["organisation: Home Office"]
    assert editor.saved_id == bodies["home_office"]
    assert held_names(database).count("Home Office") == 1
    assert len(held_names(database)) == 4


def test_creating_anyway_adds_the_similar_body(
    editor: OrganisationEditor,
    database: Database,
    changes: Changes,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    monkeypatch.setattr(duplicates, "ask_duplicate", lambda *_: duplicates.CreateAnyway())
    qtbot.keyClicks(editor.name, "the Home Office")
    assert editor.save()
    assert "the Home Office" in held_names(database)
    assert editor.saved_id is not None
    changes.undo_stack.undo()
    assert "the Home Office" not in held_names(database)


def test_going_back_from_the_duplicate_question_keeps_the_form_open(
    editor: OrganisationEditor, database: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setattr(duplicates, "ask_duplicate", lambda *_: None)
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *_: prompts.Unsaved.DISCARD)
    editor.show()
    qtbot.keyClicks(editor.name, "the Home Office")
    assert not editor.save()
    assert editor.isVisible()
    assert len(held_names(database)) == 4


def test_an_empty_name_is_refused_beside_the_name_field(
    editor: OrganisationEditor, database: Database, qtbot: Any
) -> None:
    editor.show()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert error_text(editor, "name") == "An organisation needs a name."
    assert editor.isVisible()
    assert len(held_names(database)) == 4


def test_enter_saves_a_new_body_with_its_parent_and_aliases(
    editor: OrganisationEditor, database: Database, bodies: dict[str, int], qtbot: Any
) -> None:
    editor.show()
    qtbot.keyClicks(editor.name, "Respect Task Force")
    editor.kind.setCurrentIndex(editor.kind.findData(OrganisationKind.BOARD_OR_GROUP))
    qtbot.keyClicks(editor.parent_body, "Home Office")
    editor.aliases.setPlainText("Respect Taskforce\n\nRTF unit")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert editor.saved_id is not None
    with database.session() as s:
        saved = organisations.get(s, editor.saved_id)
    assert saved.parent_id == bodies["home_office"]
    assert saved.kind is OrganisationKind.BOARD_OR_GROUP
    assert sorted(saved.aliases) == ["RTF unit", "Respect Taskforce"]


def test_enter_in_a_filled_body_field_settles_the_name_and_saves_nothing(
    editor: OrganisationEditor, database: Database, bodies: dict[str, int], qtbot: Any
) -> None:
    # Enter picks a name, as in every picker; a second Enter out of habit must not save the form
    # (issue 20): Ctrl+Enter or Save does.
    editor.show()
    qtbot.keyClicks(editor.name, "Respect Task Force")
    editor.parent_body.setText("home office")
    qtbot.keyClick(editor.parent_body, Qt.Key.Key_Return)
    qtbot.keyClick(editor.parent_body, Qt.Key.Key_Return)
    assert editor.parent_body.text() == "Home Office"
    assert editor.isVisible() and "Respect Task Force" not in held_names(database)
    assert editor.save()
    with database.session() as s:
        assert organisations.get(s, editor.saved_id).parent_id == bodies["home_office"]  # type: ignore[arg-type]


def test_enter_on_an_unknown_parent_offers_to_add_it_and_fills_the_field(
    editor: OrganisationEditor, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    asked: list[str] = []

    def add_it(_parent: Any, database: Database, _changes: Any, _id: Any = None, name: str = "") -> int:
        asked.append(name)
        return add_body(database, name, OrganisationKind.GOVERNMENT_DEPARTMENT)

    monkeypatch.setattr(OrganisationEditor, "ask", add_it)
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *_: prompts.Unsaved.DISCARD)
    editor.show()
    qtbot.keyClicks(editor.parent_body, "Cabinet Office")
    qtbot.keyClick(editor.parent_body, Qt.Key.Key_Return)
    assert asked == ["Cabinet Office"]
    assert editor.parent_body.text() == "Cabinet Office"
    assert editor.isVisible()


def test_a_parent_not_in_the_directory_is_named_beside_its_field(
    editor: OrganisationEditor, database: Database, qtbot: Any
) -> None:
    qtbot.keyClicks(editor.name, "Respect Task Force")
    qtbot.keyClicks(editor.parent_body, "Cabinet Office")
    assert not editor.save()
    assert error_text(editor, "parent_id").startswith("“Cabinet Office” is not in the directory")
    assert "Respect Task Force" not in held_names(database)


def test_editing_a_body_can_be_undone(
    database: Database, changes: Changes, bodies: dict[str, int], qtbot: Any
) -> None:
    editor = OrganisationEditor(database, changes, bodies["apa"])
    qtbot.addWidget(editor)
    assert editor.name.text() == "Association of Police Authorities"
    assert editor.acronym.text() == "APA"
    editor.successor.setText("LACORS")
    assert editor.save()
    with database.session() as s:
        assert organisations.get(s, bodies["apa"]).successor_id == bodies["lacors"]
    changes.undo_stack.undo()
    with database.session() as s:
        assert organisations.get(s, bodies["apa"]).successor_id is None


def test_escape_with_changes_asks_before_closing(
    editor: OrganisationEditor, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    answers = [prompts.Unsaved.CANCEL, prompts.Unsaved.DISCARD]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *_: answers.pop(0))
    editor.show()
    qtbot.keyClicks(editor.name, "Youth Justice Board")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert editor.saved_id is None


def test_escape_on_an_untouched_form_closes_without_asking(editor: OrganisationEditor, qtbot: Any) -> None:
    editor.show()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


# -- the page --------------------------------------------------------------------------------


@pytest.fixture
def page(database: Database, changes: Changes, qtbot: Any) -> OrganisationPage:
    widget = OrganisationPage(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_a_page_shows_sub_bodies_people_and_meetings(
    page: OrganisationPage, database: Database, bodies: dict[str, int], qtbot: Any, qtmodeltester: Any
) -> None:
    with database.session() as s:
        kemp = people.create(s, PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr")).id
        people.create(
            s,
            PersonDraft(
                "Vernon Coaker",
                PersonKind.CONTACT,
                title="MP",
                positions=(PositionEntry("Policing Minister", bodies["home_office"]),),
            ),
        )
        meeting = meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board",
                date(2009, 3, 19),
                bodies=(BodyEntry(bodies["home_office"], BodyRole.HOST),),
                attendees=(AttendeeEntry(kemp, AttendanceRole.REPRESENTED),),  # type: ignore[arg-type]
            ),
        ).id
    page.show_organisation(bodies["home_office"])
    assert page.heading.text() == "Home Office"
    assert page.kind.text() == "Government department"
    assert page.sub_body_box.isVisible()
    assert column_texts(page.sub_bodies, 0) == ["National Crime Reduction Board (NCRB)"]
    assert column_texts(page.sub_bodies, 1) == ["board or group"]
    assert column_texts(page.people, 0) == ["Vernon Coaker MP"]
    assert column_texts(page.people, 1) == ["Policing Minister"]
    assert [page.meetings.index(0, c).data() for c in range(3)] == [
        "19 Mar 2009",
        "National Crime Reduction Board",
        "host",
    ]
    assert page.meeting_box.title() == "Meetings (1)"
    for model in (page.sub_bodies, page.people, page.meetings):
        qtmodeltester.check(model)
    with qtbot.waitSignal(page.meeting_open_requested) as opened:
        page.meeting_table.activated.emit(page.meetings.index(0, 1))
    assert opened.args == [meeting]
    with qtbot.waitSignal(page.organisation_open_requested) as opened:
        page.sub_body_table.activated.emit(page.sub_bodies.index(0, 0))
    assert opened.args == [bodies["ncrb"]]


def test_a_sub_body_links_to_its_parent_and_hides_the_empty_sub_body_table(
    page: OrganisationPage, bodies: dict[str, int], qtbot: Any
) -> None:
    page.show_organisation(bodies["ncrb"])
    assert page.heading.text() == "National Crime Reduction Board (NCRB)"
    assert "Home Office" in page.parent_link.text()
    assert not page.sub_body_box.isVisible()
    with qtbot.waitSignal(page.organisation_open_requested) as opened:
        page.parent_link.linkActivated.emit(str(bodies["home_office"]))
    assert opened.args == [bodies["home_office"]]
    with qtbot.waitSignal(page.back_requested):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


def test_the_page_follows_an_edit_and_a_deletion(
    page: OrganisationPage, database: Database, changes: Changes, bodies: dict[str, int], qtbot: Any
) -> None:
    page.show_organisation(bodies["lacors"])
    editor = OrganisationEditor(database, changes, bodies["lacors"])
    qtbot.addWidget(editor)
    editor.acronym.setText("LACORS")
    editor.name.setText("Local Authorities Coordinators of Regulatory Services")
    assert editor.save()
    assert page.heading.text() == "Local Authorities Coordinators of Regulatory Services (LACORS)"
    with database.session() as s:
        snapshot = organisations.delete(s, bodies["lacors"])
    changes.deleted(ORGANISATIONS, snapshot, "Delete LACORS")
    assert page.heading.text() == f"Organisation #{bodies['lacors']} no longer exists."
    assert not page.edit_button.isEnabled()


def test_edit_on_the_page_opens_the_form_for_that_body(
    page: OrganisationPage, bodies: dict[str, int], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    opened: list[Any] = []
    monkeypatch.setattr(
        OrganisationEditor, "ask", lambda _parent, _db, _changes, body=None, name="": opened.append(body)
    )
    assert not page.edit_button.isEnabled()
    page.show_organisation(bodies["apa"])
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert opened == [bodies["apa"]]


def test_a_council_is_recorded_with_its_type(qtbot: Any, database: Database, changes: Changes) -> None:
    from db.vocabulary import CouncilType

    editor = OrganisationEditor(database, changes)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.name, "Bolton Metropolitan Borough Council")
    assert not editor.council_type.isEnabled()
    editor.kind.setCurrentIndex(editor.kind.findData(OrganisationKind.COUNCIL))
    assert editor.council_type.isEnabled()
    editor.council_type.setCurrentIndex(editor.council_type.findData(CouncilType.METROPOLITAN_BOROUGH))
    assert editor.council_type.currentText() == "Metropolitan borough"
    assert editor.save()
    with database.session() as s:
        assert organisations.find(s, "Bolton council") == editor.saved_id
        stored = organisations.get(s, editor.saved_id)  # type: ignore[arg-type]
    assert stored.council_type is CouncilType.METROPOLITAN_BOROUGH
