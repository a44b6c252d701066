"""Connection settings and read-only mode: what a user sees, and what is (never) written down."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from db import roles
from db.engine import open_database
from db.files import DatabaseRefused
from tests.pg_server import PASSWORD_GROUP, PostgresServer
from ui import app
from ui.main_window import MainWindow
from ui.organisations.editor import OrganisationEditor
from ui.settings import connection as saved
from ui.settings.connection import Connection, Where
from ui.settings.dialog import ConnectionDialog, PasswordDialog

_numbers = itertools.count(1)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "liaison.ini"), QSettings.Format.IniFormat)


def new_member(server: PostgresServer, url: str, password: str) -> str:
    """A login that must give a password, with the member's role on the database at `url`."""
    login = new_login(server, password)
    owner = open_database(url)
    roles.set_up(owner.engine)
    roles.add_login(owner.engine, login, roles.MEMBER)
    owner.close()
    return login


def new_login(server: PostgresServer, password: str | None = None) -> str:
    name = f"person_{os.getpid()}_{next(_numbers)}"
    superuser = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        if password is None:
            connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
        else:
            connection.exec_driver_sql(
                f"DO $$ BEGIN CREATE ROLE {PASSWORD_GROUP}; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
            connection.exec_driver_sql(
                f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {PASSWORD_GROUP}"
            )
    superuser.dispose()
    return name


def test_the_dialog_saves_a_server_connection_and_your_name_but_no_password(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    dialog = ConnectionDialog(Connection(), None)
    qtbot.addWidget(dialog)
    assert dialog.on_file.isChecked() and not dialog.server_box.isEnabled()
    dialog.on_server.setChecked(True)
    assert dialog.server_box.isEnabled() and not dialog.file_box.isEnabled()
    dialog.host.setText("liaison.lga.local")
    dialog.port.setValue(5433)
    dialog.database.setText("safer_communities")
    dialog.user.setText("hmurray")
    dialog.your_name.setText("Helen Murray")
    chosen = dialog.connection()
    saved.save(settings, chosen)
    assert saved.load(settings) == chosen
    assert chosen.target == "postgresql+psycopg://hmurray@liaison.lga.local:5433/safer_communities"
    assert chosen.actor == "Helen Murray"
    written = (tmp_path / "liaison.ini").read_text()
    assert "hmurray" in written and "password" not in written.lower()


def test_a_server_without_its_name_is_not_saved(qtbot: QtBot, no_real_dialogs: list[str]) -> None:
    dialog = ConnectionDialog(Connection(where=Where.SERVER, host=""), None)
    qtbot.addWidget(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert no_real_dialogs == ["Connection settings | Give the server's name or address."]


def test_without_db_the_window_opens_the_saved_file_and_names_you_as_saved(
    settings: QSettings, database_path: Path
) -> None:
    saved.save(settings, Connection(where=Where.FILE, file=str(database_path), your_name="Helen Murray"))
    database = app.open_chosen(None, settings)
    try:
        assert database.path == database_path and database.actor == "Helen Murray"
    finally:
        database.close()


@pytest.mark.postgresql
def test_a_server_that_asks_for_a_password_gets_the_one_typed_and_it_is_not_saved(
    settings: QSettings, postgres_url: str, postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = new_member(postgres_server, postgres_url, password="s3cret words")
    url = make_url(postgres_url)
    saved.save(
        settings,
        Connection(
            Where.SERVER, host="127.0.0.1", port=url.port or 0, database=str(url.database), user=login
        ),
    )
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    asked: list[str] = []
    answers = iter(["wrong", "s3cret words"])

    def typed(parent: object, where: str) -> str:
        asked.append(where)
        return next(answers)

    monkeypatch.setattr(PasswordDialog, "ask", typed)
    database = app.open_chosen(None, settings)
    try:
        assert database.login == login and len(asked) == 2 and "s3cret" not in asked[0]
        assert "s3cret" not in database.where
    finally:
        database.close()
    monkeypatch.setattr(PasswordDialog, "ask", lambda parent, where: None)
    with pytest.raises(DatabaseRefused, match="password"):
        app.open_chosen(None, settings)
    assert "s3cret" not in Path(settings.fileName()).read_text()


@pytest.mark.postgresql
def test_a_password_in_pgpass_is_used_without_asking(
    settings: QSettings,
    postgres_url: str,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    login = new_member(postgres_server, postgres_url, password="from-pgpass")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres_server.port}:*:{login}:from-pgpass\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.setattr(PasswordDialog, "ask", lambda parent, where: pytest.fail("asked for a password"))
    target = make_url(postgres_url).set(username=login).render_as_string(hide_password=False)
    database = app.open_chosen(target, settings)
    assert database.login == login
    database.close()


@pytest.mark.postgresql
def test_a_member_sees_read_only_mode_and_cannot_log_a_meeting(
    qtbot: QtBot, postgres_url: str, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    owner = open_database(postgres_url)
    roles.set_up(owner.engine)
    login = new_login(postgres_server)
    roles.add_login(owner.engine, login, roles.MEMBER)
    owner.close()
    member = open_database(make_url(postgres_url).set(username=login).render_as_string(hide_password=False))
    try:
        window = MainWindow(member)
        qtbot.addWidget(window)
        # The needs-attention panel reads on the thread pool once shown; it must finish before the
        # test's database is dropped.
        with qtbot.waitSignal(window.attention.refreshed, timeout=30_000):
            window.show()
        qtbot.waitExposed(window)
        assert window.access_banner.isVisible()
        assert window.access_banner.text().startswith("<b>Read-only.</b>")
        assert f"your login ({login}) is a member" in window.access_banner.text()
        assert "(read-only)" in window.windowTitle()
        assert not window.log_meeting_action.isEnabled()
        assert not window.sheet_import_action.isEnabled()
        # Lists find and open records, but offer no New, Delete or Merge; a form cannot save.
        assert not window.meetings.list.new_button.isEnabled()
        assert not window.organisations.list.new_button.isEnabled()
        assert not window.organisations.merge_button.isEnabled()
        editor = OrganisationEditor(member, window.changes)
        qtbot.addWidget(editor)
        assert not editor.save_button.isEnabled()
        assert editor.save() is False
        window.grab().save(str(tmp_path / "read-only.png"))
        window.colleagues.stop()
        window.close()
    finally:
        member.close()


def test_on_ones_own_file_there_is_no_banner_and_everything_is_enabled(
    qtbot: QtBot, database_path: Path
) -> None:
    database = open_database(database_path)
    try:
        window = MainWindow(database)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert not window.access_banner.isVisible()
        assert window.log_meeting_action.isEnabled()
        assert "read-only" not in window.windowTitle()
        assert window.connection_settings_action in window.database_menu.actions()
        window.colleagues.stop()
        window.close()
    finally:
        database.close()


def test_the_database_menu_opens_the_settings_and_says_when_they_apply(
    qtbot: QtBot, database_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(database_path)
    shown: list[Connection] = []

    def answer(parent: object, chosen_settings: QSettings) -> Connection:
        shown.append(saved.load(chosen_settings) or Connection())
        return Connection(where=Where.FILE, file=str(database_path))

    monkeypatch.setattr(ConnectionDialog, "ask", answer)
    monkeypatch.setattr(saved, "user_settings", lambda: settings)
    try:
        window = MainWindow(database)
        qtbot.addWidget(window)
        window.connection_settings_action.trigger()
        assert shown == [Connection()]
        message = window.statusBar().currentMessage()
        assert message == "Connection settings saved; Liaison uses them when it next starts."
        window.colleagues.stop()
        window.close()
    finally:
        database.close()
