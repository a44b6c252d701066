"""What `python main.py bench` measures, each beside its baseline measured in the same run.

Every function takes the benchmark database (built by tracker.synthetic) and returns a `Row`: the
median of Liaison's runs, the median of the baseline's, and notes saying exactly what was timed.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the table: what, Liaison's median, the baseline's median, and the target."""

    what: str
    unit: str
    liaison: float | None
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    passed: bool | None = None
    runs: list[float] = field(default_factory=list)
    baseline_runs: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.liaison is None or not self.baseline:
            return None
        return self.liaison / self.baseline

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ratio": self.ratio}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@contextlib.contextmanager
def copy_of(path: Path) -> Iterator[Path]:
    """A scratch copy of the database (for the runs that write), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    try:
        target = folder / path.name
        with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def machine(database: Path) -> dict[str, Any]:
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion
    from sqlalchemy import __version__ as sqlalchemy

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_name(),
        "load_average": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "qt": qVersion(),
        "pyside6": pyside,
        "sqlalchemy": sqlalchemy,
        "system": f"{platform.system()} {platform.release()}",
        "database": str(database),
        "database_mb": round(database.stat().st_size / 1e6, 1),
    }


def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


# --- start-up, memory, scrolling: fresh processes -------------------------------------------------


def _child(arguments: list[str], timeout: float = 300) -> tuple[float, dict[str, Any]]:
    """Run `python -m benchmarks.<...>` and time it from start to its line of JSON."""
    [(seconds, facts)] = _child_lines(arguments, 1, timeout)
    return seconds, facts


def _child_environment() -> dict[str, str]:
    """Offscreen, and with Python's compiled bytecode written and read as on any machine after the
    first start (a shell that sets PYTHONDONTWRITEBYTECODE would have every run compile Liaison's
    modules from source, as only its first start ever does)."""
    environment = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _child_lines(
    arguments: list[str], lines: int, timeout: float = 300
) -> list[tuple[float, dict[str, Any]]]:
    """Run `python -m benchmarks.<...>` and time it from start to each of its first `lines` lines of JSON."""
    environment = _child_environment()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[tuple[float, str]] = []
    try:
        assert process.stdout is not None
        for _ in range(lines):
            line = process.stdout.readline()
            said.append((time.perf_counter() - started, line))
        _out, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    if not all(line.strip() for _seconds, line in said):
        raise RuntimeError(f"{' '.join(arguments)} printed too little: {errors.strip()[-400:]}")
    return [(seconds, json.loads(line)) for seconds, line in said]


BARE = "bare PySide6 window with one QTableView"


def _loaded(facts: dict[str, Any]) -> str:
    return (
        f"SQLAlchemy loaded by then: {'yes' if facts.get('sqlalchemy_loaded') else 'no'};"
        f" heavy modules loaded: {facts.get('heavy_modules') or 'none'}"
    )


def _beside_bare(what: str, runs: list[float], bare_runs: list[float], note: str) -> Row:
    """A start-up against the bare window's, within 2x."""
    row = Row(
        what, "s", median(runs), median(bare_runs), BARE, "<= 2x baseline", runs=runs, baseline_runs=bare_runs
    )
    row.notes.append(note)
    row.passed = row.ratio is not None and row.ratio <= 2
    return row


