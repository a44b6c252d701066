"""Policy items: everything the team works to influence, of every kind the papers show (a bill,
a consultation, a review, a White Paper, regulations, guidance...), with their documents and links."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Meeting, Organisation
from db.programme import (
    AskPolicyItem,
    AssociationPosition,
    BoardAction,
    BoardDecision,
    Intervention,
    MeetingPolicyItem,
    PolicyDocument,
    PolicyItem,
    PolicyItemKind,
    PolicyItemWorkStream,
    WorkStream,
)
from db.vocabulary import DatePrecision
from tracker.common.dates import short_date
from tracker.common.errors import EditConflict, InvalidRecord, NotFound
from tracker.directory.names import body_label, similarity
from tracker.lobbying import bills

CLOSING_SOON = timedelta(days=14)


@dataclass(frozen=True)
class DocumentEntry:
    title: str
    link: str = ""
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PolicyItemDraft:
    kind: PolicyItemKind
    title: str
    responsible_body_id: int | None = None
    status: str = ""
    opens_on: date | None = None
    opens_precision: DatePrecision = DatePrecision.DAY
    closes_on: date | None = None
    summary: str = ""
    response: str = ""
    responded_on: date | None = None
    notes: str = ""
    documents: tuple[DocumentEntry, ...] = ()
    work_stream_ids: tuple[int, ...] = ()
    meeting_ids: tuple[int, ...] = ()
    id: int | None = None
    version: int | None = None
    bill_id: int | None = None  # set for a bill's item, by the bills service only


@dataclass(frozen=True)
class PolicyItemRow:
    id: int
    kind: PolicyItemKind
    title: str
    responsible_body: str
    status: str
    opens_on: date | None
    closes_on: date | None
    responded_on: date | None
    asks: int
    bill_id: int | None

    @property
    def dates(self) -> str:
        parts = []
        if self.opens_on is not None:
            parts.append(
                f"opens {short_date(self.opens_on)}"
                if self.kind is PolicyItemKind.CONSULTATION
                else short_date(self.opens_on)
            )
        if self.closes_on is not None:
            parts.append(f"closes {short_date(self.closes_on)}")
        if self.responded_on is not None:
            parts.append(f"responded {short_date(self.responded_on)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class PolicyItemPage:
    draft: PolicyItemDraft
    responsible_body: str
    work_streams: tuple[str, ...]
    meetings: tuple[tuple[int, date, DatePrecision, str], ...]
    asks: tuple[bills.AskRow, ...]
    bill: bills.BillPage | None


def _get(session: Session, item_id: int) -> PolicyItem:
    item = session.get(PolicyItem, item_id)
    if item is None:
        raise NotFound(f"Policy item #{item_id} no longer exists.")
    return item


def _draft(session: Session, item: PolicyItem) -> PolicyItemDraft:
    meeting_ids = tuple(
        session.scalars(
            select(MeetingPolicyItem.meeting_id)
            .join(Meeting, Meeting.id == MeetingPolicyItem.meeting_id)
            .where(MeetingPolicyItem.item_id == item.id)
            .order_by(Meeting.held_on, Meeting.id)
        )
    )
    return PolicyItemDraft(
        item.kind,
        item.title,
        item.responsible_body_id,
        item.status,
        item.opens_on,
        item.opens_precision,
        item.closes_on,
        item.summary,
        item.response,
        item.responded_on,
        item.notes,
        tuple(DocumentEntry(d.title, d.link, d.id) for d in item.documents),
        tuple(w.id for w in item.work_streams),
        meeting_ids,
        item.id,
        item.version,
        item.bill_id,
    )


def _validate(session: Session, draft: PolicyItemDraft, held: PolicyItem | None) -> PolicyItemDraft:
    draft = replace(
        draft,
        title=" ".join(draft.title.split()),
        status=" ".join(draft.status.split()),
        summary=draft.summary.strip(),
        response=draft.response.strip(),
        notes=draft.notes.strip(),
        documents=tuple(
            replace(d, title=" ".join(d.title.split()), link=d.link.strip()) for d in draft.documents
        ),
        work_stream_ids=tuple(dict.fromkeys(draft.work_stream_ids)),
        meeting_ids=tuple(dict.fromkeys(draft.meeting_ids)),
    )
    problems: dict[str, str] = {}
    is_bill = held is not None and held.bill_id is not None
    if draft.kind is PolicyItemKind.BILL and not is_bill:
        problems["kind"] = "A bill is recorded on the Bills page (with its stages); it then appears here."
    elif is_bill and draft.kind is not PolicyItemKind.BILL:
        problems["kind"] = "A bill's item stays a bill."
    elif is_bill and held is not None and draft.title != held.title:
        problems["title"] = "A bill's title is changed on the bill itself."
    if not draft.title:
        problems["title"] = f"A {draft.kind.label} needs a title."
    elif session.scalar(
        select(PolicyItem.id).where(
            PolicyItem.kind == draft.kind,
            func.lower(PolicyItem.title) == draft.title.lower(),
            PolicyItem.id != (draft.id or -1),
        )
    ):
        problems["title"] = f"The {draft.kind.label} “{draft.title}” is already recorded."
    if draft.responsible_body_id is not None and session.get(Organisation, draft.responsible_body_id) is None:
        problems["responsible_body_id"] = f"Organisation #{draft.responsible_body_id} no longer exists."
    if draft.opens_on and draft.closes_on and draft.closes_on < draft.opens_on:
        problems["closes_on"] = (
            f"It closes ({short_date(draft.closes_on)}) before it opens ({short_date(draft.opens_on)})."
        )
    if draft.response and draft.responded_on is None:
        problems["responded_on"] = "Say when our response went."
    if any(not d.title for d in draft.documents):
        problems["documents"] = "Each document needs a title."
    known_streams = set(
        session.scalars(select(WorkStream.id).where(WorkStream.id.in_(draft.work_stream_ids)))
    )
    if set(draft.work_stream_ids) - known_streams:
        problems["work_stream_ids"] = "One of the work streams no longer exists."
    known_meetings = set(session.scalars(select(Meeting.id).where(Meeting.id.in_(draft.meeting_ids))))
    if set(draft.meeting_ids) - known_meetings:
        problems["meeting_ids"] = "One of the meetings no longer exists."
    if problems:
        raise InvalidRecord(problems)
    return draft


def _apply(session: Session, item: PolicyItem, draft: PolicyItemDraft) -> None:
    item.kind, item.title, item.responsible_body_id, item.status = (
        draft.kind,
        draft.title,
        draft.responsible_body_id,
        draft.status,
    )
    item.opens_on, item.opens_precision, item.closes_on = (
        draft.opens_on,
        draft.opens_precision,
        draft.closes_on,
    )
    item.summary, item.response, item.responded_on, item.notes = (
        draft.summary,
        draft.response,
        draft.responded_on,
        draft.notes,
    )
    held = {d.id: d for d in item.documents}
    documents = []
    for position, entry in enumerate(draft.documents, start=1):
        document = held.get(entry.id) if entry.id is not None else None
        document = document or PolicyDocument()
        document.title, document.link, document.position = entry.title, entry.link, position
        documents.append(document)
    item.documents = documents
    session.flush()
    streams = {
        link.work_stream_id: link
        for link in session.scalars(
            select(PolicyItemWorkStream).where(PolicyItemWorkStream.item_id == item.id)
        )
    }
    for stream_id, stream_link in streams.items():
        if stream_id not in draft.work_stream_ids:
            session.delete(stream_link)
    for stream_id in draft.work_stream_ids:
        if stream_id not in streams:
            session.add(PolicyItemWorkStream(item_id=item.id, work_stream_id=stream_id))
    meetings = {
        link.meeting_id: link
        for link in session.scalars(select(MeetingPolicyItem).where(MeetingPolicyItem.item_id == item.id))
    }
    for meeting_id, meeting_link in meetings.items():
        if meeting_id not in draft.meeting_ids:
            session.delete(meeting_link)
    for meeting_id in draft.meeting_ids:
        if meeting_id not in meetings:
            session.add(MeetingPolicyItem(item_id=item.id, meeting_id=meeting_id))
    session.flush()
    session.expire(item, ["work_streams"])


def create(session: Session, draft: PolicyItemDraft) -> PolicyItemDraft:
    draft = _validate(session, replace(draft, id=None, version=None, bill_id=None), None)
    item = PolicyItem()
    session.add(item)
    with session.no_autoflush:
        _apply_fields_only(item, draft)
    session.flush()
    _apply(session, item, draft)
    return _draft(session, item)


def _apply_fields_only(item: PolicyItem, draft: PolicyItemDraft) -> None:
    item.kind, item.title, item.responsible_body_id, item.status = (
        draft.kind,
        draft.title,
        draft.responsible_body_id,
        draft.status,
    )


def update(session: Session, draft: PolicyItemDraft) -> PolicyItemDraft:
    if draft.id is None:
        raise NotFound("That policy item has not been saved yet.")
    item = _get(session, draft.id)
    if draft.version is not None and draft.version != item.version:
        raise EditConflict(
            f"“{item.title}” was changed by someone else since you opened it; nothing was saved."
        )
    draft = _validate(session, draft, item)
    _apply(session, item, draft)
    item.updated_at = datetime.now()  # a change to its links alone still bumps its version
    session.flush()
    return _draft(session, item)


def get(session: Session, item_id: int) -> PolicyItemDraft:
    return _draft(session, _get(session, item_id))


def delete(session: Session, item_id: int) -> PolicyItemDraft:
    item = _get(session, item_id)
    if item.bill_id is not None:
        raise InvalidRecord({"form": f"The {item.title} is a bill; delete it on the Bills page."})
    asks = len(bills.ask_rows(session, policy_item_id=item_id))
    if asks:
        raise InvalidRecord(
            {"form": f"“{item.title}” has {asks} asks recorded; change or delete those first."}
        )
    # Undo puts back the item and its links, not what hangs from it: refuse rather than lose those.
    held = [
        f"{count} {what if count != 1 else what.removesuffix('s')}"
        for what, model in (
            ("positions", AssociationPosition),
            ("decisions", BoardDecision),
            ("actions", BoardAction),
        )
        if (count := session.scalar(select(func.count()).select_from(model).where(model.item_id == item_id)))
    ]
    if held:
        raise InvalidRecord(
            {"form": f"“{item.title}” has {', '.join(held)} recorded on it; change or delete those first."}
        )
    snapshot = _draft(session, item)
    session.delete(item)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: PolicyItemDraft) -> PolicyItemDraft:
    """A deleted item put back under its own id, with its documents, work streams and meetings (undo)."""
    if snapshot.id is None or session.get(PolicyItem, snapshot.id) is not None:
        raise InvalidRecord({"form": "That policy item is already present."})
    draft = _validate(session, replace(snapshot, version=None, bill_id=None), None)
    item = PolicyItem(id=snapshot.id)
    session.add(item)
    with session.no_autoflush:
        _apply_fields_only(item, draft)
    session.flush()
    _apply(session, item, replace(draft, documents=tuple(replace(d, id=None) for d in draft.documents)))
    return _draft(session, item)


def record_response(session: Session, item_id: int, response: str, responded_on: date) -> PolicyItemDraft:
    """Our response to a consultation (or any item), and the day it went."""
    return update(session, replace(get(session, item_id), response=response, responded_on=responded_on))


def rows(session: Session, *, kind: PolicyItemKind | None = None) -> list[PolicyItemRow]:
    asks = {
        item_id: count
        for item_id, count in session.execute(
            select(PolicyItem.id, func.count())
            .join(AskPolicyItem, AskPolicyItem.item_id == PolicyItem.id)
            .group_by(PolicyItem.id)
        )
    }
    statement = select(PolicyItem, Organisation).outerjoin(
        Organisation, Organisation.id == PolicyItem.responsible_body_id
    )
    if kind is not None:
        statement = statement.where(PolicyItem.kind == kind)
    found = [
        PolicyItemRow(
            item.id,
            item.kind,
            item.title,
            body_label(body.name, body.acronym) if body is not None else "",
            item.status,
            item.opens_on,
            item.closes_on,
            item.responded_on,
            int(asks.get(item.id, 0)),
            item.bill_id,
        )
        for item, body in session.execute(statement)
    ]
    return sorted(found, key=lambda r: (r.title.lower().removeprefix("the "), r.id))


def find(session: Session, title: str, kind: PolicyItemKind | None = None) -> PolicyItemDraft:
    wanted = " ".join(title.split()).lower().removeprefix("the ")
    statement = select(PolicyItem) if kind is None else select(PolicyItem).where(PolicyItem.kind == kind)
    held = list(session.scalars(statement))
    for item in held:
        if item.title.lower().removeprefix("the ") == wanted:
            return _draft(session, item)
    close = sorted(held, key=lambda i: -similarity(i.title.lower(), wanted))[:3]
    hint = f" Items held: {', '.join(i.title for i in close)}." if close else ""
    raise NotFound(f"There is no policy item called “{title}”.{hint}")


def page(session: Session, item_id: int, as_of: date) -> PolicyItemPage:
    """An item with its responsible body, work streams, meetings, asks (and a bill's stages)."""
    draft = get(session, item_id)
    body = session.get(Organisation, draft.responsible_body_id) if draft.responsible_body_id else None
    streams = tuple(
        f"{cycle} {intervention}: {stream}"
        for stream, intervention, cycle in session.execute(
            select(WorkStream.title, Intervention.title, Intervention.cycle)
            .join(Intervention, Intervention.id == WorkStream.intervention_id)
            .where(WorkStream.id.in_(draft.work_stream_ids))
            .order_by(Intervention.cycle, WorkStream.position)
        )
    )
    meetings = [
        (row[0], row[1], row[2], row[3])
        for row in session.execute(
            select(Meeting.id, Meeting.held_on, Meeting.date_precision, Meeting.title).where(
                Meeting.id.in_(draft.meeting_ids)
            )
        )
    ]
    bill_page = bills.page(session, draft.bill_id, as_of) if draft.bill_id is not None else None
    if bill_page is not None:
        held = {m[0] for m in meetings}
        meetings.extend(
            (t.record_id, t.on, DatePrecision.DAY, t.text.split(": ", 1)[-1])
            for t in bill_page.timeline
            if t.kind == "meeting"
            and t.record_id is not None
            and t.on is not None
            and t.record_id not in held
        )
    meetings.sort(key=lambda m: (m[1], m[0]))
    return PolicyItemPage(
        draft,
        body_label(body.name, body.acronym) if body is not None else "",
        streams,
        tuple(meetings),
        tuple(bills.ask_rows(session, policy_item_id=item_id)),
        bill_page,
    )


def consultations_closing(
    session: Session, today: date, within: timedelta = CLOSING_SOON
) -> list[PolicyItemRow]:
    """Consultations closing from today to `within` ahead with no response recorded."""
    return [
        row
        for row in rows(session, kind=PolicyItemKind.CONSULTATION)
        if row.closes_on is not None and today <= row.closes_on <= today + within and row.responded_on is None
    ]


def choices(session: Session) -> list[tuple[int, str]]:
    """Every policy item as (id, "title (kind)"), for pickers."""
    return [(r.id, f"{r.title} ({r.kind.label})") for r in rows(session)]
