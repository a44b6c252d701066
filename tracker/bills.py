"""Bills the association lobbies on: their stages in Parliament, and what we asked for and won."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Ask, Bill, BillStage, Meeting, MeetingAsk, MeetingBill, Organisation, Person
from db.vocabulary import AskStatus, BillType, DatePrecision, House
from tracker.dates import short_date
from tracker.errors import DomainError, EditConflict, InvalidRecord, NotFound
from tracker.names import body_label, display_name, similarity

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
    bill_id: int
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


@dataclass(frozen=True)
class AskRow:
    id: int
    bill_id: int
    bill: str
    text: str
    target: str
    status: AskStatus
    outcome: str
    decided_on: date | None
    decided_stage: str
    meetings: tuple[tuple[int, date, DatePrecision, str], ...]
    confidential_meeting_ids: tuple[int, ...] = ()


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


def create(session: Session, draft: BillDraft) -> BillDraft:
    draft = _validate(session, replace(draft, id=None, version=None))
    bill = Bill()
    _apply(bill, draft)
    session.add(bill)
    session.flush()
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
    return _draft(bill)


def get(session: Session, bill_id: int) -> BillDraft:
    return _draft(_get(session, bill_id))


def delete(session: Session, bill_id: int) -> BillDraft:
    bill = _get(session, bill_id)
    if bill.asks:
        raise InvalidRecord(
            {"form": f"The {bill.title} has {len(bill.asks)} asks recorded; delete those first."}
        )
    linked = session.scalars(select(MeetingBill.meeting_id).where(MeetingBill.bill_id == bill_id))
    snapshot = replace(_draft(bill), meeting_ids=tuple(sorted(linked)))
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
    )


def _validate_ask(session: Session, draft: AskDraft) -> AskDraft:
    draft = replace(
        draft,
        text=" ".join(draft.text.split()),
        outcome=draft.outcome.strip(),
        notes=draft.notes.strip(),
        meeting_ids=tuple(dict.fromkeys(draft.meeting_ids)),
    )
    problems: dict[str, str] = {}
    if session.get(Bill, draft.bill_id) is None:
        problems["bill_id"] = "Choose the bill the ask is about."
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
        stage = session.get(BillStage, draft.decided_stage_id)
        if stage is None or stage.bill_id != draft.bill_id:
            problems["decided_stage_id"] = "That stage is not one of this bill's."
    known = set(session.scalars(select(Meeting.id).where(Meeting.id.in_(draft.meeting_ids))))
    if set(draft.meeting_ids) - known:
        problems["meeting_ids"] = "One of the meetings no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply_ask(session: Session, ask: Ask, draft: AskDraft) -> None:
    ask.bill_id, ask.text, ask.status, ask.outcome = draft.bill_id, draft.text, draft.status, draft.outcome
    ask.target_organisation_id, ask.target_person_id = draft.target_organisation_id, draft.target_person_id
    ask.decided_on, ask.decided_stage_id, ask.notes = draft.decided_on, draft.decided_stage_id, draft.notes
    session.flush()
    held = {
        link.meeting_id: link
        for link in session.scalars(select(MeetingAsk).where(MeetingAsk.ask_id == ask.id))
    }
    for meeting_id, link in held.items():
        if meeting_id not in draft.meeting_ids:
            session.delete(link)
    for meeting_id in draft.meeting_ids:
        if meeting_id not in held:
            session.add(MeetingAsk(meeting_id=meeting_id, ask_id=ask.id))
            _link_bill(session, meeting_id, draft.bill_id)


def _link_bill(session: Session, meeting_id: int, bill_id: int) -> None:
    """A meeting where an ask was raised dealt with its bill too."""
    if session.get(MeetingBill, (meeting_id, bill_id)) is None:
        session.add(MeetingBill(meeting_id=meeting_id, bill_id=bill_id))


def add_ask(session: Session, draft: AskDraft) -> AskDraft:
    draft = _validate_ask(session, replace(draft, id=None, version=None))
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
    ask = Ask(id=snapshot.id)
    session.add(ask)
    _apply_ask(session, ask, draft)
    session.flush()
    return _ask_draft(session, ask)


def ask_rows(
    session: Session, *, bill_id: int | None = None, target_organisation_id: int | None = None
) -> list[AskRow]:
    statement = select(Ask).join(Bill, Bill.id == Ask.bill_id).order_by(Bill.title, Ask.id)
    if bill_id is not None:
        statement = statement.where(Ask.bill_id == bill_id)
    if target_organisation_id is not None:
        statement = statement.where(Ask.target_organisation_id == target_organisation_id)
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
        rows.append(
            AskRow(
                ask.id,
                ask.bill_id,
                ask.bill.title,
                ask.text,
                ", ".join(target),
                ask.status,
                ask.outcome,
                ask.decided_on,
                StageEntry(stage.house, stage.stage, stage.sitting_on).label if stage else "",
                meetings,
                confidential,
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
    """Record which bills and asks a meeting dealt with (an ask's bill is linked with it)."""
    asks = {a.id: a for a in session.scalars(select(Ask).where(Ask.id.in_(ask_ids)))}
    if set(ask_ids) - set(asks):
        raise InvalidRecord({"asks": "One of the asks no longer exists."})
    wanted_bills = set(bill_ids) | {a.bill_id for a in asks.values()}
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