def start_up(database: Path, runs: int) -> tuple[Row, Row, Row, Row, Row]:
    """Process start to Home on screen, and to 50 meetings on screen (the window opened on the
    meetings list), each against a bare QTableView window; Home's first paint against the meetings
    list's; then to the whole window working, with the database open behind Home; and memory then."""
    home_runs: list[float] = []
    list_runs: list[float] = []
    ready_runs: list[float] = []
    bare_runs: list[float] = []
    on_home: dict[str, Any] = {}
    on_list: dict[str, Any] = {}
    ready: dict[str, Any] = {}
    # Not timed: the first start writes the compiled bytecode the later ones read.
    _child_lines(["benchmarks.first_rows", "app", str(database)], 2)
    _child_lines(["benchmarks.first_rows", "meetings", str(database)], 2)
    _child(["benchmarks.first_rows", "bare"])
    for _ in range(runs):
        (seconds, on_home), (until_ready, ready) = _child_lines(
            ["benchmarks.first_rows", "app", str(database)], 2
        )
        home_runs.append(seconds)
        ready_runs.append(until_ready)
        (seconds, on_list), _ready = _child_lines(["benchmarks.first_rows", "meetings", str(database)], 2)
        list_runs.append(seconds)
        seconds, _bare = _child(["benchmarks.first_rows", "bare"])
        bare_runs.append(seconds)
    home = _beside_bare(
        "start-up to Home on screen (follow-ups and deadlines)",
        home_runs,
        bare_runs,
        "fresh process each run (after one untimed start that writes the compiled bytecode), from"
        f" starting it to Home's first paint with {on_home.get('follow_ups')} follow-ups and"
        f" {on_home.get('deadlines')} deadlines read from the file; " + _loaded(on_home),
    )
    listed = _beside_bare(
        "start-up to the first 50 meetings on screen (opened on the meetings list)",
        list_runs,
        bare_runs,
        f"the same, to the paint with {on_list.get('rows_in_view')} rows in view; fetched"
        f" {on_list.get('fetches')}; " + _loaded(on_list),
    )
    home_first = Row(
        "Home's first paint at start-up",
        "s",
        median(home_runs),
        median(list_runs),
        "the meetings list's first paint at start-up",
        "<= 1.3x baseline",
        runs=home_runs,
        baseline_runs=list_runs,
        notes=["the two start-ups above, side by side: Home is the first screen"],
    )
    home_first.passed = home_first.ratio is not None and home_first.ratio <= 1.3
    whole = Row(
        "start-up until the whole window works (database open behind Home)",
        "s",
        median(ready_runs),
        median(bare_runs),
        BARE,
        "- (for information)",
        runs=ready_runs,
        baseline_runs=bare_runs,
        notes=[
            "Home shows what is due from the first paint; ticking done, the charts, the other areas"
            " and forms work from here (terms ending and report-backs owed are then read, and the"
            " charts drawn). The file's integrity check, SQLAlchemy and the services load on a thread"
            f" behind Home; heavy modules loaded: {ready.get('heavy_modules') or 'none'}"
        ],
    )
    resident = Row(
        "resident memory, 100k database open on Home",
        "MB",
        ready.get("VmRSS"),
        target="<= 400 MB",
        notes=[
            f"VmRSS once the database is open and the whole window works (peak VmHWM"
            f" {ready.get('VmHWM', 0):.0f} MB; {on_home.get('VmRSS', 0):.0f} MB at the first paint)"
        ],
    )
    resident.passed = resident.liaison is not None and resident.liaison <= 400
    return home, listed, home_first, whole, resident


def scrolling(database: Path) -> Row:
    _seconds, facts = _child(["benchmarks.scroll", str(database)], timeout=900)
    before, after = facts["rss_before_mb"] or 0.0, facts["rss_after_mb"] or 0.0
    row = Row(
        "scroll the meetings list from top to bottom",
        "s",
        facts["seconds"],
        target="no 100,000 ORM objects; memory flat",
        notes=[
            f"{facts['rows']} rows, every cell read a screen at a time; {facts['orm_objects']} ORM objects"
            f" built; {facts['fetches']} fetches of at most {facts['largest_fetch']} rows; at most"
            f" {facts['most_held']} rows held; RSS {before:.0f} MB before, {after:.0f} MB after",
            "run once: it measures what is built and held, the time is for information",
        ],
    )
    row.passed = facts["orm_objects"] == 0 and facts["largest_fetch"] <= 100 and after - before < 50
    return row


# --- search ------------------------------------------------------------------------------------------


