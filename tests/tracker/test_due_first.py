"""What Home shows first, read straight from the file, is what the services give Home once the
database is open: the same follow-ups and deadlines, line for line."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db.engine import Database, open_database
from db.programme import PolicyItemKind
from db.vocabulary import MeetingKind, OrganisationKind, PersonKind
from tracker import boards, meetings
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.lobbying import decisions, policy_items
from tracker.meetings import FollowUpEntry, MeetingDraft
from tracker.stakeholders import home
from tracker.stakeholders.due import LIST_LIMIT, DueFirst

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2009, 7, 1)


@pytest.fixture
def sqlite_database(tmp_path: Path, _migrated_template: Path) -> Iterator[Database]:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="officer.test")
    yield db
    db.close()


@pytest.fixture
def due(sqlite_database: Database) -> Database:
    """Follow-ups overdue, due soon, done, far off, owned by no one, and due on the same day (ties
    by id); consultations closing soon, answered, closing after the horizon and already closed;
    Board actions overdue, due, undated, done and after the horizon."""
    with sqlite_database.session() as s:
        body = organisations.create(s, OrganisationDraft("Youth Justice Board", OrganisationKind.AGENCY)).id
        owner = people.create(s, PersonDraft("Siobhan O'Neill", PersonKind.OFFICER)).id
        member = people.create(s, PersonDraft("Angela Lockwood", PersonKind.MEMBER, title="Cllr")).id
        assert body is not None and owner is not None
        meetings.log(
            s,
            MeetingDraft(
                "YJB: custody places",
                date(2009, 3, 3),
                MeetingKind.MEETING,
                follow_ups=(
                    FollowUpEntry("Chase the YJB's figures", owner, date(2009, 5, 28)),
                    FollowUpEntry("Brief the lead member", member, date(2009, 7, 9)),
                    FollowUpEntry("Send the note", None, date(2009, 7, 9)),
                    FollowUpEntry("Already sent", owner, date(2009, 6, 1), done=True),
                    FollowUpEntry("Next year's round", owner, date(2009, 9, 1)),
                ),
            ),
        )
        board = boards.create(s, boards.BoardDraft("Safer and Stronger Communities Board"))
        for title, closes, responded in (
            ("Youth crime action plan", date(2009, 7, 24), None),
            ("Already answered", date(2009, 7, 10), date(2009, 6, 30)),
            ("After the horizon", date(2009, 10, 1), None),
            ("Closed last month", date(2009, 6, 1), None),
        ):
            policy_items.create(
                s,
                policy_items.PolicyItemDraft(
                    PolicyItemKind.CONSULTATION,
                    title,
                    closes_on=closes,
                    responded_on=responded,
                    response="Sent" if responded else "",
                ),
            )
        for text, due_on, done_on, owner_text in (
            ("Report back on the youth crime plan", date(2009, 6, 15), None, "Policy officer"),
            ("Circulate the Board's response", date(2009, 8, 3), None, None),
            ("Keep the Board informed", None, None, None),
            ("Done already", date(2009, 6, 15), date(2009, 6, 10), None),
            ("Next spring", date(2010, 3, 1), None, None),
        ):
            decisions.record_action(
                s,
                decisions.ActionDraft(
                    board.id or 0, text, due_on=due_on, done_on=done_on, owner_text=owner_text or ""
                ),
            )
    return sqlite_database


def test_home_read_from_the_file_is_what_the_services_give(due: Database) -> None:
    assert due.path is not None
    first = DueFirst.read(due.path, AS_OF)
    assert first is not None
    with due.reading() as s:
        assert first.follow_ups == home.follow_ups_due(s, AS_OF)
        assert first.deadlines == home.deadlines(s, AS_OF)
    assert [(f.text, f.owner, f.overdue) for f in first.follow_ups] == [
        ("Chase the YJB's figures", "Siobhan O'Neill", True),
        ("Brief the lead member", "Cllr Angela Lockwood", False),
        ("Send the note", "", False),
    ]
    assert [d.text for d in first.deadlines] == [
        "Report back on the youth crime plan (Policy officer): due 15 Jun 2009",
        "Youth crime action plan closes 24 Jul 2009",
        "Circulate the Board's response: due 3 Aug 2009",
        "Keep the Board informed: no date set",
    ]
    assert first.holds_meetings and first.as_of == AS_OF


def test_a_tick_and_the_list_limit_are_read_alike(due: Database) -> None:
    assert due.path is not None
    with due.session() as s:
        home.set_follow_up_done(s, home.follow_ups_due(s, AS_OF)[0].id, True)
        meetings.log(
            s,
            MeetingDraft(
                "Many actions",
                date(2009, 4, 1),
                MeetingKind.MEETING,
                follow_ups=tuple(
                    FollowUpEntry(f"Action {n}", None, date(2009, 6, 30)) for n in range(LIST_LIMIT)
                ),
            ),
        )
    first = DueFirst.read(due.path, AS_OF)
    assert first is not None
    with due.reading() as s:
        assert first.follow_ups == home.follow_ups_due(s, AS_OF)
    assert len(first.follow_ups) == LIST_LIMIT
    assert "Chase the YJB's figures" not in {f.text for f in first.follow_ups}


def test_an_empty_file_holds_no_meetings_and_what_cannot_be_read_is_none(
    sqlite_database: Database, tmp_path: Path
) -> None:
    assert sqlite_database.path is not None
    empty = DueFirst.read(sqlite_database.path, AS_OF)
    assert empty is not None
    assert (empty.follow_ups, empty.deadlines, empty.holds_meetings) == ([], [], False)
    assert DueFirst.read(tmp_path / "missing.db", AS_OF) is None
    stranger = tmp_path / "stranger.db"
    with sqlite3.connect(stranger) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    assert DueFirst.read(stranger, AS_OF) is None
    older = tmp_path / "older.db"
    shutil.copyfile(sqlite_database.path, older)
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0008'")
    assert DueFirst.read(older, AS_OF) is None


def test_reading_home_first_loads_no_sqlalchemy(due: Database) -> None:
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from tracker.stakeholders.due import DueFirst\n"
        f"first = DueFirst.read(Path({str(due.path)!r}), date(2009, 7, 1))\n"
        "print(len(first.follow_ups), len(first.deadlines), 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=100, check=True
    )
    assert done.stdout.split() == ["3", "4", "False"]
