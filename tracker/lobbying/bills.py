"""Bills the association lobbies on: their stages in Parliament, and what we asked for and won.

A bill is one kind of policy item (db/programme.py): each bill has its policy item, kept here, and
an ask is on any number of policy items (an aim across three bills is one ask) under a work
stream. `Ask.bill_id` keeps the first of an ask's bills for the readers that show it under one."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Ask, Bill, BillStage, Meeting, MeetingAsk, MeetingBill, Organisation, Person
from db.programme import AskPolicyItem, PolicyItem, PolicyItemKind, WorkStream
from db.vocabulary import AskStatus, BillType, DatePrecision, House
from tracker.common.dates import short_date
from tracker.common.errors import DomainError, EditConflict, InvalidRecord, NotFound
from tracker.directory.names import body_label, display_name, similarity

# Parliament's own words for the stages, in the order a bill meets them in each House.
STAGES = (
    "1st reading",
    "2nd reading",
    "Committee stage",
    "Report stage",
    "3rd reading",
    "Consideration of amendments",
    "Royal Assent",
)
_STAGE_WORDS = {
    "first reading": "1st reading",
    "1r": "1st reading",
    "second reading": "2nd reading",
    "2r": "2nd reading",
    "committee": "Committee stage",
    "cs": "Committee stage",
    "public bill committee": "Committee stage",
    "report": "Report stage",
    "rs": "Report stage",
    "third reading": "3rd reading",
    "3r": "3rd reading",
    "ping pong": "Consideration of amendments",
    "ping-pong": "Consideration of amendments",
    "ca": "Consideration of amendments",
    "consideration of lords amendments": "Consideration of amendments",
    "consideration of commons amendments": "Consideration of amendments",
    "ra": "Royal Assent",
}
OPEN = {AskStatus.PENDING}
MAX_STAGE_NAME = 120  # the column holds 120 characters; Parliament's longest stage names are far shorter
MAX_SORT_ORDER = 2**31 - 1  # an INTEGER on every database Liaison runs on


def stage_name(text: str) -> str:
    """Parliament's name for a stage however it was written ("Second reading", "2R", "Ping Pong")."""
    cleaned = " ".join(text.strip().split())
    lowered = cleaned.lower().removesuffix(" stage")
    for name in STAGES:
        if lowered in (name.lower(), name.lower().removesuffix(" stage")):
            return name
    return _STAGE_WORDS.get(lowered, _STAGE_WORDS.get(cleaned.lower(), cleaned))


@dataclass(frozen=True)
class StageEntry:
    house: House
    stage: str
    sitting_on: date | None = None
    sort_order: int = 0
    id: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        when = f", {short_date(self.sitting_on)}" if self.sitting_on else ""
        house = "" if self.house is House.BOTH else f"{self.house.label.capitalize()} "
        return f"{house}{self.stage}{when}"


@dataclass(frozen=True)
class BillDraft:
    title: str
    session: str = ""
    bill_type: BillType = BillType.GOVERNMENT
    act_title: str = ""
    notes: str = ""
    stages: tuple[StageEntry, ...] = ()
    id: int | None = None
    version: int | None = None
    # The meetings that dealt with the bill; a delete drops those links and its undo restores them.
    meeting_ids: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class AskDraft:
    """An ask: `bill_id` (if given) and `policy_item_ids` are the items it is about, together;
    read back, `policy_item_ids` holds them all (the bills' items too) and `bill_id` the first bill."""

    bill_id: int | None
    text: str
    target_organisation_id: int | None = None
    target_person_id: int | None = None
    status: AskStatus = AskStatus.PENDING
    outcome: str = ""
    decided_on: date | None = None
    decided_stage_id: int | None = None
    notes: str = ""
    meeting_ids: tuple[int, ...] = ()
    id: int | None = None
    version: int | None = None
    policy_item_ids: tuple[int, ...] = ()
    work_stream_id: int | None = None
    decided_where: str = ""


@dataclass(frozen=True)
class AskRow:
    id: int
    bill_id: int | None
    bill: str
    text: str
    target: str
    status: AskStatus
    outcome: str
    decided_on: date | None
    decided_stage: str
    meetings: tuple[tuple[int, date, DatePrecision, str], ...]
    confidential_meeting_ids: tuple[int, ...] = ()
    items: tuple[str, ...] = ()  # the titles of every policy item the ask is about, bills included
    work_stream: str = ""
    decided_where: str = ""


