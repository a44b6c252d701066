"""`export records -o FILE.json` and `load FILE.json [--dry-run]`: every record as one JSON document,
and such a document (or any part of it) loaded back, all of it or none."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli import outputs
from db.engine import open_database
from tracker.common.errors import DomainError
from tracker.common.text import clean


def add_export_parser(kinds: Any) -> None:
    """`export records`, among `export`'s kinds."""
    records = kinds.add_parser(
        "records",
        help="every record (directory, meetings, boards, papers, programme, policy items, asks...) as JSON",
        description="One JSON document (docs/records.md, resources/records.schema.json): keys sorted,"
        " each record under its id, so the same database gives the same file byte for byte."
        " `load` reads it back.",
    )
    records.add_argument("-o", "--output", type=Path, required=True, help="the .json file to write")
    records.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    records.set_defaults(run=run_export)


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "load",
        help="load records from a JSON document written by `export records` (or any part of one)",
        description="A key held is updated with the fields given, a key not held is created under"
        " that id, a record the same as the one held is skipped. Everything is checked first:"
        " one rejected record stores nothing. Run it with --dry-run to see what it would do.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the .json file to read")
    parser.add_argument("--dry-run", action="store_true", help="report what would happen; store nothing")
    parser.set_defaults(run=run_load)
    return parser


def run_export(arguments: argparse.Namespace) -> int:
    from cli import UsageError
    from tracker.io.records import counts, dumps, export_records
    from tracker.reports.writers import write_whole

    path: Path = arguments.output
    if path.suffix.lower() != ".json":
        raise UsageError(f"cannot write {path}: `export records` writes a .json file")
    outputs._place(path)
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            document = export_records(session)
    finally:
        database.close()
    data = dumps(document).encode("utf-8")
    written = write_whole(path, lambda stream: stream.write(data))
    print(f"Wrote {written}: {counts(document)}.")
    return 0


def run_load(arguments: argparse.Namespace) -> int:
    from tracker.io.records import load_file

    path: Path = arguments.file
    database = open_database(arguments.db)
    try:
        report = load_file(database, path, dry_run=arguments.dry_run)
    finally:
        database.close()
    for line in report.lines():
        print(clean(line))
    if report.rejections:
        first = report.rejections[0]
        more = f" and {report.rejected - 1} more" if report.rejected > 1 else ""
        raise DomainError(clean(f"{path}: {first}{more}; nothing was stored"))
    if report.dry_run:
        print("Nothing was stored (dry run).")
    return 0
