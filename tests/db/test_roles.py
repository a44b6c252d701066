"""Roles on a shared server, enforced by the database: members read, officers keep records, admins manage."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from cli import main
from db import roles
from db.engine import Database, open_database
from db.files import DatabaseRefused
from db.models import AuditEntry
from db.vocabulary import AttendanceRole, OrganisationKind, PersonKind
from tests.pg_server import PostgresServer
from tracker import duties, meetings
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.directory.organisations import OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.duties import AppointmentDraft
from tracker.meetings import AttendeeEntry, BodyEntry, MeetingDraft

pytestmark = pytest.mark.postgresql
_numbers = itertools.count(1)


@pytest.fixture
def login(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh login on the server (logins are the whole server's, so each test makes its own)."""
    name = f"user_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
    try:
        yield name
    finally:
        admin.dispose()


@pytest.fixture
def shared(postgres_url: str) -> str:
    """A server database with a body and a member in it, and the roles set up by its owner."""
    owner = open_database(postgres_url, actor="owner")
    with owner.session() as s:
        body = organisations.create(
            s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
        )
        people.create(s, PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr"))
        meetings.log(s, MeetingDraft("NCRB", date(2009, 3, 19), bodies=(BodyEntry(body.id),)))  # type: ignore[arg-type]
    roles.set_up(owner.engine)
    owner.close()
    return postgres_url


def as_login(url: str, login: str) -> Database:
    return open_database(make_url(url).set(username=login).render_as_string(hide_password=False))


def test_a_member_reads_but_the_database_itself_refuses_their_writes(shared: str, login: str) -> None:
    roles.add_login(create_engine(shared), login, roles.MEMBER)
    member = as_login(shared, login)
    try:
        assert member.access.role == "member" and member.access.read_only
        assert not member.access.can_administer
        with member.session() as s:
            assert [r.title for r in meetings.rows(s, ListQuery(), 0, 10)] == ["NCRB"]
        # Not just a greyed-out button: SQL sent straight to the server is refused.
        with member.engine.connect() as connection:
            with pytest.raises(ProgrammingError, match="permission denied for table organisations"):
                connection.execute(
                    text(
                        "INSERT INTO organisations (name, acronym, kind, notes, version,"
                        " created_at, updated_at) VALUES ('X', '', 'agency', '', 1, now(), now())"
                    )
                )
            connection.rollback()
            with pytest.raises(ProgrammingError, match="permission denied for table meetings"):
                connection.execute(text("UPDATE meetings SET title = 'Changed'"))
            connection.rollback()
            with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
                connection.execute(text("SELECT before FROM audit_log"))
            connection.rollback()
            assert (
                connection.execute(text("SELECT count(*) FROM audit_log WHERE actor = 'owner'")).scalar() > 0
            )
        # Through the services, the refusal reads as a sentence, and nothing is saved.
        refused = rf"your login \({login}\) may read .* not change the organisations"
        with pytest.raises(roles.NotPermitted, match=refused), member.session() as s:
            organisations.create(s, OrganisationDraft("APA", OrganisationKind.ASSOCIATION))
    finally:
        member.close()
    owner = open_database(shared)
    with owner.session() as s:
        assert organisations.count(s, ListQuery()) == 1
    owner.close()


def test_an_officer_keeps_meetings_and_bodies_but_not_appointments_or_the_history(
    shared: str, login: str
) -> None:
    roles.add_login(create_engine(shared), login, roles.OFFICER)
    officer = as_login(shared, login)
    try:
        assert officer.access.role == "officer" and officer.access.can_edit
        assert not officer.access.can_administer
        with officer.session() as s:
            apa = organisations.create(s, OrganisationDraft("APA", OrganisationKind.ASSOCIATION))
            # An officer adds the outside contacts and members met, but appointing is for administrators.
            member = people.create(s, PersonDraft("Allan Witherick", PersonKind.MEMBER, title="Cllr"))
            logged = meetings.log(
                s,
                MeetingDraft(
                    "APA conference",
                    date(2009, 4, 23),
                    bodies=(BodyEntry(apa.id),),  # type: ignore[arg-type]
                    attendees=(AttendeeEntry(member.id, AttendanceRole.SPOKE),),  # type: ignore[arg-type]
                ),
            )
        with officer.session() as s:
            meetings.update(s, replace(meetings.get(s, logged.id), summary="Cllr Witherick spoke."))  # type: ignore[arg-type]
        with officer.session() as s:
            actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.table_name == "meetings")))
        assert actors == {"owner", login}
        with pytest.raises(roles.NotPermitted, match="appointments"), officer.session() as s:
            duties.appoint(s, AppointmentDraft(member.id, apa.id, term_start=date(2009, 1, 1)))  # type: ignore[arg-type]
        with officer.engine.connect() as connection:
            for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
                with pytest.raises(ProgrammingError, match="permission denied for table audit_log"):
                    connection.execute(text(statement))
                connection.rollback()
    finally:
        officer.close()


def test_an_administrator_manages_appointments_and_logins_but_cannot_edit_the_history(
    shared: str, login: str, postgres_server: PostgresServer
) -> None:
    roles.add_login(create_engine(shared), login, roles.ADMIN)
    admin = as_login(shared, login)
    other = f"{login}_colleague"
    superuser = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {other} LOGIN")
    try:
        assert admin.access.role == "administrator" and admin.access.can_administer
        with admin.session() as s:
            body = organisations.find(s, "Home Office")
            member = next(r.id for r in people.rows(s, ListQuery("Kemp"), 0, 5))
            duties.appoint(s, AppointmentDraft(member, body, term_start=date(2009, 1, 1)))
        # The administrator gives a colleague the officer's role, without the owner.
        assert "is now an officer" in roles.add_login(admin.engine, other, roles.OFFICER)
        colleague = as_login(shared, other)
        assert colleague.access.role == "officer"
        colleague.close()
        refused = pytest.raises(ProgrammingError, match="permission denied for table audit_log")
        with admin.engine.connect() as connection, refused:
            connection.execute(text("DELETE FROM audit_log"))
    finally:
        admin.close()
        superuser.dispose()


def test_db_grant_sets_up_the_roles_then_gives_logins_theirs(
    postgres_url: str, login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "grant", "--db", postgres_url]) == 0
    assert "liaison_member: reads every table" in capsys.readouterr().out
    assert main(["db", "grant", "--db", postgres_url, "--member", login]) == 0
    assert f"{login} is now a member (reads)" in capsys.readouterr().out
    member = as_login(postgres_url, login)
    assert member.access.read_only
    member.close()
    # A member cannot hand out roles.
    assert (
        main(
            [
                "db",
                "grant",
                "--db",
                make_url(postgres_url).set(username=login).render_as_string(False),
                "--officer",
                login,
            ]
        )
        == 2
    )
    assert "liaison:" in capsys.readouterr().err
    assert main(["db", "grant", "--db", postgres_url, "--officer", "nobody_at_all"]) == 2
    assert "has no login “nobody_at_all”" in capsys.readouterr().err


def test_a_sqlite_file_has_no_roles_and_its_user_may_do_everything(database_path: object) -> None:
    database = open_database(database_path)  # type: ignore[arg-type]
    try:
        assert database.access == roles.FULL_ACCESS and database.login is None
        with pytest.raises(roles.GrantRefused, match="SQLite file is one person's"):
            roles.set_up(database.engine)
    finally:
        database.close()


def test_a_login_without_a_role_is_told_to_ask_an_administrator(shared: str, login: str) -> None:
    with pytest.raises(DatabaseRefused, match=rf"your login \({login}\) has no access .*`db grant --member"):
        as_login(shared, login)
