"""`db copy`: a one-person SQLite file moves to the team's server and back, every row the same."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cli import main
from db import copy as copying
from db.engine import Database, open_database
from db.files import DatabaseRefused
from db.models import Base
from db.vocabulary import OrganisationKind
from tracker import demo
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft

pytestmark = pytest.mark.postgresql


def contents(target: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in primary-key order."""
    database = open_database(target, upgrade=False, create=False)
    try:
        with database.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        database.close()


@pytest.fixture
def demo_file(database_path: Path) -> Path:
    database = open_database(database_path, actor="helen")
    with database.session() as s:
        demo.build(s)
    database.close()
    return database_path


def test_a_file_copied_to_the_server_and_back_holds_the_same_rows(
    demo_file: Path, postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = contents(demo_file)
    assert main(["db", "copy", "--from", str(demo_file), "--to", postgres_url]) == 0
    report = capsys.readouterr().out
    meetings = len(before["meetings"])
    assert meetings == 25 and re.search(rf"\bmeetings +{meetings} read +{meetings} written", report)
    assert "every table's count checked" in report
    on_server = contents(postgres_url)
    assert on_server == before
    back = tmp_path / "back" / "liaison.db"
    back.parent.mkdir()  # a --db in a folder that does not exist is refused, not made
    assert main(["--db", postgres_url, "db", "copy", "--to", str(back)]) == 0
    assert contents(back) == before
    assert main(["db", "check", "--db", str(back)]) == 0


def test_after_a_copy_the_server_gives_new_records_fresh_ids(demo_file: Path, postgres_url: str) -> None:
    counts = copying.copy_database(demo_file, postgres_url)
    copied = {c.table: c.target for c in counts}
    assert copied["organisations"] > 0 and all(c.source == c.target for c in counts)
    database = open_database(postgres_url)
    try:
        with database.session() as s:
            highest = max(row.id for row in s.execute(select(Base.metadata.tables["organisations"].c.id)))
            new = organisations.create(
                s, OrganisationDraft("Home Office Pathfinder", OrganisationKind.AGENCY)
            )
        assert new.id == highest + 1
    finally:
        database.close()


def test_a_target_holding_records_is_refused_and_left_as_it_was(
    demo_file: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(postgres_url)
    with database.session() as s:
        organisations.create(s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT))
    database.close()
    before = contents(postgres_url)
    assert main(["db", "copy", "--from", str(demo_file), "--to", postgres_url]) == 2
    assert "already holds records" in capsys.readouterr().err
    assert contents(postgres_url) == before


def test_a_copy_that_fails_half_way_leaves_nothing_behind(
    demo_file: Path, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = copying._copy_table

    def failing(source: Any, target: Any, table: Any) -> None:
        if table.name == "meetings":
            raise DatabaseRefused("the network went away")
        real(source, target, table)

    monkeypatch.setattr(copying, "_copy_table", failing)
    with pytest.raises(DatabaseRefused):
        copying.copy_database(demo_file, postgres_url)
    assert all(rows == [] for rows in contents(postgres_url).values())
    new_file = tmp_path / "never.db"
    with pytest.raises(DatabaseRefused):
        copying.copy_database(postgres_url, new_file)
    assert not new_file.exists() and not list(tmp_path.glob("never.db*"))


def test_copying_a_database_onto_itself_is_refused(database: Database) -> None:
    with pytest.raises(DatabaseRefused, match="onto itself"):
        copying.copy_database(database.url, database.url)
