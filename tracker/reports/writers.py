"""Writes a board paper to a .docx, .pdf, .html or .md file, whole or not at all."""

from __future__ import annotations

import base64
import contextlib
import errno
import html
import io
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from tracker.common.dates import long_date
from tracker.common.errors import DomainError
from tracker.common.text import cleaned
from tracker.reports.paper import Figure, Paper

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.shared import Length

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` while entries are written: (0, total) first, then once per entry."""

AUTHOR = "Liaison"
NO_ACTIVITY = "No activity to report."
SUFFIXES: tuple[str, ...] = (".docx", ".pdf", ".html", ".md")


def write(paper: Paper, path: Path, progress: Progress | None = None) -> Path:
    """Write `paper` to `path` in the format its suffix names; DomainError if it cannot."""
    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        accepted = f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}"
        raise DomainError(f"cannot write {path}: Liaison writes {accepted} files, not {given}")
    return writer(paper, path, progress)


def to_docx(paper: Paper, path: Path, progress: Progress | None = None) -> Path:
    """A Word document in Word's own heading styles: on A4, or in the paper's template (.docx or
    .dotx), whose styles, page set-up, header and footer it keeps, so it drops into the board pack."""
    paper = _as_written(paper)  # an older database may hold a control character, which XML cannot
    template = _template(paper.template) if paper.template else None
    return write_whole(path, lambda stream: _render_docx(paper, stream, _counter(paper, progress), template))


def to_pdf(paper: Paper, path: Path, progress: Progress | None = None) -> Path:
    """An A4 PDF in Helvetica, with the board's name and the page number in the footer."""
    paper = _as_written(paper)
    return write_whole(path, lambda stream: _render_pdf(paper, stream, _counter(paper, progress)))


def to_html(paper: Paper, path: Path, progress: Progress | None = None) -> Path:
    """One self-contained UTF-8 web page that also prints on A4."""
    paper = _as_written(paper)
    return write_whole(path, lambda stream: _render_html(paper, stream, _counter(paper, progress)))


def to_markdown(paper: Paper, path: Path, progress: Progress | None = None) -> Path:
    """CommonMark, with the typed text escaped only where Markdown would misread it."""
    paper = _as_written(paper)

    def render(stream: IO[bytes]) -> None:
        pictures = _md_pictures(paper, path)
        _render_markdown(paper, stream, _counter(paper, progress), pictures)

    return write_whole(path, render)


def _as_written(paper: Paper) -> Paper:
    """The paper cleaned of control characters, its paragraphs numbered if the board numbers them
    (the summary's and every entry's, one count through the paper, as the 2007 papers do)."""
    paper = cleaned(paper)
    if not paper.numbered:
        return paper
    number = 0

    def numbered(text: str) -> str:
        nonlocal number
        blocks = []
        for lines in _paragraphs(text):
            number += 1
            blocks.append(f"{number}. " + "\n".join(lines))
        return "\n\n".join(blocks)

    summary = numbered(paper.summary)
    sections = tuple(
        replace(part, entries=tuple(replace(e, text=numbered(e.text)) for e in part.entries))
        for part in paper.sections
    )
    return replace(paper, summary=summary, sections=sections)


_WRITERS: dict[str, Callable[[Paper, Path, Progress | None], Path]] = {
    ".docx": to_docx,
    ".pdf": to_pdf,
    ".html": to_html,
    ".md": to_markdown,
}


# --- Whole or not at all ------------------------------------------------------------------------


def write_whole(path: Path, render: Callable[[IO[bytes]], None]) -> Path:
    """Render into a new file beside `path`, then put it in `path`'s place in one step."""
    if path.is_dir():
        raise DomainError(f"cannot write {path}: it is a folder")
    # In the same folder, so that os.replace is a rename within one file system, which is atomic.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        stream = open(temporary, "xb")  # noqa: SIM115 (closed by the with below, before the replace)
    except OSError as error:
        raise DomainError(f"cannot write {path}: {_reason(error, path)}") from error
    replaced = False
    try:
        with stream:
            render(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(temporary, path)
        except PermissionError as error:  # Windows, while Word or a PDF reader holds the file
            reason = "the file is read-only or open in another program; close it and try again"
            raise DomainError(f"cannot write {path}: {reason}") from error
        replaced = True
    except DomainError:
        raise
    except Exception as error:
        raise DomainError(f"cannot write {path}: {_reason(error, path)}") from error
    finally:
        if not replaced:
            _discard(temporary)
    return path


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):  # the error that brought us here is the one to report
        temporary.unlink(missing_ok=True)


def _reason(error: Exception, path: Path) -> str:
    folder = path.parent
    if isinstance(error, OSError):
        if not folder.is_dir():
            if folder.exists():
                return f"{folder} is a file, not a folder"
            return f"the folder {folder} does not exist"
        if isinstance(error, PermissionError):
            return f"you do not have permission to write in the folder {folder}"
        if error.errno == errno.ENOSPC:
            return "the disk is full"
        if error.errno == errno.ENAMETOOLONG:
            return "the file name is too long"
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def _counter(paper: Paper, progress: Progress | None) -> Callable[[], None]:
    """Reports (0, total) now; each call of the returned function reports one more entry written."""
    total = sum(len(section.entries) for section in paper.sections)
    done = 0
    if progress is not None:
        progress(0, total)

    def one_more() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return one_more


# --- Text shared by every format ----------------------------------------------------------------


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (it breaks on blank lines), each as its lines (single line breaks kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = re.split(r"\n[ \t]*\n", text)
    return [[line.strip() for line in block.split("\n")] for block in blocks if block.strip()]


def _pictures(paper: Paper, width_inches: float) -> list[tuple[Figure, bytes]]:
    """Each of the paper's charts with its PNG, drawn `width_inches` wide (the text's width, so
    that its lettering prints at the size it was drawn)."""
    if not paper.figures:
        return []
    from tracker.reports import figures

    return [(figure, figures.png(figure, width_inches)) for figure in paper.figures]


# --- Word -----------------------------------------------------------------------------------------


_TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _template(name: str) -> bytes:
    """The Word template's package as a document's: a .dotx differs from a .docx only in its main
    part's content type, which python-docx reads as "not a Word file", so it is changed here."""
    path = Path(name).expanduser()
    if path.suffix.lower() not in (".docx", ".dotx"):
        raise DomainError(f"cannot use {path} as the template: it is not a Word .docx or .dotx file")
    try:
        source = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise DomainError(f"cannot use {path} as the template: there is no such file") from error
    except (OSError, zipfile.BadZipFile) as error:
        raise DomainError(f"cannot use {path} as the template: it is not a Word file ({error})") from error
    package = io.BytesIO()
    with source, zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as copy:
        names = source.namelist()
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise DomainError(f"cannot use {path} as the template: it is not a Word file")
        for member in names:
            data = source.read(member)
            if member == "[Content_Types].xml":
                data = data.replace(_TEMPLATE_MAIN, _DOCUMENT_MAIN)
            copy.writestr(member, data)
    return package.getvalue()


def _fixed_times(package: bytes, when: datetime) -> bytes:
    """The package again with every part stamped `when`, so that the same paper saved at the same
    time is the same file, byte for byte (a zip otherwise records the second it was written)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(fixed, "w") as copy:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            copy.writestr(member, source.read(info.filename))
    return fixed.getvalue()


def _render_docx(
    paper: Paper, stream: IO[bytes], entry_written: Callable[[], None], template: bytes | None = None
) -> None:
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    if template is None:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(20)
    else:
        # The template's own page set-up, styles, header and footer; its sample text goes.
        document = docx.Document(io.BytesIO(template))
        body_element = document.element.body
        for child in list(body_element):
            if child.tag != body_element.get_or_add_sectPr().tag:
                body_element.remove(child)
        section = document.sections[0]
    # A template's section may leave a size unset (Word then takes its own default, US Letter).
    width = section.page_width or Mm(216)
    text_width = Mm((width - (section.left_margin or 0) - (section.right_margin or 0)) / Mm(1))

    masthead = document.add_paragraph(style=_style_or_normal(document, "Normal"))
    masthead.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    masthead.add_run(f"{paper.board}\t{paper.item}").bold = True
    masthead.paragraph_format.space_after = Pt(2)

    body = _WordBody(document)
    body.add(long_date(paper.date), "Normal")
    body.add(paper.title, "Heading 1")
    _docx_headed(body, "Summary", paper.summary)
    _docx_headed(body, paper.action_heading, paper.action)
    _docx_contact(body, paper)

    for part in paper.sections:
        body.add(part.title, "Heading 2")
        if not part.entries:
            body.add(NO_ACTIVITY, "Normal")
        for entry in part.entries:
            body.add(entry.heading, "Heading 3")
            _docx_text(body, entry.text)
            entry_written()
    _docx_figures(document, body, paper, text_width)
    _docx_contact(body, paper)
    if template is None:
        _docx_footer(document, paper.board, text_width)

    written = paper.saved_at.replace(tzinfo=UTC) if paper.saved_at else datetime.now(UTC)
    properties = document.core_properties
    properties.title = paper.title
    properties.subject = paper.board
    properties.author = properties.last_modified_by = AUTHOR
    properties.created = properties.modified = written.replace(microsecond=0)
    properties.revision = 1
    if paper.saved_at is None:
        document.save(stream)
        return
    package = io.BytesIO()
    document.save(package)
    stream.write(_fixed_times(package.getvalue(), paper.saved_at))


def _style_or_normal(document: WordDocument, name: str) -> str | None:
    """A template may lack one of Word's built-in styles; its text then takes the default style."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        document.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    except KeyError:
        return None
    return name


class _WordBody:
    """Adds paragraphs at the end of a Word document's body, as python-docx's add_paragraph does
    (the same XML), without its per-paragraph costs, which made a year's paper of a few thousand
    entries take several times longer than its text needs: add_paragraph looks the style up by name
    among all the template's styles and searches the growing body for its section properties each
    time. Here each style's id is resolved once and each paragraph goes straight before them."""

    def __init__(self, document: WordDocument) -> None:
        self._styles = document.part.styles
        self._end = document.element.body.get_or_add_sectPr()
        self._style_ids: dict[str, str | None] = {}

    def add(self, text: str, style: str) -> CT_P:
        """A paragraph of `text` in one run, in the paragraph style named `style`."""
        paragraph = self.paragraph(style)
        if text:
            _docx_run(paragraph, text)
        return paragraph

    def paragraph(self, style: str) -> CT_P:
        """An empty paragraph in the paragraph style named `style`."""
        from docx.oxml import OxmlElement

        if style not in self._style_ids:
            from docx.enum.style import WD_STYLE_TYPE

            # None for the document's default paragraph style ("Normal"), as python-docx has it, and
            # for a style a template lacks (its text then takes the template's default).
            try:
                self._style_ids[style] = self._styles.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            except KeyError:
                self._style_ids[style] = None
        paragraph = cast("CT_P", OxmlElement("w:p"))
        paragraph.style = self._style_ids[style]
        self._end.addprevious(paragraph)
        return paragraph


def _docx_run(paragraph: CT_P, text: str) -> CT_R:
    """A run of `text` at the end of `paragraph`: python-docx's Run.text, which turns tabs and line
    breaks into Word's elements, but plain text straight into one <w:t>, as that ends up."""
    run = paragraph.add_r()
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
    else:
        run.add_t(text)
    return run


def _docx_headed(body: _WordBody, heading: str, text: str) -> None:
    body.add(heading, "Heading 2")
    _docx_text(body, text)


def _docx_text(body: _WordBody, text: str) -> None:
    for lines in _paragraphs(text):
        paragraph = body.paragraph("Normal")
        for number, line in enumerate(lines):
            run = _docx_run(paragraph, line) if line else paragraph.add_r()
            if number < len(lines) - 1:
                run.add_br()


def _docx_figures(document: WordDocument, body: _WordBody, paper: Paper, text_width: Length) -> None:
    """The charts under their heading, each titled, as wide as the text, its caption below."""
    from docx.text.paragraph import Paragraph

    pictures = _pictures(paper, text_width.inches)
    if not pictures:
        return
    body.add(paper.figures_heading, "Heading 2")
    for figure, png in pictures:
        body.add(figure.title, "Heading 3")
        picture = Paragraph(body.paragraph("Normal"), document._body)
        picture.paragraph_format.keep_with_next = True  # the caption goes with its chart
        picture.add_run().add_picture(io.BytesIO(png), width=text_width)
        body.add(figure.caption, "Caption")


def _docx_contact(body: _WordBody, paper: Paper) -> None:
    if paper.contact is not None:
        body.add(paper.contact.line, "Normal")


def _docx_footer(document: WordDocument, board: str, text_width: Length) -> None:
    """The board's name on the left and "Page N" on the right, N being Word's own page field."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]
    tabs = paragraph.paragraph_format.tab_stops
    style_tabs = paragraph.style.paragraph_format.tab_stops if paragraph.style is not None else []
    for inherited in style_tabs:  # the template's tabs are set for US Letter; A4 text is narrower
        tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{board}\tPage ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    shown = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "1"
    shown.append(number)
    field.append(shown)
    paragraph._p.append(field)


# --- PDF ------------------------------------------------------------------------------------------

# Helvetica is one of the PDF standard fonts: nothing to embed, and it reads WinAnsi (cp1252), which
# has curly quotes, dashes and the pound sign. Letters outside it would print as a black box, so
# they fall back to their unaccented form ("Łódź" -> "Lódz") rather than vanish.
_BASE_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i"})

_PDF_INK, _PDF_ACCENT, _PDF_QUIET, _PDF_RULE = "#1a1a1a", "#1f3a5f", "#555555", "#9aa5b1"


def _winansi(text: str) -> str:
    def fold(character: str) -> str:
        try:
            character.encode("cp1252")
            return character
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", character.translate(_BASE_LETTERS))
            base = "".join(c for c in base if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                return character  # reportlab may still find it in Symbol or ZapfDingbats
            return base or character

    return "".join(fold(c) for c in text)


def _pdf_markup(text: str) -> str:
    """Plain text as reportlab's paragraph mark-up, which reads &, < and > as its own."""
    return html.escape(_winansi(text), quote=False)


def _pdf_styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, accent, quiet = (colors.HexColor(c) for c in (_PDF_INK, _PDF_ACCENT, _PDF_QUIET))
    body = ParagraphStyle(
        "Body", fontName="Helvetica", fontSize=10.5, leading=15, textColor=ink, spaceAfter=7, allowWidows=0
    )
    bold = ParagraphStyle("Bold", parent=body, fontName="Helvetica-Bold")
    return {
        "body": body,
        "board": ParagraphStyle("Board", parent=bold, fontSize=11, spaceAfter=0),
        "item": ParagraphStyle("Item", parent=bold, fontSize=11, spaceAfter=0, alignment=TA_RIGHT),
        "date": ParagraphStyle("Date", parent=body, textColor=quiet, spaceAfter=0),
        "title": ParagraphStyle("Title", parent=bold, fontSize=20, leading=24, spaceBefore=22, spaceAfter=8),
        "heading2": ParagraphStyle(
            "Heading2",
            parent=bold,
            fontSize=13.5,
            leading=17,
            textColor=accent,
            spaceBefore=16,
            spaceAfter=6,
        ),
        "heading3": ParagraphStyle(
            "Heading3", parent=bold, fontSize=11, leading=14.5, spaceBefore=10, spaceAfter=3
        ),
        "caption": ParagraphStyle(
            "Caption", parent=body, fontSize=9.5, leading=13.5, textColor=quiet, spaceBefore=4, spaceAfter=10
        ),
        "contact": ParagraphStyle(
            "Contact", parent=body, fontSize=9.5, leading=13.5, textColor=quiet, spaceBefore=4
        ),
    }


def _render_pdf(paper: Paper, stream: IO[bytes], entry_written: Callable[[], None]) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import inch, mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer
    from reportlab.platypus.flowables import CallerMacro, CondPageBreak, HRFlowable, Image, KeepTogether
    from reportlab.platypus.tables import Table, TableStyle

    styles = _pdf_styles()
    margin = 25 * mm
    width = A4[0] - 2 * margin

    def para(text: str, style: str) -> Any:
        return Paragraph(_pdf_markup(text), styles[style])

    def paragraphs(text: str) -> list[Any]:
        return [
            Paragraph("<br/>".join(_pdf_markup(line) for line in lines), styles["body"])
            for lines in _paragraphs(text)
        ]

    def rule(before: float, after: float) -> Any:
        line = colors.HexColor(_PDF_RULE)
        return HRFlowable(width="100%", thickness=0.6, color=line, spaceBefore=before, spaceAfter=after)

    contact = [para(paper.contact.line, "contact")] if paper.contact is not None else []
    no_padding = [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    masthead = Table(
        [[para(paper.board, "board"), para(paper.item, "item")]],
        colWidths=[width - 45 * mm, 45 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *no_padding]),
    )

    def kept_with_text(headings: list[Any], text: list[Any]) -> list[Any]:
        """Headings and the first paragraph under them start a new page together when there is no
        room for both; a long paragraph may start at a page's foot once a few lines of it fit."""
        first = [*headings, *text[:1]]
        height = sum(f.wrap(width, A4[1])[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in first)
        return [CondPageBreak(min(height, 40 * mm)), *first, *text[1:]]

    story: list[Any] = [masthead, para(long_date(paper.date), "date"), rule(8, 0), para(paper.title, "title")]
    for heading, text in (("Summary", paper.summary), (paper.action_heading, paper.action)):
        story += kept_with_text([para(heading, "heading2")], paragraphs(text))
    story += contact

    for part in paper.sections:
        lead = [para(part.title, "heading2")]  # a section's title goes with its first entry
        if not part.entries:
            story += kept_with_text(lead, [para(NO_ACTIVITY, "body")])
        for entry in part.entries:
            story += kept_with_text([*lead, para(entry.heading, "heading3")], paragraphs(entry.text))
            lead = []
            # Counts the entry when the layout reaches it, which is where a PDF's time goes.
            story.append(CallerMacro(drawCallable=lambda _flowable: entry_written()))
    lead = [para(paper.figures_heading, "heading2")]
    for figure, png in _pictures(paper, width / inch):
        chart = Image(io.BytesIO(png), width=width, height=width * figure.aspect)
        titled = [*lead, para(figure.title, "heading3"), chart, para(figure.caption, "caption")]
        story.append(KeepTogether(titled))  # a chart never parts from its title and caption
        lead = []
    if contact:
        story += [CondPageBreak(20 * mm), Spacer(0, 10), rule(0, 4), *contact]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor(_PDF_QUIET))
        canvas.drawString(margin, 12 * mm, _winansi(paper.board))
        canvas.drawRightString(A4[0] - margin, 12 * mm, f"Page {document.page}")
        canvas.restoreState()

    top, bottom = 20 * mm, 22 * mm
    # No padding inside the frame, so the text, the masthead's table and the footer share one margin.
    frame = Frame(
        margin,
        bottom,
        width,
        A4[1] - top - bottom,
        leftPadding=0,
        bottomPadding=0,
        rightPadding=0,
        topPadding=0,
        id="text",
    )
    document = BaseDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=top,
        bottomMargin=bottom,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPage=footer)],
        title=paper.title,
        author=AUTHOR,
        subject=paper.board,
        creator=AUTHOR,
        lang="en-GB",
        # A saved paper written twice is the same file: no time stamp or random id in it.
        invariant=1 if paper.saved_at is not None else None,
    )
    document.build(story)


# --- HTML -----------------------------------------------------------------------------------------

_CSS = """
body { font: 11pt/1.5 Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 44em; margin: 2.5em auto;
       padding: 0 1.5em; }
header { border-bottom: 1px solid #9aa5b1; padding-bottom: .6em; }
.masthead { width: 100%; border-collapse: collapse; font-weight: bold; margin: 0; }
.masthead td { padding: 0; }
.masthead .item { text-align: right; }
.date { color: #555; margin: .2em 0 0; }
h1 { font-size: 1.8em; line-height: 1.2; margin: 1.1em 0 .4em; }
h2 { font-size: 1.3em; color: #1f3a5f; margin: 1.5em 0 .4em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .25em; }
p { margin: 0 0 .65em; }
.contact { color: #555; font-size: .95em; }
figure { margin: 1em 0 1.5em; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .95em; }
footer { border-top: 1px solid #9aa5b1; margin-top: 2em; padding-top: .6em; }
@page { size: A4; margin: 20mm 25mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  p { orphans: 3; widows: 3; }
}
"""


NEEDS_SUMMARY = "needs a summary"


def html_text(paper: Paper, *, marks: bool = False) -> str:
    """The paper as the HTML a preview shows: the same page the .html file holds; with `marks`, an
    entry drafted from no more than its title, body and date is marked as needing a summary."""
    stream = io.BytesIO()
    _render_html(_as_written(paper), stream, lambda: None, marks=marks)
    return stream.getvalue().decode("utf-8")


def _html_text(text: str, indent: str = "") -> str:
    return "".join(
        f"{indent}<p>{'<br>'.join(html.escape(line) for line in lines)}</p>\n" for lines in _paragraphs(text)
    )


HTML_PICTURE_WIDTH = 600  # pixels on screen; the picture itself is drawn for print, twice as fine


def _html_figures(paper: Paper, put: Callable[[str], None]) -> None:
    """The charts as pictures inside the page itself (data: addresses), so the page stays one file."""
    pictures = _pictures(paper, 6.3)
    if not pictures:
        return
    e = html.escape
    put(f"<section>\n<h2>{e(paper.figures_heading)}</h2>\n")
    for figure, png in pictures:
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        put(
            f"<figure>\n  <h3>{e(figure.title)}</h3>\n"
            f'  <img src="{source}" alt="{e(figure.title)}" width="{HTML_PICTURE_WIDTH}">\n'
            f"  <figcaption>{e(figure.caption)}</figcaption>\n</figure>\n"
        )
    put("</section>\n")


def _render_html(
    paper: Paper, stream: IO[bytes], entry_written: Callable[[], None], *, marks: bool = False
) -> None:
    def put(text: str) -> None:
        stream.write(text.encode("utf-8"))

    e = html.escape
    contact = f'<p class="contact">{e(paper.contact.line)}</p>\n' if paper.contact is not None else ""
    put(
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="author" content="{AUTHOR}">\n'
        f"<title>{e(paper.title)} – {e(paper.board)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        # A two-cell table, not flexbox: Qt's rich text (the preview) and Word's HTML import read tables.
        '<header>\n<table class="masthead" width="100%" cellspacing="0" cellpadding="0">'
        f"<tr><td>{e(paper.board)}</td>"
        f'<td class="item" align="right">{e(paper.item)}</td></tr></table>\n'
        f'<p class="date">{e(long_date(paper.date))}</p>\n</header>\n<main>\n'
        f"<h1>{e(paper.title)}</h1>\n"
        f"<h2>Summary</h2>\n{_html_text(paper.summary)}"
        f"<h2>{e(paper.action_heading)}</h2>\n{_html_text(paper.action)}{contact}"
    )
    for part in paper.sections:
        put(f"<section>\n<h2>{e(part.title)}</h2>\n")
        if not part.entries:
            put(f"<p>{NO_ACTIVITY}</p>\n")
        for entry in part.entries:
            mark = (
                f' <span class="mark" style="color:#a33;font-weight:normal">({NEEDS_SUMMARY})</span>'
                if marks and entry.needs_summary
                else ""
            )
            put(f"<article>\n  <h3>{e(entry.heading)}{mark}</h3>\n{_html_text(entry.text, '  ')}</article>\n")
            entry_written()
        put("</section>\n")
    _html_figures(paper, put)
    put("</main>\n")
    if contact:
        put(f"<footer>\n{contact}</footer>\n")
    put("</body>\n</html>\n")


# --- Markdown -------------------------------------------------------------------------------------

# Inline: characters that start emphasis, code, links or raw HTML. An underscore only counts at a
# word's edge, and an ampersand only before what would read as an entity ("&amp;").
_MD_INLINE = re.compile(r"[\\`*<\[]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?\w+;)")
# At a line's start: headings, lists, quotes, setext underlines and fences.
_MD_LINE_START = re.compile(r"^(?:[#+\->=~]|(\d+)(?=[.)]))")


