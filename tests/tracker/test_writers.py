"""The paper's four formats: what a reader sees in each, and files written whole or not at all."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from tracker.common.errors import DomainError
from tracker.reports import writers
from tracker.reports.paper import ContactOfficer, Entry, Paper, Section

CONTACT_LINE = "Contact Officer: Helen Murray Phone No: 020 7664 3266 Email: helen.murray@lga.gov.uk"
NCRB_TEXT = (
    "The LGA is one of the few external bodies represented on the National Crime Reduction Board,"
    " which is chaired by the Home Secretary.\n\n"
    "Cllr Kemp has made the point that the Board could be made more of a partnership forum."
)
RECESSION_TEXT = (
    "Cllr Graham Brown chaired the LGA’s conference on 23 April on “tackling crime in a recession”"
    " – tickets were £25."
)
CCTV_TEXT = "The government is taking forward the National CCTV Strategy."
FORMATS = [".docx", ".pdf", ".html", ".md"]


def safer_communities(**changes: object) -> Paper:
    paper = Paper(
        board="Safer Communities Board",
        item="Item x",
        date=date(2009, 6, 13),
        title="Meetings with outside bodies",
        summary=(
            "This paper is to inform the members of the Board of the activities that have been"
            " undertaken since the last meeting by Board members and officers."
        ),
        action="For Board members to note",
        contact=ContactOfficer("Helen Murray", "020 7664 3266", "helen.murray@lga.gov.uk"),
        sections=(
            Section(
                "Member activity",
                (
                    Entry("ncrb", "National Crime Reduction Board", NCRB_TEXT, (1, 2)),
                    Entry("recession", "Tackling Crime in a Recession", RECESSION_TEXT, (3,)),
                ),
            ),
            Section(
                "Officer activity", (Entry("cctv", "National CCTV Strategy Programme Board", CCTV_TEXT),)
            ),
        ),
        period_start=date(2009, 3, 14),
        period_end=date(2009, 6, 13),
    )
    return replace(paper, **changes)  # type: ignore[arg-type]


def with_entry_text(text: str) -> Paper:
    paper = safer_communities()
    member, officer = paper.sections
    return replace(paper, sections=(member, Section(officer.title, (Entry("x", "Odd characters", text),))))


EXPECTED_HEADINGS = [
    ("Heading 1", "Meetings with outside bodies"),
    ("Heading 2", "Summary"),
    ("Heading 2", "Action"),
    ("Heading 2", "Member activity"),
    ("Heading 3", "National Crime Reduction Board"),
    ("Heading 3", "Tackling Crime in a Recession"),
    ("Heading 2", "Officer activity"),
    ("Heading 3", "National CCTV Strategy Programme Board"),
]


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def written_text(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".pdf":
        return pdf_text(path)
    return path.read_text(encoding="utf-8")


# --- Choosing the format --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "opening"),
    [
        ("paper.docx", b"PK\x03\x04"),
        ("paper.pdf", b"%PDF-"),
        ("paper.html", b"<!DOCTYPE html>"),
        ("paper.md", "**Safer Communities Board** · Item x".encode()),
        ("PAPER.PDF", b"%PDF-"),
    ],
)
def test_write_chooses_the_format_from_the_suffix(tmp_path: Path, name: str, opening: bytes) -> None:
    target = tmp_path / name

    assert writers.write(safer_communities(), target) == target

    assert target.read_bytes().startswith(opening)
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("name", ["paper.txt", "paper.doc", "paper"])
def test_an_unknown_suffix_is_refused_naming_the_path_and_the_formats(tmp_path: Path, name: str) -> None:
    target = tmp_path / name

    with pytest.raises(DomainError) as refused:
        writers.write(safer_communities(), target)

    assert str(target) in refused.value.message
    for suffix in FORMATS:
        assert suffix in refused.value.message
    assert list(tmp_path.iterdir()) == []


# --- Word -----------------------------------------------------------------------------------------


def test_the_word_paper_uses_word_heading_styles_in_the_papers_order(tmp_path: Path) -> None:
    document = docx.Document(str(writers.write(safer_communities(), tmp_path / "paper.docx")))

    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert headings == EXPECTED_HEADINGS


def test_the_word_paper_is_a4_with_the_heading_block_and_the_text(tmp_path: Path) -> None:
    document = docx.Document(str(writers.write(safer_communities(), tmp_path / "paper.docx")))

    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width.mm == pytest.approx(210, abs=0.5)
    assert section.page_height.mm == pytest.approx(297, abs=0.5)
    for margin in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
        assert margin is not None and 15 <= margin.mm <= 30
    texts = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert texts[0] == ("Normal", "Safer Communities Board\tItem x")
    assert texts[1] == ("Normal", "13 June 2009")
    # The contact line follows the Action, and closes the paper.
    assert texts[texts.index(("Heading 2", "Action")) + 2] == ("Normal", CONTACT_LINE)
    assert texts[-1] == ("Normal", CONTACT_LINE)
    # The entry's text is split on its blank line into two Normal paragraphs under its heading.
    ncrb = texts.index(("Heading 3", "National Crime Reduction Board"))
    assert texts[ncrb + 1] == ("Normal", NCRB_TEXT.split("\n\n")[0])
    assert texts[ncrb + 2] == ("Normal", NCRB_TEXT.split("\n\n")[1])
    assert ("Normal", RECESSION_TEXT) in texts


def test_the_word_paper_says_who_wrote_it_and_what_it_is(tmp_path: Path) -> None:
    document = docx.Document(str(writers.write(safer_communities(), tmp_path / "paper.docx")))

    assert document.core_properties.title == "Meetings with outside bodies"
    assert document.core_properties.author == "Liaison"
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Safer Communities Board\tPage")
    assert 'w:instr="PAGE"' in footer._p.xml


def test_a_section_with_no_entries_says_there_was_no_activity(tmp_path: Path) -> None:
    paper = safer_communities()
    quiet = replace(paper, sections=(paper.sections[0], Section("Officer activity", ())))

    document = docx.Document(str(writers.write(quiet, tmp_path / "paper.docx")))

    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Officer activity") + 1] == "No activity to report."
    for suffix in (".pdf", ".html", ".md"):
        text = re.sub(r"<[^>]+>", " ", written_text(writers.write(quiet, tmp_path / f"paper{suffix}")))
        assert re.search(r"Officer activity\W+No activity to report\.", text), suffix


def test_a_line_break_inside_a_paragraph_is_kept(tmp_path: Path) -> None:
    paper = with_entry_text("Attended by:\nCllr Kemp\nCllr Witherick")

    document = docx.Document(str(writers.write(paper, tmp_path / "paper.docx")))
    html = writers.write(paper, tmp_path / "paper.html").read_text(encoding="utf-8")

    assert "Attended by:\nCllr Kemp\nCllr Witherick" in [p.text for p in document.paragraphs]
    assert "<p>Attended by:<br>Cllr Kemp<br>Cllr Witherick</p>" in html


def test_the_word_paragraphs_are_those_python_docx_would_write(tmp_path: Path) -> None:
    # The writer builds the body's paragraphs itself (python-docx's add_paragraph is slow at
    # thousands): tabs, spaces at the ends and line breaks come out as add_paragraph has them.
    paper = replace(
        with_entry_text("\tIndented\tand tabbed  \nsecond line\n\n  spaced & <marked>  "),
        sections=(Section("Member activity", (Entry("k", "  Heading\twith a tab ", "Text"),)),),
    )
    document = docx.Document(str(writers.write(paper, tmp_path / "paper.docx")))

    by_hand = docx.Document()
    expected = by_hand.add_paragraph("  Heading\twith a tab ", style="Heading 3")._p
    written = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Heading 3")
    assert written._p.xml == expected.xml
    texts = [p.text for p in document.paragraphs]
    assert "Text" in texts
    officer = with_entry_text("\tIndented\tand tabbed  \nsecond line\n\n  spaced & <marked>  ")
    texts = [p.text for p in docx.Document(str(writers.write(officer, tmp_path / "o.docx"))).paragraphs]
    assert "Indented\tand tabbed\nsecond line" in texts
    assert "spaced & <marked>" in texts


# --- PDF ------------------------------------------------------------------------------------------


def test_the_pdf_first_page_is_an_a4_page_with_print_on_it(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(writers.write(safer_communities(), tmp_path / "paper.pdf"))
    try:
        page = pdf[0]
        width, height = page.get_size()
        bitmap = page.render(scale=1, grayscale=True)
        pixels = bytes(bitmap.buffer)
        stride, shape = bitmap.stride, (bitmap.width, bitmap.height)
    finally:
        pdf.close()

    assert (width / 72 * 25.4, height / 72 * 25.4) == (pytest.approx(210, abs=1), pytest.approx(297, abs=1))
    rows = (pixels[row * stride : row * stride + shape[0]] for row in range(shape[1]))
    inked = sum(1 for row in rows for value in row if value < 200)
    share = inked / (shape[0] * shape[1])
    assert 0.015 < share < 0.3, f"{share:.1%} of the page is inked"


def test_the_pdf_text_has_the_headings_the_contact_line_and_the_special_characters(tmp_path: Path) -> None:
    text = pdf_text(writers.write(safer_communities(), tmp_path / "paper.pdf"))

    flat = " ".join(text.split())
    positions = [flat.find(heading) for _, heading in EXPECTED_HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    assert flat.count(CONTACT_LINE) == 2
    assert "Safer Communities Board" in flat and "Item x" in flat and "13 June 2009" in flat
    assert "Page 1" in flat
    assert "LGA’s conference on 23 April on “tackling crime in a recession” – tickets were £25." in flat


def test_the_pdf_prints_reportlab_markup_characters_as_text(tmp_path: Path) -> None:
    paper = with_entry_text("R&D <b>not bold</b> <script>alert(1)</script> & a > b")

    text = pdf_text(writers.write(paper, tmp_path / "paper.pdf"))

    assert "R&D <b>not bold</b> <script>alert(1)</script> & a > b" in " ".join(text.split())


def test_letters_the_pdf_font_lacks_fall_back_to_their_plain_form(tmp_path: Path) -> None:
    paper = with_entry_text("Cllr Łukasz Dvořák visited Łódź.")

    text = pdf_text(writers.write(paper, tmp_path / "paper.pdf"))

    assert "Cllr Lukasz Dvorák visited Lódz." in text  # ó and á are in the font, and stay


def test_no_pdf_page_ends_on_a_heading(tmp_path: Path) -> None:
    sentence = "Members discussed how councils and the police could work together on the target. "
    entries = tuple(
        Entry(f"e{n}", f"Outside body number {n}", sentence * (2 + (n * 7) % 11) + "\n\n" + sentence * 3)
        for n in range(24)
    )
    sections = (Section("Member activity", entries[:12]), Section("Officer activity", entries[12:]))
    paper = safer_communities(sections=sections)
    headings = {entry.heading for entry in entries} | {"Member activity", "Officer activity"}

    pdf = pdfium.PdfDocument(writers.write(paper, tmp_path / "paper.pdf"))
    try:
        pages = [pdf[i].get_textpage().get_text_range().splitlines() for i in range(len(pdf))]
    finally:
        pdf.close()

    assert len(pages) > 3
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1].strip() not in headings, f"page {number} ends on the heading {lines[-1]!r}"
    assert sum(line.strip() in headings for lines in pages for line in lines) == len(headings)


# --- HTML and Markdown ----------------------------------------------------------------------------


def test_the_web_page_has_the_headings_in_order_and_escapes_the_text(tmp_path: Path) -> None:
    paper = with_entry_text('Beware <script>alert("x")</script> & co')

    page = writers.write(paper, tmp_path / "paper.html").read_text(encoding="utf-8")

    headings = re.findall(r"<h([123])>(.*?)</h\1>", page)
    assert headings[:7] == [(style[-1], text) for style, text in EXPECTED_HEADINGS[:7]]
    assert headings[7] == ("3", "Odd characters")
    assert '<meta charset="utf-8">' in page
    assert "Beware &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "<script" not in page
    assert "<style>" in page and "<link" not in page  # self-contained
    assert page.count(CONTACT_LINE) == 2


def test_the_web_page_keeps_curly_quotes_and_the_pound_sign(tmp_path: Path) -> None:
    page = writers.write(safer_communities(), tmp_path / "paper.html").read_text(encoding="utf-8")

    assert "“tackling crime in a recession” – tickets were £25." in page


def test_the_markdown_has_the_headings_in_order(tmp_path: Path) -> None:
    text = writers.write(safer_communities(), tmp_path / "paper.md").read_text(encoding="utf-8")

    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [f"{'#' * int(style[-1])} {heading}" for style, heading in EXPECTED_HEADINGS]
    assert text.count(CONTACT_LINE) == 2
    assert NCRB_TEXT in text  # the blank line between its paragraphs is kept


def test_the_markdown_escapes_what_markdown_would_misread(tmp_path: Path) -> None:
    odd = "\n".join(
        [
            "<script>alert(1)</script>",
            "# not a heading",
            "- not a list",
            "+ nor this",
            "* nor this",
            "1. not numbered",
            "> not a quote",
            "a *not emphasised* word",
            "R&D &amp; snake_case",
        ]
    )

    text = writers.write(with_entry_text(odd), tmp_path / "paper.md").read_text(encoding="utf-8")

    assert not re.search(r"(?<!\\)<", text), "an unescaped < would open raw HTML"
    for escaped in [
        "\\<script>",
        "\\# not a heading",
        "\\- not a list",
        "\\+ nor this",
        "\\* nor this",
        "1\\. not numbered",
        "\\> not a quote",
        "a \\*not emphasised\\* word",
        "R&D \\&amp; snake_case",
    ]:
        assert escaped in text


def test_the_escaped_markdown_renders_back_to_the_text_typed(tmp_path: Path) -> None:
    import markdown_it

    odd = [
        "<script>alert(1)</script>",
        "# not a heading",
        "- not a list",
        "1. not numbered",
        "> not a quote",
        "a *not emphasised* word",
        "R&D &amp; snake_case",
    ]

    text = writers.write(with_entry_text("\n".join(odd)), tmp_path / "paper.md").read_text(encoding="utf-8")
    rendered = markdown_it.MarkdownIt("commonmark").render(text)

    assert "<script>" not in rendered and "<ul>" not in rendered and "<ol>" not in rendered
    assert "<blockquote>" not in rendered and "<em>" not in rendered
    assert len(re.findall("<h1>", rendered)) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br />\n# not a heading<br />\n- not a list" in rendered
    assert "R&amp;D &amp;amp; snake_case" in rendered


# --- What never reaches a written paper -------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_count_of_confidential_meetings_is_never_written(tmp_path: Path, suffix: str) -> None:
    plain = written_text(writers.write(safer_communities(), tmp_path / f"plain{suffix}"))
    counted = written_text(
        writers.write(safer_communities(left_out_confidential=7), tmp_path / f"counted{suffix}")
    )

    assert counted == plain
    assert "confidential" not in counted.lower()


# --- Progress -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_progress_counts_the_entries_as_they_are_written(tmp_path: Path, suffix: str) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))

    writers.write(safer_communities(), tmp_path / f"paper{suffix}", progress)

    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


# --- Whole or not at all --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_missing_folder_is_reported_and_nothing_is_written(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / "no such folder" / f"paper{suffix}"

    with pytest.raises(DomainError) as refused:
        writers.write(safer_communities(), target)

    assert refused.value.message.startswith(f"cannot write {target}: ")
    assert "does not exist" in refused.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "paper.md").mkdir()

    with pytest.raises(DomainError, match="it is a folder"):
        writers.write(safer_communities(), tmp_path / "paper.md")

    assert [p.name for p in tmp_path.iterdir()] == ["paper.md"]


def test_a_folder_the_user_cannot_write_in_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(file: Path, mode: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(file))

    # Stands in for a read-only folder, which the test above cannot make when run as root.
    monkeypatch.setattr(writers, "open", denied, raising=False)

    target = tmp_path / "paper.html"
    with pytest.raises(DomainError) as refused:
        writers.write(safer_communities(), target)

    reason = f"you do not have permission to write in the folder {tmp_path}"
    assert refused.value.message == f"cannot write {target}: {reason}"


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_failure_part_way_leaves_the_earlier_file_as_it_was(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"paper{suffix}"
    target.write_bytes(b"the paper as it was")

    def fail_at_the_second_entry(done: int, total: int) -> None:
        if done == 2:
            raise RuntimeError("the disk went away")

    with pytest.raises(DomainError) as failed:
        writers.write(safer_communities(), target, fail_at_the_second_entry)

    assert failed.value.message == f"cannot write {target}: the disk went away"
    assert target.read_bytes() == b"the paper as it was"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_failure_at_the_last_step_leaves_the_earlier_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"paper{suffix}"
    target.write_bytes(b"the paper as it was")
    replaced: list[tuple[str, str]] = []

    def disk_full(source: str, destination: str) -> None:
        replaced.append((os.fspath(source), os.fspath(destination)))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers.os, "replace", disk_full)

    with pytest.raises(DomainError, match="the disk is full"):
        writers.write(safer_communities(), target)

    assert target.read_bytes() == b"the paper as it was"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    # It wrote beside the target, so that the replace is a rename within one folder.
    assert len(replaced) == 1 and Path(replaced[0][0]).parent == tmp_path
    assert replaced[0][1] == os.fspath(target)


def test_a_target_held_open_elsewhere_is_reported_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "paper.docx"
    target.write_bytes(b"the paper as it was")

    def locked(source: str, destination: str) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")  # as Windows says while Word has it open

    monkeypatch.setattr(writers.os, "replace", locked)

    with pytest.raises(DomainError, match="open in another program"):
        writers.write(safer_communities(), target)

    assert target.read_bytes() == b"the paper as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.docx"]


def test_a_successful_write_replaces_the_earlier_file(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("the paper as it was", encoding="utf-8")

    writers.write(safer_communities(), target)

    assert target.read_text(encoding="utf-8").startswith("**Safer Communities Board**")
    assert [p.name for p in tmp_path.iterdir()] == ["paper.md"]
