"""Table models for bills: the short list of bills, a bill's timeline, and its asks, over plain values."""

from __future__ import annotations

from dataclasses import dataclass

from db.vocabulary import House
from tracker.common.dates import short_date
from tracker.lobbying.bills import AskRow, BillPage, BillRow
from ui.common.rows_model import RowsModel
from ui.common.small_list import SmallListModel


def bills_model() -> SmallListModel[BillRow]:
    """Every bill as a plain row; few enough to sort and filter in a proxy."""
    return SmallListModel(
        [
            ("Title", lambda b: b.title),
            ("Session", lambda b: b.session),
            ("Type", lambda b: b.bill_type.label.capitalize()),
            ("Current stage", lambda b: b.current_stage),
            ("Asks", lambda b: str(b.asks), lambda b: b.asks),
            ("Open asks", lambda b: str(b.open_asks), lambda b: b.open_asks),
            ("Act", lambda b: b.act_title),
        ],
        right=(4, 5),
    )


@dataclass(frozen=True)
class TimelineLine:
    """One row of a bill's timeline as the page shows it."""

    when: str
    what: str
    detail: str
    kind: str  # "stage", "meeting", "decision"
    record_id: int | None


def timeline_lines(page: BillPage) -> list[TimelineLine]:
    """The service's timeline, with the date in its own column and not repeated in the detail."""
    stages = {s.id: s for s in page.draft.stages}
    lines = []
    for item in page.timeline:
        when = short_date(item.on) if item.on else "undated"
        detail = item.text
        if item.kind == "stage" and item.record_id in stages:
            stage = stages[item.record_id]
            detail = (
                stage.stage
                if stage.house is House.BOTH
                else f"{stage.house.label.capitalize()} {stage.stage}"
            )
        elif item.kind == "meeting":
            # The service writes "date: title", with the date as precisely as it is known ("Mar 2009").
            when, _colon, detail = item.text.partition(": ")
        what = {"stage": "Stage", "meeting": "Meeting", "decision": "Decision"}.get(item.kind, item.kind)
        lines.append(TimelineLine(when, what, detail, item.kind, item.record_id))
    return lines


def timeline_model() -> RowsModel[TimelineLine]:
    return RowsModel([("Date", lambda t: t.when), ("What", lambda t: t.what), ("Detail", lambda t: t.detail)])


def _decided(ask: AskRow) -> str:
    """ "28 Feb 2007, at Commons 3rd reading": the stage's own date is not repeated when it is the same."""
    when = short_date(ask.decided_on) if ask.decided_on else ""
    stage = ask.decided_stage.removesuffix(f", {when}") if when else ask.decided_stage
    return ", ".join(p for p in (when, f"at {stage}" if stage else "") if p)


def asks_model() -> RowsModel[AskRow]:
    return RowsModel(
        [
            ("Ask", lambda a: a.text),
            ("Of whom", lambda a: a.target),
            ("Status", lambda a: a.status.label.capitalize()),
            ("Outcome", lambda a: a.outcome),
            ("Decided", _decided),
        ]
    )
