"""`import ics|csv|xlsx|transparency FILE`: bring records in; `--dry-run` reports without storing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli import import_calendar, import_sheets, import_transparency

KINDS = (import_calendar, import_sheets, import_transparency)


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "import",
        help="import meetings, bodies and people from a calendar, a spreadsheet or a ministers' return",
        description="Every import reads the whole file first and stores all of its good rows or none."
        " Run it with --dry-run to see what it would do.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for module in KINDS:
        for sub in module.add_parsers(kinds):
            sub.add_argument("file", type=Path, metavar="FILE", help="the file to read")
            sub.add_argument("--dry-run", action="store_true", help="report what would happen; store nothing")
            sub.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser
