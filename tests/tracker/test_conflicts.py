"""Two officers editing one record: the second save is refused, and the two versions can be merged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from db.engine import Database
from db.vocabulary import AttendanceRole, BodyRole, DatePrecision, OrganisationKind
from tests.tracker.conftest import Directory
from tracker import meetings
from tracker.common import conflicts
from tracker.common.conflicts import Side
from tracker.common.errors import EditConflict
from tracker.directory import organisations, people
from tracker.directory.people import PositionEntry
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft


def test_the_second_of_two_edits_to_one_record_is_refused_and_the_first_survives(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        opened_by_me = organisations.get(s, directory.apa)
    opened_by_them = opened_by_me
    with database.session() as s:
        organisations.update(s, replace(opened_by_them, notes="Became the APCC in 2012."))
    with pytest.raises(EditConflict, match="changed by someone else"), database.session() as s:
        organisations.update(s, replace(opened_by_me, acronym="APCC"))
    with database.session() as s:
        stored = organisations.get(s, directory.apa)
    assert (stored.acronym, stored.notes) == ("APA", "Became the APCC in 2012.")


def test_compare_sets_the_versions_side_by_side_and_suggests_the_side_that_changed_each_field(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        original = organisations.get(s, directory.ncrb)
        theirs = organisations.update(s, replace(original, notes="Chaired by the Home Secretary."))
    mine = replace(original, acronym="NCRB (HO)", aliases=("Crime Reduction Board",), parent_id=None)
    with database.session() as s:
        comparison = conflicts.compare(s, mine, theirs, original)

    rows = {r.label: r for r in comparison.rows}
    assert [r.label for r in comparison.differing] == ["Acronym", "Part of", "Also known as", "Notes"]
    assert (rows["Part of"].mine, rows["Part of"].theirs) == ("", "Home Office")
    assert (rows["Notes"].mine, rows["Notes"].theirs) == ("", "Chaired by the Home Secretary.")
    assert rows["Notes"].suggested is Side.THEIRS
    assert rows["Acronym"].suggested is Side.MINE and not rows["Acronym"].both_changed
    assert not rows["Name"].differs and rows["Name"].mine == rows["Name"].theirs == original.name
    assert rows["Kind"].mine == "board or group"

    merged = comparison.merged({})  # every field from the side that changed it
    assert (merged.acronym, merged.notes, merged.parent_id) == ("NCRB (HO)", theirs.notes, None)
    assert merged.version == theirs.version
    with database.session() as s:
        saved = organisations.update(s, merged, allow_similar=True)
    assert saved.aliases == ("Crime Reduction Board",)
    assert saved.notes == "Chaired by the Home Secretary."


def test_a_field_both_changed_is_marked_and_the_user_choice_decides_it(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        original = organisations.get(s, directory.home_office)
        theirs = organisations.update(s, replace(original, acronym="HO", notes="Marsham Street."))
    mine = replace(original, acronym="HOME", notes="2 Marsham Street, London.")
    with database.session() as s:
        comparison = conflicts.compare(s, mine, theirs, original)
    acronym = next(r for r in comparison.rows if r.key == "acronym")
    assert acronym.both_changed and acronym.suggested is Side.MINE

    merged = comparison.merged({"acronym": Side.THEIRS, "notes": Side.MINE})
    with database.session() as s:
        organisations.update(s, merged, allow_similar=True)
        stored = organisations.get(s, directory.home_office)
    assert (stored.acronym, stored.notes) == ("HO", "2 Marsham Street, London.")


def test_keep_mine_saves_over_the_version_the_user_has_seen_but_not_over_a_newer_one(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        original = people.get(s, directory.murray)
        theirs = people.update(s, replace(original, phone="020 7664 3000"))
    mine = replace(original, email="h.murray@lga.gov.uk")
    with database.session() as s:
        comparison = conflicts.compare(s, mine, theirs, original)
    kept = comparison.keep_mine()
    with database.session() as s:
        newer = people.update(s, replace(theirs, notes="Policy lead"))
    with pytest.raises(EditConflict), database.session() as s:
        people.update(s, kept)  # a third save came in since: refused again
    with database.session() as s:
        comparison = conflicts.compare(s, mine, newer, original)
        saved = people.update(s, comparison.keep_mine())
    assert (saved.email, saved.phone, saved.notes) == ("h.murray@lga.gov.uk", "020 7664 3266", "")


def test_a_meeting_compares_in_names_and_words_and_merges_linked_rows_whole(
    database: Database, directory: Directory
) -> None:
    draft = MeetingDraft(
        title="National Crime Reduction Board",
        held_on=date(2009, 3, 19),
        bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
        attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
        theme_ids=(directory.cdrp_reform,),
    )
    with database.session() as s:
        original = meetings.log(s, draft)
        theirs = meetings.update(
            s,
            replace(
                original,
                held_on=date(2009, 3, 1),
                date_precision=DatePrecision.MONTH,
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),),
            ),
        )
    mine = replace(
        original,
        summary="The board considered the latest crime statistics.",
        bodies=(*original.bodies, BodyEntry(directory.home_office, BodyRole.PARTICIPANT)),
    )
    with database.session() as s:
        comparison = conflicts.compare(s, mine, theirs, original)
    rows = {r.label: r for r in comparison.differing}
    assert set(rows) == {"Date", "Attendees", "Summary", "Outside bodies"}
    assert (rows["Date"].mine, rows["Date"].theirs) == ("19 Mar 2009", "Mar 2009")
    assert rows["Date"].attributes == ("held_on", "date_precision")
    assert rows["Attendees"].theirs == "Cllr Richard Kemp (chaired)"
    assert rows["Outside bodies"].mine.splitlines() == [
        "National Crime Reduction Board (NCRB) (host)",
        "Home Office (participant)",
    ]
    assert {r.label: r.suggested for r in rows.values()} == {
        "Date": Side.THEIRS,
        "Attendees": Side.THEIRS,
        "Summary": Side.MINE,
        "Outside bodies": Side.MINE,
    }
    with database.session() as s:
        saved = meetings.update(s, comparison.merged({"Date": Side.MINE}))  # not a key: ignored
    assert (saved.held_on, saved.date_precision) == (date(2009, 3, 1), DatePrecision.MONTH)
    assert [a.role for a in saved.attendees] == [AttendanceRole.CHAIRED]
    assert [b.organisation_id for b in saved.bodies] == [directory.ncrb, directory.home_office]
    assert saved.summary.startswith("The board considered")


def test_positions_and_records_by_id_are_shown_by_name(database: Database, directory: Directory) -> None:
    with database.session() as s:
        original = people.get(s, directory.campbell)
        theirs = people.update(
            s,
            replace(
                original,
                organisation_id=directory.home_office,
                positions=(
                    PositionEntry("Under Secretary of State", directory.home_office, date(2008, 10, 3)),
                ),
            ),
        )
    with database.session() as s:
        comparison = conflicts.compare(s, original, theirs)
    rows = {r.label: r for r in comparison.differing}
    assert rows["Organisation"].theirs == "Home Office"
    assert rows["Positions held"].theirs == "Under Secretary of State, Home Office (3 Oct 2008 – ?)"
    assert all(r.both_changed for r in rows.values())  # without the version opened, all are asked


def test_versions_of_two_different_records_are_not_compared(database: Database, directory: Directory) -> None:
    with database.session() as s:
        one = organisations.get(s, directory.apa)
        other = organisations.get(s, directory.lga)
        with pytest.raises(ValueError, match="different records"):
            conflicts.compare(s, one, other)
    assert one.kind is OrganisationKind.ASSOCIATION
