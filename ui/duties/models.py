"""Table models for a member's duties and the meetings under one duty, over plain values."""

from __future__ import annotations

from tracker.duties import AttentionItem, Duty, DutyMeeting
from ui.common.rows_model import RowsModel


def duties_model() -> RowsModel[Duty]:
    return RowsModel(
        [
            ("Outside body", lambda d: d.body),
            ("Role", lambda d: d.role.label),
            ("Term", lambda d: d.term),
            ("Held", lambda d: str(d.held)),
            ("Attended", lambda d: str(d.attended)),
            ("Rate", lambda d: d.rate_text),
            ("Last attended", lambda d: d.last_attended_when),
            ("Report-backs owed", lambda d: str(d.report_backs_owed) if d.report_backs_owed else ""),
            ("Term ends soon", lambda d: "yes" if d.ending_soon else ""),
        ],
        right=(3, 4, 5, 7),
    )


def duty_meetings_model() -> RowsModel[DutyMeeting]:
    return RowsModel(
        [
            ("Date", lambda m: m.when),
            ("Meeting", lambda m: m.title),
            ("Status", lambda m: m.status),
            ("Role, or who stood in", lambda m: m.role),
            ("Report-back", lambda m: m.report_back),
        ]
    )


def attention_model() -> RowsModel[AttentionItem]:
    return RowsModel([("What", lambda i: i.kind.capitalize()), ("Needs attention", lambda i: i.text)])
