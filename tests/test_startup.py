"""Opening the window loads only what the first screen needs: no graph engine, plotting or Word, and
no SQLAlchemy before Home (or the meetings list) is on screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from db import migrate
from db.engine import open_database
from db.models import FollowUp
from db.programme import PolicyItemKind
from tracker import synthetic
from tracker.lobbying import policy_items

ROOT = Path(__file__).resolve().parent.parent


def _first_screen(path: Path, mode: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The benchmark's own entry: a fresh interpreter starts the window as `python main.py` does
    (offscreen) and reports what it had fetched and loaded when the first screen painted, then
    again once the database had opened behind it."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_rows", mode, str(path)],
        cwd=ROOT,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    painted, ready = (json.loads(line) for line in done.stdout.splitlines()[:2])
    return painted, ready


@pytest.fixture
def archive(tmp_path: Path, _migrated_template: Path) -> Path:
    """300 meetings, some with follow-ups still open, and a consultation closing soon."""
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="test")
    with db.session() as s:
        synthetic.generate(s, synthetic.Shape.for_meetings(300), seed=1)
        s.execute(update(FollowUp).values(done=False, due_on=date.today()))
        policy_items.create(
            s,
            policy_items.PolicyItemDraft(
                PolicyItemKind.CONSULTATION,
                "Youth crime action plan",
                closes_on=date.today() + timedelta(days=9),
            ),
        )
    db.close()
    return path


def test_the_window_opens_on_home_without_sqlalchemy_or_the_heavy_libraries(archive: Path) -> None:
    painted, ready = _first_screen(archive, "app")
    assert painted["follow_ups"] > 0 and painted["deadlines"] >= 1, "what is due, read from the file"
    assert not painted["sqlalchemy_loaded"], "Home is read with sqlite3 and painted first"
    assert painted["heavy_modules"] == [], "matplotlib loads for the charts, once the lists are painted"
    assert ready["ready"] and ready["sqlalchemy_loaded"]


def test_the_window_opens_on_the_meetings_list_without_the_heavy_libraries(archive: Path) -> None:
    painted, ready = _first_screen(archive, "meetings")
    assert painted["rows_in_view"] >= 50
    assert not painted["sqlalchemy_loaded"], "the first rows are read with sqlite3 and painted first"
    assert painted["fetches"] == [[0, 100]], "the list asked for one block of rows, the one on screen"
    assert ready["ready"] and ready["sqlalchemy_loaded"]
    assert ready["fetches"] == [[0, 100]], "the services took over the rows on screen, not read again"
    for facts in (painted, ready):
        assert facts["heavy_modules"] == [], "matplotlib, networkx, python-docx and the like load when used"


OTHER_AREAS = {
    "Bills": "ui.bills.list_view",
    "Reports": "ui.reports.view",
    "Cross-check": "ui.crosscheck.view",
    "Organisations": "ui.organisations.list_view",
    "People": "ui.people.list_view",
    "Themes": "ui.themes.view",
    "Graph": "ui.graph.view",
}


def test_the_other_areas_are_imported_only_when_first_opened(
    tmp_path: Path, _migrated_template: Path
) -> None:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    # A fresh interpreter: the test process itself has long since imported every area.
    script = (
        "import json, sys\n"
        "from db.engine import open_database\n"
        "from ui.app import application\n"
        "from ui.main_window import AREAS, MainWindow\n"
        f"modules = {OTHER_AREAS!r}\n"
        "qt = application()\n"
        f"db = open_database({str(path)!r}, create=False)\n"
        "window = MainWindow(db)\n"
        "window.show()\n"
        "qt.processEvents()\n"
        "seen = [sorted(m for m in modules.values() if m in sys.modules)]\n"
        "for area in ('Bills', 'Reports'):\n"
        "    window.navigation.setCurrentRow(AREAS.index(area))\n"
        "    qt.processEvents()\n"
        "    shown = window.stack.currentWidget() is getattr(window, area.lower())\n"
        "    seen.append([shown, sorted(m for m in modules.values() if m in sys.modules)])\n"
        "window.close()\n"
        "db.close()\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    at_start, after_bills, after_reports = json.loads(done.stdout.splitlines()[-1])
    assert at_start == []
    assert after_bills == [True, ["ui.bills.list_view"]]
    assert after_reports == [True, ["ui.bills.list_view", "ui.reports.view"]]


def test_opening_a_database_at_the_latest_schema_does_not_load_alembic(
    tmp_path: Path, _migrated_template: Path
) -> None:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    script = (
        "import sys\n"
        "from db.engine import open_database\n"
        f"open_database({str(path)!r}, create=False).close()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'mako'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=100, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_revisions_read_from_the_scripts_are_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.SCRIPTS))
    scripts = ScriptDirectory.from_config(cfg)
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.history() == {
        s.revision: tuple(s._normalized_down_revisions) for s in scripts.walk_revisions()
    }
    assert migrate.is_known(migrate.head_revision()) and not migrate.is_known("9999")


def test_the_command_line_opens_the_window_without_loading_sqlalchemy() -> None:
    """`python main.py` (or with --db) goes to the window without the commands' modules, which load it."""
    script = (
        "import sys\n"
        "import cli\n"
        "assert cli._window_only(['--db', 'team.db']) is not None\n"
        "import ui.app, ui.main_window, ui.opening\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=100, check=True
    )
    assert done.stdout.strip() == "[]"
