"""A shared PostgreSQL database: prepared by `db upgrade`, and two colleagues' edits never overwrite."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from cli import main
from db import migrate
from db.engine import ChangedMeanwhile, open_database
from db.models import AuditEntry, Organisation
from db.vocabulary import OrganisationKind
from tracker.common.errors import EditConflict
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationDraft

pytestmark = pytest.mark.postgresql


def test_db_upgrade_prepares_an_empty_server_database_with_the_same_migrations(
    empty_postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade", "--db", empty_postgres_url]) == 0
    assert f"at schema {migrate.head_revision()} (the latest)" in capsys.readouterr().out
    assert main(["db", "check", "--db", empty_postgres_url]) == 0
    assert "integrity ok" not in capsys.readouterr().err
    database = open_database(empty_postgres_url, upgrade=False, create=False)
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        assert migrate.differences(database.engine) == []
    finally:
        database.close()


def test_a_server_without_liaisons_schema_is_refused_by_commands_that_only_read(
    empty_postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--db", empty_postgres_url]) == 2
    assert "holds no Liaison database" in capsys.readouterr().err


def test_the_owner_may_do_everything_and_the_history_names_the_login(postgres_url: str) -> None:
    database = open_database(postgres_url)
    try:
        assert database.login == "postgres"
        assert database.access.can_edit and database.access.can_administer
        assert not database.access.read_only
        with database.session() as s:
            organisations.create(s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT))
        with database.session() as s:
            assert s.scalars(select(AuditEntry.actor)).all() == ["postgres"]
    finally:
        database.close()


def test_the_configured_name_is_written_in_the_history_rather_than_the_login(postgres_url: str) -> None:
    database = open_database(postgres_url, actor="Helen Murray")
    try:
        with database.session() as s:
            organisations.create(s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT))
        with database.session() as s:
            assert s.scalars(select(AuditEntry.actor)).all() == ["Helen Murray"]
    finally:
        database.close()


def test_two_colleagues_edit_one_body_the_second_save_is_refused_and_the_first_survives(
    postgres_url: str,
) -> None:
    mine = open_database(postgres_url, actor="helen")
    theirs = open_database(postgres_url, actor="mark")
    try:
        with mine.session() as s:
            created = organisations.create(
                s, OrganisationDraft("National Crime Reduction Board", OrganisationKind.BOARD_OR_GROUP)
            )
        # Both open the record (version 1) in their own window.
        with mine.session() as s:
            my_draft = organisations.get(s, created.id)  # type: ignore[arg-type]
        with theirs.session() as s:
            their_draft = organisations.get(s, created.id)  # type: ignore[arg-type]
        with theirs.session() as s:
            organisations.update(s, OrganisationDraft(**{**vars(their_draft), "acronym": "NCRB"}))
        with pytest.raises(EditConflict), mine.session() as s:
            organisations.update(s, OrganisationDraft(**{**vars(my_draft), "notes": "Chaired by the HO"}))
        with mine.session() as s:
            stored = organisations.get(s, created.id)  # type: ignore[arg-type]
        assert (stored.acronym, stored.notes) == ("NCRB", "")
        assert stored.version is not None and stored.version > their_draft.version  # type: ignore[operator]
    finally:
        mine.close()
        theirs.close()


def test_two_saves_at_the_same_moment_one_is_refused_and_nothing_is_lost(postgres_url: str) -> None:
    """The race the services' version comparison cannot see: both have read version 1 and passed
    the check when the first commits; the second's UPDATE ... WHERE version = 1 then matches no row."""
    mine = open_database(postgres_url, actor="helen")
    theirs = open_database(postgres_url, actor="mark")
    try:
        with mine.session() as s:
            created = organisations.create(s, OrganisationDraft("APA", OrganisationKind.ASSOCIATION))
        assert created.id is not None
        checked = threading.Event()
        committed = threading.Event()
        failures: list[BaseException] = []

        def their_save() -> None:
            try:
                checked.wait(30)
                with theirs.session() as s:
                    draft = organisations.get(s, created.id)  # type: ignore[arg-type]
                    organisations.update(s, OrganisationDraft(**{**vars(draft), "notes": "theirs"}))
            except BaseException as error:  # reported by the main thread
                failures.append(error)
            finally:
                committed.set()

        colleague = threading.Thread(target=their_save)
        colleague.start()
        with pytest.raises(ChangedMeanwhile), mine.session() as s:
            # Read inside the transaction, as the service reads it before comparing versions; held,
            # so that the session does not read it again (the service holds it between check and write).
            held = s.get(Organisation, created.id)
            draft = organisations.get(s, created.id)
            checked.set()
            assert committed.wait(30)
            organisations.update(s, OrganisationDraft(**{**vars(draft), "notes": "mine"}))
        assert held is not None and draft.version == 1
        colleague.join(30)
        assert failures == []
        with mine.session() as s:
            assert organisations.get(s, created.id).notes == "theirs"
    finally:
        mine.close()
        theirs.close()
