"""`export records` and `load` of the benchmark database, each beside `export csv` of its meetings."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.measures import Row, median


def _export_csv(database: Path, out: Path) -> None:
    """What `export csv` does: the meetings sheet, read and written."""
    from db.engine import open_database
    from tracker.io.exports import sheet, write_sheet

    db = open_database(database, create=False, actor="bench")
    try:
        with db.reading() as session:
            table = sheet(session, "meetings")
    finally:
        db.close()
    write_sheet(table, out)


def _export_records(database: Path, out: Path) -> None:
    """What `export records` does: every record, read and written as one document."""
    from db.engine import open_database
    from tracker.io.records import dumps, export_records

    db = open_database(database, create=False, actor="bench")
    try:
        with db.reading() as session:
            document = export_records(session)
    finally:
        db.close()
    out.write_bytes(dumps(document).encode("utf-8"))


def records(database: Path, runs: int) -> list[Row]:
    """Two rows: `export records`, and `load` of what it wrote into a new database, each against
    `export csv` of the meetings, timed in the same process in turn."""
    from db.engine import open_database
    from tracker.io.records import load_file

    folder = Path(tempfile.mkdtemp(prefix="liaison-bench-records-"))
    csv_runs: list[float] = []
    export_runs: list[float] = []
    load_runs: list[float] = []
    notes: list[str] = []
    try:
        document = folder / "records.json"
        template = folder / "empty.db"
        open_database(template, actor="bench").close()
        for run in range(runs):
            started = time.perf_counter()
            _export_csv(database, folder / "meetings.csv")
            csv_runs.append(time.perf_counter() - started)
            started = time.perf_counter()
            _export_records(database, document)
            export_runs.append(time.perf_counter() - started)
            target = folder / f"loaded-{run}.db"
            shutil.copyfile(template, target)
            db = open_database(target, create=False, actor="bench")
            try:
                started = time.perf_counter()
                report = load_file(db, document, dry_run=False)
                load_runs.append(time.perf_counter() - started)
            finally:
                db.close()
            if run == 0:
                notes.append(
                    f"{document.stat().st_size / 1e6:.0f} MB document; load created {report.created:,}"
                    f" records, {report.rejected} rejected, into a new database (each run a fresh one)"
                )
            target.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for what, ours, note in (
        ("export records (every record as JSON)", export_runs, notes),
        ("load of that JSON into a new database", load_runs, []),
    ):
        row = Row(
            what,
            "s",
            median(ours),
            median(csv_runs),
            "export csv of the meetings",
            "<= 3x export csv",
            runs=ours,
            baseline_runs=csv_runs,
            notes=note,
        )
        row.passed = row.ratio is not None and row.ratio <= 3
        rows.append(row)
    return rows
