"""Row sources for the lists: a tracker service's count and rows, each call in its own session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from db.engine import Database
from tracker.common.listing import ListQuery

Row = TypeVar("Row")


class ServiceRows(Generic[Row]):
    def __init__(
        self,
        database: Database,
        count: Callable[[Any, ListQuery], int],
        rows: Callable[[Any, ListQuery, int, int], Sequence[Row]],
    ) -> None:
        self._database = database
        self._count = count
        self._rows = rows

    def count(self, query: ListQuery) -> int:
        with self._database.reading() as session:
            return self._count(session, query)

    def rows(self, query: ListQuery, offset: int, limit: int) -> Sequence[Row]:
        with self._database.reading() as session:
            return self._rows(session, query, offset, limit)
