"""On PostgreSQL the server audits changes made outside Liaison; Liaison's own still get one entry each."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import psycopg
import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from db import copy as copying
from db import health, migrate, roles
from db.engine import Database, open_database
from db.models import AuditEntry, Base, Person
from db.vocabulary import AuditAction, OrganisationKind, PersonKind
from tests.pg_server import PostgresServer
from tracker import meetings
from tracker.common import history, personal_data
from tracker.common.history import HistoryLine, Subject
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.lobbying import themes
from tracker.lobbying.themes import ThemeDraft
from tracker.meetings import BodyEntry, MeetingDraft

pytestmark = pytest.mark.postgresql
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Shared:
    """A server database with one meeting, a theme and a member, and an officer's login on it."""

    url: str
    officer: str
    meeting: int
    theme: int
    member: int


@pytest.fixture
def shared(postgres_url: str, postgres_server: PostgresServer) -> Iterator[Shared]:
    owner = open_database(postgres_url, actor="owner")
    try:
        with owner.session() as s:
            home_office = OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
            body = organisations.create(s, home_office)
            theme = themes.create(s, ThemeDraft("Anti-social behaviour"))
            member = people.create(s, PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr"))
            meeting = meetings.log(
                s,
                MeetingDraft("NCRB", date(2009, 3, 19), bodies=(BodyEntry(body.id),)),  # type: ignore[arg-type]
            )
        roles.set_up(owner.engine)
    finally:
        owner.close()
    login = f"officer_{os.getpid()}_{next(_numbers)}"
    superuser = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    try:
        with superuser.connect() as connection:
            connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN")
    finally:
        superuser.dispose()
    roles.add_login(create_engine(postgres_url), login, roles.OFFICER)
    assert meeting.id is not None and theme.id is not None and member.id is not None
    yield Shared(postgres_url, login, meeting.id, theme.id, member.id)


def psql(url: str, login: str | None = None) -> psycopg.Connection[tuple[object, ...]]:
    """A connection as psql makes one: libpq's own, knowing nothing of Liaison."""
    parsed = make_url(url).set(drivername="postgresql")
    if login is not None:
        parsed = parsed.set(username=login)
    return psycopg.connect(parsed.render_as_string(hide_password=False))


def entries(database: Database, after: int = 0) -> list[AuditEntry]:
    with database.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.id > after).order_by(AuditEntry.id)))


def latest(database: Database) -> int:
    with database.session() as s:
        return s.scalar(select(func.max(AuditEntry.id))) or 0


def table(lines: tuple[HistoryLine, ...]) -> list[tuple[str, str, str, str, str, str]]:
    return [(line.actor, line.action.value, line.what, line.field, line.before, line.after) for line in lines]


def test_an_update_made_with_psql_is_audited_under_the_login_and_reads_in_the_history(
    shared: Shared,
) -> None:
    database = open_database(shared.url, actor="reader")
    try:
        seen = latest(database)
        with psql(shared.url, shared.officer) as connection:
            connection.execute(
                "UPDATE meetings SET summary = 'Agreed to write to the Home Secretary' WHERE id = %s",
                (shared.meeting,),
            )
        written = entries(database, seen)
        assert [(e.actor, e.action, e.table_name, e.row_id) for e in written] == [
            (shared.officer, AuditAction.UPDATE, "meetings", str(shared.meeting))
        ]
        # Only the column changed; the version and stamps are left out as Liaison leaves them out.
        assert written[0].before == json.dumps({"summary": ""})
        assert written[0].after == json.dumps({"summary": "Agreed to write to the Home Secretary"})
        with database.session() as s:
            shown = table(history.lines(s, Subject.MEETING, shared.meeting))
        assert shown[0] == (
            shared.officer,
            "update",
            "Meeting",
            "Summary",
            "",
            "Agreed to write to the Home Secretary",
        )
    finally:
        database.close()


