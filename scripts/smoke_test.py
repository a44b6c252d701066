"""The bundle's smoke test: Liaison's executable, run as a user's system runs it, does its work.

    python scripts/smoke_test.py dist/liaison/liaison              # Linux (make package runs it)
    python scripts/smoke_test.py dist/liaison/liaison.exe          # Windows
    python scripts/smoke_test.py dist/Liaison.app/Contents/MacOS/liaison

Each command runs in a scratch folder with an empty environment (as `env -i`, so no virtual
environment, Python or PATH of this shell can help) but for QT_QPA_PLATFORM=offscreen, HOME set to a
scratch folder (so that nothing is written in the real user's folders) and, on Windows, SYSTEMROOT
(without which Windows starts no program) and platformdirs' overrides of the AppData folders.
Checked: `--version` prints pyproject.toml's version; `demo --db X`; `--db X screenshot meetings
-o X.png` (a PNG); the June 2009 "Meetings with outside bodies" paper as PDF and as Word; the
screenshots of Home, the stakeholder map and the graph (matplotlib, networkx and igraph), each with
text and pictures drawn in it, not a blank window; the end-of-year report as PDF with its charts
as pictures in it; a chart as PDF with matplotlib's DejaVu Sans embedded; the PostgreSQL driver
loads (a server that is not there is a connection error, not an import error); and that the first
run with no --db creates the database in the user's data folder. Each must exit 0 and write its
file, and print no traceback (the graph view survives a library that fails to load, and says so
only on stderr). These catch a packaging cut that went too far: a Qt plugin, font, library or
module left out of the bundle. Needs nothing but Python's standard library.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300
FIRST_RUN_TIMEOUT = 120
PNG = b"\x89PNG\r\n\x1a\n"
PDF = b"%PDF-"
DOCX = b"PK\x03\x04"
SQLITE = b"SQLite format 3\x00"
REPORT = ["--board", "Safer Communities Board", "--since", "2009-03-14", "--until", "2009-06-13"]
YEAR = ["--board", "Safer Communities Board", "--since", "2006-04-01", "--until", "2007-03-31"]
# A screenshot with its text and charts drawn has thousands of colours (anti-aliased text alone
# gives hundreds); a window whose fonts or pictures failed draws flat panels in a few dozen.
SCREENSHOT_COLOURS = 500
POSTGRESQL = "postgresql+psycopg://nobody@127.0.0.1:1/liaison"


class Failed(Exception):
    """A check that did not pass; the message says which and why."""


def expected_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def empty_environment(home: Path) -> dict[str, str]:
    environment = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    if sys.platform == "win32":
        environment["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
        # platformdirs asks Windows for the known folders unless these name them.
        environment["WIN_PD_OVERRIDE_LOCAL_APPDATA"] = str(home / "AppData" / "Local")
        environment["WIN_PD_OVERRIDE_APPDATA"] = str(home / "AppData" / "Roaming")
    return environment


def data_folder(home: Path) -> Path:
    """Where platformdirs' user_data_dir("Liaison") is for a user whose home is `home`."""
    if sys.platform == "win32":
        return home / "AppData" / "Local" / "Liaison"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Liaison"
    return home / ".local" / "share" / "Liaison"


def has_header(header: bytes) -> Callable[[Path], str | None]:
    def check(path: Path) -> str | None:
        if not path.is_file() or path.stat().st_size == 0:
            return f"{path.name} was not written"
        with path.open("rb") as file:
            start = file.read(len(header))
        return None if start == header else f"{path.name} does not start as it should ({start!r})"

    return check


def _paeth(left: int, up: int, corner: int) -> int:
    """PNG's Paeth predictor: whichever neighbour is nearest to left + up - corner."""
    guess = left + up - corner
    to_left, to_up, to_corner = abs(guess - left), abs(guess - up), abs(guess - corner)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else corner


def png_colours(path: Path) -> int:
    """How many different colours an 8-bit RGB or RGBA PNG (as Qt writes them) holds."""
    data = path.read_bytes()
    at, compressed, width, height, channels = len(PNG), [], 0, 0, 0
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack_from(">IIBB", body)
            if depth != 8 or colour_type not in (2, 6) or body[12]:
                raise Failed(f"{path.name}: not an 8-bit RGB(A) PNG")
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            compressed.append(body)
        at += 12 + length
    raw = zlib.decompress(b"".join(compressed))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                corner = previous[i - channels] if i >= channels else 0
                line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
        colours.update(bytes(line[i : i + channels]) for i in range(0, stride, channels))
        previous = line
    return len(colours)


def drawn(path: Path) -> str | None:
    """A screenshot that is a PNG with its text and pictures drawn (not flat panels)."""
    problem = has_header(PNG)(path)
    if problem is not None:
        return problem
    colours = png_colours(path)
    if colours < SCREENSHOT_COLOURS:
        return f"{path.name} has {colours} colours: its text or pictures were not drawn"
    return None