@dataclass(frozen=True)
class BillRow:
    id: int
    title: str
    session: str
    bill_type: BillType
    act_title: str
    current_stage: str
    asks: int
    open_asks: int


@dataclass(frozen=True)
class TimelineItem:
    """One thing on a bill's timeline: a stage sitting, a meeting where it was raised, an ask decided."""

    on: date | None
    kind: str  # "stage", "meeting", "decision"
    text: str
    record_id: int | None = None


@dataclass(frozen=True)
class BillPage:
    draft: BillDraft
    current_stage: StageEntry | None
    timeline: tuple[TimelineItem, ...]
    asks: tuple[AskRow, ...]


def current_stage(stages: Sequence[StageEntry], as_of: date) -> StageEntry | None:
    """The furthest stage reached by `as_of`: the last sitting on or before it (by date, then order)."""
    reached = [s for s in stages if s.sitting_on is not None and s.sitting_on <= as_of]
    return max(reached, key=lambda s: (s.sitting_on, s.sort_order)) if reached else None


# -- bills ---------------------------------------------------------------------------------


def _get(session: Session, bill_id: int) -> Bill:
    bill = session.get(Bill, bill_id)
    if bill is None:
        raise NotFound(f"Bill #{bill_id} no longer exists.")
    return bill


def _draft(bill: Bill) -> BillDraft:
    return BillDraft(
        bill.title,
        bill.session,
        bill.bill_type,
        bill.act_title,
        bill.notes,
        tuple(
            StageEntry(s.house, s.stage, s.sitting_on, s.sort_order, s.id)
            for s in sorted(bill.stages, key=lambda s: (s.sort_order, s.sitting_on or date.min))
        ),
        bill.id,
        bill.version,
    )


def _validate(session: Session, draft: BillDraft) -> BillDraft:
    draft = replace(
        draft,
        title=" ".join(draft.title.split()),
        session=draft.session.strip(),
        act_title=draft.act_title.strip(),
        notes=draft.notes.strip(),
        stages=tuple(replace(s, stage=stage_name(s.stage)) for s in draft.stages),
    )
    problems: dict[str, str] = {}
    if not draft.title:
        problems["title"] = "A bill needs a title."
    elif session.scalar(
        select(Bill.id).where(
            func.lower(Bill.title) == draft.title.lower(),
            Bill.session == draft.session,
            Bill.id != (draft.id or -1),
        )
    ):
        problems["title"] = (
            f"The {draft.title} is already recorded for session {draft.session or '(none given)'}."
        )
    if any(not s.stage for s in draft.stages):
        problems["stages"] = "Each stage needs a name, such as “2nd reading”."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(bill: Bill, draft: BillDraft) -> None:
    bill.title, bill.session, bill.bill_type = draft.title, draft.session, draft.bill_type
    bill.act_title, bill.notes = draft.act_title, draft.notes
    held = {s.id: s for s in bill.stages if s.id is not None}
    # Stages loaded from a file carry no ids: the same stage in the same House is the same record,
    # so asks decided at it keep pointing at it.
    by_name = {(s.house, s.stage): s for s in bill.stages}
    kept: list[BillStage] = []
    for position, entry in enumerate(draft.stages):
        stage = held.get(entry.id) if entry.id is not None else None
        if stage is None:
            match = by_name.get((entry.house, entry.stage))
            stage = match if match is not None and all(match is not k for k in kept) else None
        stage = stage or BillStage()
        stage.house, stage.stage, stage.sitting_on = entry.house, entry.stage, entry.sitting_on
        stage.sort_order = entry.sort_order or position + 1
        kept.append(stage)
    bill.stages = kept


def item_of(session: Session, bill_id: int) -> PolicyItem:
    """The bill's policy item, made (kind bill, the bill's title) if it has none yet."""
    item = session.scalar(select(PolicyItem).where(PolicyItem.bill_id == bill_id))
    if item is None:
        bill = _get(session, bill_id)
        item = PolicyItem(kind=PolicyItemKind.BILL, title=bill.title, bill_id=bill_id)
        session.add(item)
        session.flush()
    return item


def _keep_item(session: Session, bill: Bill) -> None:
    item = item_of(session, bill.id)
    if item.title != bill.title:
        item.title = bill.title


