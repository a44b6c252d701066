"""`import ics FILE [--from DATE] [--to DATE] [--dry-run]`: meetings from a calendar file."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cli.arguments import day
from cli.import_report import print_report
from db.engine import open_database
from tracker.io.calendar_import import Window, import_reading, read_calendar


def add_parsers(kinds: Any) -> list[argparse.ArgumentParser]:
    parser: argparse.ArgumentParser = kinds.add_parser(
        "ics",
        help="meetings from a calendar file (.ics, from Outlook or Google)",
        description="Each occurrence of an event between --from and --to becomes a meeting: its"
        " organiser and attendees matched to people by email or name, the bodies they work for and"
        " the bodies its title or place names. Events imported before (the same UID) are skipped;"
        " cancelled events and events with no start are rejected with their number in the file.",
    )
    parser.add_argument(
        "--from", dest="since", type=day, metavar="DATE", help="first day read (default: a year ago)"
    )
    parser.add_argument(
        "--to", dest="until", type=day, metavar="DATE", help="last day read (default: a month from today)"
    )
    parser.set_defaults(run=run)
    return [parser]


def run(arguments: argparse.Namespace) -> int:
    default = Window.default(date.today())
    window = Window(arguments.since or default.since, arguments.until or default.until)
    # The file is read first: one that is not a calendar leaves the database untouched, even unopened.
    reading = read_calendar(arguments.file, window)
    database = open_database(arguments.db)
    try:
        report = import_reading(database, reading, dry_run=arguments.dry_run)
    finally:
        database.close()
    return print_report(report)
