"""Charts in the end-of-year report and the brief: in every format, saying so when a period is empty,
left out when asked, and the same file when the same paper is written twice."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as Canvas

from db.engine import Database
from db.stakeholders import Stance
from tracker import boards
from tracker.charts.drawing import NO_MEETINGS
from tracker.directory import organisations
from tracker.reports import figures, writers
from tracker.reports.brief import brief_paper
from tracker.reports.paper import Paper
from tracker.reports.year import year_paper

PNG = b"\x89PNG\r\n\x1a\n"
YEAR = (date(2006, 4, 1), date(2007, 7, 16))


def _year(db: Database, since: date = YEAR[0], until: date = YEAR[1], *, charts: bool = True) -> Paper:
    with db.reading() as s:
        board = boards.find(s, "Safer Communities Board")
        assert board.id is not None
        return year_paper(s, board.id, since, until, until, charts=charts)


def _brief(db: Database, body: str) -> Paper:
    with db.reading() as s:
        return brief_paper(s, organisations.find(s, body), date(2009, 7, 1))


def pdf_images(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return sum(
            1 for page in document for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        )
    finally:
        document.close()


def test_the_year_report_holds_its_three_charts_in_every_format(
    demo_database: Database, tmp_path: Path
) -> None:
    paper = _year(demo_database)
    assert [f.chart for f in paper.figures] == ["meetings-per-quarter", "asks-won-lost", "engaged-bodies"]
    # The captions count what the records hold: the demo's 2006/07 meetings and decided asks.
    quarters = paper.figures[0].data
    assert f"{quarters.total} meetings" in paper.figures[0].caption and quarters.total > 0
    assert f"{sum(paper.figures[1].data.won)} won" in paper.figures[1].caption

    word = writers.write(paper, tmp_path / "year.docx")
    assert len(docx.Document(str(word)).inline_shapes) == 3
    assert "The year in figures" in [p.text for p in docx.Document(str(word)).paragraphs]

    assert pdf_images(writers.write(paper, tmp_path / "year.pdf")) == 3

    page = writers.write(paper, tmp_path / "year.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    assert len(sources) == 3 and all(base64.b64decode(s).startswith(PNG) for s in sources)
    assert "<figcaption>" + paper.figures[2].caption.replace("'", "&#x27;") in page

    text = writers.write(paper, tmp_path / "my year.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(<([^>]+)>\)", text)
    assert links == [f"my year-figure-{n}.png" for n in (1, 2, 3)]
    assert all((tmp_path / name).read_bytes().startswith(PNG) for name in links)


def test_without_charts_no_format_holds_a_picture(demo_database: Database, tmp_path: Path) -> None:
    paper = _year(demo_database, charts=False)
    assert paper.figures == ()
    assert len(docx.Document(str(writers.write(paper, tmp_path / "y.docx"))).inline_shapes) == 0
    assert pdf_images(writers.write(paper, tmp_path / "y.pdf")) == 0
    assert "<img" not in writers.write(paper, tmp_path / "y.html").read_text(encoding="utf-8")
    assert "![" not in writers.write(paper, tmp_path / "y.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".png") == []


def test_an_empty_period_s_charts_say_so_rather_than_show_bare_axes(demo_database: Database) -> None:
    paper = _year(demo_database, date(1990, 1, 1), date(1990, 12, 31))
    meetings = paper.figures[0]
    assert meetings.caption == "No held meetings are recorded from 1 Jan 1990 to 31 Dec 1990."
    canvas = Canvas()
    FigureCanvasAgg(canvas)
    axes = canvas.add_subplot()
    figures.draw(meetings, axes)
    assert [t.get_text() for t in axes.texts] == [NO_MEETINGS]
    assert list(axes.get_xticks()) == [] and not axes.patches  # no bars, no axis of quarters
    assert figures.png(meetings).startswith(PNG)


def test_a_chart_is_the_same_picture_each_time_and_names_no_software(demo_database: Database) -> None:
    figure = _year(demo_database).figures[0]
    first = figures.png(figure)
    assert first == figures.png(figure)
    assert b"Software" not in first and b"Matplotlib" not in first


def test_a_saved_year_report_with_charts_written_twice_is_the_same_file(
    demo_database: Database, tmp_path: Path
) -> None:
    paper = replace(_year(demo_database), saved_at=datetime(2007, 7, 16, 10, 30))
    for suffix in (".docx", ".pdf", ".html", ".md"):
        one = writers.write(paper, tmp_path / f"one{suffix}").read_bytes()
        two = writers.write(paper, tmp_path / f"two{suffix}").read_bytes()
        if suffix == ".md":  # the links name each file's own pictures
            one = one.replace(b"one-figure", b"two-figure")
        assert one == two, suffix


def test_the_brief_charts_its_meetings_and_its_stances(demo_database: Database, tmp_path: Path) -> None:
    paper = _brief(demo_database, "Home Office")
    meetings, stances = paper.figures
    assert meetings.chart == "meetings-per-quarter"
    assert f"{meetings.data.total} in all" in meetings.caption and meetings.data.total > 0
    assert stances.chart == figures.STANCE_HISTORY
    assert len(stances.data) == 5 and "5 in all" in stances.caption
    assert "Offender Management Bill" in stances.caption
    assert len(docx.Document(str(writers.write(paper, tmp_path / "b.docx"))).inline_shapes) == 2
    assert pdf_images(writers.write(paper, tmp_path / "b.pdf")) == 2

    # A body with no stance recorded: its meetings only, no empty chart of stances.
    ncrb = _brief(demo_database, "NCRB")
    assert [f.chart for f in ncrb.figures] == ["meetings-per-quarter"]


def test_stance_over_time_colours_each_stretch_by_the_stance_held(demo_database: Database) -> None:
    stances = _brief(demo_database, "Home Office").figures[1]
    canvas = Canvas()
    FigureCanvasAgg(canvas)
    axes = canvas.add_subplot()
    figures.draw(stances, axes)
    subjects = list(dict.fromkeys(r.subject for r in sorted(stances.data, key=lambda r: r.stated_on)))
    shown = [t.get_text() for t in axes.get_yticklabels()]
    assert len(shown) == len(subjects) and shown[0] == subjects[0]
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        s.label for s in Stance if any(r.stance is s for r in stances.data)
    ]
    assert len(axes.lines) == len(stances.data)  # one stretch per stance recorded


def test_no_stance_draws_a_message(demo_database: Database) -> None:
    canvas = Canvas()
    FigureCanvasAgg(canvas)
    axes = canvas.add_subplot()
    figures.draw_stance_history(axes, [])
    assert [t.get_text() for t in axes.texts] == [figures.NO_STANCES]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_chart_fits_the_text_column(demo_database: Database, tmp_path: Path, suffix: str) -> None:
    paper = _year(demo_database)
    written = writers.write(paper, tmp_path / f"year{suffix}")
    if suffix == ".docx":
        document = docx.Document(str(written))
        section = document.sections[0]
        column = section.page_width - section.left_margin - section.right_margin
        assert all(shape.width == column for shape in document.inline_shapes)
    else:
        document = pdfium.PdfDocument(written)
        try:
            for page in document:
                for o in page.get_objects():
                    if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                        left, _bottom, right, _top = o.get_bounds()
                        margin = 25 * 72 / 25.4  # the writer's 25 mm, in points
                        assert left == pytest.approx(margin, abs=1)
                        assert right == pytest.approx(page.get_width() - margin, abs=1)
        finally:
            document.close()


def test_the_bodies_heatmap_keys_whole_meetings(demo_database: Database) -> None:
    engaged = _year(demo_database).figures[2]
    canvas = Canvas(figsize=(6.3, 6.3 * engaged.aspect))
    FigureCanvasAgg(canvas)
    figures.draw(engaged, canvas.add_subplot())
    canvas.canvas.draw()
    key = canvas.axes[1]  # the colour bar
    ticks = [t for t in key.get_yticks() if key.get_ylim()[0] <= t <= key.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
