"""`liaison --version`: pyproject.toml's version, read from the package's metadata, said at once."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from cli import main
from tracker.common import version

ROOT = Path(__file__).resolve().parents[2]
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_version_prints_the_version_pyproject_declares(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"Liaison {DECLARED}\n"


def test_version_after_db_prints_it_and_leaves_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "x.db"), "--version"]) == 0
    assert capsys.readouterr().out == f"Liaison {DECLARED}\n"
    assert list(tmp_path.iterdir()) == []


def test_version_loads_neither_qt_nor_sqlalchemy() -> None:
    script = (
        "import sys\n"
        "from cli import main\n"
        "main(['--version'])\n"
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == [f"Liaison {DECLARED}", "[]"]


def test_without_installed_metadata_the_version_is_read_from_pyproject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert version.version() == DECLARED


def test_with_neither_metadata_nor_pyproject_the_version_is_unknown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    monkeypatch.setattr(version, "PYPROJECT", tmp_path / "pyproject.toml")
    assert version.full_name() == "Liaison unknown"
