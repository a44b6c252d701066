"""A command whose output is piped into `head` ends quietly when `head` stops reading."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli import EXIT_BROKEN_PIPE

ROOT = Path(__file__).resolve().parents[2]
# Far more than a pipe holds (64 KiB on Linux), so the command is still writing when `head` leaves.
REJECTED_ROWS = 4000


@pytest.fixture
def long_report(tmp_path: Path) -> Path:
    """A spreadsheet whose every row is rejected: the dry run prints one line a row."""
    path = tmp_path / "meetings.csv"
    rows = "".join(f"31/02/2009;Meeting {n};;\r\n" for n in range(REJECTED_ROWS))
    path.write_text("When;Subject;With;Comment\r\n" + rows, encoding="utf-8")
    return path


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs a shell")
def test_a_report_piped_into_head_ends_without_a_traceback(tmp_path: Path, long_report: Path) -> None:
    command = shlex.join(
        [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "l.db"), "import", "csv"]
        + [str(long_report), "--dry-run"]
    )
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -1"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert done.stdout == f"meetings.csv: read {REJECTED_ROWS}; 0 would be imported, 0 skipped" + (
        f" (already there), {REJECTED_ROWS} rejected.\n"
    )
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.stderr == ""
    # What a shell reports for a command that the pipe's reader cut short (128 + SIGPIPE).
    assert done.returncode == EXIT_BROKEN_PIPE == 141


def test_a_reader_that_closes_after_one_line_leaves_stderr_empty(tmp_path: Path, long_report: Path) -> None:
    command = [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "l.db"), "import", "csv"]
    with subprocess.Popen(
        [*command, str(long_report), "--dry-run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()
        errors = child.stderr.read().decode()
        status = child.wait(timeout=180)
    assert first.startswith(b"meetings.csv: read ")
    assert errors == "", errors
    assert status == EXIT_BROKEN_PIPE
