"""`report year` and `report brief` write their charts by default, and none with --no-charts."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cli import main

YEAR = ["report", "year", "--board", "Safer Communities Board"]
YEAR += ["--since", "2006-04-01", "--until", "2007-07-16"]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def pictures(path: Path) -> int:
    return len(docx.Document(str(path)).inline_shapes)


def test_report_year_writes_its_charts_unless_told_not_to(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo_path), *YEAR, "-o", str(tmp_path / "with.docx")]) == 0
    assert capsys.readouterr().out.strip().endswith("4 interventions, 3 charts.")
    assert pictures(tmp_path / "with.docx") == 3
    assert main(["--db", str(demo_path), *YEAR, "--no-charts", "-o", str(tmp_path / "without.docx")]) == 0
    assert capsys.readouterr().out.strip().endswith("4 interventions.")
    assert pictures(tmp_path / "without.docx") == 0


def test_report_brief_writes_its_charts_unless_told_not_to(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = ["--db", str(demo_path), "report", "brief", "--body", "Home Office", "--as-of", "2009-07-01"]
    capsys.readouterr()
    assert main([*brief, "-o", str(tmp_path / "with.html")]) == 0
    assert "2 charts" in capsys.readouterr().out
    assert (tmp_path / "with.html").read_text(encoding="utf-8").count("<img ") == 2
    assert main([*brief, "--no-charts", "-o", str(tmp_path / "without.md")]) == 0
    assert "chart" not in capsys.readouterr().out
    assert "![" not in (tmp_path / "without.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("without-figure-*.png"))