def test_rows_added_and_removed_with_psql_read_as_the_records_parts(shared: Shared) -> None:
    database = open_database(shared.url, actor="reader")
    try:
        seen = latest(database)
        with psql(shared.url, shared.officer) as connection:
            connection.execute(
                "INSERT INTO meeting_themes (meeting_id, theme_id) VALUES (%s, %s)",
                (shared.meeting, shared.theme),
            )
        with psql(shared.url, shared.officer) as connection:
            connection.execute("DELETE FROM meeting_themes WHERE meeting_id = %s", (shared.meeting,))
        with psql(shared.url, shared.officer) as connection:
            connection.execute(
                "INSERT INTO themes (name, description, version, created_at, updated_at)"
                " VALUES ('Cohésion', 'Community cohesion', 1, now(), now())"
            )
        written = entries(database, seen)
        key = f"{shared.meeting}/{shared.theme}"
        assert [(e.action, e.table_name, e.row_id) for e in written[:2]] == [
            (AuditAction.CREATE, "meeting_themes", key),
            (AuditAction.DELETE, "meeting_themes", key),
        ]
        assert json.loads(written[0].after or "") == {"meeting_id": shared.meeting, "theme_id": shared.theme}
        assert json.loads(written[1].before or "") == {"meeting_id": shared.meeting, "theme_id": shared.theme}
        created = written[2]
        assert (created.action, created.table_name, created.before) == (AuditAction.CREATE, "themes", None)
        values = json.loads(created.after or "")
        assert values["name"] == "Cohésion" and values["version"] == 1 and created.row_id == str(values["id"])
        # The very text Liaison writes: sorted keys, json.dumps' separators, letters as they are.
        assert created.after == json.dumps(values, sort_keys=True, ensure_ascii=False)
        with database.session() as s:
            shown = table(history.lines(s, Subject.MEETING, shared.meeting))
        assert shown[:2] == [
            (shared.officer, "delete", "Theme", "", "Anti-social behaviour", ""),
            (shared.officer, "create", "Theme", "", "", "Anti-social behaviour"),
        ]
    finally:
        database.close()


def test_a_change_through_liaison_has_exactly_one_entry_under_liaisons_actor(shared: Shared) -> None:
    officer = open_database(
        make_url(shared.url).set(username=shared.officer).render_as_string(hide_password=False),
        actor="Helen Murray",
    )
    try:
        seen = latest(officer)
        with officer.session() as s:
            draft = meetings.get(s, shared.meeting)
            meetings.update(s, replace(draft, summary="Agreed.", theme_ids=(shared.theme,)))
        written = entries(officer, seen)
        # The meeting's themes are part of the meeting's one entry, not rows of their own.
        assert [(e.actor, e.action, e.table_name) for e in written] == [
            ("Helen Murray", AuditAction.UPDATE, "meetings")
        ]
        assert json.loads(written[0].after or "") == {"summary": "Agreed.", "themes": [shared.theme]}
        with officer.session() as s:
            shown = table(history.lines(s, Subject.MEETING, shared.meeting))
        assert shown[:2] == [
            ("Helen Murray", "update", "Meeting", "Summary", "", "Agreed."),
            ("Helen Murray", "update", "Meeting", "Themes", "", "Anti-social behaviour"),
        ]
        assert {actor for actor, *_ in shown[2:]} == {"owner"}
    finally:
        officer.close()


def test_a_change_rolled_back_leaves_no_entry(shared: Shared) -> None:
    database = open_database(shared.url, actor="reader")
    try:
        seen = latest(database)
        with psql(shared.url, shared.officer) as connection:
            connection.execute("UPDATE meetings SET summary = 'Never mind' WHERE id = %s", (shared.meeting,))
            written = connection.execute("SELECT count(*) FROM audit_log WHERE id > %s", (seen,)).fetchone()
            assert written == (1,)  # written in the change's own transaction
            connection.rollback()
        with pytest.raises(RuntimeError), database.session() as s:
            meetings.update(s, replace(meetings.get(s, shared.meeting), summary="Nor this"))
            s.flush()
            raise RuntimeError("the user's action failed after the change")
        assert entries(database, seen) == []
        with database.session() as s:
            assert meetings.get(s, shared.meeting).summary == ""
    finally:
        database.close()


