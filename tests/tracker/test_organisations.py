"""The organisations directory: duplicates caught, links kept on merge, deletes that can be undone."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEntry
from db.vocabulary import AttendanceRole, BodyRole, OrganisationKind, PersonKind
from tracker import meetings
from tracker.common.errors import EditConflict, InUse, InvalidRecord, PossibleDuplicate
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

from .conftest import Directory


@pytest.mark.parametrize(
    ("name", "acronym", "expected"),
    [
        ("the Home Office", "", "Home Office"),
        ("HOME OFFICE", "", "Home Office"),
        ("APA", "", "Association of Police Authorities (APA)"),
        ("Association of Police Authorities", "", "Association of Police Authorities (APA)"),
        ("Assoc. of Police Authority", "APA", "Association of Police Authorities (APA)"),
        ("National Crime Reduction Board", "", "National Crime Reduction Board (NCRB)"),
    ],
)
def test_a_body_that_looks_like_one_held_is_refused_with_the_existing_record(
    database: Database, directory: Directory, name: str, acronym: str, expected: str
) -> None:
    with pytest.raises(PossibleDuplicate) as caught, database.session() as s:
        organisations.create(s, OrganisationDraft(name, OrganisationKind.OTHER, acronym=acronym))
    assert caught.value.field == "name"
    assert caught.value.candidates[0].label == expected
    with database.session() as s:
        assert organisations.count(s, ListQuery()) == 4


def test_a_different_body_is_not_taken_for_a_duplicate(database: Database, directory: Directory) -> None:
    for name in (
        "Ministry of Justice",
        "Association of Chief Police Officers",
        "National Offender Management Service",
    ):
        with database.session() as s:
            organisations.create(s, OrganisationDraft(name, OrganisationKind.GOVERNMENT_DEPARTMENT))


def test_the_user_may_insist_that_a_similar_body_is_different(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        created = organisations.create(
            s,
            OrganisationDraft("Home Office", OrganisationKind.AGENCY, notes="a namesake"),
            allow_similar=True,
        )
    assert created.id is not None


def test_an_alias_is_found_by_the_list_filter(database: Database, directory: Directory) -> None:
    with database.session() as s:
        apa = organisations.get(s, directory.apa)
        organisations.update(s, replace(apa, aliases=("APCC predecessor",)))
        found = organisations.rows(s, ListQuery("predecessor"), 0, 10)
    assert [r.name for r in found] == ["Association of Police Authorities"]


def test_a_body_cannot_be_its_own_ancestor(database: Database, directory: Directory) -> None:
    with pytest.raises(InvalidRecord) as caught, database.session() as s:
        home_office = organisations.get(s, directory.home_office)
        organisations.update(s, replace(home_office, parent_id=directory.ncrb))
    assert caught.value.problems == {"parent_id": "That parent is one of this organisation's own sub-bodies."}


def test_a_stale_edit_is_refused(database: Database, directory: Directory) -> None:
    with database.session() as s:
        first = organisations.get(s, directory.apa)
    with database.session() as s:
        organisations.update(s, replace(first, notes="changed by a colleague"))
    with pytest.raises(EditConflict), database.session() as s:
        organisations.update(s, replace(first, notes="my change"))
    with database.session() as s:
        assert organisations.get(s, directory.apa).notes == "changed by a colleague"


def test_a_body_in_use_cannot_be_deleted_but_an_unused_one_can_and_comes_back(
    database: Database, directory: Directory
) -> None:
    with pytest.raises(InUse, match="1 sub-body"), database.session() as s:
        organisations.delete(s, directory.home_office)
    with database.session() as s:
        snapshot = organisations.delete(s, directory.apa)
        assert organisations.count(s, ListQuery("police")) == 0
    with database.session() as s:
        organisations.restore(s, snapshot)
        back = organisations.get(s, directory.apa)
    assert (back.name, back.acronym, back.id) == ("Association of Police Authorities", "APA", directory.apa)


def test_merging_moves_every_link_and_keeps_the_old_names_as_aliases(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        twin = organisations.create(
            s, OrganisationDraft("Police Authorities Assn", OrganisationKind.ASSOCIATION), allow_similar=True
        ).id
        contact = people.create(
            s, people.PersonDraft("Burns-Williamson", PersonKind.CONTACT, title="Cllr", organisation_id=twin)
        ).id
        both = meetings.log(
            s,
            MeetingDraft(
                "Joint",
                date(2009, 4, 1),
                bodies=(BodyEntry(directory.apa, BodyRole.HOST), BodyEntry(twin, BodyRole.PARTICIPANT)),
            ),
        )
        only_twin = meetings.log(
            s,
            MeetingDraft(
                "Scrutiny",
                date(2009, 5, 1),
                bodies=(BodyEntry(twin),),
                attendees=(AttendeeEntry(contact, AttendanceRole.SPOKE),),
            ),
        )
    with database.session() as s:
        result = organisations.merge(s, directory.apa, twin)
    assert result.removed_label == "Police Authorities Assn"
    with database.session() as s:
        kept = organisations.get(s, directory.apa)
        assert "Police Authorities Assn" in kept.aliases
        assert people.get(s, contact).organisation_id == directory.apa
        assert [b.organisation_id for b in meetings.get(s, both.id).bodies] == [directory.apa]
        assert meetings.get(s, only_twin.id).bodies[0].organisation_id == directory.apa
        row = meetings.rows(s, ListQuery("Scrutiny"), 0, 1)[0]
        assert row.bodies == "Association of Police Authorities (APA)"
        assert organisations.count(s, ListQuery()) == 4


def test_every_change_is_in_the_audit_trail_with_who_and_what(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        apa = organisations.get(s, directory.apa)
        organisations.update(s, replace(apa, notes="Became the APCC in 2012"))
    with database.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "organisations").order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None
    assert (entry.actor, entry.action.value, entry.row_id) == ("officer.test", "update", str(directory.apa))
    assert json.loads(entry.before or "") == {"notes": ""}
    assert json.loads(entry.after or "") == {"notes": "Became the APCC in 2012"}


def test_a_failed_save_leaves_neither_the_change_nor_its_audit_row(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        audit_rows = len(s.scalars(select(AuditEntry)).all())
    with pytest.raises(InvalidRecord), database.session() as s:
        organisations.create(s, OrganisationDraft("IPCC", OrganisationKind.AGENCY))
        organisations.create(s, OrganisationDraft("", OrganisationKind.AGENCY))
    with database.session() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == audit_rows
        assert organisations.count(s, ListQuery("IPCC")) == 0


def test_the_list_sorts_and_pages_in_the_database(database: Database, directory: Directory) -> None:
    with database.session() as s:
        by_name = [r.name for r in organisations.rows(s, ListQuery(sort="name"), 0, 10)]
        assert by_name == sorted(by_name, key=str.lower)
        assert [r.name for r in organisations.rows(s, ListQuery(sort="name", descending=True), 0, 2)] == [
            "National Crime Reduction Board",
            "Local Government Association",
        ]
        assert [r.name for r in organisations.rows(s, ListQuery(sort="name"), 1, 2)] == by_name[1:3]
        assert organisations.rows(s, ListQuery("ncrb"), 0, 5)[0].parent == "Home Office"


def test_a_page_shows_sub_bodies_people_and_meetings(database: Database, directory: Directory) -> None:
    with database.session() as s:
        meetings.log(
            s, MeetingDraft("NCRB March", date(2009, 3, 20), bodies=(BodyEntry(directory.home_office),))
        )
        page = organisations.page(s, directory.home_office)
        lga_page = organisations.page(s, directory.lga)
    assert [b.label for b in page.sub_bodies] == ["National Crime Reduction Board (NCRB)"]
    assert [(m.title, m.detail) for m in page.meetings] == [("NCRB March", "participant")]
    assert {p.label for p in lga_page.people} == {"Cllr Richard Kemp", "Helen Murray"}


def test_merging_into_a_body_that_the_duplicate_parents_or_succeeds_folds_the_link(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        apcc = organisations.create(
            s,
            OrganisationDraft(
                "Association of Police and Crime Commissioners", OrganisationKind.ASSOCIATION, acronym="APCC"
            ),
        ).id
        apa = organisations.get(s, directory.apa)
        organisations.update(s, replace(apa, successor_id=apcc))
        group = organisations.create(
            s,
            OrganisationDraft(
                "APA Local Accountability Strategy Group",
                OrganisationKind.BOARD_OR_GROUP,
                parent_id=directory.apa,
            ),
        ).id
    with database.session() as s:
        organisations.merge(s, directory.apa, apcc)  # type: ignore[arg-type]
        organisations.merge(s, group, directory.apa)
        kept = organisations.get(s, group)
    assert (kept.parent_id, kept.successor_id) == (None, None)
    assert {"Association of Police Authorities", "APCC"} <= set(kept.aliases)


def test_a_merge_that_would_give_one_person_two_overlapping_terms_is_refused(
    database: Database, directory: Directory
) -> None:
    from tracker import duties

    with database.session() as s:
        twin = organisations.create(
            s, OrganisationDraft("Police Authorities Assn", OrganisationKind.ASSOCIATION), allow_similar=True
        ).id
        duties.appoint(s, duties.AppointmentDraft(directory.kemp, directory.apa))
        duties.appoint(s, duties.AppointmentDraft(directory.kemp, twin))  # type: ignore[arg-type]
    with pytest.raises(InvalidRecord, match="two overlapping appointments"), database.session() as s:
        organisations.merge(s, directory.apa, twin)  # type: ignore[arg-type]
    with database.session() as s:
        assert organisations.count(s, ListQuery("Assn")) == 1


def test_a_body_named_as_successor_or_by_a_board_is_not_deleted(
    database: Database, directory: Directory
) -> None:
    from tracker import boards

    with database.session() as s:
        apcc = organisations.create(s, OrganisationDraft("APCC", OrganisationKind.ASSOCIATION)).id
        organisations.update(s, replace(organisations.get(s, directory.apa), successor_id=apcc))
        board_body = organisations.create(
            s, OrganisationDraft("Safer Communities Board", OrganisationKind.BOARD_OR_GROUP)
        ).id
        boards.create(s, boards.BoardDraft("Safer Communities Board", organisation_id=board_body))
    with pytest.raises(InUse, match="1 predecessor body"), database.session() as s:
        organisations.delete(s, apcc)  # type: ignore[arg-type]
    with pytest.raises(InUse, match="1 board"), database.session() as s:
        organisations.delete(s, board_body)  # type: ignore[arg-type]
    with database.session() as s:
        assert organisations.get(s, directory.apa).successor_id == apcc
