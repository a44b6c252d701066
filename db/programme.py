"""The work programme and what the team lobbies on: interventions, work streams, policy items,
the association's positions, and the Board's decisions and actions."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Bill, Stamped, vocabulary
from db.vocabulary import DatePrecision, LabelledEnum


class PolicyItemKind(LabelledEnum):
    """The kinds of thing the papers show the team working to influence."""

    BILL = "bill"
    CONSULTATION = "consultation"
    REVIEW = "review"
    WHITE_PAPER = "white_paper"
    GREEN_PAPER = "green_paper"
    REGULATIONS = "regulations"
    NATIONAL_STANDARDS = "national_standards"
    STATUTORY_GUIDANCE = "statutory_guidance"
    SPENDING_REVIEW = "spending_review"
    INQUIRY = "inquiry"
    WRITTEN_ANSWER = "written_answer"
    MINISTERIAL_STATEMENT = "ministerial_statement"
    PROGRAMME = "programme"  # a government programme or agenda (the CDRP Reform Programme, Respect)

    @property
    def label(self) -> str:
        return _KIND_LABELS.get(self, self.value.replace("_", " "))


_KIND_LABELS = {
    PolicyItemKind.WHITE_PAPER: "White Paper",
    PolicyItemKind.GREEN_PAPER: "Green Paper",
    PolicyItemKind.PROGRAMME: "government programme",
}


class Intervention(Stamped, Base):
    """One of a board's agreed interventions for a cycle ("Working together to build safer
    communities", 2006/07): what it sets out to do, who leads it."""

    __tablename__ = "interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    cycle: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    aim: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lead_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    lead_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    work_streams: Mapped[list[WorkStream]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", order_by="WorkStream.position"
    )
    progress_notes: Mapped[list[ProgressNote]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", order_by="ProgressNote.noted_on"
    )

    __table_args__ = (UniqueConstraint("board_id", "cycle", "title", name="uq_interventions_title"),)


class WorkStream(Stamped, Base):
    """A priority work stream of an intervention, with its objective."""

    __tablename__ = "work_streams"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    objective: Mapped[str] = mapped_column(Text, nullable=False, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    intervention: Mapped[Intervention] = relationship(back_populates="work_streams")


class ProgressNote(Base):
    """A dated note of progress on an intervention (or one of its work streams)."""

    __tablename__ = "progress_notes"
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    work_stream_id: Mapped[int | None] = mapped_column(
        ForeignKey("work_streams.id", ondelete="SET NULL"), index=True
    )
    noted_on: Mapped[date] = mapped_column(Date, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    intervention: Mapped[Intervention] = relationship(back_populates="progress_notes")


class PolicyItem(Stamped, Base):
    """Something the team works to influence: a bill (its Parliamentary detail in `bills`), a
    consultation, a review, a White Paper, regulations, guidance, the spending review..."""

    __tablename__ = "policy_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PolicyItemKind] = mapped_column(
        vocabulary(PolicyItemKind, "policy_item_kind"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    # For a bill: its stages, session and Act; the bills service keeps the title the same.
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), unique=True)
    responsible_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # Published, issued, opened or announced; for a consultation, the day it opens.
    opens_on: Mapped[date | None] = mapped_column(Date)
    opens_precision: Mapped[DatePrecision] = mapped_column(
        vocabulary(DatePrecision, "date_precision"), nullable=False, default=DatePrecision.DAY
    )
    # A consultation's closing date; a review's report due.
    closes_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Our response (a consultation's), and the day it went.
    response: Mapped[str] = mapped_column(Text, nullable=False, default="")
    responded_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    bill: Mapped[Bill | None] = relationship()
    documents: Mapped[list[PolicyDocument]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PolicyDocument.position"
    )
    work_streams: Mapped[list[WorkStream]] = relationship(
        secondary="policy_item_work_streams", order_by="WorkStream.id"
    )

    __table_args__ = (Index("ix_policy_items_kind", "kind", "title"),)


class PolicyDocument(Base):
    """A document about a policy item: its title and where to find it."""

    __tablename__ = "policy_documents"
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("policy_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    link: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    item: Mapped[PolicyItem] = relationship(back_populates="documents")


class PolicyItemWorkStream(Base):
    __tablename__ = "policy_item_work_streams"

    item_id: Mapped[int] = mapped_column(ForeignKey("policy_items.id", ondelete="CASCADE"), primary_key=True)
    work_stream_id: Mapped[int] = mapped_column(
        ForeignKey("work_streams.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class MeetingPolicyItem(Base):
    __tablename__ = "meeting_policy_items"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("policy_items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AskPolicyItem(Base):
    """An ask is about any number of policy items (one aim across three bills is one ask)."""

    __tablename__ = "ask_policy_items"

    ask_id: Mapped[int] = mapped_column(ForeignKey("asks.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("policy_items.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AssociationPosition(Stamped, Base):
    """The association's position on a policy item as stated on a day, and where it was agreed;
    later statements add to the history rather than overwrite it."""

    __tablename__ = "association_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("policy_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    stated_on: Mapped[date] = mapped_column(Date, nullable=False)
    statement: Mapped[str] = mapped_column(Text, nullable=False)
    # Where it was agreed: a board (on a meeting date), a lead member, group leaders...
    agreed_by: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"), index=True)
    agreed_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class BoardDecision(Stamped, Base):
    """What a Board meeting agreed ("The Board agreed ..."), from the paper put to it."""

    __tablename__ = "board_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    decided_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    paper: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("interventions.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_items.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class BoardAction(Stamped, Base):
    """An action a Board paper requires: what, whose, by when, and when it was done."""

    __tablename__ = "board_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    agreed_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    paper: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    # The papers often name a team rather than a person ("Safer Communities team as required").
    owner_text: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_decisions.id", ondelete="SET NULL"), index=True
    )
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("interventions.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_items.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (Index("ix_board_actions_due", "done_on", "due_on"),)
