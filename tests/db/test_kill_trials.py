"""A process killed with SIGKILL while committing loses none of the commits it reported.

A few trials of benchmarks/kill_trials.py (which runs many): a child logging meetings through the
services is killed at a random moment or inside a commit, and an import at a random moment; the
reopened file holds every meeting reported as committed and each import whole or not at all, and
passes SQLite's integrity check.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")


def kill_trials() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_trials", ROOT / "benchmarks" / "kill_trials.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_reported_commit_survives_sigkill_and_the_file_is_sound(tmp_path: Path) -> None:
    trials = kill_trials()
    tally = trials.run_trials(tmp_path / "killed.db", trials=6, seed=1)
    assert tally.by_kind == {"any moment": 2, "inside a commit": 2, "import": 2}
    assert tally.reported >= 4  # each logging child was killed only after its first commit was reported
    assert tally.problems == []
    assert (tally.lost, tally.integrity_failures, tally.imports_half_done) == (0, 0, 0)
    assert tally.imports_whole + tally.imports_absent == 2
