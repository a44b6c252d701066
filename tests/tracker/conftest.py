"""A small directory of real bodies and people from the seed papers, for the service tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from db.engine import Database
from db.vocabulary import OrganisationKind, PersonKind
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.lobbying import themes


@dataclass(frozen=True)
class Directory:
    home_office: int
    apa: int
    ncrb: int
    lga: int
    kemp: int
    witherick: int
    murray: int
    campbell: int
    cdrp_reform: int


@pytest.fixture
def directory(database: Database) -> Directory:
    with database.session() as s:
        home_office = organisations.create(
            s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
        ).id
        apa = organisations.create(
            s,
            OrganisationDraft(
                "Association of Police Authorities", OrganisationKind.ASSOCIATION, acronym="APA"
            ),
        ).id
        ncrb = organisations.create(
            s,
            OrganisationDraft(
                "National Crime Reduction Board",
                OrganisationKind.BOARD_OR_GROUP,
                acronym="NCRB",
                parent_id=home_office,
            ),
        ).id
        lga = organisations.create(
            s,
            OrganisationDraft(
                "Local Government Association", OrganisationKind.OWN_ASSOCIATION, acronym="LGA"
            ),
        ).id
        kemp = people.create(
            s, PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr", organisation_id=lga)
        ).id
        witherick = people.create(s, PersonDraft("Allan Witherick", PersonKind.MEMBER, title="Cllr")).id
        murray = people.create(
            s,
            PersonDraft(
                "Helen Murray",
                PersonKind.OFFICER,
                email="helen.murray@lga.gov.uk",
                phone="020 7664 3266",
                organisation_id=lga,
            ),
        ).id
        campbell = people.create(s, PersonDraft("Alan Campbell", PersonKind.CONTACT, title="MP")).id
        cdrp = themes.create(s, themes.ThemeDraft("CDRP reform")).id
    return Directory(home_office, apa, ncrb, lga, kemp, witherick, murray, campbell, cdrp)  # type: ignore[arg-type]
