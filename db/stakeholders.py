"""Where each stakeholder stands: dated stances with their source, influence and interest, and
current against desired engagement with the action planned to close the gap."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, FollowUp, Stamped, vocabulary
from db.vocabulary import LabelledEnum


class Stance(LabelledEnum):
    """Where a body or person stands on an item, from against to leading the case."""

    OPPOSED = "opposed"
    SCEPTICAL = "sceptical"
    NEUTRAL = "neutral"
    SUPPORTIVE = "supportive"
    CHAMPION = "champion"
    UNKNOWN = "unknown"


class Engagement(LabelledEnum):
    """How engaged a stakeholder is with the association's case (or should be)."""

    UNAWARE = "unaware"
    RESISTANT = "resistant"
    NEUTRAL = "neutral"
    SUPPORTIVE = "supportive"
    LEADING = "leading"


class StanceSource(LabelledEnum):
    """Where a stance was learnt."""

    MEETING = "meeting"
    LETTER = "letter"
    PUBLIC_STATEMENT = "public_statement"
    PAPER = "paper"  # reported in one of the association's own papers
    OTHER = "other"


_ONE_STAKEHOLDER = "(organisation_id IS NULL) <> (person_id IS NULL)"


class StakeholderStance(Stamped, Base):
    """A body's or person's stance as known on a day, on a policy item, an ask, or overall (neither);
    a later stance adds to the history rather than overwrites it."""

    __tablename__ = "stakeholder_stances"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("policy_items.id", ondelete="CASCADE"), index=True)
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("asks.id", ondelete="CASCADE"), index=True)
    stance: Mapped[Stance] = mapped_column(vocabulary(Stance, "stance"), nullable=False)
    stated_on: Mapped[date] = mapped_column(Date, nullable=False)
    source_kind: Mapped[StanceSource] = mapped_column(
        vocabulary(StanceSource, "stance_source"), nullable=False
    )
    source_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    # The letter, statement or paper as cited ("Paper 002: end-of-year report 2006/07, para 2").
    source_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        CheckConstraint(_ONE_STAKEHOLDER, name="one_stakeholder"),
        CheckConstraint("item_id IS NULL OR ask_id IS NULL", name="one_subject"),
        Index("ix_stakeholder_stances_organisation", "organisation_id", "stated_on"),
        Index("ix_stakeholder_stances_person", "person_id", "stated_on"),
        Index("ix_stakeholder_stances_stated_on", "stated_on"),
    )


class StakeholderAssessment(Stamped, Base):
    """A stakeholder's influence and interest (1-5), overall or on one policy item, with how engaged
    they are against how engaged they should be, and the action planned to close the gap."""

    __tablename__ = "stakeholder_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("policy_items.id", ondelete="CASCADE"), index=True)
    influence: Mapped[int] = mapped_column(Integer, nullable=False)
    interest: Mapped[int] = mapped_column(Integer, nullable=False)
    current_engagement: Mapped[Engagement | None] = mapped_column(
        vocabulary(Engagement, "current_engagement")
    )
    desired_engagement: Mapped[Engagement | None] = mapped_column(
        vocabulary(Engagement, "desired_engagement")
    )
    planned_action: Mapped[str] = mapped_column(Text, nullable=False, default="")
    action_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    assessed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        CheckConstraint(_ONE_STAKEHOLDER, name="one_stakeholder"),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest"),
        Index("ix_stakeholder_assessments_organisation", "organisation_id", "item_id"),
        Index("ix_stakeholder_assessments_person", "person_id", "item_id"),
    )


class OrganisationFounding(Base):
    """When a body came into being (the APCC in 2012, after the APA), and where that is stated: no
    stance of the body can be dated before it."""

    __tablename__ = "organisation_foundings"
    audited: ClassVar[bool] = True

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    founded_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(300), nullable=False, default="")


# Home lists the open follow-ups by due date, and Needs attention the overdue ones.
Index("ix_follow_ups_due", FollowUp.done, FollowUp.due_on)