def create(session: Session, draft: BillDraft) -> BillDraft:
    draft = _validate(session, replace(draft, id=None, version=None))
    bill = Bill()
    _apply(bill, draft)
    session.add(bill)
    session.flush()
    _keep_item(session, bill)
    return _draft(bill)


def update(session: Session, draft: BillDraft) -> BillDraft:
    if draft.id is None:
        raise NotFound("That bill has not been saved yet.")
    bill = _get(session, draft.id)
    if draft.version is not None and draft.version != bill.version:
        raise EditConflict(
            f"The {bill.title} was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft)
    decided = {a.decided_stage_id: a for a in bill.asks if a.decided_stage_id is not None}
    _apply(bill, draft)
    remaining = {s.id for s in bill.stages}
    for stage_id, ask in decided.items():
        if stage_id not in remaining:
            raise InvalidRecord(
                {
                    "stages": f"The ask “{ask.text}” was decided at a stage this change would remove;"
                    " keep that stage, or change the ask first."
                }
            )
    bill.updated_at = datetime.now()  # a change to the stages alone still bumps the bill's version
    session.flush()
    _keep_item(session, bill)
    return _draft(bill)


def get(session: Session, bill_id: int) -> BillDraft:
    return _draft(_get(session, bill_id))


def delete(session: Session, bill_id: int) -> BillDraft:
    bill = _get(session, bill_id)
    asks = session.scalar(
        select(func.count())
        .select_from(AskPolicyItem)
        .join(PolicyItem, PolicyItem.id == AskPolicyItem.item_id)
        .where(PolicyItem.bill_id == bill_id)
    )
    if asks or bill.asks:
        count = max(int(asks or 0), len(bill.asks))
        raise InvalidRecord({"form": f"The {bill.title} has {count} asks recorded; delete those first."})
    linked = session.scalars(select(MeetingBill.meeting_id).where(MeetingBill.bill_id == bill_id))
    snapshot = replace(_draft(bill), meeting_ids=tuple(sorted(linked)))
    item = session.scalar(select(PolicyItem).where(PolicyItem.bill_id == bill_id))
    if item is not None:
        session.delete(item)
        session.flush()
    session.delete(bill)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: BillDraft) -> BillDraft:
    if snapshot.id is None or session.get(Bill, snapshot.id) is not None:
        raise InvalidRecord({"form": "That bill is already present."})
    bill = Bill(id=snapshot.id)
    _apply(bill, replace(snapshot, stages=tuple(replace(s, id=None) for s in snapshot.stages)))
    session.add(bill)
    session.flush()
    _keep_item(session, bill)
    for meeting_id in session.scalars(select(Meeting.id).where(Meeting.id.in_(snapshot.meeting_ids))):
        _link_bill(session, meeting_id, bill.id)
    session.flush()
    return _draft(bill)


def find(session: Session, title: str) -> BillDraft:
    wanted = " ".join(title.split()).lower()
    bills = list(session.scalars(select(Bill)))
    for bill in bills:
        if bill.title.lower() == wanted or bill.title.lower().removeprefix("the ") == wanted.removeprefix(
            "the "
        ):
            return _draft(bill)
    close = sorted(bills, key=lambda b: -similarity(b.title.lower(), wanted))[:3]
    hint = f" Bills held: {', '.join(b.title for b in close)}." if close else ""
    raise NotFound(f"There is no bill called “{title}”.{hint}")


def all_rows(session: Session, as_of: date) -> list[BillRow]:
    rows = []
    for bill in session.scalars(
        select(Bill).options(selectinload(Bill.stages), selectinload(Bill.asks)).order_by(Bill.title)
    ):
        draft = _draft(bill)
        stage = current_stage(draft.stages, as_of)
        rows.append(
            BillRow(
                bill.id,
                bill.title,
                bill.session,
                bill.bill_type,
                bill.act_title,
                stage.label if stage else "",
                len(bill.asks),
                sum(1 for a in bill.asks if a.status in OPEN),
            )
        )
    return rows


# -- stages from the Bills API -------------------------------------------------------------


