"""SQLAlchemy 2 typed models: everything Liaison stores, one class a table."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from db.text import install as install_text_rule
from db.vocabulary import (
    AppointmentRole,
    AskStatus,
    AttendanceRole,
    AuditAction,
    BillType,
    BodyRole,
    CouncilType,
    DatePrecision,
    House,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    PersonKind,
    ReportSection,
)

# Named constraints let Alembic's batch mode on SQLite find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def vocabulary(enum_class: type, name: str) -> Enum:
    """Store a vocabulary by its values, as a plain string column checked by the database."""
    return Enum(
        enum_class,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Every text column keeps to one rule, whatever path its value came by (db/text.py).
install_text_rule(Base)


class Stamped:
    """Created/updated stamps and a version counter checked on every update (optimistic locking)."""

    audited: ClassVar[bool] = True

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now, onupdate=utc_now)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Organisation(Stamped, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    acronym: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    kind: Mapped[OrganisationKind] = mapped_column(
        vocabulary(OrganisationKind, "organisation_kind"), nullable=False
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    successor_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # For a council: county, district, unitary, metropolitan borough or London borough.
    council_type: Mapped[CouncilType | None] = mapped_column(vocabulary(CouncilType, "council_type"))

    aliases: Mapped[list[OrganisationAlias]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrganisationAlias.alias"
    )
    parent: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", foreign_keys=[parent_id]
    )
    successor: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", foreign_keys=[successor_id]
    )

    __table_args__ = (Index("ix_organisations_name_nocase", "name"),)


class OrganisationAlias(Base):
    __tablename__ = "organisation_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    alias: Mapped[str] = mapped_column(String(200), nullable=False)

    organisation: Mapped[Organisation] = relationship(back_populates="aliases")
    __table_args__ = (UniqueConstraint("organisation_id", "alias", name="uq_organisation_aliases_alias"),)


class Person(Stamped, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[PersonKind] = mapped_column(vocabulary(PersonKind, "person_kind"), nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    party: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # When the person's personal data was erased (anonymised in place, so counts still hold).
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    organisation: Mapped[Organisation | None] = relationship()
    positions: Mapped[list[Position]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Position.started_on"
    )

    __table_args__ = (Index("ix_people_name", "name"), Index("ix_people_email", "email"))


class Position(Base):
    """A post a person holds at a body over a span of time ("Director General, NOMS")."""

    __tablename__ = "positions"
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(200), nullable=False)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="positions")
    organisation: Mapped[Organisation | None] = relationship()


class Theme(Stamped, Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Meeting(Stamped, Base):
    """An engagement with outside bodies: a meeting, conference, written response, call..."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    date_precision: Mapped[DatePrecision] = mapped_column(
        vocabulary(DatePrecision, "date_precision"), nullable=False, default=DatePrecision.DAY
    )
    # The date as the officer or paper wrote it ("c. March 2007", "start of June"), shown as written.
    date_written: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    starts_at: Mapped[time | None] = mapped_column(Time)
    status: Mapped[MeetingStatus] = mapped_column(
        vocabulary(MeetingStatus, "meeting_status"), nullable=False, default=MeetingStatus.HELD
    )
    # "The LGA was represented": the association was there, but no one is named in the record.
    represented_unnamed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[MeetingKind] = mapped_column(vocabulary(MeetingKind, "meeting_kind"), nullable=False)
    location: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    report_section: Mapped[ReportSection] = mapped_column(
        vocabulary(ReportSection, "report_section"), nullable=False
    )
    report_heading: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source: Mapped[str] = mapped_column(String(40), nullable=False, default="manual")
    external_uid: Mapped[str | None] = mapped_column(String(300), unique=True)
    # Set for an outside meeting read from a department's published return (a minister met a
    # body; the association was not there): never in the association's own reports.
    return_id: Mapped[int | None] = mapped_column(
        ForeignKey("transparency_returns.id", ondelete="CASCADE"), index=True
    )
    # Display and search copies of the linked names, kept by the meetings service, so the
    # big list sorts and filters in one indexed table instead of joining per row.
    bodies_label: Mapped[str] = mapped_column(Text, nullable=False, default="")
    people_label: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The follow-up actions' text, for search: kept by triggers on follow_ups (db/search_index.py).
    follow_ups_label: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")

    bodies: Mapped[list[MeetingOrganisation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingOrganisation.position"
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.position"
    )
    themes: Mapped[list[Theme]] = relationship(secondary="meeting_themes", order_by="Theme.name")
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="FollowUp.position"
    )

    __table_args__ = (
        Index("ix_meetings_held_on", "held_on", "id"),
        Index("ix_meetings_title", "title"),
        Index("ix_meetings_bodies_label", "bodies_label"),
        Index("ix_meetings_people_label", "people_label"),
        Index("ix_meetings_kind", "kind", "held_on"),
    )


