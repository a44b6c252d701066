"""People and bodies as the papers name them: titles and offices apart from the name, a party for
any politician, councils with their type found by their short names."""

from __future__ import annotations

import pytest

from db.engine import Database
from db.vocabulary import CouncilType, OrganisationKind, PersonKind
from tracker.common.errors import InvalidRecord, NotFound
from tracker.directory import organisations, people
from tracker.directory.names import council_short_name, title_and_name
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft


@pytest.mark.parametrize(
    ("typed", "title", "name"),
    [
        ("Rt Hon Alan Johnson MP", "Rt Hon MP", "Alan Johnson"),
        ("Chief Constable Peter Fahy QPM", "Chief Constable QPM", "Peter Fahy"),
        ("Sir Ian Blair", "Sir", "Ian Blair"),
        ("Dame Helen Ghosh", "Dame", "Helen Ghosh"),
        ("Lord West of Spithead", "Lord", "West of Spithead"),
        ("Baroness Scotland", "Baroness", "Scotland"),
        ("Professor Tim Newburn", "Professor", "Tim Newburn"),
        ("Dr John Reid", "Dr", "John Reid"),
    ],
)
def test_honorifics_and_offices_are_held_apart_from_the_name(typed: str, title: str, name: str) -> None:
    assert title_and_name(typed) == (title, name)


def test_a_minister_typed_whole_is_stored_with_title_and_name_apart_and_a_party(database: Database) -> None:
    with database.session() as s:
        johnson = people.create(s, PersonDraft("Rt Hon Alan Johnson MP", PersonKind.CONTACT, party="Labour"))
        peer = people.create(
            s, PersonDraft("West of Spithead", PersonKind.CONTACT, title="Lord", party="Labour")
        )
        with pytest.raises(InvalidRecord) as refused:
            people.create(s, PersonDraft("Helen Murray", PersonKind.OFFICER, party="Labour"))
    assert (johnson.title, johnson.name, johnson.party) == ("Rt Hon MP", "Alan Johnson", "Labour")
    assert johnson.display_name == "Rt Hon Alan Johnson MP"
    assert (peer.display_name, peer.party) == ("Lord West of Spithead", "Labour")
    assert "Officers (staff) have no party" in refused.value.problems["party"]


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Bolton Metropolitan Borough Council", "bolton council"),
        ("London Borough of Ealing", "ealing council"),
        ("Kent County Council", "kent council"),
        ("Bolton council", "bolton council"),
        ("Home Office", ""),
    ],
)
def test_a_councils_short_name_is_as_the_papers_write_it(name: str, short: str) -> None:
    assert council_short_name(name) == short


def test_bolton_council_finds_bolton_metropolitan_borough_council(database: Database) -> None:
    with database.session() as s:
        bolton = organisations.create(
            s,
            OrganisationDraft(
                "Bolton Metropolitan Borough Council",
                OrganisationKind.COUNCIL,
                council_type=CouncilType.METROPOLITAN_BOROUGH,
            ),
        )
        organisations.create(
            s,
            OrganisationDraft(
                "Kent County Council", OrganisationKind.COUNCIL, council_type=CouncilType.COUNTY
            ),
        )
        assert organisations.find(s, "Bolton council") == bolton.id
        assert organisations.get(s, bolton.id).council_type is CouncilType.METROPOLITAN_BOROUGH  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            organisations.find(s, "Wigan council")
        with pytest.raises(InvalidRecord) as refused:
            organisations.create(
                s,
                OrganisationDraft(
                    "Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT, council_type=CouncilType.COUNTY
                ),
            )
    assert "Only a council has a council type" in refused.value.problems["council_type"]


def test_a_short_name_two_councils_share_finds_neither(database: Database) -> None:
    with database.session() as s:
        for name, kind in (
            ("Durham County Council", CouncilType.COUNTY),
            ("Durham City Council", CouncilType.DISTRICT),
        ):
            organisations.create(
                s, OrganisationDraft(name, OrganisationKind.COUNCIL, council_type=kind), allow_similar=True
            )
        with pytest.raises(NotFound):
            organisations.find(s, "Durham council")
