"""`person export|erase` on the command line: the JSON written, the confirmation asked, the erasure done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main
from db.engine import open_database
from tracker import meetings
from tracker.listing import ListQuery


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "d.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_export_writes_everything_held_about_a_person(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kemp.json"
    assert main(["--db", str(demo_path), "person", "export", "Cllr Richard Kemp", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Richard Kemp" and data["person"]["title"] == "Cllr"
    assert data["attendances"] and data["appointments"]
    assert data["audit"][0]["action"] == "create"
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote everything held about person #{data['person']['id']} to {out}: ")
    assert f"{len(data['attendances'])} meetings attended" in said


def test_export_refuses_an_unknown_person_or_a_file_not_named_json(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", str(demo_path), "person", "export", "Jacqui Smith", "-o", str(tmp_path / "x.json")])
        == 2
    )
    assert "No one is called “Jacqui Smith”" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "person", "export", "Kemp", "-o", str(tmp_path / "x.txt")]) == 2
    assert "name the file .json" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.db"]


def test_erase_asks_for_yes_then_anonymises_and_refuses_a_second_time(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp"]) == 2
    assert "cannot be undone; add --yes" in capsys.readouterr().err
    database = open_database(demo_path)
    with database.session() as s:
        attended = meetings.count(s, ListQuery("Kemp"))
    database.close()
    assert attended > 0

    assert main(["--db", str(demo_path), "person", "erase", "Richard Kemp", "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Erased the personal data of person #") and "“a member”" in said
    database = open_database(demo_path)
    with database.session() as s:
        assert meetings.count(s, ListQuery("Kemp")) == 0
        assert meetings.count(s, ListQuery("a member")) >= attended  # the meetings still count them
    database.close()

    person_id = said.split("#")[1].split(";")[0]
    assert main(["--db", str(demo_path), "person", "erase", person_id, "--yes"]) == 2
    error = capsys.readouterr().err
    assert "nothing left to erase" in error and error.count("\n") == 1
