"""Opening the window loads only what the first screen needs: no graph engine, plotting or Word."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from db.engine import open_database
from tracker import synthetic

ROOT = Path(__file__).resolve().parent.parent


def test_the_window_opens_on_the_meetings_list_without_the_heavy_libraries(
    tmp_path: Path, _migrated_template: Path
) -> None:
    path = tmp_path / "liaison.db"
    shutil.copyfile(_migrated_template, path)
    db = open_database(path, actor="test")
    with db.session() as s:
        synthetic.generate(s, synthetic.Shape.for_meetings(300), seed=1)
    db.close()
    # The benchmark's own entry: a fresh interpreter builds the real MainWindow (offscreen) and,
    # once the meetings list has painted, reports what it fetched and which modules it loaded.
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_rows", "app", str(path)],
        cwd=ROOT,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    facts = json.loads(done.stdout.splitlines()[0])
    assert facts["rows_in_view"] >= 50
    assert facts["heavy_modules"] == [], "matplotlib, networkx, python-docx and the like load when first used"
    assert facts["fetches"] == [[0, 100]], "the list asked for one block of rows, the one on screen"