def stages_from_bills_api(text: str, source: str = "the file") -> tuple[StageEntry, ...]:
    """Stages from JSON shaped like the UK Parliament Bills API's /api/v1/Bills/{id}/Stages
    response (items[]: description, abbreviation, house, sortOrder, stageSittings[].date).
    Nothing is fetched; a file that is not of that shape is refused naming what is wrong."""
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise DomainError(f"{source} is nested too deeply to be a Bills API response.") from error
    except json.JSONDecodeError as error:
        raise DomainError(
            f"{source} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DomainError(
            f"{source} has no list of stages (expected an object with “items”, as the Bills API sends)."
        )
    if not items:
        raise DomainError(f"{source} lists no stages.")
    houses = {"commons": House.COMMONS, "lords": House.LORDS, "unassigned": House.BOTH, "all": House.BOTH}
    stages = []
    for number, item in enumerate(items, start=1):
        where = f"{source}, stage {number}"
        if not isinstance(item, dict):
            raise DomainError(f"{where}: expected an object, found {type(item).__name__}.")
        description = item.get("description") or item.get("abbreviation")
        if not isinstance(description, str) or not description.strip():
            raise DomainError(f"{where}: no “description”.")
        if len(description) > MAX_STAGE_NAME or any(
            unicodedata.category(c) in ("Cc", "Cs") for c in description
        ):
            raise DomainError(
                f"{where}: the “description” is not a stage name (too long, or control characters)."
            )
        house = houses.get(str(item.get("house", "")).strip().lower())
        if house is None:
            raise DomainError(f"{where}: “house” is {item.get('house')!r}; expected Commons or Lords.")
        order = item.get("sortOrder", number)
        if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= MAX_SORT_ORDER:
            raise DomainError(
                f"{where}: “sortOrder” is {order!r}, not a whole number from 0 to {MAX_SORT_ORDER}."
            )
        sittings = item.get("stageSittings") or []
        if not isinstance(sittings, list):
            raise DomainError(f"{where}: “stageSittings” is not a list.")
        dates = []
        for sitting in sittings:
            if not isinstance(sitting, dict):
                raise DomainError(
                    f"{where}: a sitting is {type(sitting).__name__}, not an object with a “date”."
                )
            raw = sitting.get("date")
            if raw is None:
                continue
            try:
                dates.append(datetime.fromisoformat(str(raw).replace("Z", "+00:00")).date())
            except ValueError as error:
                raise DomainError(f"{where}: the sitting date {raw!r} is not a date.") from error
        stages.append(StageEntry(house, stage_name(description), min(dates) if dates else None, order))
    return tuple(sorted(stages, key=lambda s: s.sort_order))


# -- asks ----------------------------------------------------------------------------------


def _get_ask(session: Session, ask_id: int) -> Ask:
    ask = session.get(Ask, ask_id)
    if ask is None:
        raise NotFound(f"Ask #{ask_id} no longer exists.")
    return ask


def _linked_items(session: Session, ask_id: int) -> list[PolicyItem]:
    return list(
        session.scalars(
            select(PolicyItem)
            .join(AskPolicyItem, AskPolicyItem.item_id == PolicyItem.id)
            .where(AskPolicyItem.ask_id == ask_id)
            .order_by(AskPolicyItem.position, PolicyItem.id)
        )
    )


def _ask_draft(session: Session, ask: Ask) -> AskDraft:
    meeting_ids = tuple(
        session.scalars(
            select(MeetingAsk.meeting_id)
            .join(Meeting, Meeting.id == MeetingAsk.meeting_id)
            .where(MeetingAsk.ask_id == ask.id)
            .order_by(Meeting.held_on)
        )
    )
    return AskDraft(
        ask.bill_id,
        ask.text,
        ask.target_organisation_id,
        ask.target_person_id,
        ask.status,
        ask.outcome,
        ask.decided_on,
        ask.decided_stage_id,
        ask.notes,
        meeting_ids,
        ask.id,
        ask.version,
        tuple(i.id for i in _linked_items(session, ask.id)),
        ask.work_stream_id,
        ask.decided_where,
    )


def _item_ids(session: Session, draft: AskDraft) -> tuple[int, ...]:
    """The ask's policy items in order: its bill's first when a bill is named."""
    named = list(draft.policy_item_ids)
    if draft.bill_id is not None:
        with session.no_autoflush:
            bill_item = item_of(session, draft.bill_id).id
        if bill_item not in named:
            named.insert(0, bill_item)
    return tuple(dict.fromkeys(named))


