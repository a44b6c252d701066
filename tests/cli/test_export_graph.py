"""`export graph`: the relationship graph written from the command line, as a graph file or a picture."""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
import pytest

from cli import main


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_graphml_from_the_demo_reads_back_with_the_count_printed(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "liaison.graphml"
    assert main(["export", "graph", "-o", str(out), "--db", str(demo_path), "--as-of", "2009-07-01"]) == 0
    back = nx.read_graphml(out)
    printed = capsys.readouterr().out
    assert printed == f"Wrote {out}: {len(back)} nodes, {back.number_of_edges()} edges.\n"
    assert len(back) > 40
    assert "Home Office" in {data["label"] for _n, data in back.nodes(data=True)}


def test_filters_and_focus_narrow_the_exported_graph(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "passage.gexf"
    period = ["--since", "2006-11-01", "--until", "2007-07-31", "--theme", "reducing re-offending"]
    assert (
        main(["export", "graph", "-o", str(out), "--db", str(demo_path), *period, "--kinds", "body,bill"])
        == 0
    )
    labels = {data["label"] for _n, data in nx.read_gexf(out).nodes(data=True)}
    assert labels == {"Offender Management Bill", "Coalition on Social and Criminal Justice"}
    focused = tmp_path / "ncrb.graphml"
    assert main(["export", "graph", "-o", str(focused), "--db", str(demo_path), "--focus", "NCRB"]) == 0
    kinds = {data["kind"] for _n, data in nx.read_graphml(focused).nodes(data=True)}
    assert "National Crime Reduction Board (NCRB)" in {
        data["label"] for _n, data in nx.read_graphml(focused).nodes(data=True)
    }
    assert kinds <= {"member", "body", "contact", "officer"}
    capsys.readouterr()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--focus", "Nobody At All"], "No person, body or bill in the graph is called “Nobody At All”"),
        (["--theme", "Knitting"], "No theme is called “Knitting”"),
        (["--kinds", "people"], "“people” is not a kind of node"),
    ],
)
def test_an_unknown_name_exits_2_with_one_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], words: str
) -> None:
    out = tmp_path / "g.graphml"
    assert main(["export", "graph", "-o", str(out), "--db", str(demo_path), *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("liaison: ") and error.count("\n") == 1 and words in error
    assert not out.exists()


def test_a_bad_suffix_exits_2_before_the_database_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "not-there.db"
    out = tmp_path / "graph.txt"
    assert main(["export", "graph", "-o", str(out), "--db", str(missing)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and ".graphml, .gexf, .png, .svg or .pdf" in error
    assert sorted(tmp_path.iterdir()) == []  # neither the graph nor a database was made


def test_a_png_is_a_real_picture_with_ink_on_it(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tracker.graph.drawing")
    from matplotlib.image import imread

    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    out = tmp_path / "graph.png"
    assert main(["export", "graph", "-o", str(out), "--db", str(demo_path)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = imread(out)
    assert (pixels[..., :3] < 0.9).any()  # something is drawn on the white page
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
    assert "nodes" in capsys.readouterr().out
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF")):
        picture = tmp_path / f"graph{suffix}"
        assert main(["export", "graph", "-o", str(picture), "--db", str(demo_path)]) == 0
        assert picture.read_bytes().startswith(magic)
