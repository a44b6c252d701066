"""The demo's positions: what the papers state, each citing its paper, nothing dated before it."""

from __future__ import annotations

from db.engine import Database
from db.stakeholders import Stance
from tracker.demo.stakeholders import PAPER_DATES
from tracker.stakeholders import positions


def test_every_demo_stance_cites_its_paper_and_is_dated_by_it(demo_database: Database) -> None:
    with demo_database.reading() as s:
        held = positions.history(s)
    assert len(held) == 11
    for row in held:
        paper = row.source.split("Paper ")[1][:3]
        assert row.stated_on == PAPER_DATES[paper], row


def test_the_home_office_on_the_standards_noms_on_commissioning_the_apa_on_accountability(
    demo_database: Database,
) -> None:
    with demo_database.reading() as s:
        rows = {(r.stakeholder, r.subject): r for r in positions.history(s)}
    standards = rows["Home Office", "National Minimum Standards for CDRPs"]
    assert standards.stance == Stance.SUPPORTIVE and "no routine inspection" in standards.source
    assert (
        "commissioning"
        in rows["National Offender Management Service (NOMS)", "Offender Management Bill"].source
    )
    assert "Local Accountability" in rows["Association of Police Authorities (APA)", "overall"].source
