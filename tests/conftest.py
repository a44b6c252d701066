"""Shared fixtures: a fresh migrated database per test, copied from one built once per run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never look for a display in the tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.engine import Database, open_database  # noqa: E402


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_database(path, actor="template").close()
    return path


@pytest.fixture
def database_path(tmp_path: Path, _migrated_template: Path) -> Path:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    return path


@pytest.fixture
def database(database_path: Path) -> Iterator[Database]:
    db = open_database(database_path, actor="officer.test")
    yield db
    db.close()
