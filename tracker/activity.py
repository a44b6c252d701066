"""What counts as activity: a meeting that was held (not planned, cancelled or postponed)."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from db.models import Meeting
from db.vocabulary import MeetingStatus


def held() -> ColumnElement[bool]:
    """The condition every count or draft of activity applies: papers, attendance rates, the graph."""
    return Meeting.status == MeetingStatus.HELD
