"""The synthetic archive behind `bench`: the same seed gives the same records, in bulk, searchable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.engine import Database, open_database
from db.models import AuditEntry, Meeting
from tracker import meetings, synthetic
from tracker.common.listing import ListQuery

TABLES = (
    "organisations",
    "organisation_aliases",
    "people",
    "positions",
    "themes",
    "bills",
    "bill_stages",
    "asks",
    "meetings",
    "meeting_organisations",
    "attendances",
    "meeting_themes",
    "meeting_bills",
    "meeting_asks",
    "follow_ups",
    "appointments",
    "boards",
    "board_meetings",
)


def built(folder: Path, template: Path, seed: int, meetings: int = 500) -> tuple[Database, synthetic.Made]:
    path = folder / f"synthetic-{seed}-{len(list(folder.iterdir()))}.db"
    shutil.copyfile(template, path)
    db = open_database(path, actor="test")
    with db.session() as s:
        made = synthetic.generate(s, synthetic.Shape.for_meetings(meetings), seed=seed)
    return db, made


def contents(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.engine.connect() as connection:
        return {
            t: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2"))]
            for t in TABLES
        }


def test_the_same_seed_builds_the_same_records_and_another_seed_others(
    tmp_path: Path, _migrated_template: Path
) -> None:
    first, made = built(tmp_path, _migrated_template, seed=3)
    second, again = built(tmp_path, _migrated_template, seed=3)
    other, _ = built(tmp_path, _migrated_template, seed=4)
    try:
        assert made == again
        assert contents(first) == contents(second)
        assert contents(first)["meetings"] != contents(other)["meetings"]
    finally:
        for db in (first, second, other):
            db.close()


def test_the_archive_has_the_shape_of_a_real_one(tmp_path: Path, _migrated_template: Path) -> None:
    db, made = built(tmp_path, _migrated_template, seed=1, meetings=1000)
    try:
        counts = made.counts
        assert counts["meetings"] == 1000
        assert 2.5 <= counts["attendances"] / counts["meetings"] <= 3.5
        assert counts["meeting_organisations"] >= counts["meetings"]
        assert counts["organisations"] == 30 and counts["people"] == 100
        assert min(counts[t] for t in ("organisation_aliases", "positions", "asks", "appointments")) > 0
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0, "bulk, not the unit of work"
            first, last = s.execute(select(func.min(Meeting.held_on), func.max(Meeting.held_on))).one()
            assert (last - first).days > 365 * 19
            assert s.scalar(select(func.count()).where(Meeting.bodies_label == "")) == 0
            assert s.scalar(select(func.count()).where(Meeting.people_label == "")) == 0
            row = meetings.rows(s, ListQuery(sort="held_on"), 0, 1)[0]
            surname = row.people.split(";")[0].split()[-1]
            assert row.id in {r.id for r in meetings.rows(s, ListQuery(surname), 0, 1000)}, "searchable"
            assert meetings.count(s, ListQuery("Cllr")) > 0
    finally:
        db.close()


def test_synthetic_records_never_go_into_a_database_that_holds_records(
    tmp_path: Path, _migrated_template: Path
) -> None:
    db, _made = built(tmp_path, _migrated_template, seed=2, meetings=100)
    try:
        with pytest.raises(synthetic.NotEmpty), db.session() as s:
            synthetic.generate(s, synthetic.Shape.for_meetings(100))
        with db.session() as s:
            assert meetings.count(s, ListQuery()) == 100
    finally:
        db.close()


def test_every_ask_is_on_its_bills_policy_item(tmp_path: Path, _migrated_template: Path) -> None:
    from tracker.lobbying import bills

    db, made = built(tmp_path, _migrated_template, seed=5, meetings=300)
    try:
        with db.reading() as s:
            asks = [bills.get_ask(s, ask_id) for ask_id in s.scalars(text("SELECT id FROM asks"))]
            items = {bill_id: bills.item_of(s, bill_id).id for bill_id in {a.bill_id for a in asks}}
    finally:
        db.close()
    assert asks and made.counts["policy_items"] == made.counts["bills"]
    assert all(a.bill_id is not None and a.policy_item_ids == (items[a.bill_id],) for a in asks)