def _md_escape(line: str) -> str:
    line = _MD_INLINE.sub(lambda m: "\\" + m.group(0), line)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\" if m.group(1) else "\\" + m.group(0), line)


def _md_heading(level: int, text: str) -> str:
    # A closing run of #s would be read as part of the heading's mark-up and dropped.
    escaped = re.sub(r"#+$", lambda m: "\\" + m.group(0), _MD_INLINE.sub(lambda m: "\\" + m.group(0), text))
    return f"{'#' * level} {' '.join(escaped.split())}\n\n"


def _md_text(text: str) -> str:
    # A backslash at a line's end is CommonMark's line break inside a paragraph.
    return "".join("\\\n".join(_md_escape(line) for line in lines) + "\n\n" for lines in _paragraphs(text))


def _bytes_writer(data: bytes) -> Callable[[IO[bytes]], None]:
    def put(stream: IO[bytes]) -> None:
        stream.write(data)

    return put


def _md_pictures(paper: Paper, path: Path) -> list[str]:
    """Writes each chart as a PNG beside the Markdown file ("<name>-figure-1.png", ...), each whole,
    before the Markdown itself, and returns their file names for its links."""
    names = []
    for number, (_figure, png) in enumerate(_pictures(paper, 6.3), start=1):
        picture = path.with_name(f"{path.stem}-figure-{number}.png")
        write_whole(picture, _bytes_writer(png))
        names.append(picture.name)
    return names


