"""`bench`: builds a synthetic archive of 100,000 meetings and measures Liaison on it, each figure
beside a baseline measured in the same run (the measurements are in benchmarks/measures.py)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from db.engine import open_database
from tracker import synthetic


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "bench",
        help="measure Liaison on a synthetic archive of 100,000 meetings, beside baselines",
        description="Builds a deterministic synthetic database (or reuses the one in --keep) and prints"
        " the median of several runs of each measurement beside its baseline from the same run"
        " (--db is not used: the benchmark makes its own database).",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--meetings", type=int, default=100_000, metavar="N", help="meetings (default 100,000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, metavar="K", help="runs of each measurement (default 3)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the synthetic database in DIR, and reuse it there next time (same size and seed)",
    )
    parser.add_argument("--seed", type=int, default=2007, help="the synthetic data's seed (default 2007)")
    parser.add_argument(
        "--graph-nodes",
        type=int,
        default=5_000,
        metavar="N",
        help="nodes of the graph measured (default 5,000)",
    )
    parser.add_argument(
        "--spring-timeout",
        type=float,
        default=120.0,
        metavar="S",
        help="stop networkx's spring layout (the graph baseline) after S seconds (default 120)",
    )
    parser.add_argument(
        "--only",
        metavar="NAMES",
        default="",
        help="comma-separated: startup,search,scroll,report,graph,import,records,home (default: all); import"
        " includes 15,000 return rows and 15,000 calendar events beside a 15,000-row meetings CSV",
    )
    parser.set_defaults(run=run)
    return parser


PARTS = ("startup", "search", "scroll", "report", "graph", "import", "records", "home")


def _say(arguments: argparse.Namespace, text: str) -> None:
    # Progress goes to stderr, so that --json output on stdout stays one document.
    print(text, file=sys.stderr if arguments.json else sys.stdout, flush=True)


def build(path: Path, meetings: int, seed: int, say: Any) -> dict[str, Any]:
    """The synthetic database at `path`, built unless a complete one of this size and seed is there."""
    marker = path.with_suffix(".json")
    wanted = {"meetings": meetings, "seed": seed}
    if path.exists() and marker.exists():
        made = json.loads(marker.read_text())
        if {k: made.get(k) for k in wanted} == wanted:
            say(f"Reusing {path} ({meetings:,} meetings, seed {seed}).")
            return dict(made)
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm")), marker):
        leftover.unlink(missing_ok=True)
    say(f"Building {meetings:,} synthetic meetings in {path} ...")
    started = time.perf_counter()
    database = open_database(path, actor="bench")
    try:
        with database.session() as session:
            result = synthetic.generate(session, synthetic.Shape.for_meetings(meetings), seed=seed)
    finally:
        database.close()
    made = wanted | {"counts": result.counts, "build_seconds": round(time.perf_counter() - started, 1)}
    marker.write_text(json.dumps(made, indent=2))
    say(f"Built in {made['build_seconds']} s: " + ", ".join(f"{n:,} {t}" for t, n in result.counts.items()))
    return made


def run(arguments: argparse.Namespace) -> int:
    # benchmarks/ sits beside cli/ in the checkout; it is not part of the installed application.
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from benchmarks import measures, records_speed

    parts = [p.strip() for p in arguments.only.split(",") if p.strip()] or list(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        from cli import UsageError

        raise UsageError(f"bench: --only takes {', '.join(PARTS)}; not {', '.join(unknown)}")
    if arguments.meetings < 100 or arguments.runs < 1:
        from cli import UsageError

        raise UsageError("bench: --meetings must be at least 100 and --runs at least 1")

    def say(text: str) -> None:
        _say(arguments, text)

    scratch = None
    if arguments.keep is not None:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        folder = arguments.keep
    else:
        scratch = tempfile.TemporaryDirectory(prefix="liaison-bench-")
        folder = Path(scratch.name)
    try:
        path = folder / f"bench-{arguments.meetings}-{arguments.seed}.db"
        made = build(path, arguments.meetings, arguments.seed, say)
        machine = measures.machine(path)
        rows: list[measures.Row] = []
        runs = arguments.runs
        steps: dict[str, Any] = {
            "startup": lambda: list(measures.start_up(path, runs)),
            "search": lambda: [*measures.search(path, runs), measures.filtered_search(path, runs)],
            "scroll": lambda: [measures.scrolling(path)],
            "report": lambda: [measures.board_report(path, runs)],
            "graph": lambda: [measures.graph(path, runs, arguments.graph_nodes, arguments.spring_timeout)],
            "import": lambda: [measures.csv_import(path, runs), *measures.returns_and_calendars(path, runs)],
            "records": lambda: records_speed.records(path, runs),
            "home": lambda: [*measures.home_screen(path, runs), measures.stakeholder_map(path, runs)],
        }
        started = time.perf_counter()
        for part in parts:
            say(f"Measuring {part} ...")
            rows.extend(steps[part]())
        machine["load_average_after"] = list(measures.machine(path)["load_average"])
        machine["bench_seconds"] = round(time.perf_counter() - started, 1)
    finally:
        if scratch is not None:
            scratch.cleanup()
    if arguments.json:
        print(
            json.dumps({"machine": machine, "database": made, "rows": [r.as_dict() for r in rows]}, indent=2)
        )
    else:
        print(table(machine, made, rows))
    return 0


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f} s"


def table(machine: dict[str, Any], made: dict[str, Any], rows: list[Any]) -> str:
    """The figures as a Markdown table, with the machine and the database above it."""
    counts = made.get("counts", {})
    lines = [
        f"Machine: {machine['cores']} cores ({machine['cpu']}), load average {machine['load_average'][0]}"
        f" before and {machine['load_average_after'][0]} after; {machine['system']};"
        f" Python {machine['python']},"
        f" SQLite {machine['sqlite']}, Qt {machine['qt']} (PySide6 {machine['pyside6']}),"
        f" SQLAlchemy {machine['sqlalchemy']}",
        f"Database: {machine['database_mb']} MB; "
        + ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in counts.items() if n),
        f"Measured in {machine['bench_seconds']} s (medians of the runs).",
        "",
        "| what | Liaison | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = f"{_figure(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline_name else "-"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: "-"}[row.passed]
        lines.append(
            f"| {row.what} | {_figure(row.liaison, row.unit)} | {baseline} | {ratio} | {row.target} | {met} |"
        )
    lines.append("")
    for row in rows:
        for note in row.notes:
            lines.append(f"- {row.what}: {note}")
    return "\n".join(lines)