def search_words(database: Path) -> list[str]:
    """Words as a user would type them: from titles, bodies and people held in the database."""
    with sqlite3.connect(database) as connection:
        title = connection.execute("SELECT title FROM meetings ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0]
        body = connection.execute(
            "SELECT name FROM organisations WHERE kind != 'own_association' ORDER BY id LIMIT 1 OFFSET 20"
        ).fetchone()[0]
        person = connection.execute(
            "SELECT name FROM people WHERE kind = 'contact' ORDER BY id LIMIT 1 OFFSET 3"
        ).fetchone()[0]
    words = [title.split()[-1], body.split()[0], person.split()[-1], "kemp", "noms", "police authority"]
    return list(dict.fromkeys(w.lower() for w in words))


def search(database: Path, runs: int) -> tuple[Row, Row]:
    """Typing a word into the meetings list: the count and the first window, through the services
    as the list asks for them, against the same SQL statements run through raw sqlite3."""
    from sqlalchemy import event

    from db.engine import open_database
    from tracker import meetings
    from tracker.common.listing import ListQuery

    db = open_database(database, create=False)
    statements: list[tuple[str, Any]] = []

    def seen(_c: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    def typed(text: str) -> None:
        query = ListQuery(text, sort="held_on", descending=True)
        with db.session() as session:
            meetings.count(session, query)
        with db.session() as session:
            meetings.rows(session, query, 0, 100)

    words = search_words(database)
    letters = sorted({w[0] for w in words})
    liaison: list[float] = []
    raw: list[float] = []
    first_letter: list[float] = []
    first_letter_raw: list[float] = []
    raw_connection = sqlite3.connect(database)
    try:
        for text in [*words, *letters]:
            typed(text)  # statements compiled and cached, pages in memory: as after the first keystroke
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", seen)
            typed(text)
            event.remove(db.engine, "before_cursor_execute", seen)
            mine = [s for s in statements if s[0].lstrip().upper().startswith("SELECT")]
            for _ in range(runs):
                ours = timed(lambda text=text: typed(text))  # type: ignore[misc]
                theirs = timed(lambda mine=mine: [raw_connection.execute(s, p).fetchall() for s, p in mine])  # type: ignore[misc]
                (first_letter if text in letters else liaison).append(ours * 1000)
                (first_letter_raw if text in letters else raw).append(theirs * 1000)
    finally:
        raw_connection.close()
        db.close()
    row = Row(
        "meetings list: type a search word, list updated",
        "ms",
        median(liaison),
        median(raw),
        "the same SQL in raw sqlite3",
        "<= 50 ms median, <= 2x raw",
        runs=liaison,
        baseline_runs=raw,
        notes=[f"count and first 100 rows, newest first, for {', '.join(repr(w) for w in words)}"],
    )
    row.passed = row.liaison is not None and row.liaison <= 50 and (row.ratio or 0) <= 2
    letter = Row(
        "meetings list: first letter typed",
        "ms",
        median(first_letter),
        median(first_letter_raw),
        "the same SQL in raw sqlite3",
        "(information)",
        runs=first_letter,
        baseline_runs=first_letter_raw,
        notes=[f"one-letter prefixes {', '.join(letters)}: the most matches a search can have"],
    )
    return row, letter


def filtered_queries(database: Path) -> list[tuple[str, dict[str, Any]]]:
    """Searches as an officer would filter them: a word of a summary (what was discussed) with a
    period, a kind, a body, a person or a report section, each as the list's filter row sets it."""
    with sqlite3.connect(database) as connection:
        summary = connection.execute(
            "SELECT summary FROM meetings WHERE summary != '' ORDER BY id LIMIT 1 OFFSET 11"
        ).fetchone()[0]
        body = connection.execute(
            "SELECT organisation_id FROM meeting_organisations GROUP BY organisation_id"
            " ORDER BY count(*) DESC LIMIT 1 OFFSET 5"
        ).fetchone()[0]
        person = connection.execute(
            "SELECT person_id FROM attendances GROUP BY person_id ORDER BY count(*) DESC LIMIT 1 OFFSET 3"
        ).fetchone()[0]
        theme = connection.execute("SELECT id FROM themes ORDER BY id LIMIT 1").fetchone()[0]
        latest = date.fromisoformat(connection.execute("SELECT max(held_on) FROM meetings").fetchone()[0])
    word = summary.split()[1].lower()  # "Discussed <topic> ...": a topic's first word
    since = date(latest.year - 2, 1, 1)
    return [
        (word, {"since": since}),
        (word, {"kind": "meeting", "since": since}),
        (word, {"organisation_id": body}),
        (word, {"person_id": person}),
        (word, {"theme_id": theme, "section": "officer_activity"}),
        ("", {"person_id": person, "since": since}),
    ]


def filtered_search(database: Path, runs: int) -> Row:
    """A word of what was discussed with the list's filters (period, kind, body, person, theme,
    section): the count and the first window through the services, against the same SQL in raw
    sqlite3 (as `search` measures the words alone)."""
    from sqlalchemy import event

    from db.engine import open_database
    from tracker import meetings
    from tracker.common.listing import ListQuery, MeetingFilter

    db = open_database(database, create=False)
    statements: list[tuple[str, Any]] = []

    def seen(_c: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    def listed(query: ListQuery) -> None:
        with db.session() as session:
            meetings.count(session, query)
        with db.session() as session:
            meetings.rows(session, query, 0, 100)

    queries = filtered_queries(database)
    liaison: list[float] = []
    raw: list[float] = []
    raw_connection = sqlite3.connect(database)
    try:
        for text, chosen in queries:
            query = ListQuery(text, sort="held_on", descending=True, meeting_filter=MeetingFilter(**chosen))
            listed(query)  # compiled and cached, pages in memory: as after the first change of a filter
            statements.clear()
            event.listen(db.engine, "before_cursor_execute", seen)
            listed(query)
            event.remove(db.engine, "before_cursor_execute", seen)
            mine = [s for s in statements if s[0].lstrip().upper().startswith("SELECT")]
            for _ in range(runs):
                ours = timed(lambda query=query: listed(query))  # type: ignore[misc]
                theirs = timed(lambda mine=mine: [raw_connection.execute(s, p).fetchall() for s, p in mine])  # type: ignore[misc]
                liaison.append(ours * 1000)
                raw.append(theirs * 1000)
    finally:
        raw_connection.close()
        db.close()
    row = Row(
        "meetings list: words and filters, list updated",
        "ms",
        median(liaison),
        median(raw),
        "the same SQL in raw sqlite3",
        "<= 2x raw",
        runs=liaison,
        baseline_runs=raw,
        notes=[
            "count and first 100 rows, newest first: "
            + "; ".join(f"{t!r} " + ", ".join(f"{k} {v}" for k, v in c.items()) for t, c in queries)
        ],
    )
    row.passed = row.ratio is not None and row.ratio <= 2
    return row


# --- the board report ----------------------------------------------------------------------------------


def board_report(database: Path, runs: int) -> Row:
    """A year's "Meetings with outside bodies" paper to .docx, against python-docx writing the same
    headings and paragraphs directly."""
    import docx

    from db.engine import open_database
    from tracker.reports import outside_bodies, writers

    db = open_database(database, create=False)
    with db.session() as session:
        last = session.execute(_text("SELECT max(held_on) FROM meetings")).scalar_one()
    until = date.fromisoformat(str(last))
    since = until - timedelta(days=364)
    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    ours: list[float] = []
    theirs: list[float] = []
    entries = 0
    try:
        for run in range(runs):

            def liaison(run: int = run) -> Any:
                with db.session() as session:
                    paper = outside_bodies.draft_paper(session, 1, since, until)
                writers.write(paper, folder / f"liaison-{run}.docx")
                return paper

            started = time.perf_counter()
            paper = liaison()
            ours.append(time.perf_counter() - started)
            entries = sum(len(s.entries) for s in paper.sections)

            def direct(run: int = run, paper: Any = paper) -> None:
                document = docx.Document()
                document.add_paragraph(paper.title, style="Heading 1")
                for part in paper.sections:
                    document.add_paragraph(part.title, style="Heading 2")
                    for entry in part.entries:
                        document.add_paragraph(entry.heading, style="Heading 3")
                        for text in entry.text.split("\n\n"):
                            document.add_paragraph(text)
                document.save(str(folder / f"direct-{run}.docx"))

            theirs.append(timed(direct))
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    row = Row(
        "board report for one year, .docx",
        "s",
        median(ours),
        median(theirs),
        "python-docx writing the same paragraphs",
        "<= 2 s, <= 1.5x direct",
        runs=ours,
        baseline_runs=theirs,
        notes=[
            f"{since} to {until}: {entries} entries; Liaison's time includes reading the year's meetings"
            " and drafting the paper, the baseline's only writing the finished text"
        ],
    )
    row.passed = row.liaison is not None and row.liaison <= 2 and (row.ratio or 0) <= 1.5
    return row


def _text(sql: str) -> Any:
    from sqlalchemy import text

    return text(sql)


# --- the relationship graph ----------------------------------------------------------------------------


def _graph_filter(database: Path, nodes: int) -> tuple[Any, date]:
    """The shortest period, ending at the last meeting, whose graph has at least `nodes` nodes."""
    from db.engine import open_database
    from tracker.graph.build import GraphFilter, build_graph

    db = open_database(database, create=False)
    try:
        with db.session() as session:
            last = date.fromisoformat(
                str(session.execute(_text("SELECT max(held_on) FROM meetings")).scalar_one())
            )
            months = 1
            while True:
                flt = GraphFilter(since=last - timedelta(days=30 * months), until=last)
                g = build_graph(session, flt, last)
                if len(g) >= nodes or months >= 240:
                    return flt, last
                months = max(months + 1, round(months * nodes / max(len(g), 1) * 0.9))
    finally:
        db.close()


def graph(database: Path, runs: int, nodes: int, spring_timeout: float) -> Row:
    """Build, filter, lay out and draw a graph of about `nodes` nodes, against networkx's spring
    layout and Graphviz's sfdp on the same graph."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from db.engine import open_database
    from tracker.graph.build import build_graph
    from tracker.graph.drawing import draw
    from tracker.graph.layout import layout

    flt, as_of = _graph_filter(database, nodes)
    db = open_database(database, create=False)
    ours: list[float] = []
    g: Any = None
    try:
        for _ in range(runs):
            started = time.perf_counter()
            with db.session() as session:
                g = build_graph(session, flt, as_of)
            positions = layout(g)
            figure = Figure(figsize=(12, 9), dpi=100)
            draw(g, positions, figure.add_subplot())
            figure.canvas.draw()
            ours.append(time.perf_counter() - started)
    finally:
        db.close()
    row = Row(
        f"relationship graph of {len(g):,} nodes: build, filter, lay out, draw",
        "s",
        median(ours),
        target="<= 1.5 s",
        runs=ours,
        notes=[f"{len(g):,} nodes, {g.number_of_edges():,} edges: meetings {flt.since} to {flt.until}"],
    )
    spring = _spring_layout(g, spring_timeout)
    row.baseline, row.baseline_name = spring, "networkx spring_layout"
    if spring is None:
        row.notes.append(
            f"networkx spring_layout: stopped after {spring_timeout:.0f} s (ratio is at least that)"
        )
        row.baseline = spring_timeout
        row.baseline_name = f"networkx spring_layout (> {spring_timeout:.0f} s, stopped)"
    else:
        row.notes.append("networkx spring_layout: layout alone, run once")
    sfdp = _sfdp(g)
    row.notes.append(
        f"Graphviz sfdp: layout alone, run once, {sfdp:.1f} s"
        if sfdp is not None
        else "Graphviz sfdp: not installed"
    )
    row.passed = row.liaison is not None and row.liaison <= 1.5
    return row


def _spring_layout(g: Any, timeout: float) -> float | None:
    """networkx's spring_layout of `g`, once, in a child process stopped after `timeout` seconds."""
    import networkx as nx

    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    try:
        path = folder / "graph.edgelist"
        nx.write_weighted_edgelist(g, path)
        code = (
            "import sys, time, networkx as nx\n"
            "g = nx.read_weighted_edgelist(sys.argv[1])\n"
            "t = time.perf_counter(); nx.spring_layout(g, seed=7, weight='weight')\n"
            "print(time.perf_counter() - t)\n"
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            return None
        return float(done.stdout.strip())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sfdp(g: Any) -> float | None:
    sfdp = shutil.which("sfdp")
    if sfdp is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    try:
        index = {node: number for number, node in enumerate(g)}
        dot = folder / "graph.dot"
        lines = ["graph G {", *(f"{index[a]} -- {index[b]};" for a, b in g.edges()), "}"]
        dot.write_text("\n".join(lines))
        started = time.perf_counter()
        subprocess.run([sfdp, "-Tplain", "-o", str(folder / "out.txt"), str(dot)], check=True, timeout=600)
        return time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- importing a meetings spreadsheet --------------------------------------------------------------------


def csv_import(database: Path, runs: int, rows: int = 10_000) -> Row:
    """Importing a CSV of `rows` meetings with the spreadsheet importer, against raw sqlite3
    executemany of the same meetings and their links (ids known beforehand, nothing matched)."""
    try:
        from tracker.io import sheet_import
    except ImportError:
        return Row(
            f"import of a {rows:,}-row meetings CSV",
            "s",
            None,
            target="<= 3x raw",
            notes=["not measured: the spreadsheet importer (tracker/io/sheet_import.py) is not in this tree"],
        )
    from db.engine import open_database

    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    ours: list[float] = []
    theirs: list[float] = []
    imported = rejected = 0
    try:
        csv_path, raw_rows = _write_csv(database, folder / "meetings.csv", rows)
        for _ in range(runs):
            with copy_of(database) as scratch:
                db = open_database(scratch, create=False, actor="bench")
                started = time.perf_counter()
                report = sheet_import.import_file(db, csv_path)
                ours.append(time.perf_counter() - started)
                db.close()
                imported, rejected = report.imported, len(report.rejections)
            with copy_of(database) as scratch:
                theirs.append(timed(lambda scratch=scratch: _raw_insert(scratch, raw_rows)))  # type: ignore[misc]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    row = Row(
        f"import of a {rows:,}-row meetings CSV",
        "s",
        median(ours),
        median(theirs),
        "raw sqlite3 executemany of the same rows",
        "<= 3x raw",
        runs=ours,
        baseline_runs=theirs,
        notes=[
            f"into a copy of the 100k database: {imported:,} imported, {rejected:,} rejected; the importer"
            " reads and matches every name and writes the audit trail, the baseline only inserts"
        ],
    )
    row.passed = row.ratio is not None and row.ratio <= 3
    return row


def _write_csv(database: Path, path: Path, rows: int) -> tuple[Path, dict[str, list[tuple[Any, ...]]]]:
    """A CSV of meetings with bodies and people already held (by unambiguous names), and the same
    meetings as raw rows for the baseline."""
    import csv
    import random

    rng = random.Random(11)
    with sqlite3.connect(database) as connection:
        bodies = connection.execute(
            "SELECT id, name FROM organisations WHERE kind != 'own_association'"
            " AND name IN (SELECT name FROM organisations GROUP BY name HAVING count(*) = 1) ORDER BY id"
        ).fetchall()
        people = connection.execute(
            "SELECT id, title, name, kind FROM people"
            " WHERE name IN (SELECT name FROM people GROUP BY name HAVING count(*) = 1) ORDER BY id"
        ).fetchall()
        last = date.fromisoformat(connection.execute("SELECT max(held_on) FROM meetings").fetchone()[0])
    members = [p for p in people if p[3] == "member"]
    officers = [p for p in people if p[3] == "officer"]
    contacts = [p for p in people if p[3] == "contact"]
    raw: dict[str, list[tuple[Any, ...]]] = {"meetings": [], "meeting_organisations": [], "attendances": []}
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Date", "Title", "Kind", "Outside bodies", "Members", "Officers", "Outside attendees"])
        for number in range(rows):
            day = last + timedelta(days=1 + number // 30)
            body = rng.choice(bodies)
            member, officer, contact = rng.choice(members), rng.choice(officers), rng.choice(contacts)
            title = f"Imported meeting {number} with {body[1]}"
            out.writerow(
                [day.isoformat(), title, "Meeting", body[1], _named(member), _named(officer), _named(contact)]
            )
            attendees = "; ".join(_named(p) for p in (member, officer, contact))
            raw["meetings"].append((day.isoformat(), title, body[1], attendees))
            raw["meeting_organisations"].append((body[0],))
            raw["attendances"].append((member[0], officer[0], contact[0]))
    return path, raw


def _named(person: tuple[Any, ...]) -> str:
    return f"{person[1]} {person[2]}".strip()


def _raw_insert(path: Path, raw: dict[str, list[tuple[Any, ...]]]) -> None:
    connection = sqlite3.connect(path)
    try:
        start = connection.execute("SELECT coalesce(max(id), 0) FROM meetings").fetchone()[0] + 1
        ids = range(start, start + len(raw["meetings"]))
        stamp = "2026-01-01 00:00:00.000000"
        connection.executemany(
            "INSERT INTO meetings (id, held_on, date_precision, title, kind, location, summary, outcome,"
            " confidential, report_section, report_heading, notes, source, bodies_label, people_label,"
            " version, created_at, updated_at) VALUES (?, ?, 'day', ?, 'meeting', '', '', '', 0,"
            " 'member_activity', '', '', 'csv', ?, ?, 1, ?, ?)",
            [
                (i, day, title, bodies, people, stamp, stamp)
                for i, (day, title, bodies, people) in zip(ids, raw["meetings"], strict=True)
            ],
        )
        connection.executemany(
            "INSERT INTO meeting_organisations (meeting_id, organisation_id, role, position)"
            " VALUES (?, ?, 'participant', 0)",
            [(i, body) for i, (body,) in zip(ids, raw["meeting_organisations"], strict=True)],
        )
        connection.executemany(
            "INSERT INTO attendances (meeting_id, person_id, role, position) VALUES (?, ?, 'attended', ?)",
            [
                (i, person, position)
                for i, people in zip(ids, raw["attendances"], strict=True)
                for position, person in enumerate(people)
            ],
        )
        connection.commit()
    finally:
        connection.close()


# --- importing returns and calendars, beside the meetings CSV --------------------------------------


def _timed_import(database: Path, runs: int, work: Callable[[Any], Any]) -> tuple[list[float], Any]:
    """Run an import `runs` times, each into a fresh copy of the database; the times and the last report."""
    from db.engine import open_database

    times: list[float] = []
    report: Any = None
    for _ in range(runs):
        with copy_of(database) as scratch:
            db = open_database(scratch, create=False, actor="bench")
            try:
                started = time.perf_counter()
                report = work(db)
                times.append(time.perf_counter() - started)
            finally:
                db.close()
    return times, report


def _store_return(db: Any, path: Path) -> Any:
    from tracker.io import transparency

    return transparency.import_return(db, path, dry_run=False)


def returns_and_calendars(database: Path, runs: int, large: int = 15_000, small: int = 1_500) -> list[Row]:
    """Importing a generated ministers' return and a generated calendar of `large` rows, each beside
    the spreadsheet import of a `large`-row meetings CSV in the same run; and each at `small` rows,
    for the time per row at both sizes (linear, not quadratic)."""
    from benchmarks import import_files
    from tracker.io import calendar_import, sheet_import

    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    medians: dict[tuple[str, int], float] = {}
    counts: dict[tuple[str, int], str] = {}

    def measure(kind: str, size: int, work: Callable[[Any], Any]) -> None:
        times, report = _timed_import(database, runs, work)
        medians[(kind, size)], counts[(kind, size)] = statistics.median(times), report.summary()

    try:
        for size in (small, large):
            csv_path, _raw = _write_csv(database, folder / f"meetings-{size}.csv", size)
            measure("csv", size, functools.partial(sheet_import.import_file, path=csv_path))
            (folder / str(size)).mkdir()
            return_path = import_files.write_return(folder / str(size) / "return.csv", size)
            measure("return", size, functools.partial(_store_return, path=return_path))
            ics_path = import_files.write_calendar(folder / str(size) / "calendar", size)
            window = calendar_import.Window(*import_files.calendar_window(size))

            def calendar(db: Any, path: Path = ics_path, window: Any = window) -> Any:
                reading = calendar_import.read_calendar(path, window)
                return calendar_import.import_reading(db, reading, dry_run=False)

            measure("calendar", size, calendar)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = [
        Row(
            f"import of a {large:,}-row meetings CSV (the baseline below)",
            "s",
            medians[("csv", large)],
            target="- (for information)",
            notes=[counts[("csv", large)]],
        )
    ]
    for kind, what in (("return", "return rows"), ("calendar", "calendar events")):
        whole = Row(
            f"import of {large:,} {what}",
            "s",
            medians[(kind, large)],
            medians[("csv", large)],
            f"{large:,}-row meetings CSV import",
            "<= 2x the CSV import",
            notes=[
                counts[(kind, large)] + " Into a copy of the benchmark database, from a file generated by"
                " benchmarks/import_files.py; timed from reading the file to the commit."
            ],
        )
        whole.passed = whole.ratio is not None and whole.ratio <= 2
        per_row = Row(
            f"import of {what}: time a row at {large:,} against at {small:,}",
            "ms",
            medians[(kind, large)] / large * 1000,
            medians[(kind, small)] / small * 1000,
            f"a row at {small:,} ({medians[(kind, small)]:.2f} s in all)",
            "<= 1.5x (linear)",
            notes=[counts[(kind, small)]],
        )
        per_row.passed = per_row.ratio is not None and per_row.ratio <= 1.5
        rows += [whole, per_row]
    csv_rows = Row(
        f"import of a meetings CSV: time a row at {large:,} against at {small:,}",
        "ms",
        medians[("csv", large)] / large * 1000,
        medians[("csv", small)] / small * 1000,
        f"a row at {small:,}",
        "- (for information)",
    )
    return [*rows, csv_rows]


# --- Home and the stakeholder map ------------------------------------------------------------------


def home_screen(database: Path, runs: int) -> tuple[Row, Row]:
    """Home's first paint beside the meetings list's, each in the same fresh process; and memory then."""
    list_runs: list[float] = []
    home_runs: list[float] = []
    facts: dict[str, Any] = {}
    _child(["benchmarks.home_map", "home", str(database)], timeout=600)  # untimed: writes the bytecode
    for _ in range(runs):
        _seconds, facts = _child(["benchmarks.home_map", "home", str(database)], timeout=600)
        list_runs.append(facts["list_seconds"])
        home_runs.append(facts["home_seconds"])
    charts = [facts.get("charts_seconds") or 0.0]
    row = Row(
        "Home chosen in the open window: follow-ups, deadlines and duties (charts following)",
        "s",
        median(home_runs),
        median(list_runs),
        "the meetings list's first paint (window made to 50 rows painted)",
        "<= 1.3x baseline",
        runs=home_runs,
        baseline_runs=list_runs,
        notes=[
            "one fresh process a run: the window made and its meetings list painted (the baseline), then"
            " Home chosen and timed until its lists are painted; its four charts are counted in SQL"
            f" (grouped by month) and drawn with Agg on the thread pool, all painted {charts[0]:.2f} s"
            f" after Home was chosen (last run; matplotlib loaded then); {facts.get('charts_drawn')} charts,"
            f" {facts.get('follow_ups')} follow-ups listed"
        ],
    )
    row.passed = row.ratio is not None and row.ratio <= 1.3
    resident = Row(
        "resident memory with Home open on the benchmark database",
        "MB",
        facts.get("VmRSS"),
        target="<= 400 MB",
        notes=[f"VmRSS after Home is drawn (peak VmHWM {facts.get('VmHWM', 0):.0f} MB)"],
    )
    resident.passed = resident.liaison is not None and resident.liaison <= 400
    return row, resident


def stakeholder_map(database: Path, runs: int) -> Row:
    """The map of every body (read, placed, drawn with arrows, rendered with Agg) beside a bare
    matplotlib scatter of as many points rendered the same way."""
    import random

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from benchmarks.home_map import stakeholder_positions
    from db.engine import open_database
    from tracker.charts.drawing import draw_stakeholder_map
    from tracker.stakeholders.map import MapFilter
    from tracker.stakeholders.map import stakeholder_map as read_map

    def drawn(draw: Callable[[Any], object]) -> None:
        figure = Figure(figsize=(9, 6), dpi=100)
        canvas = FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        canvas.draw()

    with copy_of(database) as copy:
        bodies = stakeholder_positions(copy)
        chance = random.Random(1)
        xs = [chance.uniform(0.5, 5.5) for _ in range(bodies)]
        ys = [chance.uniform(0.5, 5.5) for _ in range(bodies)]
        db = open_database(copy, create=False)
        ours: list[float] = []
        theirs: list[float] = []
        points: list[Any] = []
        try:
            for _ in range(runs + 1):

                def work() -> None:
                    with db.reading() as session:
                        points[:] = read_map(session, MapFilter(moved_since=date(2008, 1, 1)))
                    drawn(lambda ax: draw_stakeholder_map(ax, points))

                ours.append(timed(work))
                theirs.append(timed(lambda: drawn(lambda ax: ax.scatter(xs, ys, s=14))))
        finally:
            db.close()
    ours, theirs = ours[1:], theirs[1:]  # the first run of each imports and warms
    row = Row(
        f"stakeholder map of {bodies:,} bodies, read and drawn",
        "s",
        median(ours),
        median(theirs),
        f"bare matplotlib scatter of {bodies:,} points (Agg)",
        "<= 1 s",
        runs=ours,
        baseline_runs=theirs,
        notes=[
            f"{len(points):,} points with quadrants, stance colours and {sum(1 for p in points if p.moved):,}"
            " arrows (stances moved since 2008); names left off above 40 points, shown on hover in the window"
        ],
    )
    row.passed = row.liaison is not None and row.liaison <= 1.0
    return row
