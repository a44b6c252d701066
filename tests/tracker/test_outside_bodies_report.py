"""The "Meetings with outside bodies" paper drafted from the demo matches the June 2009 paper's shape."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from db.engine import Database
from db.models import Meeting
from db.vocabulary import AttendanceRole, BodyRole, MeetingKind, PersonKind
from tracker import boards, meetings
from tracker.common.errors import InvalidRecord, NotFound
from tracker.directory import people
from tracker.directory.people import PersonDraft, PositionEntry
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from tracker.reports.outside_bodies import draft_paper

from .conftest import Directory

# Paper 004 (Safer Communities Board, 13 June 2009): each entry's heading and the people it names.
MEMBER_ACTIVITY = {
    "APA Local Accountability Strategy Group": ["Tom Fox"],
    "Tackling Crime in a Recession": ["Graham Brown", "Alan Campbell", "Keith Ross"],
    "Violence Against Women": ["Ann Lucas"],
    "Criminal Justice Council": ["David Smith"],
    "Tackling commercial cannabis cultivation and 'headshops'": ["Allan Witherick"],
    "Local Government Panel meeting with HSE Board Members": ["Allan Witherick"],
    "LGA Annual Conference workshop on role of probation": ["Stacey", "Phil Wheatley"],
    "National Crime Reduction Board": ["Richard Kemp"],
}
OFFICER_ACTIVITY = {
    "National CCTV Strategy Programme Board": [],
    "Home Office Public Confidence and Satisfaction Board": [],
    "CDRP Steering Group": [],
    "Violence Against Women Strategy": [],
    "IPPC stakeholders group on revisions to statutory guidelines": [],
    "Centre for Public Scrutiny Annual Conference": [],
    "Integrating Neighbourhood Policing and Neighbourhood Services Conference": ["Kemp", "David Hanson"],
    "Bail Accommodation and Support Service (BASS)": [],
    "Swine Flu": [],
}


def june_2009(database: Database):  # type: ignore[no-untyped-def]
    with database.session() as s:
        board = boards.find(s, "safer communities board")
        return draft_paper(s, board.id, date(2009, 3, 14), date(2009, 6, 13))  # type: ignore[arg-type]


def test_the_june_2009_paper_has_the_seed_papers_entries_and_people(demo_database: Database) -> None:
    paper = june_2009(demo_database)
    member, officer = paper.sections
    assert (member.title, officer.title) == ("Member activity", "Officer activity")
    assert {e.heading for e in member.entries} == set(MEMBER_ACTIVITY)
    assert {e.heading for e in officer.entries} == set(OFFICER_ACTIVITY)
    for section, expected in ((member, MEMBER_ACTIVITY), (officer, OFFICER_ACTIVITY)):
        for entry in section.entries:
            for name in expected[entry.heading]:
                assert name.split()[-1] in entry.text, f"{entry.heading} should name {name}"
    ncrb = next(e for e in member.entries if e.heading == "National Crime Reduction Board")
    assert len(ncrb.meeting_ids) == 2 and "March" in ncrb.text and "May" in ncrb.text
    assert paper.contact is not None
    assert (
        paper.contact.line
        == "Contact Officer: Helen Murray Phone No: 020 7664 3266 Email: helen.murray@lga.gov.uk"
    )
    assert (paper.board, paper.date, paper.title) == (
        "Safer Communities Board",
        date(2009, 6, 13),
        "Meetings with outside bodies",
    )
    assert paper.action == "For Board members to note"


def test_without_summaries_the_paragraphs_are_drafted_naming_people_and_roles(
    demo_database: Database,
) -> None:
    with demo_database.session() as s:
        s.execute(update(Meeting).values(summary="", outcome=""))
    paper = june_2009(demo_database)
    text = {e.heading: e.text for section in paper.sections for e in section.entries}
    assert text["Tackling Crime in a Recession"].startswith(
        "Cllr Graham Brown chaired the LGA conference “Tackling Crime in a Recession” on 23 April."
    )
    assert "Speakers included Alan Campbell MP" in text["Tackling Crime in a Recession"]
    assert text["Criminal Justice Council"].startswith("Cllr David Smith submitted a written response to")
    assert (
        "Cllr Richard Kemp represented the LGA at the National Crime Reduction Board in March."
        in text["National Crime Reduction Board"]
    )
    assert "Phil Wheatley (Director General" in text["LGA Annual Conference workshop on role of probation"]
    assert all(e.drafted for section in paper.sections for e in section.entries)


def test_a_confidential_meeting_is_left_out_and_counted(database: Database, directory: Directory) -> None:
    with database.session() as s:
        board = boards.create(
            s,
            boards.BoardDraft(
                "Safer Communities Board",
                directory.murray,
                meeting_dates=(date(2009, 3, 13), date(2009, 6, 13)),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "Private briefing with the Policing Minister",
                date(2009, 5, 5),
                confidential=True,
                summary="SECRET CONTENT",
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board",
                date(2009, 5, 6),
                bodies=(BodyEntry(directory.ncrb, BodyRole.HOST),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),),
            ),
        )
        paper = draft_paper(s, board.id, date(2009, 3, 14), date(2009, 6, 13))  # type: ignore[arg-type]
    everything = repr(paper.sections)
    assert "SECRET" not in everything and "Private briefing" not in everything
    assert paper.left_out_confidential == 1
    assert [e.heading for e in paper.sections[0].entries] == ["National Crime Reduction Board"]


def test_an_outside_speakers_post_at_the_date_is_named(database: Database, directory: Directory) -> None:
    with database.session() as s:
        wheatley = people.create(
            s,
            PersonDraft(
                "Phil Wheatley",
                PersonKind.CONTACT,
                positions=(
                    PositionEntry(
                        "Director General of HM Prison Service", None, date(2003, 1, 1), date(2008, 3, 31)
                    ),
                    PositionEntry("Director General", directory.home_office, date(2008, 4, 1)),
                ),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "Workshop on probation",
                date(2009, 6, 30),
                kind=MeetingKind.WORKSHOP,
                attendees=(
                    AttendeeEntry(directory.kemp, AttendanceRole.CHAIRED),
                    AttendeeEntry(wheatley.id, AttendanceRole.SPOKE),
                ),
            ),
        )  # type: ignore[arg-type]
        board = boards.create(s, boards.BoardDraft("Safer Communities Board"))
        paper = draft_paper(s, board.id, date(2009, 6, 14), date(2009, 7, 31))  # type: ignore[arg-type]
    entry = paper.sections[0].entries[0]
    assert "Speakers included Phil Wheatley (Director General, Home Office)." in entry.text


def test_the_default_period_runs_from_the_last_board_meeting(database: Database) -> None:
    with database.session() as s:
        board = boards.create(
            s,
            boards.BoardDraft(
                "Safer Communities Board", meeting_dates=(date(2009, 6, 13), date(2009, 3, 13))
            ),
        )
    assert boards.default_period(board, date(2009, 5, 1)) == (date(2009, 3, 14), date(2009, 6, 13))
    assert boards.default_period(board, date(2009, 12, 1)) == (date(2009, 3, 14), date(2009, 6, 13))
    assert boards.period_ending(board, date(2009, 3, 13)) == date(2008, 12, 12)


def test_an_unknown_board_names_the_closest_and_a_backwards_period_is_refused(
    demo_database: Database,
) -> None:
    with pytest.raises(NotFound, match="Boards held: Safer Communities Board"), demo_database.session() as s:
        boards.find(s, "Safer Community Board")
    with pytest.raises(InvalidRecord, match="ends"), demo_database.session() as s:
        board = boards.find(s, "Safer Communities Board")
        draft_paper(s, board.id, date(2009, 6, 13), date(2009, 3, 14))  # type: ignore[arg-type]


def test_a_board_keeps_its_dates_and_refuses_a_second_of_the_same_name(database: Database) -> None:
    with database.session() as s:
        board = boards.create(
            s, boards.BoardDraft("Safer Communities Board", meeting_dates=(date(2009, 6, 13),))
        )
        changed = boards.update(s, replace(board, meeting_dates=(date(2009, 6, 13), date(2009, 9, 10))))
    assert changed.meeting_dates == (date(2009, 6, 13), date(2009, 9, 10))
    assert changed.version == 2
    with pytest.raises(InvalidRecord, match="already a board"), database.session() as s:
        boards.create(s, boards.BoardDraft("safer communities board"))


def test_an_arrangement_leaves_out_reorders_and_rewrites_for_this_report_only(
    demo_database: Database,
) -> None:
    from tracker.reports.paper import Arrangement, arrange

    paper = june_2009(demo_database)
    member = paper.sections[0]
    first, second, third = (e.key for e in member.entries[:3])
    arranged = arrange(
        paper,
        Arrangement(left_out=frozenset({second}), order=(third, first), texts=((third, "Rewritten."),)),
    )
    keys = [e.key for e in arranged.sections[0].entries]
    assert keys[:2] == [third, first] and second not in keys
    assert len(keys) == len(member.entries) - 1
    assert arranged.sections[0].entries[0].text == "Rewritten."
    assert member.entries[2].text != "Rewritten.", "the drafted paper itself is unchanged"
    assert arranged.sections[1] == paper.sections[1]


def test_a_merged_entry_reads_as_one_paragraph_per_meeting_without_repeats(demo_database: Database) -> None:
    paper = june_2009(demo_database)
    ncrb = next(e for e in paper.sections[0].entries if e.heading == "National Crime Reduction Board")
    sentences = [s.strip() for s in ncrb.text.replace("\n\n", " ").split(". ") if s.strip()]
    assert len(sentences) == len(set(sentences))
    assert ncrb.text.index("in March") < ncrb.text.index("May meeting")


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html", ".md"])
def test_a_confidential_meeting_reaches_no_format(
    database: Database, directory: Directory, tmp_path: Path, suffix: str
) -> None:
    import docx
    import pypdfium2

    from tracker.reports import writers

    with database.session() as s:
        board = boards.create(s, boards.BoardDraft("Safer Communities Board", directory.murray))
        meetings.log(
            s,
            MeetingDraft(
                "Private briefing with the Policing Minister",
                date(2009, 5, 5),
                confidential=True,
                summary="Zanzibar briefing notes",
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
            ),
        )
        meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board",
                date(2009, 5, 6),
                summary="Crime statistics were considered.",
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.REPRESENTED),),
            ),
        )
        paper = draft_paper(s, board.id, date(2009, 3, 14), date(2009, 6, 13))  # type: ignore[arg-type]
    path = writers.write(paper, tmp_path / f"paper{suffix}")
    if suffix == ".docx":
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    elif suffix == ".pdf":
        document = pypdfium2.PdfDocument(str(path))
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        document.close()
    else:
        text = path.read_text(encoding="utf-8")
    assert "Crime statistics were considered." in text
    assert "Zanzibar" not in text and "Private briefing" not in text and "confidential" not in text.lower()
