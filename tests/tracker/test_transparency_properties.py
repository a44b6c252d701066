"""Arbitrary and mutated returns: only ImportFailed or a balanced report comes out, and a refused
import leaves the database exactly as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.engine import Database
from db.models import AuditEntry, Meeting, Organisation, Person, TransparencyReturn
from tracker.io.importing import ImportFailed
from tracker.io.transparency import import_return, parse_return_date, quarter

from .conftest import Directory
from .test_transparency import RETURN_ROWS

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
Q1 = quarter(2009, 1)
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "Nil return", "12-Jan", "Jan", "31/02/2009", "39825", "Note: x", "APA; ACPO", "Date"]
    ),
)


def _counts(database: Database) -> tuple[int, ...]:
    with database.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Meeting, Organisation, Person, TransparencyReturn, AuditEntry)
        )


def _as_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([[str(c) for c in row] for row in rows])
    return out.getvalue().encode("utf-8")


@st.composite
def mutated_returns(draw: st.DrawFn) -> bytes:
    rows = [list(r) for r in RETURN_ROWS]
    for _ in range(draw(st.integers(0, 8))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, 3))
        rows[row][column] = draw(CELLS)
    if draw(st.booleans()):
        del rows[draw(st.integers(0, len(rows) - 1))]
    data = _as_csv(rows)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data


def _import(database: Database, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = _counts(database)
    try:
        report = import_return(database, path, dry_run=False)
    except ImportFailed:
        assert _counts(database) == before
        return
    assert report.read == report.imported + report.skipped + report.rejected
    assert all(r.row >= 1 and r.reason for r in report.rejections)


@SETTINGS
@given(data=mutated_returns())
def test_mutated_returns_give_a_report_or_a_clean_refusal(
    database: Database, directory: Directory, tmp_path: Path, data: bytes
) -> None:
    _import(database, tmp_path / "home-office-2009q1.csv", data)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_a_report_or_a_clean_refusal(
    database: Database, tmp_path: Path, data: bytes
) -> None:
    _import(database, tmp_path / "home-office-2009q1.csv", data)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40))
def test_any_date_cell_is_a_date_or_a_readable_reason(text: str) -> None:
    try:
        day, _precision = parse_return_date(text, Q1)
    except ValueError as error:
        assert str(error)
    else:
        assert day.month in range(1, 13)