def _validate_ask(session: Session, draft: AskDraft) -> AskDraft:
    draft = replace(
        draft,
        text=" ".join(draft.text.split()),
        outcome=draft.outcome.strip(),
        notes=draft.notes.strip(),
        decided_where=" ".join(draft.decided_where.split()),
        meeting_ids=tuple(dict.fromkeys(draft.meeting_ids)),
    )
    problems: dict[str, str] = {}
    if draft.bill_id is not None and session.get(Bill, draft.bill_id) is None:
        problems["bill_id"] = "Choose the bill the ask is about."
    items = {
        i.id: i for i in session.scalars(select(PolicyItem).where(PolicyItem.id.in_(draft.policy_item_ids)))
    }
    if set(draft.policy_item_ids) - set(items):
        problems["policy_item_ids"] = "One of the policy items no longer exists."
    if draft.work_stream_id is not None and session.get(WorkStream, draft.work_stream_id) is None:
        problems["work_stream_id"] = f"Work stream #{draft.work_stream_id} no longer exists."
    if not problems and draft.bill_id is None and not draft.policy_item_ids and draft.work_stream_id is None:
        problems["policy_item_ids"] = (
            "Choose the bill or other policy item the ask is about, or its work stream."
        )
    if not draft.text:
        problems["text"] = "Say what was asked for."
    if (
        draft.target_organisation_id is not None
        and session.get(Organisation, draft.target_organisation_id) is None
    ):
        problems["target"] = f"Organisation #{draft.target_organisation_id} no longer exists."
    if draft.target_person_id is not None and session.get(Person, draft.target_person_id) is None:
        problems["target"] = f"Person #{draft.target_person_id} no longer exists."
    if draft.status in OPEN and (draft.decided_on or draft.decided_stage_id):
        problems["status"] = "A pending ask has no decision date or stage; choose what was decided."
    if draft.decided_stage_id is not None:
        bills_of_ask = {i.bill_id for i in items.values() if i.bill_id is not None}
        if draft.bill_id is not None:
            bills_of_ask.add(draft.bill_id)
        stage = session.get(BillStage, draft.decided_stage_id)
        if stage is None or stage.bill_id not in bills_of_ask:
            problems["decided_stage_id"] = "That stage is not one of this ask's bills'."
    known = set(session.scalars(select(Meeting.id).where(Meeting.id.in_(draft.meeting_ids))))
    if set(draft.meeting_ids) - known:
        problems["meeting_ids"] = "One of the meetings no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply_ask(session: Session, ask: Ask, draft: AskDraft) -> None:
    item_ids = _item_ids(session, draft)  # the callers made the bill's item first: no flush here
    with session.no_autoflush:  # a new ask is not filled in yet
        items = {i.id: i for i in session.scalars(select(PolicyItem).where(PolicyItem.id.in_(item_ids)))}
    bill_ids = [bill for bill in (items[i].bill_id for i in item_ids) if bill is not None]
    ask.bill_id = bill_ids[0] if bill_ids else None
    ask.text, ask.status, ask.outcome = draft.text, draft.status, draft.outcome
    ask.target_organisation_id, ask.target_person_id = draft.target_organisation_id, draft.target_person_id
    ask.decided_on, ask.decided_stage_id, ask.notes = draft.decided_on, draft.decided_stage_id, draft.notes
    ask.work_stream_id, ask.decided_where = draft.work_stream_id, draft.decided_where
    session.flush()
    linked = {
        link.item_id: link
        for link in session.scalars(select(AskPolicyItem).where(AskPolicyItem.ask_id == ask.id))
    }
    for item_id, gone in linked.items():
        if item_id not in item_ids:
            session.delete(gone)
    for position, item_id in enumerate(item_ids):
        kept = linked.get(item_id)
        if kept is None:
            session.add(AskPolicyItem(ask_id=ask.id, item_id=item_id, position=position))
        elif kept.position != position:
            kept.position = position
    held = {
        link.meeting_id: link
        for link in session.scalars(select(MeetingAsk).where(MeetingAsk.ask_id == ask.id))
    }
    for meeting_id, meeting_link in held.items():
        if meeting_id not in draft.meeting_ids:
            session.delete(meeting_link)
    for meeting_id in draft.meeting_ids:
        if meeting_id not in held:
            session.add(MeetingAsk(meeting_id=meeting_id, ask_id=ask.id))
            for bill_id in bill_ids:
                _link_bill(session, meeting_id, bill_id)


def _link_bill(session: Session, meeting_id: int, bill_id: int) -> None:
    """A meeting where an ask was raised dealt with its bills too."""
    if session.get(MeetingBill, (meeting_id, bill_id)) is None:
        session.add(MeetingBill(meeting_id=meeting_id, bill_id=bill_id))