def test_an_officer_cannot_change_delete_or_switch_off_the_history(shared: Shared) -> None:
    with psql(shared.url, shared.officer) as connection:
        for statement in (
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
            "ALTER TABLE meetings DISABLE TRIGGER liaison_audit",
            "DROP TRIGGER liaison_audit ON meetings",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
            connection.rollback()
        # The trigger fired for the change made in the same transaction as the refused ones.
        connection.execute("UPDATE meetings SET notes = 'kept' WHERE id = %s", (shared.meeting,))
        row = connection.execute("SELECT actor, after FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        assert row == (shared.officer, json.dumps({"notes": "kept"}))


def test_every_table_of_the_schema_but_the_history_is_audited(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            audited = set(
                connection.execute(
                    text(
                        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        " WHERE t.tgname = 'liaison_audit' AND NOT t.tgisinternal"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert audited == set(Base.metadata.tables) - {"audit_log"}


def test_a_psql_change_to_a_person_is_scrubbed_by_the_erasure_like_liaisons_own(shared: Shared) -> None:
    with psql(shared.url) as connection:  # the owner: people are an administrator's
        connection.execute(
            "UPDATE people SET email = 'richard.kemp@example.org' WHERE id = %s", (shared.member,)
        )
    owner = open_database(shared.url, actor="owner")
    try:
        with owner.session() as s:
            personal_data.erase(s, shared.member)
        with owner.session() as s:
            trail = list(
                s.scalars(
                    select(AuditEntry).where(
                        AuditEntry.table_name == "people", AuditEntry.row_id == str(shared.member)
                    )
                )
            )
            assert s.get(Person, shared.member) is not None
        assert [e.action for e in trail] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.ERASE]
        assert trail[1].actor == "postgres"
        for entry in trail:
            for side in (entry.before, entry.after):
                assert "Kemp" not in (side or "") and "richard.kemp" not in (side or "")
    finally:
        owner.close()


def test_the_downgrade_removes_the_triggers_and_the_upgrade_puts_them_back(postgres_url: str) -> None:
    engine = create_engine(postgres_url)

    def triggers() -> int:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT count(*) FROM pg_trigger WHERE tgname = 'liaison_audit'")
            ).scalar()
            functions = connection.execute(
                text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'liaison\\_audit\\_%'")
            ).scalar()
        return int(found or 0) + int(functions or 0)

    try:
        assert triggers() == len(Base.metadata.tables) - 1 + 3
        config = migrate.config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        assert triggers() == 0
        migrate.upgrade(engine)
        assert triggers() == len(Base.metadata.tables) - 1 + 3
    finally:
        engine.dispose()


def test_a_copy_onto_the_server_brings_the_history_and_adds_none_of_its_own(
    shared: Shared, empty_postgres_url: str
) -> None:
    counts = {c.table: (c.source, c.target) for c in copying.copy_database(shared.url, empty_postgres_url)}
    copied = open_database(empty_postgres_url, actor="reader")
    try:
        with copied.session() as s:
            actors = set(s.scalars(select(AuditEntry.actor)))
    finally:
        copied.close()
    assert counts["audit_log"][0] == counts["audit_log"][1] > 0
    assert actors == {"owner"}


def test_psql_changes_keep_the_audit_chain_that_db_check_replays(shared: Shared) -> None:
    """Stamps keep Python's six digits of a second (PostgreSQL's JSON drops trailing zeros), so the
    entries replay to the values stored."""
    with psql(shared.url, shared.officer) as connection:
        connection.execute(
            "INSERT INTO themes (name, description, version, created_at, updated_at)"
            " VALUES ('Fire safety', '', 1, '2009-03-19 10:00:00.12', now())"
        )
        connection.execute("UPDATE meetings SET summary = 'x', notes = 'y' WHERE id = %s", (shared.meeting,))
        connection.execute("DELETE FROM themes WHERE name = 'Anti-social behaviour'")
    engine = create_engine(shared.url)
    try:
        with engine.connect() as connection:
            created = connection.execute(
                text("SELECT after FROM audit_log WHERE table_name = 'themes' ORDER BY id DESC LIMIT 2")
            ).scalars()
            assert [json.loads(a or "null") for a in created][1]["created_at"] == "2009-03-19T10:00:00.120000"
            assert health.audit_chain(connection).problems == []
    finally:
        engine.dispose()
