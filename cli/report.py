"""`report outside-bodies`: writes the board's "Meetings with outside bodies" paper to a file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from db.engine import open_database
from tracker import boards
from tracker.reports import writers
from tracker.reports.outside_bodies import draft_paper


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2009-06-13"
        ) from error


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser("report", help="write a board paper")
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    paper = kinds.add_parser(
        "outside-bodies",
        help="the 'Meetings with outside bodies' paper for a board and period",
        description="The format follows the file's suffix: .docx, .pdf, .html or .md.",
    )
    paper.add_argument("--board", required=True, help='the board\'s name, e.g. "Safer Communities Board"')
    paper.add_argument(
        "--since", type=_day, help="first day covered (default: the day after the board last met)"
    )
    paper.add_argument(
        "--until", type=_day, help="last day covered (default: the board's next or latest meeting)"
    )
    paper.add_argument("--item", default="Item x", help='the agenda item, e.g. "Item 4" (default: Item x)')
    paper.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    paper.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    database = open_database(arguments.db)
    try:
        with database.session() as session:
            board = boards.find(session, arguments.board)
            assert board.id is not None
            since, until = boards.default_period(board, date.today())
            if arguments.until is not None:
                until = arguments.until
                since = boards.period_ending(board, until)
            if arguments.since is not None:
                since = arguments.since
            paper = draft_paper(session, board.id, since, until, item=arguments.item)
    finally:
        database.close()
    written = writers.write(paper, arguments.output)
    entries = sum(len(s.entries) for s in paper.sections)
    counts = ", ".join(f"{len(s.entries)} {s.title.lower()}" for s in paper.sections)
    left_out = f"; {paper.left_out_confidential} confidential left out" if paper.left_out_confidential else ""
    print(
        f"Wrote {written}: {entries} entries ({counts}) from {since:%d %b %Y} to {until:%d %b %Y}{left_out}."
    )
    return 0