class MeetingOrganisation(Base):
    __tablename__ = "meeting_organisations"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[BodyRole] = mapped_column(vocabulary(BodyRole, "body_role"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="bodies")
    organisation: Mapped[Organisation] = relationship()


class Attendance(Base):
    """One person at one meeting, in one role; the same person twice is refused."""

    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    role: Mapped[AttendanceRole] = mapped_column(
        vocabulary(AttendanceRole, "attendance_role"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reported_back_on: Mapped[date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_attendances_person"),)


class MeetingTheme(Base):
    __tablename__ = "meeting_themes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class FollowUp(Base):
    """An action agreed at a meeting: what, who, by when, and whether it is done."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="follow_ups")
    owner: Mapped[Person | None] = relationship()


class Appointment(Stamped, Base):
    """A representation duty: a member or officer appointed to an outside body for a term."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    role: Mapped[AppointmentRole] = mapped_column(
        vocabulary(AppointmentRole, "appointment_role"), nullable=False
    )
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    appointed_by: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    appointed_on: Mapped[date | None] = mapped_column(Date)
    report_back_expected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    predecessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_end >= term_start", name="term"),
    )


class Bill(Stamped, Base):
    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    session: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    bill_type: Mapped[BillType] = mapped_column(
        vocabulary(BillType, "bill_type"), nullable=False, default=BillType.GOVERNMENT
    )
    act_title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    stages: Mapped[list[BillStage]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="BillStage.sort_order"
    )
    asks: Mapped[list[Ask]] = relationship(back_populates="bill", cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("title", "session", name="uq_bills_title_session"),)


class BillStage(Base):
    __tablename__ = "bill_stages"
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), nullable=False, index=True
    )
    house: Mapped[House] = mapped_column(vocabulary(House, "house"), nullable=False)
    stage: Mapped[str] = mapped_column(String(120), nullable=False)
    sitting_on: Mapped[date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    bill: Mapped[Bill] = relationship(back_populates="stages")


class Ask(Stamped, Base):
    """Something the association sought, of whom, and what came of it: under a work stream, on any
    number of policy items (bills among them, db/programme.py's ask_policy_items)."""

    __tablename__ = "asks"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The first bill among the ask's policy items, kept by the asks service for the readers that
    # show an ask under one bill (the graph, the history); None when the ask is on no bill.
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    work_stream_id: Mapped[int | None] = mapped_column(
        ForeignKey("work_streams.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    target_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    target_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[AskStatus] = mapped_column(
        vocabulary(AskStatus, "ask_status"), nullable=False, default=AskStatus.PENDING
    )
    outcome: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_stage_id: Mapped[int | None] = mapped_column(ForeignKey("bill_stages.id", ondelete="SET NULL"))
    # Where it was decided, when no bill stage says it ("Parliamentary Written Answer", a Board).
    decided_where: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    bill: Mapped[Bill | None] = relationship(back_populates="asks")


class MeetingBill(Base):
    __tablename__ = "meeting_bills"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class MeetingAsk(Base):
    __tablename__ = "meeting_asks"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    ask_id: Mapped[int] = mapped_column(
        ForeignKey("asks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Board(Stamped, Base):
    """One of the association's boards, to which reports such as "Meetings with outside bodies" go."""

    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    contact_officer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The board's paper conventions: the 2007 papers number their paragraphs, the 2009 one does not;
    # "Action" or "Recommendation"; the sections in use (PaperSection values, comma-separated).
    numbered_paragraphs: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    action_heading: Mapped[str] = mapped_column(String(40), nullable=False, default="Action")
    sections: Mapped[str] = mapped_column(
        String(200), nullable=False, default="member_activity,officer_activity"
    )
    # The team's Word template (.docx or .dotx) the board's papers are written into.
    template_path: Mapped[str] = mapped_column(String(1000), nullable=False, default="")

    meeting_dates: Mapped[list[BoardMeeting]] = relationship(
        back_populates="board", cascade="all, delete-orphan", order_by="BoardMeeting.meets_on"
    )
    officers: Mapped[list[BoardOfficer]] = relationship(
        back_populates="board", cascade="all, delete-orphan", order_by="BoardOfficer.position"
    )


class BoardOfficer(Base):
    """Who was a board's contact officer over a span of time (either end may be open)."""

    __tablename__ = "board_officers"
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), nullable=False, index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    board: Mapped[Board] = relationship(back_populates="officers")


class Paper(Stamped, Base):
    """A saved board paper: the board meeting it goes to, its item, period and contact officer, and
    its entries as the report team chose, ordered and rewrote them."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item: Mapped[str] = mapped_column(String(40), nullable=False, default="Item x")
    meets_on: Mapped[date] = mapped_column(Date, nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    contact_officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    entries: Mapped[list[PaperEntry]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="PaperEntry.position"
    )

    __table_args__ = (CheckConstraint("period_end >= period_start", name="period"),)


class PaperEntry(Base):
    """One entry of a saved paper, by its key: included or not, its place, and its text if rewritten."""

    __tablename__ = "paper_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    )
    key: Mapped[str] = mapped_column(String(400), nullable=False)
    included: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    text: Mapped[str | None] = mapped_column(Text)

    paper: Mapped[Paper] = relationship(back_populates="entries")
    __table_args__ = (UniqueConstraint("paper_id", "key", name="uq_paper_entries_key"),)


class BoardMeeting(Base):
    __tablename__ = "board_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), nullable=False)
    meets_on: Mapped[date] = mapped_column(Date, nullable=False)

    board: Mapped[Board] = relationship(back_populates="meeting_dates")
    __table_args__ = (UniqueConstraint("board_id", "meets_on", name="uq_board_meetings_date"),)


class TransparencyReturn(Stamped, Base):
    """A department's published quarterly return of ministers' meetings with outside organisations."""

    __tablename__ = "transparency_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    source_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    department: Mapped[Organisation] = relationship()

    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period"),
        UniqueConstraint(
            "department_id", "period_start", "period_end", name="uq_transparency_returns_period"
        ),
    )


class ImportMapping(Base):
    """How the columns of a spreadsheet of one shape map to Liaison's fields, remembered for the next."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    signature: Mapped[str] = mapped_column(String(64), nullable=False)
    headers: Mapped[str] = mapped_column(Text, nullable=False)
    mapping: Mapped[str] = mapped_column(Text, nullable=False)
    used_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now, onupdate=utc_now)

    __table_args__ = (UniqueConstraint("kind", "signature", name="uq_import_mappings_signature"),)


class AuditEntry(Base):
    """Who changed what, when, with the values before and after; written in the change's transaction."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    actor: Mapped[str] = mapped_column(String(120), nullable=False)
    action: Mapped[AuditAction] = mapped_column(vocabulary(AuditAction, "audit_action"), nullable=False)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    row_id: Mapped[str] = mapped_column(String(60), nullable=False)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_row", "table_name", "row_id", "at"),)


def column_values(obj: Any) -> dict[str, Any]:
    """The stored column values of a mapped object, by column name."""
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


# The work programme and policy items, so Base.metadata is whole wherever the models are imported.
from db import programme as _programme  # noqa: E402, F401

# Stakeholders: stances, influence and interest, engagement (the stakeholder map and health).
from db import stakeholders as _stakeholders  # noqa: E402, F401