def _bills_of_asks(session: Session, ask_ids: Sequence[int]) -> set[int]:
    return {
        bill_id
        for bill_id in session.scalars(
            select(PolicyItem.bill_id)
            .join(AskPolicyItem, AskPolicyItem.item_id == PolicyItem.id)
            .where(AskPolicyItem.ask_id.in_(ask_ids), PolicyItem.bill_id.is_not(None))
        )
        if bill_id is not None
    }


def add_ask(session: Session, draft: AskDraft) -> AskDraft:
    draft = _validate_ask(session, replace(draft, id=None, version=None))
    _item_ids(session, draft)  # the bill's policy item, made before the new ask is added
    ask = Ask()
    session.add(ask)
    _apply_ask(session, ask, draft)
    session.flush()
    return _ask_draft(session, ask)


def update_ask(session: Session, draft: AskDraft) -> AskDraft:
    if draft.id is None:
        raise NotFound("That ask has not been saved yet.")
    ask = _get_ask(session, draft.id)
    if draft.version is not None and draft.version != ask.version:
        raise EditConflict("The ask was changed by someone else since you opened it; nothing was saved.")
    draft = _validate_ask(session, draft)
    _apply_ask(session, ask, draft)
    session.flush()
    return _ask_draft(session, ask)


def get_ask(session: Session, ask_id: int) -> AskDraft:
    return _ask_draft(session, _get_ask(session, ask_id))


def delete_ask(session: Session, ask_id: int) -> AskDraft:
    ask = _get_ask(session, ask_id)
    snapshot = _ask_draft(session, ask)
    session.delete(ask)
    session.flush()
    return snapshot


def restore_ask(session: Session, snapshot: AskDraft) -> AskDraft:
    if snapshot.id is None or session.get(Ask, snapshot.id) is not None:
        raise InvalidRecord({"form": "That ask is already present."})
    # Checked before the new row is added: the checks' queries would flush it half-filled.
    draft = _validate_ask(session, snapshot)
    _item_ids(session, draft)
    ask = Ask(id=snapshot.id)
    session.add(ask)
    _apply_ask(session, ask, draft)
    session.flush()
    return _ask_draft(session, ask)


def ask_rows(
    session: Session,
    *,
    bill_id: int | None = None,
    target_organisation_id: int | None = None,
    policy_item_id: int | None = None,
    work_stream_id: int | None = None,
) -> list[AskRow]:
    """Asks as rows, on a bill (every ask whose items include it), a policy item, a target or a
    work stream; ordered by their first bill's title (asks on no bill last), then as entered."""
    statement = (
        select(Ask).outerjoin(Bill, Bill.id == Ask.bill_id).order_by(Bill.title.is_(None), Bill.title, Ask.id)
    )
    if bill_id is not None:
        statement = statement.where(
            Ask.id.in_(
                select(AskPolicyItem.ask_id)
                .join(PolicyItem, PolicyItem.id == AskPolicyItem.item_id)
                .where(PolicyItem.bill_id == bill_id)
            )
        )
    if policy_item_id is not None:
        statement = statement.where(
            Ask.id.in_(select(AskPolicyItem.ask_id).where(AskPolicyItem.item_id == policy_item_id))
        )
    if target_organisation_id is not None:
        statement = statement.where(Ask.target_organisation_id == target_organisation_id)
    if work_stream_id is not None:
        statement = statement.where(Ask.work_stream_id == work_stream_id)
    rows = []
    for ask in session.scalars(statement):
        target = []
        if ask.target_person_id is not None:
            person = session.get(Person, ask.target_person_id)
            if person is not None:
                target.append(display_name(person.title, person.name))
        if ask.target_organisation_id is not None:
            body = session.get(Organisation, ask.target_organisation_id)
            if body is not None:
                target.append(body_label(body.name, body.acronym))
        stage = session.get(BillStage, ask.decided_stage_id) if ask.decided_stage_id else None
        meetings = tuple(
            (row[0], row[1], row[2], row[3])
            for row in session.execute(
                select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title)
                .join(MeetingAsk, MeetingAsk.meeting_id == Meeting.id)
                .where(MeetingAsk.ask_id == ask.id)
                .order_by(Meeting.held_on)
            )
        )
        confidential = tuple(
            session.scalars(
                select(Meeting.id)
                .join(MeetingAsk, MeetingAsk.meeting_id == Meeting.id)
                .where(MeetingAsk.ask_id == ask.id, Meeting.confidential.is_(True))
            )
        )
        stream = session.get(WorkStream, ask.work_stream_id) if ask.work_stream_id is not None else None
        rows.append(
            AskRow(
                ask.id,
                ask.bill_id,
                ask.bill.title if ask.bill is not None else "",
                ask.text,
                ", ".join(target),
                ask.status,
                ask.outcome,
                ask.decided_on,
                StageEntry(stage.house, stage.stage, stage.sitting_on).label if stage else "",
                meetings,
                confidential,
                tuple(i.title for i in _linked_items(session, ask.id)),
                stream.title if stream is not None else "",
                ask.decided_where,
            )
        )
    return rows


