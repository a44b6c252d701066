"""Saved papers, the board's conventions, and the team's Word template."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt
from sqlalchemy import select

from cli import main
from db.engine import Database, open_database
from db.models import Person
from tracker import boards
from tracker.common.errors import DomainError, EditConflict, InvalidRecord
from tracker.reports import saved_papers, writers
from tracker.reports.outside_bodies import draft_paper
from tracker.reports.paper import Arrangement

JUNE = date(2009, 6, 13)


def _board_id(database: Database) -> int:
    with database.reading() as s:
        board = boards.find(s, "Safer Communities Board")
    assert board.id is not None
    return board.id


def _saved(database: Database) -> int:
    """The June 2009 paper saved with its last officer entry first, one entry left out, one rewritten."""
    board_id = _board_id(database)
    with database.session() as s:
        record = saved_papers.new_record(s, board_id, JUNE)
        drafted = saved_papers.drafted(s, record)
        member, officer = drafted.sections
        arrangement = Arrangement(
            left_out=frozenset({member.entries[0].key}),
            order=(officer.entries[-1].key, *(e.key for e in officer.entries[:-1])),
            texts=((member.entries[1].key, "Rewritten by the team."),),
        )
        saved = saved_papers.save(
            s, replace(record, item="Item 6", entries=saved_papers.choices(arrangement, drafted))
        )
    assert saved.id is not None
    return saved.id


def test_a_saved_paper_reopens_with_its_entries_in_the_same_order(demo_database: Database) -> None:
    paper_id = _saved(demo_database)
    with demo_database.reading() as s:
        record = saved_papers.get(s, paper_id)
        paper = saved_papers.compose(s, paper_id)
        fresh = draft_paper(s, record.board_id, record.period_start, record.period_end)
    member, officer = paper.sections
    fresh_member, fresh_officer = fresh.sections
    assert (record.item, record.period_start, record.meets_on) == ("Item 6", date(2009, 3, 14), JUNE)
    assert [e.key for e in member.entries] == [e.key for e in fresh_member.entries[1:]]
    assert member.entries[0].text == "Rewritten by the team."
    assert officer.entries[0].heading == fresh_officer.entries[-1].heading
    assert paper.item == "Item 6" and paper.contact is not None and paper.contact.name == "Helen Murray"


def test_a_saved_paper_exported_twice_is_the_same_file(demo_database: Database, tmp_path: Path) -> None:
    paper_id = _saved(demo_database)
    for suffix in (".docx", ".pdf", ".html", ".md"):
        files = []
        for turn in (1, 2):
            with demo_database.reading() as s:
                paper = saved_papers.compose(s, paper_id)
            files.append(writers.write(paper, tmp_path / f"paper{turn}{suffix}").read_bytes())
        assert files[0] == files[1], suffix


def test_a_stale_save_of_a_paper_is_refused(demo_database: Database) -> None:
    paper_id = _saved(demo_database)
    with demo_database.session() as s:
        first = saved_papers.get(s, paper_id)
        saved_papers.save(s, replace(first, item="Item 7"))
        with pytest.raises(EditConflict):
            saved_papers.save(s, replace(first, item="Item 8"))
        with pytest.raises(InvalidRecord) as refused:
            saved_papers.save(s, replace(saved_papers.get(s, paper_id), period_end=date(2009, 1, 1)))
    assert "before it starts" in refused.value.problems["period"]
    with demo_database.reading() as s:
        assert saved_papers.get(s, paper_id).item == "Item 7"


def test_the_contact_officer_is_the_one_the_board_had_on_the_papers_date(demo_database: Database) -> None:
    board_id = _board_id(demo_database)
    with demo_database.session() as s:
        varley = s.scalar(select(Person.id).where(Person.name == "Emma Varley"))  # paper 000's officer
        assert varley is not None
        board = boards.get(s, board_id)
        murray = board.contact_officer_id
        assert murray is not None
        boards.update(
            s,
            replace(
                board,
                officers=(
                    boards.OfficerTerm(varley, None, date(2008, 12, 31)),
                    boards.OfficerTerm(murray, date(2009, 1, 1), None),
                ),
            ),
        )
        in_2007 = saved_papers.new_record(s, board_id, date(2007, 7, 16))
        in_2009 = saved_papers.new_record(s, board_id, JUNE)
        paper_2007 = draft_paper(s, board_id, date(2007, 4, 1), date(2007, 7, 16))
    assert (in_2007.contact_officer_id, in_2009.contact_officer_id) == (varley, murray)
    assert paper_2007.contact is not None and paper_2007.contact.name == "Emma Varley"


def test_the_boards_conventions_number_paragraphs_and_name_the_action(
    demo_database: Database, tmp_path: Path
) -> None:
    board_id = _board_id(demo_database)
    with demo_database.session() as s:
        boards.update(
            s, replace(boards.get(s, board_id), numbered_paragraphs=True, action_heading="Recommendation")
        )
        paper = draft_paper(s, board_id, date(2009, 3, 14), JUNE)
        with pytest.raises(InvalidRecord) as refused:
            boards.update(s, replace(boards.get(s, board_id), action_heading="Decide"))
    assert "Action or Recommendation" in refused.value.problems["action_heading"]
    text = writers.write(paper, tmp_path / "paper.md").read_text(encoding="utf-8")
    assert "## Recommendation" in text and "## Action" not in text
    assert "1\\. This paper is to inform" in text
    numbers = [int(n) for n in re.findall(r"^(\d+)\\\. ", text, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 16  # one count through the paper
    document = docx.Document(str(writers.write(paper, tmp_path / "paper.docx")))
    numbered = [p.text for p in document.paragraphs if p.text[:3] in ("3. ", "4. ")]
    assert len(numbered) == 2


def _template(path: Path) -> Path:
    """A team template: its own heading font and size, wide margins, a header line."""
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.name, heading.font.size = "Georgia", Pt(22)
    document.styles["Heading 3"].font.name = "Georgia"
    section = document.sections[0]
    section.left_margin = section.right_margin = Mm(31)
    section.top_margin = Mm(27)
    section.header.paragraphs[0].text = "LGA Board Pack: PROTECT"
    document.add_paragraph("Sample text the template carries")
    document.save(str(path))
    return path


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_a_paper_written_into_the_teams_template_keeps_its_styles_margins_and_header(
    demo_database: Database, tmp_path: Path, suffix: str
) -> None:
    template = _template(tmp_path / "team.docx")
    if suffix == ".dotx":
        dotx = tmp_path / "team.dotx"
        with zipfile.ZipFile(template) as source, zipfile.ZipFile(dotx, "w") as copy:
            for name in source.namelist():
                data = source.read(name)
                if name == "[Content_Types].xml":
                    data = data.replace(b"document.main+xml", b"template.main+xml")
                copy.writestr(name, data)
        template = dotx
    with demo_database.reading() as s:
        paper = draft_paper(s, _board_id(demo_database), date(2009, 3, 14), JUNE)
    written = writers.write(replace(paper, template=str(template)), tmp_path / "paper.docx")
    document = docx.Document(str(written))
    section = document.sections[0]
    assert (section.left_margin.twips, section.right_margin.twips, section.top_margin.twips) == (
        Mm(31).twips,
        Mm(31).twips,
        Mm(27).twips,
    )
    assert section.header.paragraphs[0].text == "LGA Board Pack: PROTECT"
    title = next(p for p in document.paragraphs if p.text == "Meetings with outside bodies")
    assert title.style is not None and title.style.name == "Heading 1"
    assert (title.style.font.name, title.style.font.size) == ("Georgia", Pt(22))
    assert "Sample text the template carries" not in [p.text for p in document.paragraphs]
    with zipfile.ZipFile(written) as package:
        assert b"template.main+xml" not in package.read("[Content_Types].xml")


def test_a_template_that_is_not_a_word_file_is_refused_and_nothing_written(
    demo_database: Database, tmp_path: Path
) -> None:
    bogus = tmp_path / "team.dotx"
    bogus.write_text("not a zip")
    with demo_database.reading() as s:
        paper = draft_paper(s, _board_id(demo_database), date(2009, 3, 14), JUNE)
    with pytest.raises(DomainError, match="not a Word file"):
        writers.write(replace(paper, template=str(bogus)), tmp_path / "paper.docx")
    assert not (tmp_path / "paper.docx").exists()


def test_report_paper_id_exports_the_saved_paper_with_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo_path)]) == 0
    database = open_database(demo_path)
    try:
        paper_id = _saved(database)
    finally:
        database.close()
    capsys.readouterr()
    template = _template(tmp_path / "team.docx")
    out = tmp_path / "paper.docx"
    command = ["--db", str(demo_path), "report", "outside-bodies", "--paper", str(paper_id)]
    assert main([*command, "--template", str(template), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    assert document.sections[0].left_margin.mm == pytest.approx(31, abs=0.1)
    assert "Item 6" in document.paragraphs[0].text
    assert "Rewritten by the team." in [p.text for p in document.paragraphs]
    assert "Wrote" in capsys.readouterr().out
    assert main([*command, "--since", "2009-01-01", "-o", str(tmp_path / "again.docx")]) == 2
    assert "own period" in capsys.readouterr().err
