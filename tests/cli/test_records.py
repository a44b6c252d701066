"""`export records -o FILE.json` and `load FILE.json [--dry-run]` on the command line."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from cli import main


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def _digest(path: Path) -> str:
    """The database file and its journal, byte for byte."""
    found = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            found.update(part.read_bytes())
    return found.hexdigest()


def test_export_then_load_into_a_new_file_gives_the_same_file(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert main(["export", "records", "-o", str(first), "--db", str(demo_path)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {first}: 69 organisations, 18 people,")
    copy = tmp_path / "copy.db"
    assert main(["load", str(first), "--dry-run", "--db", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "would be created" in out and out.endswith("Nothing was stored (dry run).\n")
    assert main(["load", str(first), "--db", str(copy)]) == 0
    assert " 0 rejected." in capsys.readouterr().out
    assert main(["export", "records", "-o", str(second), "--db", str(copy)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_truncated_file_exits_2_in_one_line_and_leaves_the_database(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "demo.db"
    shutil.copyfile(demo_path, database)
    whole = tmp_path / "whole.json"
    assert main(["export", "records", "-o", str(whole), "--db", str(database)]) == 0
    cut = tmp_path / "cut.json"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    before = _digest(database)
    capsys.readouterr()
    assert main(["load", str(cut), "--db", str(database)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"liaison: {cut} is not a whole JSON document:")
    assert err.count("\n") == 1
    assert _digest(database) == before


def test_a_rejected_record_exits_2_naming_its_path_and_stores_nothing(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "demo.db"
    shutil.copyfile(demo_path, database)
    part = tmp_path / "part.json"
    part.write_text('{"themes": {"500": {"name": "Fine"}, "501": {"name": "   "}}}', encoding="utf-8")
    before = _digest(database)
    assert main(["load", str(part), "--db", str(database)]) == 2
    captured = capsys.readouterr()
    assert '  rejected $.themes["501"].name: must not be blank' in captured.out
    assert captured.err == f'liaison: {part}: $.themes["501"].name: must not be blank; nothing was stored\n'
    assert _digest(database) == before
