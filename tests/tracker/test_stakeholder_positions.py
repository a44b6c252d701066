"""Stakeholders' stances with their history and source, influence and interest, engagement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.programme import PolicyItemKind
from db.stakeholders import Engagement, StakeholderAssessment, StakeholderStance, Stance, StanceSource
from db.vocabulary import MeetingKind, ReportSection
from tracker import meetings
from tracker.common.errors import InUse, InvalidRecord
from tracker.directory import organisations
from tracker.lobbying import policy_items
from tracker.stakeholders import positions
from tracker.stakeholders.positions import AssessmentDraft, StanceDraft

from .conftest import Directory


@pytest.fixture
def standards(database: Database) -> int:
    with database.session() as s:
        item = policy_items.create(
            s,
            policy_items.PolicyItemDraft(
                PolicyItemKind.NATIONAL_STANDARDS, "CDRP national minimum standards"
            ),
        )
    assert item.id is not None
    return item.id


def _stance(directory: Directory, item: int | None, stance: Stance, on: date, **kw: object) -> StanceDraft:
    return StanceDraft(
        stance,
        on,
        StanceSource.PAPER,
        organisation_id=directory.home_office,
        item_id=item,
        source_text="Paper 002, paragraph 2",
        **kw,  # type: ignore[arg-type]
    )


def _count(database: Database, table: type) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_a_later_stance_adds_to_the_history_and_becomes_current(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.record_stance(s, _stance(directory, standards, Stance.SCEPTICAL, date(2007, 1, 10)))
        positions.record_stance(s, _stance(directory, standards, Stance.SUPPORTIVE, date(2007, 6, 30)))
    with database.session() as s:
        held = positions.history(s, organisation_id=directory.home_office)
        now = positions.current(s, item_id=standards)
    assert [(r.stance, r.current) for r in held] == [(Stance.SCEPTICAL, False), (Stance.SUPPORTIVE, True)]
    assert held[0].stakeholder == "Home Office"
    assert held[0].subject == "CDRP national minimum standards"
    assert held[0].source == "paper: Paper 002, paragraph 2"
    assert [r.stance for r in now] == [Stance.SUPPORTIVE]


def test_a_stance_learnt_at_a_meeting_names_the_meeting(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        meeting = meetings.log(
            s,
            meetings.MeetingDraft(
                "National Crime Reduction Board",
                date(2009, 3, 12),
                MeetingKind.BOARD,
                report_section=ReportSection.MEMBER_ACTIVITY,
            ),
        )
        positions.record_stance(
            s,
            StanceDraft(
                Stance.NEUTRAL,
                date(2009, 3, 12),
                StanceSource.MEETING,
                person_id=directory.campbell,
                source_meeting_id=meeting.id,
            ),
        )
    with database.session() as s:
        (row,) = positions.history(s, person_id=directory.campbell)
    assert row.subject == "overall"
    assert row.source == "meeting: National Crime Reduction Board, 12 Mar 2009"
    assert row.record == "person" and row.stakeholder == "Alan Campbell MP"


def test_a_stance_dated_before_the_body_existed_is_refused_and_nothing_stored(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.record_founding(s, directory.apa, date(1997, 4, 1), "APA: founded April 1997")
    with pytest.raises(InvalidRecord) as refused, database.session() as s:
        positions.record_stance(
            s,
            replace(
                _stance(directory, standards, Stance.OPPOSED, date(1996, 5, 1)), organisation_id=directory.apa
            ),
        )
    assert set(refused.value.problems) == {"stated_on"}
    assert "came into being on 1 Apr 1997" in refused.value.problems["stated_on"]
    assert _count(database, StakeholderStance) == 0


def test_a_founding_after_a_recorded_stance_is_refused(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.record_stance(s, _stance(directory, standards, Stance.NEUTRAL, date(2007, 1, 1)))
    with pytest.raises(InvalidRecord) as refused, database.session() as s:
        positions.record_founding(s, directory.home_office, date(2008, 1, 1))
    assert set(refused.value.problems) == {"founded_on"}
    with database.session() as s:
        assert positions.founded_on(s, directory.home_office) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation_id": None}, "stakeholder"),
        ({"source_text": ""}, "source_text"),
        ({"item_id": 99999}, "item_id"),
        ({"ask_id": 1}, "item_id"),  # on an item and an ask at once
    ],
)
def test_bad_stances_are_refused_with_the_field_named(
    database: Database, directory: Directory, standards: int, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidRecord) as refused, database.session() as s:
        positions.record_stance(
            s,
            replace(_stance(directory, standards, Stance.NEUTRAL, date(2007, 1, 1)), **change),  # type: ignore[arg-type]
        )
    assert field in refused.value.problems
    assert _count(database, StakeholderStance) == 0


def test_correcting_and_deleting_a_stance_and_putting_it_back(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        held = positions.record_stance(s, _stance(directory, standards, Stance.NEUTRAL, date(2007, 1, 1)))
    with database.session() as s:
        fixed = positions.update_stance(s, replace(held, stance=Stance.CHAMPION))
    with database.session() as s:
        snapshot = positions.delete_stance(s, held.id or 0)
    assert _count(database, StakeholderStance) == 0
    with database.session() as s:
        positions.restore_stance(s, snapshot)
    with database.session() as s:
        back = positions.get_stance(s, held.id or 0)
    assert fixed.stance == back.stance == Stance.CHAMPION


@pytest.mark.parametrize("influence", [0, 6, -1])
def test_influence_outside_one_to_five_is_refused(
    database: Database, directory: Directory, influence: int
) -> None:
    with pytest.raises(InvalidRecord) as refused, database.session() as s:
        positions.assess(s, AssessmentDraft(influence, 3, organisation_id=directory.home_office))
    assert set(refused.value.problems) == {"influence"}
    assert "1 (least) to 5 (most)" in refused.value.problems["influence"]
    assert _count(database, StakeholderAssessment) == 0


def test_a_desired_engagement_with_no_planned_action_is_refused(
    database: Database, directory: Directory
) -> None:
    draft = AssessmentDraft(
        5,
        4,
        organisation_id=directory.home_office,
        current_engagement=Engagement.NEUTRAL,
        desired_engagement=Engagement.SUPPORTIVE,
    )
    with pytest.raises(InvalidRecord) as refused, database.session() as s:
        positions.assess(s, draft)
    assert set(refused.value.problems) == {"planned_action"}
    assert _count(database, StakeholderAssessment) == 0
    with database.session() as s:
        stored = positions.assess(
            s, replace(draft, planned_action="Meet the bill team", action_owner_id=directory.murray)
        )
    assert stored.planned_action == "Meet the bill team"


def test_one_assessment_per_stakeholder_and_item_overall_kept_apart(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.assess(s, AssessmentDraft(5, 3, organisation_id=directory.home_office))
        positions.assess(s, AssessmentDraft(4, 5, organisation_id=directory.home_office, item_id=standards))
        positions.assess(s, AssessmentDraft(5, 4, organisation_id=directory.home_office))
    assert _count(database, StakeholderAssessment) == 2
    with database.session() as s:
        overall = positions.assessment(s, organisation_id=directory.home_office)
        on_item = positions.assessment(s, organisation_id=directory.home_office, item_id=standards)
    assert overall is not None and (overall.influence, overall.interest) == (5, 4)
    assert on_item is not None and (on_item.influence, on_item.interest) == (4, 5)


def test_position_lines_join_stances_to_their_assessments(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.record_stance(s, _stance(directory, standards, Stance.SUPPORTIVE, date(2007, 6, 30)))
        positions.assess(
            s,
            AssessmentDraft(
                5,
                4,
                organisation_id=directory.home_office,
                current_engagement=Engagement.NEUTRAL,
                desired_engagement=Engagement.SUPPORTIVE,
                planned_action="Meet the bill team",
                action_owner_id=directory.murray,
            ),
        )
        positions.assess(s, AssessmentDraft(3, 3, person_id=directory.campbell))
    with database.session() as s:
        lines = positions.position_lines(s)
    assert [(line.stakeholder, line.subject, line.stance, line.influence) for line in lines] == [
        ("Home Office", "CDRP national minimum standards", "supportive", 5),
        ("Alan Campbell MP", "overall", "", 3),
    ]
    assert lines[0].action_owner == "Helen Murray"
    assert lines[0].desired_engagement == "supportive"


def test_a_body_with_stances_is_not_deleted_and_a_merge_moves_them(
    database: Database, directory: Directory, standards: int
) -> None:
    with database.session() as s:
        positions.record_stance(
            s,
            replace(
                _stance(directory, standards, Stance.SUPPORTIVE, date(2009, 6, 1)),
                organisation_id=directory.apa,
            ),
        )
        positions.assess(s, AssessmentDraft(4, 4, organisation_id=directory.apa))
    with pytest.raises(InUse) as refused, database.session() as s:
        organisations.delete(s, directory.apa)
    assert "1 stakeholder stance, 1 stakeholder assessment" in refused.value.message
    with database.session() as s:
        organisations.merge(s, directory.ncrb, directory.apa)
    with database.session() as s:
        assert [r.stance for r in positions.history(s, organisation_id=directory.ncrb)] == [Stance.SUPPORTIVE]
        assert positions.assessment(s, organisation_id=directory.ncrb) is not None
