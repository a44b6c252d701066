"""`export csv|xlsx|popolo -o FILE`: the demo's records written, and read back by `import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli import main


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def test_meetings_as_csv_import_back_as_already_there(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "meetings.csv"
    capsys.readouterr()
    assert main(["export", "csv", "-o", str(out), "--db", str(demo_path)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}: 25 meetings.\n"
    assert main(["import", "csv", str(out), "--dry-run", "--db", str(demo_path)]) == 0
    assert "read 25; 0 would be imported, 25 skipped (already there), 0 rejected." in capsys.readouterr().out


def test_organisations_as_xlsx(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bodies.xlsx"
    assert main(["export", "xlsx", "--what", "organisations", "-o", str(out), "--db", str(demo_path)]) == 0
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["Liaison id", "Name", "Acronym", "Kind"]
    assert "Home Office" in {c.value for c in sheet["B"]}


def test_popolo(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "popolo.json"
    assert main(["export", "popolo", "-o", str(out), "--db", str(demo_path)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    printed = capsys.readouterr().out
    assert printed.startswith(f"Wrote {out}: {len(document['persons'])} persons,")
    roles = {m.get("role") for m in document["memberships"] if m["id"].startswith("membership/appointment-")}
    assert roles and roles <= {"representative", "deputy", "substitute", "observer", "chair", "vice-chair"}


def test_a_suffix_that_does_not_match_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "csv", "-o", str(tmp_path / "m.xlsx"), "--db", str(demo_path)]) == 2
    assert "writes a .csv file" in capsys.readouterr().err
    assert not (tmp_path / "m.xlsx").exists()