def contains(header: bytes, *marks: bytes) -> Callable[[Path], str | None]:
    """A file beginning with `header` with each of `marks` somewhere in it."""

    def check(path: Path) -> str | None:
        problem = has_header(header)(path)
        if problem is not None:
            return problem
        data = path.read_bytes()
        missing = [mark.decode() for mark in marks if mark not in data]
        return f"{path.name} lacks {', '.join(missing)}" if missing else None

    return check


class SmokeTest:
    def __init__(self, executable: Path, scratch: Path) -> None:
        self.executable = executable
        self.scratch = scratch
        self.home = scratch / "home"
        self.home.mkdir()
        self.environment = empty_environment(self.home)
        self.database = scratch / "smoke.db"
        self.passed = 0

    def run(self, *arguments: str, status: int = 0) -> subprocess.CompletedProcess[str]:
        started = time.perf_counter()
        done = subprocess.run(
            [str(self.executable), *arguments],
            cwd=self.scratch,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        said = done.stderr.strip()[-1500:]
        if done.returncode != status:
            raise Failed(f"`liaison {' '.join(arguments)}` exited {done.returncode}: {said}")
        if "Traceback" in done.stderr:  # a library that failed to load, in work the command survived
            raise Failed(f"`liaison {' '.join(arguments)}` printed a traceback: {said}")
        self.say(f"liaison {' '.join(arguments)}", time.perf_counter() - started)
        return done

    def writes(self, target: Path, check: Callable[[Path], str | None], *arguments: str) -> None:
        self.run(*arguments)
        problem = check(target)
        if problem is not None:
            raise Failed(f"`liaison {' '.join(arguments)}`: {problem}")

    def made(self, name: str, header: bytes | Callable[[Path], str | None], *arguments: str) -> None:
        """`liaison --db DEMO ARGUMENTS -o NAME` writes NAME, beginning with `header` (or passing the
        check given instead)."""
        target = self.scratch / name
        check = has_header(header) if isinstance(header, bytes) else header
        self.writes(target, check, "--db", str(self.database), *arguments, "-o", str(target))

    def say(self, what: str, seconds: float) -> None:
        self.passed += 1
        print(f"ok  {what}  ({seconds:.1f} s)", flush=True)

    def all(self) -> None:
        version = self.run("--version").stdout.strip()
        if version != f"Liaison {expected_version()}":
            raise Failed(f"--version printed {version!r}, not 'Liaison {expected_version()}'")
        self.writes(self.database, has_header(SQLITE), "demo", "--db", str(self.database))
        self.made("meetings.png", PNG, "screenshot", "meetings")
        self.made("outside-bodies.pdf", PDF, "report", "outside-bodies", *REPORT)
        self.made("outside-bodies.docx", DOCX, "report", "outside-bodies", *REPORT)
        self.made("graph.png", drawn, "screenshot", "graph")
        self.made("home.png", drawn, "screenshot", "home")
        self.made("stakeholder-map.png", drawn, "screenshot", "stakeholder-map")
        self.made("year.pdf", contains(PDF, b"/Subtype /Image"), "report", "year", *YEAR)
        self.made("meetings-per-quarter.pdf", contains(PDF, b"DejaVuSans"), "chart", "meetings-per-quarter")
        self.postgresql_driver()
        self.first_run()

    def postgresql_driver(self) -> None:
        """psycopg and its libpq load from the bundle: a server that is not there is refused."""
        done = self.run("--db", POSTGRESQL, "db", "check", status=2)
        if "cannot connect" not in done.stderr or "refused" not in done.stderr:
            raise Failed(f"`db check` on {POSTGRESQL} did not fail to connect: {done.stderr.strip()[-600:]}")

    def first_run(self) -> None:
        """The window, started with no --db on a machine without a database, creates one in the data
        folder; the process is stopped once it has (the test cannot click the window's Quit)."""
        created = data_folder(self.home) / "liaison.db"
        started = time.perf_counter()
        window = subprocess.Popen(
            [str(self.executable)],
            cwd=self.scratch,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            while not self._complete(created):
                if window.poll() is not None:
                    raise Failed(f"the first run ended ({window.returncode}) before creating {created}")
                if time.perf_counter() - started > FIRST_RUN_TIMEOUT:
                    raise Failed(f"the first run did not create {created} in {FIRST_RUN_TIMEOUT} s")
                time.sleep(0.5)
        finally:
            if window.poll() is None:
                window.terminate()
            window.communicate(timeout=30)
        self.say(f"first run creates {created}", time.perf_counter() - started)
        self.run("--db", str(created), "db", "check")

    @staticmethod
    def _complete(path: Path) -> bool:
        """Whether `path` is a Liaison database with its schema written (its migrations recorded)."""
        if not path.is_file():
            return False
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            return False
        return bool(rows)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    executable = Path(sys.argv[1]).resolve()
    if not executable.is_file():
        print(f"smoke test: no executable at {executable}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="liaison-smoke-") as folder:
        test = SmokeTest(executable, Path(folder))
        try:
            test.all()
        except (Failed, subprocess.TimeoutExpired) as error:
            print(f"smoke test FAILED: {error}", file=sys.stderr)
            return 1
    print(f"smoke test passed: {test.passed} checks on {executable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
