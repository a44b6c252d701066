"""Queries behind the big lists: text filter and sort done in SQL, rows fetched a window at a time.

`ListQuery` is a plain value, importable without SQLAlchemy: the window builds its meetings list
from one before SQLAlchemy has loaded (tracker/meeting_list.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from db.text import clean

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import QueryableAttribute

    # Something a list can sort or filter by: a mapped column or an SQL expression.
    SortKey: TypeAlias = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True)
class MeetingFilter:
    """The meetings list's filters, each left None when not used; they combine with each other and
    with the words. `kind` and `section` are MeetingKind and ReportSection values."""

    since: date | None = None
    until: date | None = None
    kind: str | None = None
    theme_id: int | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    section: str | None = None

    def used(self) -> frozenset[str]:
        """The names of the filters set."""
        return frozenset(f.name for f in fields(self) if getattr(self, f.name) is not None)

    def values(self) -> dict[str, object]:
        """The bound values the meetings service's filter conditions take."""
        return {f"filter_{name}": getattr(self, name) for name in self.used()}


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: words to find, the column to sort by, the direction, and (the meetings
    list only) its filters."""

    text: str = ""
    sort: str = ""
    descending: bool = False
    meeting_filter: MeetingFilter = MeetingFilter()


def words(text: str) -> list[str]:
    """The words typed, without what no stored text holds (a lone surrogate, a control character)."""
    return clean(text).split()


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_filter(
    text: str,
    columns: Sequence[SortKey],
    related: Sequence[Callable[[str], ColumnElement[bool]]] = (),
) -> ColumnElement[bool] | None:
    """Every word must appear (any case) in one of the columns, or satisfy one of the `related`
    conditions (each given the LIKE pattern, for names held in another table)."""
    from sqlalchemy import and_, or_

    found = words(text)
    if not found:
        return None
    return and_(
        *(
            or_(
                *(c.ilike(like_pattern(w), escape="\\") for c in columns),
                *(condition(like_pattern(w)) for condition in related),
            )
            for w in found
        )
    )
