"""The demo's work programme: the seed papers' interventions, work streams, policy items, asks,
positions, and the Board's decisions and actions (resources/demo/programme.json), each citing its paper."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.programme import PolicyItemKind
from db.vocabulary import AskStatus, DatePrecision
from tracker import boards
from tracker.lobbying import bills, decisions, policy_items, positions, programme

PROGRAMME_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "programme.json"


def _date(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)


def _cited(record: dict[str, Any], sources: dict[str, str]) -> str:
    source = record.get("source")
    cited = f"From paper {source}: {sources[source]}" if source in sources else ""
    return "\n\n".join(n for n in (record.get("notes", ""), cited) if n)


def build(
    session: Session,
    org_ids: dict[str, int],
    person_ids: dict[str, int],
    theme_ids: dict[str, int],
    bill_ids: dict[str, int],
    sources: dict[str, str],
    data_file: Path = PROGRAMME_FILE,
) -> None:
    """Add the programme's records through the lobbying services, after the demo's bills and asks."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    board_ids: dict[str, int] = {}

    def board(name: str) -> int:
        if name not in board_ids:
            found = boards.find(session, name).id
            assert found is not None, "a stored board has an id"
            board_ids[name] = found
        return board_ids[name]

    intervention_ids: dict[str, int] = {}
    stream_ids: dict[str, int] = {}
    for position, record in enumerate(data["interventions"], start=1):
        streams = record["work_streams"]
        created = programme.create(
            session,
            programme.InterventionDraft(
                board(record["board"]),
                record["cycle"],
                record["title"],
                aim=record.get("aim", ""),
                lead_member_id=person_ids[record["lead_member"]] if record.get("lead_member") else None,
                lead_officer_id=person_ids[record["lead_officer"]] if record.get("lead_officer") else None,
                position=position,
                notes=_cited(record, sources),
                work_streams=tuple(
                    programme.WorkStreamEntry(
                        s["title"],
                        s.get("objective", ""),
                        theme_ids.get(s.get("theme", "")),
                        _cited(record, sources),
                    )
                    for s in streams
                ),
            ),
        )
        assert created.id is not None
        intervention_ids[record["key"]] = created.id
        for stream, entry in zip(streams, created.work_streams, strict=True):
            assert entry.id is not None
            stream_ids[stream["key"]] = entry.id
        if record.get("progress"):
            programme.update(
                session,
                replace(
                    created,
                    progress=tuple(
                        programme.ProgressEntry(
                            date.fromisoformat(p["noted_on"]),
                            f"{p['text']} (paper {p['source']})",
                            stream_ids[p["work_stream"]] if p.get("work_stream") else None,
                        )
                        for p in record["progress"]
                    ),
                ),
            )

    item_ids: dict[str, int] = {}
    for record in data["policy_items"]:
        streams = tuple(stream_ids[k] for k in record.get("work_streams", ()))
        if record.get("bill"):
            bill_id = bill_ids[record["bill"]]
            item = bills.item_of(session, bill_id)
            held = policy_items.get(session, item.id)
            stored = policy_items.update(
                session,
                replace(
                    held,
                    work_stream_ids=streams,
                    responsible_body_id=org_ids[record["body"]] if record.get("body") else None,
                    notes=held.notes or _cited(record, sources),
                ),
            )
        else:
            stored = policy_items.create(
                session,
                policy_items.PolicyItemDraft(
                    PolicyItemKind(record["kind"]),
                    record["title"],
                    responsible_body_id=org_ids[record["body"]] if record.get("body") else None,
                    status=record.get("status", ""),
                    opens_on=_date(record.get("opens_on")),
                    opens_precision=DatePrecision(record.get("opens_precision", "day")),
                    closes_on=_date(record.get("closes_on")),
                    summary=record.get("summary", ""),
                    response=record.get("response", ""),
                    responded_on=_date(record.get("responded_on")),
                    notes=_cited(record, sources),
                    documents=tuple(
                        policy_items.DocumentEntry(d["title"], d.get("link", ""))
                        for d in record.get("documents", ())
                    ),
                    work_stream_ids=streams,
                ),
            )
        assert stored.id is not None
        item_ids[record["key"]] = stored.id

    for bill_key, stream_key in data.get("bill_asks", {}).items():
        for row in bills.ask_rows(session, bill_id=bill_ids[bill_key]):
            ask = bills.get_ask(session, row.id)
            bills.update_ask(session, replace(ask, work_stream_id=stream_ids[stream_key]))
    for record in data["asks"]:
        bills.add_ask(
            session,
            bills.AskDraft(
                None,
                record["text"],
                target_organisation_id=org_ids[record["target"]] if record.get("target") else None,
                target_person_id=person_ids[record["target_person"]] if record.get("target_person") else None,
                status=AskStatus(record["status"]),
                outcome=record.get("outcome", ""),
                decided_on=_date(record.get("decided_on")),
                notes=_cited(record, sources),
                policy_item_ids=tuple(item_ids[k] for k in record.get("items", ())),
                work_stream_id=stream_ids[record["work_stream"]] if record.get("work_stream") else None,
                decided_where=record.get("decided_where", ""),
            ),
        )

    for record in data["positions"]:
        positions.state(
            session,
            positions.PositionDraft(
                item_ids[record["item"]],
                date.fromisoformat(record["stated_on"]),
                record["statement"],
                agreed_by=record.get("agreed_by", ""),
                board_id=board(record["board"]) if record.get("board") else None,
                notes=_cited(record, sources),
            ),
        )
    for position, record in enumerate(data["decisions"], start=1):
        decisions.record_decision(
            session,
            decisions.DecisionDraft(
                board(record["board"]),
                record["text"],
                _date(record.get("decided_on")),
                paper=record.get("paper", ""),
                intervention_id=intervention_ids[record["intervention"]]
                if record.get("intervention")
                else None,
                item_id=item_ids[record["item"]] if record.get("item") else None,
                position=position,
                notes=_cited(record, sources),
            ),
        )
    for record in data["actions"]:
        decisions.record_action(
            session,
            decisions.ActionDraft(
                board(record["board"]),
                record["text"],
                _date(record.get("agreed_on")),
                paper=record.get("paper", ""),
                owner_id=person_ids[record["owner"]] if record.get("owner") else None,
                owner_text=record.get("owner_text", ""),
                due_on=_date(record.get("due_on")),
                done_on=_date(record.get("done_on")),
                intervention_id=intervention_ids[record["intervention"]]
                if record.get("intervention")
                else None,
                item_id=item_ids[record["item"]] if record.get("item") else None,
                notes=_cited(record, sources),
            ),
        )
