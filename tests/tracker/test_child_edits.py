"""An edit that changes only the rows a record owns (aliases, positions, attendees, themes) is still an
edit of the record: its version goes up, and a colleague's stale save is refused, not applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from db.engine import Database
from tracker import meetings
from tracker.common.errors import EditConflict
from tracker.directory import organisations, people
from tracker.directory.people import PositionEntry

from .conftest import Directory


def test_a_stale_alias_only_edit_is_refused(database: Database, directory: Directory) -> None:
    with database.session() as s:
        opened = organisations.get(s, directory.home_office)
    with database.session() as s:
        saved = organisations.update(s, replace(opened, aliases=("HO",)))
    assert saved.version > opened.version

    with pytest.raises(EditConflict), database.session() as s:
        organisations.update(s, replace(opened, aliases=("Home Dept",)))
    with database.session() as s:
        assert organisations.get(s, directory.home_office).aliases == ("HO",)


def test_a_position_only_edit_raises_the_version(database: Database, directory: Directory) -> None:
    with database.session() as s:
        opened = people.get(s, directory.murray)
    with database.session() as s:
        saved = people.update(s, replace(opened, positions=(PositionEntry("Senior adviser"),)))
    assert saved.version > opened.version
    with pytest.raises(EditConflict), database.session() as s:
        people.update(s, replace(opened, positions=()))


def test_a_stale_themes_only_edit_of_a_meeting_is_refused(database: Database, directory: Directory) -> None:
    draft = meetings.MeetingDraft(
        held_on=date(2009, 1, 12),
        title="Policing bill briefing",
        bodies=(meetings.BodyEntry(directory.home_office),),
    )
    with database.session() as s:
        opened = meetings.log(s, draft)
    with database.session() as s:
        meetings.update(s, replace(opened, theme_ids=(directory.cdrp_reform,)))
    with pytest.raises(EditConflict), database.session() as s:
        meetings.update(s, replace(opened, summary="Stale copy"))
    with database.session() as s:
        assert meetings.get(s, opened.id).theme_ids == (directory.cdrp_reform,)  # type: ignore[arg-type]
