"""Table models for the programme area: the list of policy items, and an item's asks, meetings,
positions, documents, and the Board's decisions and actions on it, over plain values."""

from __future__ import annotations

from datetime import date

from db.vocabulary import DatePrecision
from tracker.common.dates import short_date
from tracker.lobbying.bills import AskRow
from tracker.lobbying.decisions import ActionRow, DecisionRow
from tracker.lobbying.policy_items import DocumentEntry, PolicyItemRow
from tracker.lobbying.positions import PositionRow
from ui.common.rows_model import RowsModel
from ui.common.small_list import SmallListModel

MeetingLine = tuple[int, date, DatePrecision, str]


def items_model() -> SmallListModel[PolicyItemRow]:
    """Every policy item as a plain row: few enough (tens, not thousands) to sort in a proxy."""
    return SmallListModel(
        [
            ("Title", lambda r: r.title),
            ("Kind", lambda r: r.kind.label[:1].upper() + r.kind.label[1:]),
            ("Responsible body", lambda r: r.responsible_body),
            ("Status", lambda r: r.status),
            ("Dates", lambda r: r.dates, lambda r: r.opens_on or r.closes_on or date.min),
            ("Asks", lambda r: str(r.asks) if r.asks else "", lambda r: r.asks),
        ],
        right=(5,),
    )


def _decided(ask: AskRow) -> str:
    """When and where it was decided: "28 Feb 2007, at Commons 3rd reading", "at the Board"."""
    when = short_date(ask.decided_on) if ask.decided_on else ""
    stage = ask.decided_stage.removesuffix(f", {when}") if when else ask.decided_stage
    where = ", ".join(w for w in (stage, ask.decided_where) if w)
    return ", ".join(p for p in (when, f"at {where}" if where else "") if p)


def asks_model() -> RowsModel[AskRow]:
    """An item's asks, each with every item it is about (an aim across two bills is one ask)."""
    return RowsModel(
        [
            ("Ask", lambda a: a.text),
            ("Work stream", lambda a: a.work_stream),
            ("Of whom", lambda a: a.target),
            ("Status", lambda a: a.status.label.capitalize()),
            ("Outcome", lambda a: a.outcome),
            ("Decided", _decided),
            ("On", lambda a: "; ".join(a.items)),
        ]
    )


def meetings_model() -> RowsModel[MeetingLine]:
    return RowsModel([("Date", lambda m: short_date(m[1], m[2])), ("Meeting", lambda m: m[3])])


def positions_model() -> RowsModel[PositionRow]:
    return RowsModel(
        [
            ("Stated", lambda p: short_date(p.stated_on)),
            ("The association's position", lambda p: p.statement),
            ("Where agreed", lambda p: p.agreed),
            ("", lambda p: "current" if p.current else "earlier"),
        ]
    )


def documents_model() -> RowsModel[DocumentEntry]:
    return RowsModel([("Title", lambda d: d.title), ("Link", lambda d: d.link)])


def decisions_model() -> RowsModel[DecisionRow]:
    return RowsModel(
        [
            ("Date", lambda d: short_date(d.decided_on) if d.decided_on else "undated"),
            ("The Board agreed", lambda d: d.text),
            ("Paper", lambda d: d.paper),
        ]
    )


def actions_model() -> RowsModel[ActionRow]:
    return RowsModel(
        [
            ("Action required", lambda a: a.text),
            ("Owner", lambda a: a.owner),
            ("Due", lambda a: short_date(a.due_on) if a.due_on else ""),
            ("Done", lambda a: short_date(a.done_on) if a.done_on else ""),
        ]
    )
