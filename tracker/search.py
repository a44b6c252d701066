"""Full-text search of the meetings list: the start of any word of what a meeting records.

The index is migration 0009's (db/search_index.py): FTS5 on SQLite, a GIN tsvector index on
PostgreSQL. Every word typed must be the start of some word of the meeting's title, outside bodies,
attendees, summary, outcome, notes or follow-up actions ("home off" finds "Home Office"; "kemp"
finds "Cllr Richard Kemp"; "sprinkler" finds a summary about sprinklers), in any case and, on
SQLite, any accent. Only the association's own meetings are searched (those of the meetings list).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import cache

from sqlalchemy import ColumnElement, Select, bindparam, false, func, literal_column, select, table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import column

from db import search_index
from db.models import Meeting
from db.text import clean
from tracker.common.errors import DomainError

# FTS5's unicode61 tokenizer splits on everything but letters and digits, "_" included.
_WORD = re.compile(r"[^\W_]+")

_FTS = table("meetings_fts", column("rowid"), column("meetings_fts"))

# Up to this many matches, a window of the sorted list is made by fetching the matches and sorting
# them; beyond, by walking the sort column's index and keeping the matches until the window is full
# (dense matches fill it at once; sparse ones would make the walk cover the whole index).
FEW = 1000


def search_words(text: str) -> list[str]:
    """The words of `text` as the index splits them, lower case, without repeats; what no stored
    text holds (a lone surrogate, a control character) is dropped first, as if never typed."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(clean(text))))


def fts5_query(words: list[str]) -> str:
    """An FTS5 query matching rows holding a word starting with each of `words`."""
    return " ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    """The PostgreSQL tsquery text for the same: every word as a prefix."""
    return " & ".join(f"{w}:*" for w in words)


def _sqlite_match() -> ColumnElement[bool]:
    return _FTS.c.meetings_fts.op("MATCH")(bindparam("words_query"))


def _postgresql_match() -> ColumnElement[bool]:
    # Exactly the expression migration 0003 indexes, constants inline: PostgreSQL matches an
    # expression index only against the same expression, and a bound parameter is not the same.
    space: ColumnElement[str] = literal_column("' '")
    regconfig: ColumnElement[str] = literal_column("'simple'::regconfig")
    columns = [getattr(Meeting, name) for name in search_index.COLUMN_NAMES]
    document = columns[0]
    for column_ in columns[1:]:
        document = document + space + column_
    vector = func.to_tsvector(regconfig, document)
    return vector.op("@@")(func.to_tsquery(regconfig, bindparam("words_query")))


def dialect_of(session: Session) -> str:
    name = session.get_bind().dialect.name
    if name not in ("sqlite", "postgresql"):
        raise DomainError(f"Liaison searches SQLite and PostgreSQL databases, not {name} ones")
    return name


def parameters(dialect: str, text: str) -> dict[str, str]:
    """The bound values the conditions below take for the words of `text`."""
    words = search_words(text)
    return {"words_query": fts5_query(words) if dialect == "sqlite" else tsquery(words)}


# The statements are built once and kept (only the words change, as a bound value): typing into
# the list runs them at every pause, and building them anew cost as much as SQLite answering.
@cache
def _count_statement(dialect: str) -> Select[int]:
    if dialect == "sqlite":
        # The index holds only own meetings, so it counts them without reading a meeting.
        return select(func.count()).select_from(_FTS).where(_sqlite_match())
    return select(func.count()).select_from(Meeting).where(Meeting.return_id.is_(None), _postgresql_match())


def count_matches(session: Session, text: str) -> int:
    """How many of the association's own meetings the words of `text` find."""
    if not search_words(text):
        return 0
    dialect = dialect_of(session)
    return session.scalar(_count_statement(dialect), parameters(dialect, text)) or 0


class Mode(StrEnum):
    """How a window of the list is found: all of it, nothing (only punctuation typed), or the
    matches of the words, few (fetched and sorted) or many (kept while walking the sort index)."""

    ALL = "all"
    NOTHING = "nothing"
    FEW = "few"
    MANY = "many"


def mode(session: Session, text: str, *, for_window: bool = False) -> Mode:
    """The mode for `text`: on SQLite a window of many matches is found by walking the sort index
    (see FEW); elsewhere, and for a count, the matches are one condition."""
    if not clean(text).strip():  # only what no stored text holds typed: as if nothing were
        return Mode.ALL
    if not search_words(text):
        return Mode.NOTHING
    if for_window and dialect_of(session) == "sqlite" and count_matches(session, text) > FEW:
        return Mode.MANY
    return Mode.FEW


