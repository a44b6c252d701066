"""Shared fixtures: a fresh migrated database per test, copied from one built once per run.

The service tests in tests/tracker run twice, on SQLite and on PostgreSQL (a throwaway server
started once per run, see tests/pg_server.py); other tests use SQLite unless they ask for
`postgres_url`. Without the server binaries the PostgreSQL runs are skipped, except under CI=true,
where they fail: CI installs the binaries, so a skip there would hide a broken set-up.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never look for a display in the tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from db.engine import Database, open_database  # noqa: E402
from tests.pg_server import PostgresServer, ServerUnavailable, start_server  # noqa: E402
from tracker import demo  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "liaison_template"
DEMO_TEMPLATE = "liaison_demo_template"
_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs the throwaway PostgreSQL server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The service tests (tests/tracker) take their `database` from each backend in turn."""
    tracker = Path(__file__).with_name("tracker")
    if "backend" in metafunc.fixturenames and Path(metafunc.definition.path).is_relative_to(tracker):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`-m "not postgresql"` leaves out everything that needs the server."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("backend") == "postgresql"
        if on_server or "postgres_url" in fixtures or "postgres_server" in fixtures:
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    name: str = getattr(request, "param", "sqlite")
    return name


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = start_server()
    except ServerUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL tests, but {error}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _postgres_template(postgres_server: PostgresServer) -> str:
    """A database migrated once; each test gets a copy (CREATE DATABASE ... TEMPLATE is quick)."""
    admin = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
    admin.dispose()
    open_database(postgres_server.url(TEMPLATE), actor="template").close()
    return TEMPLATE


def _copy_of(server: PostgresServer, template: str) -> Iterator[str]:
    """A fresh database copied from `template` on the throwaway server, dropped afterwards."""
    name = f"liaison_test_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        yield server.url(name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, _postgres_template: str) -> Iterator[str]:
    """The URL of a fresh migrated database on the throwaway server, dropped after the test."""
    yield from _copy_of(postgres_server, _postgres_template)


def _build_demo(target: str | Path) -> None:
    db = open_database(target, actor="officer.test")
    try:
        with db.session() as s:
            demo.build(s)
    finally:
        db.close()


@pytest.fixture(scope="session")
def _postgres_demo_template(postgres_server: PostgresServer, _postgres_template: str) -> str:
    """The demo records built once on the server (about 1,100 round trips), copied for each test."""
    admin = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {DEMO_TEMPLATE} TEMPLATE {_postgres_template}")
    admin.dispose()
    _build_demo(postgres_server.url(DEMO_TEMPLATE))
    return DEMO_TEMPLATE


@pytest.fixture
def empty_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of an empty database (no schema at all) on the throwaway server."""
    name = f"liaison_empty_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield postgres_server.url(name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_database(path, actor="template").close()
    return path


@pytest.fixture(scope="session")
def _sqlite_demo_template(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    shutil.copyfile(_migrated_template, path)
    _build_demo(path)
    return path


@pytest.fixture
def database_path(tmp_path: Path, _migrated_template: Path) -> Path:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    return path


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "postgresql":
        target: str | Path = request.getfixturevalue("postgres_url")
        assert make_url(target).get_backend_name() == "postgresql"
    else:
        target = request.getfixturevalue("database_path")
    db = open_database(target, actor="officer.test")
    yield db
    db.close()


@pytest.fixture
def demo_database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database holding the seed papers' records (tracker.demo), built once per run and backend
    and copied for each test: the tests read it and may change their copy freely."""
    if backend == "postgresql":
        server = request.getfixturevalue("postgres_server")
        copies = _copy_of(server, request.getfixturevalue("_postgres_demo_template"))
        target: str | Path = next(copies)
    else:
        target = tmp_path / "demo.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_demo_template"), target)
    db = open_database(target, actor="officer.test")
    try:
        yield db
    finally:
        db.close()
        if backend == "postgresql":
            next(copies, None)  # drops the copy
