"""A board paper as plain values: what every format (Word, PDF, HTML, Markdown) writes out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class ContactOfficer:
    name: str
    phone: str = ""
    email: str = ""

    @property
    def line(self) -> str:
        """As the papers print it: "Contact Officer: Helen Murray Phone No: 020 7664 3266 Email: ..."."""
        parts = [f"Contact Officer: {self.name}"]
        if self.phone:
            parts.append(f"Phone No: {self.phone}")
        if self.email:
            parts.append(f"Email: {self.email}")
        return " ".join(parts)


@dataclass(frozen=True)
class Entry:
    """One headed paragraph of the paper: a body or event, drawn from one or more meetings."""

    key: str
    heading: str
    text: str
    meeting_ids: tuple[int, ...] = ()
    drafted: bool = False  # True when no meeting had a written summary and the text was composed
    # True when the text was composed from no more than the title, body and date (nobody recorded
    # as taking part, no summary): the preview marks it, the written paper does not.
    needs_summary: bool = False


@dataclass(frozen=True)
class Section:
    title: str  # "Member activity", "Officer activity"
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Figure:
    """A chart in a paper: drawn when the paper is written (tracker/reports/figures.py), from data
    counted when the paper was drafted, so that writing needs no database."""

    key: str
    title: str
    caption: str  # what the records hold, in words: the period, what is counted, the totals
    chart: str  # the chart's name, as `chart --list` prints it, or one of figures.py's own
    data: Any = field(compare=False)  # the plain values the chart draws (home.QuarterCounts, ...)
    aspect: float = 0.55  # height over width, as printed


@dataclass(frozen=True)
class Paper:
    """A board paper: its heading block, then sections of headed entries."""

    board: str
    item: str  # "Item 4", or "Item x" before the agenda is numbered
    date: datetime.date
    title: str
    summary: str
    action: str
    contact: ContactOfficer | None
    sections: tuple[Section, ...]
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    left_out_confidential: int = 0  # confidential meetings kept out; never in any written format
    numbered: bool = False  # the board numbers its paragraphs (1., 2., ...) through the paper
    action_heading: str = "Action"  # or "Recommendation", as the board's papers have it
    # When the paper was last saved: the written file's own dates, so a saved paper written twice is
    # the same file. None for a paper drafted and not saved (the files then carry the time written).
    saved_at: datetime.datetime | None = None
    template: str = ""  # the Word template (.docx or .dotx) to write it into, if any
    # Charts written after the sections, under `figures_heading`; none when left out.
    figures: tuple[Figure, ...] = ()
    figures_heading: str = "In figures"


@dataclass(frozen=True)
class Arrangement:
    """What the report team changed in a drafted paper, for this report only: entries left out,
    the order within each section (by entry key), and rewritten texts."""

    left_out: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()

    def text_of(self, entry: Entry) -> str:
        return dict(self.texts).get(entry.key, entry.text)


def arrange(paper: Paper, arrangement: Arrangement) -> Paper:
    """The paper as the team arranged it; entries not named in `order` keep their drafted place
    after those that are."""
    rank = {key: i for i, key in enumerate(arrangement.order)}
    sections = []
    for section in paper.sections:
        kept = [e for e in section.entries if e.key not in arrangement.left_out]
        kept.sort(key=lambda e: rank.get(e.key, len(rank) + section.entries.index(e)))
        sections.append(
            Section(
                section.title,
                tuple(
                    replace(
                        e,
                        text=arrangement.text_of(e),
                        needs_summary=e.needs_summary and e.key not in dict(arrangement.texts),
                    )
                    for e in kept
                ),
            )
        )
    return replace(paper, sections=tuple(sections))
