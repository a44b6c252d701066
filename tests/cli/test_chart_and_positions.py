"""`chart --list`, `chart NAME -o FILE` and `export positions -o FILE` on the demo and on nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cli import main
from tracker.charts.catalogue import CHARTS

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def test_chart_list_prints_one_name_a_line(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["chart", "--list", "--db", str(demo_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "meetings-per-quarter",
        "engaged-bodies",
        "asks-won-lost",
        "attendance",
        "stakeholder-map",
    ]


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_of_the_demo_is_written_as_png(demo_path: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.png"
    assert main(["chart", name, "-o", str(out), "--db", str(demo_path)]) == 0
    assert out.read_bytes().startswith(PNG)


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_the_map_on_an_item_as_svg_and_pdf(demo_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"map{suffix}"
    args = ["chart", "stakeholder-map", "--item", "national minimum standards for CDRPs", "-o", str(out)]
    assert main([*args, "--db", str(demo_path)]) == 0
    assert out.read_bytes().startswith(b"<?xml" if suffix == ".svg" else b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "pie", "-o", "x.png"], "No chart is called “pie”. The charts are: meetings-per-quarter"),
        (["chart", "attendance", "-o", "x.gif"], "a chart is written as .png, .svg or .pdf"),
        (["chart", "attendance"], "say where to write the chart"),
        (
            ["chart", "stakeholder-map", "--item", "Nothing like it", "-o", "x.png"],
            "No policy item is called",
        ),
        (
            ["chart", "attendance", "--since", "2009-01-01", "--until", "2008-01-01", "-o", "x.png"],
            "is before",
        ),
    ],
)
def test_bad_chart_commands_say_what_is_wrong_in_one_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    capsys.readouterr()
    assert main([*args, "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_positions_as_xlsx_and_csv(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "positions.xlsx"
    capsys.readouterr()
    assert main(["export", "positions", "-o", str(out), "--db", str(demo_path)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}: 12 positions.\n"
    rows = list(load_workbook(out).active.values)
    assert rows[0][:4] == ("Stakeholder", "Kind", "On", "Stance")
    home_office = [
        r for r in rows if r[0] == "Home Office" and r[2] == "National Minimum Standards for CDRPs"
    ]
    assert len(home_office) == 1 and home_office[0][3] == "supportive"
    assert "Paper 002" in home_office[0][5]
    csv_out = tmp_path / "positions.csv"
    assert main(["export", "positions", "-o", str(csv_out), "--db", str(demo_path)]) == 0
    assert "Ministry of Justice (MoJ),organisation,overall,supportive" in csv_out.read_text(
        encoding="utf-8-sig"
    )


@pytest.mark.parametrize("view", ["home", "stakeholder-map"])
def test_screenshot_of_home_and_the_map_waits_for_the_charts(
    demo_path: Path, tmp_path: Path, view: str
) -> None:
    """In a fresh process, as a user would run it: the picture holds the drawn charts (many colours
    where the charts are), not the placeholders shown while they are read."""
    picture = tmp_path / f"{view}.png"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(demo_path),
            "screenshot",
            view,
            "-o",
            str(picture),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    colours = {image.pixel(x, y) for x in range(160, image.width(), 5) for y in range(280, 580, 5)}
    assert len(colours) > 40, "the charts are drawn"
