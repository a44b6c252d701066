"""The people screens: the list, the form with its positions, and the page, driven as an officer would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from db.engine import Database
from db.vocabulary import AttendanceRole, OrganisationKind, PersonKind
from tracker import meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.meetings import AttendeeEntry, MeetingDraft
from ui.changes import Changes
from ui.common import duplicates, prompts
from ui.common.merge import MergeDialog
from ui.people.editor import PersonEditor
from ui.people.list_view import PeopleView
from ui.people.page import PersonPage


def column_texts(model: Any, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def error_text(widget: Any, field: str) -> str:
    label = widget.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and not label.isHidden() else ""


def held_names(database: Database) -> list[str]:
    with database.session() as s:
        return [r.name for r in people.rows(s, ListQuery(sort="name"), 0, 1000)]


@pytest.fixture(autouse=True)
def no_unexpected_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the run: each test answers the ones it expects."""

    def unexpected(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unexpected prompt: {args[1:3]}")

    for name in ("ask_unsaved", "confirm", "tell"):
        monkeypatch.setattr(prompts, name, unexpected)
    monkeypatch.setattr(duplicates, "ask_duplicate", unexpected)
    monkeypatch.setattr(MergeDialog, "ask", unexpected)


@pytest.fixture
def held(database: Database) -> dict[str, int]:
    with database.session() as s:
        lga = organisations.create(
            s,
            OrganisationDraft("Local Government Association", OrganisationKind.OWN_ASSOCIATION, "LGA"),
        ).id
        noms = organisations.create(
            s,
            OrganisationDraft("National Offender Management Service", OrganisationKind.AGENCY, "NOMS"),
        ).id
        kemp = people.create(
            s,
            PersonDraft(
                "Richard Kemp", PersonKind.MEMBER, title="Cllr", party="Liberal Democrat", organisation_id=lga
            ),
        ).id
        murray = people.create(
            s,
            PersonDraft(
                "Helen Murray", PersonKind.OFFICER, email="helen.murray@lga.gov.uk", organisation_id=lga
            ),
        ).id
        wheatley = people.create(
            s,
            PersonDraft(
                "Phil Wheatley",
                PersonKind.CONTACT,
                organisation_id=noms,
                positions=(PositionEntry("Director General", noms, date(2008, 4, 1)),),
            ),
        ).id
    assert None not in (lga, noms, kemp, murray, wheatley)
    return {"lga": lga, "noms": noms, "kemp": kemp, "murray": murray, "wheatley": wheatley}  # type: ignore[dict-item]


@pytest.fixture
def view(database: Database, changes: Changes, held: dict[str, int], qtbot: Any) -> PeopleView:
    widget = PeopleView(database, changes)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_the_list_shows_each_column_and_passes_the_model_tester(view: PeopleView, qtmodeltester: Any) -> None:
    qtmodeltester.check(view.model)
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Name",
        "Kind",
        "Organisation",
        "Party",
        "Email",
        "Meetings",
    ]
    # Sorted by name as written, title aside.
    assert column_texts(view.model, 0) == ["Helen Murray", "Phil Wheatley", "Cllr Richard Kemp"]
    assert [view.model.index(2, c).data() for c in range(6)] == [
        "Cllr Richard Kemp",
        "member",
        "LGA",
        "Liberal Democrat",
        "",
        "0",
    ]


def test_filtering_by_organisation_and_sorting_by_email(view: PeopleView, qtbot: Any) -> None:
    qtbot.keyClicks(view.list.filter, "LGA")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert column_texts(view.model, 0) == ["Helen Murray", "Cllr Richard Kemp"]
    view.model.sort(4, Qt.SortOrder.DescendingOrder)
    assert view.model.index(0, 0).data() == "Helen Murray"


