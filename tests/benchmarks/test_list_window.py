"""Scrolling the whole meetings list: one window of rows at a time, plain values, nothing piling up."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from benchmarks.scroll import scroll
from db.engine import open_database
from tracker import synthetic


def test_scrolling_top_to_bottom_fetches_windows_and_builds_no_orm_objects(
    tmp_path: Path, _migrated_template: Path, qapp: Any
) -> None:
    path = tmp_path / "archive.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="test")
    with db.session() as s:
        synthetic.generate(s, synthetic.Shape.for_meetings(2500), seed=9)
    db.close()

    facts = scroll(str(path))

    assert facts["rows"] == 2500
    assert facts["largest_fetch"] == 100, "never more than one block asked of the database"
    assert facts["fetches"] == 25, "each block fetched once, top to bottom"
    assert facts["most_held"] <= 2000, "old blocks are let go"
    assert facts["orm_objects"] == 0, "rows are plain values, never ORM objects"
