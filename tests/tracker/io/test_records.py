"""Every record as one JSON document: the same database gives the same bytes, the document loads
back into an empty database as it was, any part of it loads, and a bad one stores nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db import health
from db.engine import Database, open_database
from db.models import AuditEntry, Meeting
from db.programme import PolicyItemKind
from db.stakeholders import Engagement, Stance, StanceSource
from db.vocabulary import AttendanceRole, BodyRole, House, MeetingKind, OrganisationKind, PersonKind
from tracker import meetings
from tracker.directory import organisations, people
from tracker.io.importing import ImportFailed
from tracker.io.records import SCHEMA_FILE, dumps, export_records, load_file, schema_text
from tracker.lobbying import bills, policy_items, themes
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft
from tracker.stakeholders import positions as stakeholders


def _export(database: Database) -> str:
    with database.reading() as s:
        return dumps(export_records(s))


def _digest(database: Database) -> str:
    """What the database holds, the audit trail included."""
    with database.reading() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry))
    return hashlib.sha256(f"{_export(database)}{audited}".encode()).hexdigest()


def _write(tmp_path: Path, document: Any, name: str = "records.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def test_the_shipped_schema_is_the_one_the_code_describes() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_the_demo_exports_the_same_bytes_after_a_load_into_an_empty_database(
    demo_database: Database, database: Database, tmp_path: Path
) -> None:
    written = _export(demo_database)
    assert written == _export(demo_database)  # the same database, the same bytes
    document = json.loads(written)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text())).validate(document)
    for kind in ("organisations", "meetings", "policy_items", "asks", "interventions", "board_actions"):
        assert document[kind], kind
    path = _write(tmp_path, written)

    report = load_file(database, path, dry_run=False)

    assert report.rejections == []
    assert report.created == report.read == sum(len(v) for v in document.values() if isinstance(v, dict))
    assert _export(database) == written
    again = load_file(database, path, dry_run=False)
    assert (again.created, again.updated, again.skipped) == (0, 0, report.read)


def test_a_part_of_the_document_updates_what_it_names_and_leaves_the_rest(
    demo_database: Database, tmp_path: Path
) -> None:
    document = json.loads(_export(demo_database))
    key, meeting = sorted(document["meetings"].items(), key=lambda kv: int(kv[0]))[0]
    person = next(k for k, p in document["people"].items() if p["kind"] == "member")
    part = {
        "meetings": {
            key: {"title": "Renamed by a script", "attendees": [{"person": person, "role": "chaired"}]}
        },
        "themes": {"9999": {"name": "Loaded theme"}},
    }
    report = load_file(demo_database, _write(tmp_path, part), dry_run=False)

    assert (report.read, report.created, report.updated, report.skipped) == (2, 1, 1, 0)
    after = json.loads(_export(demo_database))
    assert after["meetings"][key]["title"] == "Renamed by a script"
    assert after["meetings"][key]["attendees"] == [
        {"person": person, "role": "chaired", "reported_back_on": None}
    ]
    assert after["meetings"][key]["summary"] == meeting["summary"]
    assert after["themes"]["9999"] == {"name": "Loaded theme", "description": ""}
    with demo_database.reading() as s:
        shown = meetings.get(s, int(key))
        # The list's copy of the attendees' names follows the new list.
        label = s.scalar(select(Meeting.people_label).where(Meeting.id == int(key)))
        name = people.get(s, int(person)).name
    assert shown.title == "Renamed by a script"
    assert [a.person_id for a in shown.attendees] == [int(person)]
    assert label is not None and name in label


def test_a_dry_run_reports_and_stores_nothing(demo_database: Database, tmp_path: Path) -> None:
    before = _digest(demo_database)
    report = load_file(demo_database, _write(tmp_path, {"themes": {"9999": {"name": "New"}}}), dry_run=True)
    assert report.created == 1
    assert _digest(demo_database) == before


def test_rejections_name_the_json_path_and_store_nothing(demo_database: Database, tmp_path: Path) -> None:
    before = _digest(demo_database)
    part = {
        "themes": {"9999": {"name": "Would be new"}},
        "organisations": {"9998": {"name": "Body", "kind": "a kind Liaison does not know"}},
        "people": {"9997": {"name": "Someone", "kind": "member", "organisation": "123456"}},
        "meetings": {"9996": {"title": "No day", "kind": "meeting", "report_section": "member_activity"}},
        "appointments": {
            "9995": {
                "person": "1",
                "organisation": "1",
                "role": "representative",
                "term_start": "2008-05-01",
                "term_end": "2007-05-01",
            }
        },
    }
    report = load_file(demo_database, _write(tmp_path, part), dry_run=False)

    paths = {r.path: r.reason for r in report.rejections}
    assert '$.organisations["9998"].kind' in paths
    assert "is not one of" in paths['$.organisations["9998"].kind']
    assert "neither the file nor the database" in paths['$.people["9997"].organisation']
    assert paths['$.meetings["9996"].held_on'] == "must be given for a new record"
    assert '$.appointments["9995"].term_end' in paths
    assert report.created == 1  # the theme was good, but one rejection stores nothing
    assert _digest(demo_database) == before


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "liaison-records", "themes": {"1": {"name": "Cut sho',
        "[]",
        '{"rooms": {}}',
        '{"themes": []}',
    ],
)
def test_a_truncated_or_invalid_file_fails_in_one_line_and_stores_nothing(
    demo_database: Database, tmp_path: Path, text: str
) -> None:
    before = _digest(demo_database)
    with pytest.raises(ImportFailed) as failed:
        load_file(demo_database, _write(tmp_path, text), dry_run=False)
    assert "\n" not in str(failed.value)
    assert "nothing was stored" in str(failed.value)
    assert _digest(demo_database) == before


def test_new_bodies_may_name_each_other_in_any_order_even_round_a_ring(
    database: Database, tmp_path: Path
) -> None:
    part = {
        "organisations": {
            "5": {"name": "Steering group", "kind": "board_or_group", "parent": "9"},
            "9": {"name": "Home Office", "kind": "government_department", "aliases": ["HO"]},
        }
    }
    report = load_file(database, _write(tmp_path, part), dry_run=False)
    assert report.rejections == []
    with database.reading() as s:
        assert organisations.get(s, 5).parent_id == 9
    ring = {
        "organisations": {
            "20": {"name": "A", "kind": "board_or_group", "parent": "21"},
            "21": {"name": "B", "kind": "board_or_group", "successor": "20"},
        }
    }
    loaded = load_file(database, _write(tmp_path, ring, "ring.json"), dry_run=False)
    assert loaded.rejections == []
    with database.reading() as s:
        assert (organisations.get(s, 20).parent_id, organisations.get(s, 21).successor_id) == (21, 20)


def test_a_load_leaves_an_audit_trail_and_a_search_index_in_step_with_the_records(
    demo_database: Database, database: Database, tmp_path: Path
) -> None:
    written = _export(demo_database)
    document = json.loads(written)
    key = max(document["meetings"], key=int)
    follow_up = next(
        (m["follow_ups"][0]["text"] for m in document["meetings"].values() if m["follow_ups"]), None
    )
    assert follow_up is not None  # the demo's meetings have follow-up actions to find

    report = load_file(database, _write(tmp_path, written), dry_run=False)

    assert report.rejections == []
    checked = health.check(database)
    # Every row written has its CREATE entry holding what was stored (db check's audit chain), and
    # every meeting is indexed with its follow-ups' text as well as its own.
    assert checked.ok, checked.problems
    if database.path is not None:  # FTS5's count (PostgreSQL's index is checked by its words)
        assert checked.meetings_indexed == len(document["meetings"])
    with database.reading() as s:
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
        held = s.scalar(select(func.count()).select_from(Meeting))
        found = s.scalars(
            select(AuditEntry.after).where(AuditEntry.table_name == "meetings", AuditEntry.row_id == key)
        ).all()
    assert held == len(document["meetings"])
    assert entries is not None and entries > report.created  # own rows and links are audited too
    assert len(found) == 1 and json.loads(found[0] or "{}")["title"] == document["meetings"][key]["title"]


def test_loaded_text_is_stored_clean_and_audited_as_stored(database: Database, tmp_path: Path) -> None:
    part = {
        "organisations": {
            "3": {"name": "Home\x07 Office\r\nunit", "kind": "government_department", "aliases": ["H\x00O"]}
        },
        "meetings": {
            "4": {
                "title": "Line one\rline two\x1b",
                "held_on": "2008-02-01",
                "kind": "meeting",
                "report_section": "member_activity",
                "follow_ups": [{"text": "Write\x0c back"}],
            }
        },
    }
    report = load_file(database, _write(tmp_path, part), dry_run=False)

    assert report.rejections == []
    with database.reading() as s:
        body = organisations.get(s, 3)
        title = s.scalar(select(Meeting.title).where(Meeting.id == 4))
        label = s.scalar(select(Meeting.follow_ups_label).where(Meeting.id == 4))
        audited = {
            (entry.table_name, entry.row_id): json.loads(entry.after or "{}")
            for entry in s.scalars(select(AuditEntry))
        }
    assert (body.name, title, label) == ("Home Office\nunit", "Line one\nline two", "Write back")
    assert audited[("organisations", "3")]["name"] == "Home Office\nunit"
    assert audited[("meetings", "4")]["title"] == "Line one\nline two"
    assert [v["alias"] for (t, _k), v in audited.items() if t == "organisation_aliases"] == ["HO"]
    assert [v["text"] for (t, _k), v in audited.items() if t == "follow_ups"] == ["Write back"]
    assert health.check(database).ok


def test_a_key_or_reference_of_other_digits_is_rejected_not_a_crash(
    database: Database, tmp_path: Path
) -> None:
    # "²" and "١٢" are digits to str.isdigit(); only the first is not a number to int().
    part = {
        "themes": {"\u00b2": {"name": "Squared"}, "\u0661\u0662": {"name": "Arabic-Indic"}},
        "people": {"1": {"name": "Someone", "kind": "member", "organisation": "\u00b2"}},
    }
    before = _digest(database)
    report = load_file(database, _write(tmp_path, part), dry_run=False)

    paths = {r.path: r.reason for r in report.rejections}
    assert paths['$.themes["\u00b2"]'].startswith("is not a key")
    assert paths['$.themes["\u0661\u0662"]'].startswith("is not a key")
    assert paths['$.people["1"].organisation'].startswith("must be a key")
    assert _digest(database) == before


# A randomly generated database, built through the services, goes round the same way.

_names = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
).filter(lambda t: t.strip() != "")


@st.composite
def _archives(draw: st.DrawFn) -> dict[str, Any]:
    bodies = draw(st.lists(_names, min_size=1, max_size=5, unique_by=lambda t: " ".join(t.split()).lower()))
    return {
        "bodies": bodies,
        "parents": [draw(st.none() | st.integers(0, i - 1)) if i else None for i in range(len(bodies))],
        "people": draw(
            st.lists(st.tuples(_names, st.sampled_from(list(PersonKind))), min_size=1, max_size=5)
        ),
        "themes": draw(st.lists(_names, max_size=3, unique_by=lambda t: " ".join(t.split()).lower())),
        "meetings": draw(
            st.lists(
                st.tuples(_names, st.dates(date(2000, 1, 1), date(2020, 12, 31)), st.integers(0, 4)),
                max_size=6,
            )
        ),
        "bills": draw(
            st.lists(_names, min_size=1, max_size=3, unique_by=lambda t: " ".join(t.split()).lower())
        ),
        "consultation": draw(_names),
        "asks": draw(
            st.lists(st.tuples(_names, st.lists(st.integers(0, 3), max_size=3, unique=True)), max_size=4)
        ),
    }


def _build(database: Database, archive: dict[str, Any]) -> None:
    with database.session() as s:
        body_ids: list[int] = []
        for name, parent in zip(archive["bodies"], archive["parents"], strict=True):
            draft = organisations.OrganisationDraft(
                name, OrganisationKind.BOARD_OR_GROUP, parent_id=None if parent is None else body_ids[parent]
            )
            body_ids.append(organisations.create(s, draft, allow_similar=True).id)  # type: ignore[arg-type]
        person_ids = [
            people.create(
                s, people.PersonDraft(name, kind, organisation_id=body_ids[0]), allow_similar=True
            ).id
            for name, kind in archive["people"]
        ]
        theme_ids = [themes.create(s, themes.ThemeDraft(name)).id for name in archive["themes"]]
        bill_ids = [
            bills.create(
                s,
                bills.BillDraft(
                    title, stages=(bills.StageEntry(House.COMMONS, "2nd reading", date(2007, 1, 9)),)
                ),
            ).id
            for title in archive["bills"]
        ]
        item_ids = [bills.item_of(s, b).id for b in bill_ids if b is not None]
        item_ids.append(
            policy_items.create(
                s, policy_items.PolicyItemDraft(PolicyItemKind.CONSULTATION, archive["consultation"])
            ).id  # type: ignore[arg-type]
        )
        for text, chosen in archive["asks"]:
            items = tuple(item_ids[i % len(item_ids)] for i in chosen) or (item_ids[-1],)
            bills.add_ask(s, bills.AskDraft(None, text, policy_item_ids=tuple(dict.fromkeys(items))))
        # Stakeholders: when the first body came into being, a stance of it on an item, an assessment.
        stakeholders.record_founding(s, body_ids[0], date(1990, 4, 1), "its annual report")
        stakeholders.record_stance(
            s,
            stakeholders.StanceDraft(
                Stance.SUPPORTIVE,
                date(2007, 5, 1),
                StanceSource.MEETING,
                organisation_id=body_ids[-1],
                item_id=item_ids[-1],
                source_text=archive["consultation"],
            ),
        )
        stakeholders.assess(
            s,
            stakeholders.AssessmentDraft(
                4,
                2,
                person_id=person_ids[0],
                current_engagement=Engagement.NEUTRAL,
                desired_engagement=Engagement.SUPPORTIVE,
                planned_action="Brief them",
            ),
        )
        for title, held_on, who in archive["meetings"]:
            meetings.log(
                s,
                MeetingDraft(
                    title,
                    held_on,
                    kind=MeetingKind.MEETING,
                    bodies=(BodyEntry(body_ids[who % len(body_ids)], BodyRole.HOST),),
                    attendees=(AttendeeEntry(person_ids[who % len(person_ids)], AttendanceRole.SPOKE),),  # type: ignore[arg-type]
                    theme_ids=tuple(theme_ids[: who % 3]),  # type: ignore[arg-type]
                ),
            )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(archive=_archives())
def test_a_random_database_goes_round_unchanged(
    archive: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path
) -> None:
    folder = tmp_path_factory.mktemp("round")
    first, second = folder / "first.db", folder / "second.db"
    shutil.copyfile(_migrated_template, first)
    shutil.copyfile(_migrated_template, second)
    source, target = open_database(first, actor="t"), open_database(second, actor="t")
    try:
        _build(source, archive)
        written = _export(source)
        report = load_file(target, _write(folder, written), dry_run=False)
        assert report.rejections == []
        assert _export(target) == written
    finally:
        source.close()
        target.close()