def page(session: Session, bill_id: int, as_of: date) -> BillPage:
    """A bill with its stages, the meetings where it came up, and its asks, along one timeline."""
    draft = get(session, bill_id)
    asks = ask_rows(session, bill_id=bill_id)
    items = [TimelineItem(s.sitting_on, "stage", s.label, s.id) for s in draft.stages]
    for meeting_id, held_on, precision, title in session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title)
        .join(MeetingBill, MeetingBill.meeting_id == Meeting.id)
        .where(MeetingBill.bill_id == bill_id)
    ):
        items.append(
            TimelineItem(held_on, "meeting", f"{short_date(held_on, precision)}: {title}", meeting_id)
        )
    for ask in asks:
        if ask.status not in OPEN:
            items.append(
                TimelineItem(
                    ask.decided_on, "decision", f"{ask.status.label.capitalize()}: {ask.text}", ask.id
                )
            )
    items.sort(
        key=lambda i: (i.on is None, i.on or date.max, {"stage": 0, "meeting": 1, "decision": 2}[i.kind])
    )
    return BillPage(draft, current_stage(draft.stages, as_of), tuple(items), tuple(asks))


def bills_for_meeting(session: Session, meeting_id: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The bills and asks a meeting dealt with."""
    bill_ids = tuple(
        sorted(session.scalars(select(MeetingBill.bill_id).where(MeetingBill.meeting_id == meeting_id)))
    )
    ask_ids = tuple(
        sorted(session.scalars(select(MeetingAsk.ask_id).where(MeetingAsk.meeting_id == meeting_id)))
    )
    return bill_ids, ask_ids


def set_meeting_links(
    session: Session, meeting_id: int, bill_ids: Sequence[int], ask_ids: Sequence[int]
) -> None:
    """Record which bills and asks a meeting dealt with (an ask's bills are linked with it)."""
    asks = {a.id: a for a in session.scalars(select(Ask).where(Ask.id.in_(ask_ids)))}
    if set(ask_ids) - set(asks):
        raise InvalidRecord({"asks": "One of the asks no longer exists."})
    wanted_bills = set(bill_ids) | _bills_of_asks(session, tuple(asks))
    if wanted_bills - set(session.scalars(select(Bill.id).where(Bill.id.in_(wanted_bills)))):
        raise InvalidRecord({"bills": "One of the bills no longer exists."})
    for link in session.scalars(select(MeetingBill).where(MeetingBill.meeting_id == meeting_id)):
        if link.bill_id not in wanted_bills:
            session.delete(link)
    for ask_link in session.scalars(select(MeetingAsk).where(MeetingAsk.meeting_id == meeting_id)):
        if ask_link.ask_id not in asks:
            session.delete(ask_link)
    session.flush()
    held_bills = set(session.scalars(select(MeetingBill.bill_id).where(MeetingBill.meeting_id == meeting_id)))
    held_asks = set(session.scalars(select(MeetingAsk.ask_id).where(MeetingAsk.meeting_id == meeting_id)))
    for bill_id in wanted_bills - held_bills:
        session.add(MeetingBill(meeting_id=meeting_id, bill_id=bill_id))
    for ask_id in set(asks) - held_asks:
        session.add(MeetingAsk(meeting_id=meeting_id, ask_id=ask_id))
    session.flush()


def choices(session: Session) -> list[tuple[int, str]]:
    return [
        (b.id, f"{b.title} ({b.session})" if b.session else b.title)
        for b in session.scalars(select(Bill).order_by(Bill.title))
    ]


def stage_words() -> tuple[str, ...]:
    return STAGES
