"""The team's fixed vocabularies: kinds of body, person, meeting and role, stored as their values."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A stored vocabulary whose members also carry the words a user reads."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " "))

    @classmethod
    def from_label(cls, text: str) -> LabelledEnum:
        wanted = text.strip().lower()
        for member in cls:
            if wanted in (member.value, member.label.lower()):
                return member
        raise ValueError(f"{text!r} is not one of: {', '.join(m.label for m in cls)}")


class OrganisationKind(LabelledEnum):
    OWN_ASSOCIATION = "own_association"
    GOVERNMENT_DEPARTMENT = "government_department"
    AGENCY = "agency"
    BOARD_OR_GROUP = "board_or_group"
    ASSOCIATION = "association"
    PARLIAMENTARY_GROUP = "parliamentary_group"
    INSPECTORATE = "inspectorate"
    VOLUNTARY_BODY = "voluntary_body"
    RESEARCH_BODY = "research_body"
    COUNCIL = "council"
    PUBLIC_SERVICE = "public_service"
    COMPANY = "company"
    OTHER = "other"


class PersonKind(LabelledEnum):
    MEMBER = "member"
    OFFICER = "officer"
    CONTACT = "contact"


class MeetingKind(LabelledEnum):
    MEETING = "meeting"
    BOARD = "board"
    CONFERENCE = "conference"
    WORKSHOP = "workshop"
    SEMINAR = "seminar"
    CONSULTATION = "consultation"
    WRITTEN_RESPONSE = "written_response"
    CALL = "call"
    EVENT = "event"


class AttendanceRole(LabelledEnum):
    CHAIRED = "chaired"
    SPOKE = "spoke"
    PRESENTED = "presented"
    ATTENDED = "attended"
    REPRESENTED = "represented"
    WRITTEN_SUBMISSION = "written_submission"
    APOLOGIES = "apologies"


class BodyRole(LabelledEnum):
    HOST = "host"
    PARTICIPANT = "participant"


class ReportSection(LabelledEnum):
    MEMBER_ACTIVITY = "member_activity"
    OFFICER_ACTIVITY = "officer_activity"


class DatePrecision(LabelledEnum):
    """How much of a meeting's date the record really knows ("in March" is a month)."""

    DAY = "day"
    MONTH = "month"
    MONTHS = "months"  # a range of months that is not a calendar quarter ("Apr/May")
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    APPROXIMATE = "approximate"


class MeetingStatus(LabelledEnum):
    """Whether a meeting took place: only held meetings count as activity."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class CouncilType(LabelledEnum):
    """The kind of council, as the papers name councils ("Bolton Metropolitan Borough Council")."""

    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN_BOROUGH = "metropolitan_borough"
    LONDON_BOROUGH = "london_borough"


class PaperSection(LabelledEnum):
    """The sections a board's "Meetings with outside bodies" paper may use."""

    MEMBER_ACTIVITY = "member_activity"
    OFFICER_ACTIVITY = "officer_activity"
    FORTHCOMING = "forthcoming"


class AppointmentRole(LabelledEnum):
    REPRESENTATIVE = "representative"
    DEPUTY = "deputy"
    SUBSTITUTE = "substitute"
    OBSERVER = "observer"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"


class BillType(LabelledEnum):
    GOVERNMENT = "government"
    PRIVATE_MEMBERS = "private_members"


class House(LabelledEnum):
    COMMONS = "commons"
    LORDS = "lords"
    BOTH = "both"


class AskStatus(LabelledEnum):
    PENDING = "pending"
    CONCEDED = "conceded"
    PARTLY_CONCEDED = "partly_conceded"
    ASSURANCE_GIVEN = "assurance_given"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ERASE = "erase"


_LABELS: dict[LabelledEnum, str] = {
    OrganisationKind.OWN_ASSOCIATION: "our association",
    OrganisationKind.BOARD_OR_GROUP: "board or group",
    OrganisationKind.VOLUNTARY_BODY: "voluntary body",
    OrganisationKind.RESEARCH_BODY: "research body",
    OrganisationKind.PUBLIC_SERVICE: "local public service",
    PersonKind.CONTACT: "outside contact",
    AttendanceRole.REPRESENTED: "represented the association",
    AttendanceRole.WRITTEN_SUBMISSION: "written submission",
    ReportSection.MEMBER_ACTIVITY: "Member activity",
    ReportSection.OFFICER_ACTIVITY: "Officer activity",
    AppointmentRole.VICE_CHAIR: "vice-chair",
    BillType.PRIVATE_MEMBERS: "private member's",
    AskStatus.PARTLY_CONCEDED: "partly conceded",
    AskStatus.ASSURANCE_GIVEN: "assurance given",
    MeetingKind.WRITTEN_RESPONSE: "written response",
    DatePrecision.MONTHS: "range of months",
    CouncilType.METROPOLITAN_BOROUGH: "metropolitan borough",
    CouncilType.LONDON_BOROUGH: "London borough",
    PaperSection.MEMBER_ACTIVITY: "Member activity",
    PaperSection.OFFICER_ACTIVITY: "Officer activity",
    PaperSection.FORTHCOMING: "Forthcoming meetings",
}