@cache
def condition(dialect: str, found_by: Mode) -> ColumnElement[bool] | None:
    """The condition on `Meeting` for a mode, own meetings only; it takes `parameters`."""
    if found_by is Mode.ALL:
        return None
    if found_by is Mode.NOTHING:
        return false()
    if dialect == "postgresql":
        return Meeting.return_id.is_(None) & _postgresql_match()
    found = select(_FTS.c.rowid).where(_sqlite_match())
    if found_by is Mode.MANY:
        # "id + 0" cannot be looked up by rowid, so the planner walks the ORDER BY's index instead.
        return (Meeting.id + 0).in_(found)
    return Meeting.id.in_(found)


# How the words found are marked in a snippet, and how many words of context it shows.
MARK_START, MARK_END, ELLIPSIS = "«", "»", "…"
SNIPPET_WORDS = 14
# Where the words were found, named as the form names them; the parts the list does not show first.
_PLACES = (
    ("summary", "Summary"),
    ("outcome", "Outcome"),
    ("follow_ups_label", "Follow-up"),
    ("notes", "Notes"),
    ("title", "Title"),
    ("bodies_label", "Bodies"),
    ("people_label", "Who attended"),
)


def _folded(word: str) -> str:
    """A word as the index compares it: lower case, accents off (unicode61 remove_diacritics)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def snippet(held: str, words: list[str], length: int = SNIPPET_WORDS) -> str:
    """`held` cut to about `length` words around the first word starting with one of `words`,
    each such word marked «so»; "" when none is there."""
    folded = [_folded(w) for w in words]
    tokens = list(_WORD.finditer(held))
    hits = [i for i, t in enumerate(tokens) if any(_folded(t.group()).startswith(w) for w in folded)]
    if not hits:
        return ""
    first = max(0, hits[0] - length // 3)
    last = min(len(tokens), first + length)
    # The whole text's ends when the cut reaches them (its last full stop, say).
    start = tokens[first].start() if first > 0 else 0
    end = tokens[last - 1].end() if last < len(tokens) else len(held)
    marked, at = [], start
    for i in (h for h in hits if first <= h < last):
        token = tokens[i]
        marked += [held[at : token.start()], MARK_START, token.group(), MARK_END]
        at = token.end()
    marked.append(held[at:end])
    text = " ".join("".join(marked).split())
    return (ELLIPSIS if first > 0 else "") + text + (ELLIPSIS if last < len(tokens) else "")


def found_in(session: Session, typed: str, meeting_ids: list[int]) -> dict[int, str]:
    """For these meetings (a window of the list), where the words of `typed` were found, in their
    context: "Summary: … «sprinklers» in new social housing." Worked out here from the window's
    hundred rows rather than by FTS5's snippet() (60-90 ms a window on 100,000 meetings, against
    about 1 ms), and so the same on both databases."""
    words = search_words(typed)
    if not words or not meeting_ids:
        return {}
    columns = [getattr(Meeting, name) for name, _label in _PLACES]
    found: dict[int, str] = {}
    for meeting_id, *held in session.execute(select(Meeting.id, *columns).where(Meeting.id.in_(meeting_ids))):
        for (_name, label), value in zip(_PLACES, held, strict=True):
            context = snippet(str(value or ""), words)
            if context:
                found[int(meeting_id)] = f"{label}: {context}"
                break
    return found


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Insert many new meetings inside the block, and index them in one statement at its end.

    On SQLite, FTS5 writes its pending words out at the end of every statement a trigger runs
    in, so 10,000 meetings inserted by one executemany cost 10,000 small index segments and their
    merging: about 0.5 ms a meeting, eight times the insert itself. The triggers are set aside for
    the block (inside its transaction: a failure rolls them back with the rows) and the meetings
    added with ids above those held before are indexed by one INSERT ... SELECT. Only for inserting
    new meetings: a change to a meeting already held, inside the block, would not be indexed.
    PostgreSQL's index needs no help.
    """
    if dialect_of(session) != "sqlite":
        yield
        return
    triggers = session.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'meetings'"
            " AND name LIKE 'meetings_fts_%' ORDER BY name"
        )
    ).all()
    held = session.scalar(select(func.coalesce(func.max(Meeting.id), 0))) or 0
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in triggers:
        session.execute(text(sql))
    session.execute(
        text(
            f"INSERT INTO meetings_fts (rowid, {search_index.COLUMNS})"
            f" SELECT id, {search_index.COLUMNS} FROM meetings"
            " WHERE id > :held AND return_id IS NULL ORDER BY id"
        ),
        {"held": held},
    )
