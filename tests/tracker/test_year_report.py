"""The end-of-year report from the demo: every topic of paper 002 under the right intervention, in order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.engine import Database
from tracker import boards
from tracker.reports import writers
from tracker.reports.year import year_paper

# Paper 002's sections and the topics each reports, in the paper's order.
TOPICS = {
    "1. Working together to build safer communities": [
        "CDRP Reform Programme",
        "National Minimum Standards",
        "CDRP Reform Guidance",
        "Overview and Scrutiny and Community Call for Action",
        "APACS",
        "Flanagan Review of Policing",
        "Offender Management Bill",
        "Neighbourhood by Neighbourhood",
    ],
    "2. Community Cohesion and Tackling Extremism": ["Our Shared Future", "violent extremism"],
    "3. Fire Suppression and Sustainable Buildings": ["sprinklers in schools", "Written Answer"],
    "4. Transforming Regulatory Services": [
        "Hampton and Better Regulation",
        "Tavistock",
        "Raising the Profile of Regulatory Services",
        "Regulatory Enforcement and Sanctions Bill",
        "LBRO",
    ],
}


def test_the_2006_07_report_names_every_topic_of_002_under_its_intervention(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.reading() as s:
        board = boards.find(s, "Safer Communities Board")
        assert board.id is not None
        paper = year_paper(s, board.id, date(2006, 4, 1), date(2007, 7, 16), date(2007, 7, 16))
    assert [s.title for s in paper.sections] == list(TOPICS)
    for section in paper.sections:
        text = "\n".join(e.text for e in section.entries)
        places = [text.lower().find(topic.lower()) for topic in TOPICS[section.title]]
        assert all(p >= 0 for p in places), (
            section.title,
            dict(zip(TOPICS[section.title], places, strict=True)),
        )
        assert [e.heading for e in section.entries] == [
            "What we set out to do",
            "What we sought",
            "What was achieved and when",
            "What remains",
            "Next steps",
        ]
    first = "\n".join(e.text for e in paper.sections[0].entries[:1])
    assert (
        first.index("CDRP Reform Programme")
        < first.index("Flanagan")
        < first.index("Offender Management Bill")
    )
    achieved = paper.sections[2].entries[2].text
    assert achieved.startswith(
        "26 Mar 2007 (Parliamentary Written Answer): All new and major refurbished schools"
    )
    assert (
        "Agree, in particular, the proposed approach to an LGA response to the Flanagan review"
        in paper.summary
    )
    assert paper.action_heading == "Actions Required"
    assert paper.action == "LGA officers to action as necessary. Action by: LGA Safer Communities team"
    for suffix in writers.SUFFIXES:
        written = writers.write(paper, tmp_path / f"year{suffix}")
        assert written.stat().st_size > 1000


def test_only_what_the_records_hold(demo_database: Database) -> None:
    """A period before any decision: nothing achieved is claimed."""
    with demo_database.reading() as s:
        board = boards.find(s, "Safer Communities Board")
        assert board.id is not None
        paper = year_paper(s, board.id, date(2006, 4, 1), date(2006, 12, 31), date(2006, 12, 31))
    assert all(section.entries[2].text == "Nothing recorded." for section in paper.sections)


def test_a_period_with_no_intervention_says_so_and_names_no_cycle(demo_database: Database) -> None:
    with demo_database.reading() as s:
        board = boards.find(s, "Safer Communities Board")
        paper = year_paper(
            s, board.id, date(2015, 1, 1), date(2015, 12, 31), date(2015, 12, 31), charts=False
        )
    assert "No policy interventions are recorded for this period." in paper.summary
    assert "the no cycle" not in paper.summary
