"""`duties`: a member's representation duties, or every appointment with its status."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cli import outputs
from cli.arguments import day
from db.engine import open_database
from tracker import duties
from tracker.common.dates import short_date
from tracker.directory.organisations import own_association_name
from tracker.io.calendar_export import upcoming_meetings, write_calendar
from tracker.io.cells import safe_cell
from tracker.reports import writers
from tracker.reports.duties_sheet import WHOLE_TERMS as EARLIEST
from tracker.reports.duties_sheet import sheet_paper


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "duties",
        help="a member's representation duties, or --all appointments",
        description="Attendance is counted for meetings of each body during the term, up to --as-of.",
    )
    parser.add_argument("person", nargs="?", help='the member or officer, e.g. "Cllr Richard Kemp"')
    parser.add_argument("--all", action="store_true", help="every appointment with its status instead")
    parser.add_argument("--since", type=day, help="first day counted (default: each term's start)")
    parser.add_argument("--until", type=day, help="last day counted (default: --as-of)")
    parser.add_argument("--as-of", type=day, help="the day the figures are for (default: today)")
    parser.add_argument(
        "--format", choices=("table", "csv"), default="table", help="how to print (default: table)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="also write the one-page sheet (.pdf, .docx, .html, .md)"
    )
    parser.add_argument(
        "--ics", type=Path, help="also write the person's upcoming meetings as a calendar (.ics)"
    )
    parser.set_defaults(run=run)
    return parser


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _print(rows: list[list[str]], form: str) -> None:
    if form == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([[safe_cell(c) for c in row] for row in rows])
    else:
        print(_table(rows))


def run(arguments: argparse.Namespace) -> int:
    from cli import UsageError

    if arguments.all == bool(arguments.person):
        raise UsageError("name one member or officer, or give --all")
    if arguments.output:
        outputs.paper(arguments.output)
    if arguments.ics:
        outputs.calendar(arguments.ics)
    as_of = arguments.as_of or date.today()
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            if arguments.all:
                header = [
                    "Person",
                    "Outside body",
                    "Role",
                    "Term start",
                    "Term end",
                    "Status",
                    "Successor",
                    "Appointed by",
                    "Report-back expected",
                ]
                rows = [
                    [
                        a.person,
                        a.body,
                        a.role.label,
                        a.term_start.isoformat() if a.term_start else "",
                        a.term_end.isoformat() if a.term_end else "",
                        a.status,
                        a.successor,
                        a.appointed_by,
                        "yes" if a.report_back_expected else "no",
                    ]
                    for a in duties.all_appointments(session, as_of)
                ]
                _print([header, *rows], arguments.format)
                return 0
            person_id = duties.find_person(session, arguments.person)
            sheet = duties.duties_of(
                session, person_id, arguments.since or EARLIEST, arguments.until or as_of, as_of
            )
            upcoming = upcoming_meetings(session, person_id, as_of) if arguments.ics else []
            association = own_association_name(session)
    finally:
        database.close()
    header = [
        "Outside body",
        "Role",
        "Term",
        "Held",
        "Attended",
        "Rate",
        "Last attended",
        "Report-backs owed",
        "Term ends soon",
    ]
    rows = [
        [
            d.body,
            d.role.label,
            d.term,
            str(d.held),
            str(d.attended),
            d.rate_text,
            d.last_attended_when,
            str(d.report_backs_owed),
            "yes" if d.ending_soon else "",
        ]
        for d in sheet.duties
    ]
    if arguments.format == "table":
        print(f"{sheet.person}: representation duties as at {short_date(as_of)}")
    _print([header, *rows], arguments.format)
    if arguments.format == "table":
        print(f"\nIn all: {sheet.held} meetings held, {sheet.attended} attended ({sheet.rate_text}).")
        for duty in sheet.duties:
            for m in duty.meetings:
                detail = f" ({m.role})" if m.role else ""
                report = f"; report-back {m.report_back}" if m.report_back else ""
                print(f"  {duty.body} · {m.when}: {m.title}: {m.status}{detail}{report}")
    if arguments.output:
        print(f"Wrote {writers.write(sheet_paper(sheet, association), arguments.output)}.")
    if arguments.ics:
        written = write_calendar(upcoming, f"{sheet.person}: outside bodies", arguments.ics)
        print(f"Wrote {written}: {len(upcoming)} upcoming meeting{'s' if len(upcoming) != 1 else ''}.")
    return 0