def _render_markdown(
    paper: Paper, stream: IO[bytes], entry_written: Callable[[], None], pictures: list[str] | None = None
) -> None:
    def put(text: str) -> None:
        stream.write(text.encode("utf-8"))

    contact = _md_text(paper.contact.line) if paper.contact is not None else ""
    put(
        f"**{_md_escape(paper.board)}**{f' · {_md_escape(paper.item)}' if paper.item else ''}\n\n"
        f"{long_date(paper.date)}\n\n"
        + _md_heading(1, paper.title)
        + _md_heading(2, "Summary")
        + _md_text(paper.summary)
        + _md_heading(2, paper.action_heading)
        + _md_text(paper.action)
        + contact
    )
    for part in paper.sections:
        put(_md_heading(2, part.title))
        if not part.entries:
            put(f"{NO_ACTIVITY}\n\n")
        for entry in part.entries:
            put(_md_heading(3, entry.heading) + _md_text(entry.text))
            entry_written()
    if pictures:
        put(_md_heading(2, paper.figures_heading))
        for figure, name in zip(paper.figures, pictures, strict=True):
            # The address in <...>, as CommonMark allows, so a file name with spaces stays one link.
            alt = _MD_INLINE.sub(lambda m: "\\" + m.group(0), figure.title).replace("]", "\\]")
            put(_md_heading(3, figure.title) + f"![{alt}](<{name}>)\n\n" + _md_text(figure.caption))
    put(f"---\n\n{contact}" if contact else "")