def test_merging_two_people_leaves_one_in_the_list(
    view: PeopleView, database: Database, held: dict[str, int], monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    with database.session() as s:
        duplicate = people.create(s, PersonDraft("R Kemp", PersonKind.MEMBER), allow_similar=True).id
        meetings.log(
            s,
            MeetingDraft(
                "Safer Communities Board",
                date(2009, 6, 13),
                attendees=(AttendeeEntry(duplicate, AttendanceRole.CHAIRED),),  # type: ignore[arg-type]
            ),
        )
    view.model.refresh()
    assert column_texts(view.model, 0).count("R Kemp") == 1
    monkeypatch.setattr(MergeDialog, "ask", lambda _parent, _noun, _label, _choices: held["kemp"])
    confirmed: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, _a: confirmed.append(text) or True)
    view.list.table.selectRow(column_texts(view.model, 0).index("R Kemp"))
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert confirmed[0].startswith("Merge R Kemp into Cllr Richard Kemp?")
    assert "cannot be undone" in confirmed[0]
    assert column_texts(view.model, 0) == ["Helen Murray", "Phil Wheatley", "Cllr Richard Kemp"]
    assert view.model.index(2, 5).data() == "1"


def test_cancelling_the_merge_changes_nothing(
    view: PeopleView, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setattr(MergeDialog, "ask", lambda *_: None)
    view.list.table.selectRow(1)
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 3


def test_delete_and_undo(
    view: PeopleView, changes: Changes, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_: True)
    view.list.table.selectRow(column_texts(view.model, 0).index("Phil Wheatley"))
    qtbot.mouseClick(view.list.delete_button, Qt.MouseButton.LeftButton)
    assert "Phil Wheatley" not in column_texts(view.model, 0)
    changes.undo_stack.undo()
    assert "Phil Wheatley" in column_texts(view.model, 0)


# -- the form --------------------------------------------------------------------------------


@pytest.fixture
def editor(database: Database, changes: Changes, held: dict[str, int], qtbot: Any) -> PersonEditor:
    widget = PersonEditor(database, changes)
    qtbot.addWidget(widget)
    return widget


def test_a_bad_position_date_is_named_beside_its_field(
    editor: PersonEditor, database: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *_: prompts.Unsaved.DISCARD)
    editor.show()
    qtbot.keyClicks(editor.name, "Vernon Coaker")
    qtbot.keyClicks(editor.position_role, "Policing Minister")
    qtbot.keyClicks(editor.position_from, "31/02/2008")
    qtbot.mouseClick(editor.position_add, Qt.MouseButton.LeftButton)
    assert error_text(editor, "position_from") == (
        "“31/02/2008” is not a date; write it as 23/04/2009 or 23 April 2009."
    )
    assert editor.positions.rowCount() == 0
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert error_text(editor, "position_from").startswith("“31/02/2008” is not a date")
    assert editor.isVisible()
    assert "Vernon Coaker" not in held_names(database)


def test_positions_are_added_changed_and_saved(
    editor: PersonEditor, database: Database, held: dict[str, int], qtmodeltester: Any, qtbot: Any
) -> None:
    qtbot.keyClicks(editor.name, "Vernon Coaker")
    qtbot.keyClicks(editor.title, "MP")
    qtbot.keyClicks(editor.position_role, "Policing Minister")
    qtbot.keyClicks(editor.position_from, "5/10/2008")
    qtbot.mouseClick(editor.position_add, Qt.MouseButton.LeftButton)
    first = [editor.positions.index(0, c).data() for c in range(4)]
    assert first == ["Policing Minister", "", "5 Oct 2008", ""]
    assert editor.position_role.text() == ""
    assert not editor.position_update.isEnabled()
    editor.position_table.selectRow(0)
    assert editor.position_role.text() == "Policing Minister"
    assert editor.position_update.isEnabled()
    editor.position_organisation.setText("National Offender Management Service (NOMS)")
    qtbot.mouseClick(editor.position_update, Qt.MouseButton.LeftButton)
    assert editor.positions.index(0, 1).data() == "National Offender Management Service (NOMS)"
    # A position typed but not added is still saved: the officer meant it.
    qtbot.keyClicks(editor.position_role, "Minister of State")
    qtmodeltester.check(editor.positions)
    assert editor.save()
    assert editor.saved_id is not None
    with database.session() as s:
        saved = people.get(s, editor.saved_id)
    assert saved.display_name == "Vernon Coaker MP"
    assert [(p.role, p.organisation_id, p.started_on) for p in saved.positions] == [
        ("Minister of State", None, None),
        ("Policing Minister", held["noms"], date(2008, 10, 5)),
    ]


def test_party_is_open_only_to_members(editor: PersonEditor, database: Database, qtbot: Any) -> None:
    editor.kind.setCurrentIndex(editor.kind.findData(PersonKind.MEMBER))
    assert editor.party.isEnabled()
    qtbot.keyClicks(editor.party, "Labour")
    editor.kind.setCurrentIndex(editor.kind.findData(PersonKind.OFFICER))
    assert not editor.party.isEnabled()
    qtbot.keyClicks(editor.name, "Emma Varley")
    assert editor.save()
    with database.session() as s:
        saved = people.get(s, editor.saved_id)  # type: ignore[arg-type]
    assert (saved.kind, saved.party) == (PersonKind.OFFICER, "")


def test_a_name_given_by_the_caller_is_split_into_title_and_name(
    database: Database, changes: Changes, qtbot: Any
) -> None:
    editor = PersonEditor(database, changes, name="Councillor Allan Witherick")
    qtbot.addWidget(editor)
    assert (editor.title.text(), editor.name.text()) == ("Cllr", "Allan Witherick")
    assert editor.kind.currentData() == PersonKind.MEMBER.value
    assert editor.party.isEnabled()


def test_a_bad_email_and_an_unknown_organisation_are_named_beside_their_fields(
    editor: PersonEditor, database: Database, qtbot: Any
) -> None:
    qtbot.keyClicks(editor.name, "Emma Varley")
    qtbot.keyClicks(editor.organisation, "Nowhere Council")
    assert not editor.save()
    assert error_text(editor, "organisation_id").startswith("“Nowhere Council” is not in the directory")
    editor.organisation.clear()
    qtbot.keyClicks(editor.email, "emma.varley")
    assert not editor.save()
    assert error_text(editor, "email") == "“emma.varley” is not an email address."
    assert "Emma Varley" not in held_names(database)


def test_a_likely_duplicate_person_is_offered_and_can_be_used(
    editor: PersonEditor,
    database: Database,
    held: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
) -> None:
    asked: list[str] = []

    def answer(_parent: Any, error: Any, noun: str) -> duplicates.UseExisting:
        asked.append(f"{noun}: {error.candidates[0].label}")
        return duplicates.UseExisting(error.candidates[0].id, error.candidates[0].label)

    monkeypatch.setattr(duplicates, "ask_duplicate", answer)
    qtbot.keyClicks(editor.name, "Richard Kemp")
    assert editor.save()
    assert asked == ["person: Cllr Richard Kemp"]
    assert editor.saved_id == held["kemp"]
    assert len(held_names(database)) == 3


def test_editing_a_person_and_undoing_it(
    database: Database, changes: Changes, held: dict[str, int], qtbot: Any
) -> None:
    editor = PersonEditor(database, changes, held["murray"])
    qtbot.addWidget(editor)
    assert editor.email.text() == "helen.murray@lga.gov.uk"
    assert editor.organisation.text() == "Local Government Association (LGA)"
    editor.phone.setText("020 7664 3266")
    assert editor.save()
    with database.session() as s:
        assert people.get(s, held["murray"]).phone == "020 7664 3266"
    changes.undo_stack.undo()
    with database.session() as s:
        assert people.get(s, held["murray"]).phone == ""


# -- the page --------------------------------------------------------------------------------


def test_a_person_page_shows_details_positions_and_meetings(
    database: Database, changes: Changes, held: dict[str, int], qtmodeltester: Any, qtbot: Any
) -> None:
    with database.session() as s:
        meeting = meetings.log(
            s,
            MeetingDraft(
                "NOMS regional partnerships",
                date(2009, 4, 23),
                attendees=(AttendeeEntry(held["wheatley"], AttendanceRole.PRESENTED),),
            ),
        ).id
    page = PersonPage(database, changes)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.show_person(held["wheatley"])
    assert page.heading.text() == "Phil Wheatley"
    assert page.kind.text() == "Outside contact"
    assert "National Offender Management Service (NOMS)" in page.organisation_link.text()
    assert not page.party.isVisible()
    assert [page.positions.index(0, c).data() for c in range(4)] == [
        "Director General",
        "National Offender Management Service (NOMS)",
        "1 Apr 2008",
        "",
    ]
    assert [page.meetings.index(0, c).data() for c in range(3)] == [
        "23 Apr 2009",
        "NOMS regional partnerships",
        "presented",
    ]
    qtmodeltester.check(page.positions)
    qtmodeltester.check(page.meetings)
    with qtbot.waitSignal(page.organisation_open_requested) as opened:
        page.position_table.activated.emit(page.positions.index(0, 0))
    assert opened.args == [held["noms"]]
    with qtbot.waitSignal(page.meeting_open_requested) as opened:
        page.meeting_table.activated.emit(page.meetings.index(0, 0))
    assert opened.args == [meeting]


def test_a_member_page_shows_the_party_and_follows_an_edit(
    database: Database, changes: Changes, held: dict[str, int], qtbot: Any
) -> None:
    page = PersonPage(database, changes)
    qtbot.addWidget(page)
    page.show()
    page.show_person(held["kemp"])
    assert page.heading.text() == "Cllr Richard Kemp"
    assert page.party.text() == "Liberal Democrat"
    assert page.party.isVisible()
    editor = PersonEditor(database, changes, held["kemp"])
    qtbot.addWidget(editor)
    editor.email.setText("richard.kemp@liverpool.gov.uk")
    assert editor.save()
    assert "mailto:richard.kemp@liverpool.gov.uk" in page.email.text()


def test_escape_asks_only_when_something_was_typed(
    editor: PersonEditor, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    editor.show()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    answers = [prompts.Unsaved.CANCEL, prompts.Unsaved.DISCARD]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda *_: answers.pop(0))
    editor.show()
    qtbot.keyClicks(editor.position_role, "Chief Executive")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert editor.saved_id is None


def test_erasing_in_the_window_clears_the_file_and_offers_the_backups(
    qtbot: Any, database: Database, changes: Changes, held: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `person erase` does: nothing of the person stays in the file or its -wal, and the backups
    that still hold them are named and, once the user agrees, erased too."""
    from db import backups
    from tracker.common import personal_data

    path = database.path
    assert path is not None
    copy = backups.write(path, backups.MANUAL)
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(
        prompts, "confirm", lambda _p, title, text, _a: asked.append(title + ": " + text) or True
    )
    monkeypatch.setattr(prompts, "tell", lambda _p, title, text: told.append(title + ": " + text))
    page = PersonPage(database, changes)
    qtbot.addWidget(page)
    page.show_record(held["murray"])
    with database.reading() as s:
        murray = personal_data.trace(s, held["murray"])

    with qtbot.waitSignal(page.backups_erased, timeout=30_000):
        page.erase_action.trigger()

    assert asked[0].startswith("Erase personal data: Erase the personal data of Helen Murray?")
    assert asked[1].startswith("Erase from backups: 1 backup in") and copy.name in asked[1]
    assert told == [f"Erase from backups: {copy.name}: erased"]
    for file in (path, path.with_name(path.name + "-wal")):
        assert not file.exists() or b"murray" not in file.read_bytes().lower()
    assert personal_data.backups_holding(path, murray) == []
    assert not page.erasing.isVisible() and page.personal_data_button.isEnabled()
