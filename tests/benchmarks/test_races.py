"""A few edit races in the suite (benchmarks/races.py runs many): one save wins, the other is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.races import main


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_saves_at_once_never_both_land(
    backend: str, database_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(database_path) if backend == "sqlite" else request.getfixturevalue("postgres_url")

    assert main(["--races", "8", "--db", target]) == 0

    out = capsys.readouterr().out
    assert "8 races; 8 caught (one saved, one refused); 0 lost updates" in out


def test_imports_and_a_window_like_writer_on_one_file_lose_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--writers", "--rounds", "2", "--imports", "2", "--rows", "200"]) == 0
    out = capsys.readouterr().out
    assert "4 of 4 imports said done, 0 of them lost" in out
    assert ", 0 lost (" in out
