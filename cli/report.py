"""`report outside-bodies`: writes the board's "Meetings with outside bodies" paper to a file."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from cli import outputs
from cli.arguments import day
from db.engine import open_database
from tracker import boards
from tracker.directory import organisations
from tracker.reports import saved_papers, writers
from tracker.reports.brief import brief_paper
from tracker.reports.lobbying import lobbying_paper
from tracker.reports.outside_bodies import draft_paper
from tracker.reports.paper import Paper
from tracker.reports.year import year_paper


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser("report", help="write a board paper")
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    paper = kinds.add_parser(
        "outside-bodies",
        help="the 'Meetings with outside bodies' paper for a board and period",
        description="The format follows the file's suffix: .docx, .pdf, .html or .md.",
    )
    paper.add_argument("--board", help='the board\'s name, e.g. "Safer Communities Board"')
    paper.add_argument(
        "--paper",
        type=int,
        metavar="ID",
        help="a saved paper (its board, period, item, officer and entries as the team arranged them)",
    )
    paper.add_argument(
        "--since", type=day, help="first day covered (default: the day after the board last met)"
    )
    paper.add_argument(
        "--until", type=day, help="last day covered (default: the board's next or latest meeting)"
    )
    paper.add_argument("--item", help='the agenda item, e.g. "Item 4" (default: Item x)')
    paper.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="the team's Word template (.docx or .dotx) to write a .docx into (default: the board's)",
    )
    paper.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    lobbying = kinds.add_parser(
        "lobbying",
        help="per bill, what the association sought and won",
        description="Asks decided or raised in the period, and those still pending. Format from the suffix.",
    )
    lobbying.add_argument("--since", type=day, required=True, help="first day covered, YYYY-MM-DD")
    lobbying.add_argument("--until", type=day, required=True, help="last day covered, YYYY-MM-DD")
    lobbying.add_argument("--board", default="", help="the board the report goes to (printed at its head)")
    lobbying.add_argument(
        "--date",
        type=day,
        help="the report's date, at which each bill's stage is stated (default: the period's end)",
    )
    lobbying.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    brief = kinds.add_parser(
        "brief",
        help="a pre-meeting brief on an outside body",
        description="Our last meetings with the body and who went, our appointees there, open follow-ups,"
        " open asks aimed at it, and the bills in play.",
    )
    brief.add_argument(
        "--body", required=True, help='the body\'s name, acronym or other name, e.g. "Home Office"'
    )
    brief.add_argument("--as-of", type=day, help="the day the brief is for (default: today)")
    brief.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    year = kinds.add_parser(
        "year",
        help="the end-of-year report on a board's work programme",
        description="Per intervention of the cycles the period touches: what we set out to do, what we"
        " sought, what was achieved and when, what remains, next steps. Format from the suffix.",
    )
    year.add_argument("--board", required=True, help='the board\'s name, e.g. "Safer Communities Board"')
    year.add_argument("--since", type=day, required=True, help="first day covered, YYYY-MM-DD")
    year.add_argument("--until", type=day, required=True, help="last day covered, YYYY-MM-DD")
    year.add_argument("--date", type=day, help="the paper's date (default: --until)")
    year.add_argument("--template", type=Path, help="the team's Word template (default: the board's)")
    year.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    for sub in (brief, year):
        sub.add_argument(
            "--no-charts",
            dest="charts",
            action="store_false",
            help="leave the charts out (default: they follow the text, under their own heading)",
        )
    for sub in (paper, lobbying, brief, year):
        sub.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    outputs.paper(arguments.output)
    if arguments.report == "lobbying":
        return _lobbying(arguments)
    if arguments.report == "brief":
        return _brief(arguments)
    if arguments.report == "year":
        return _year(arguments)
    from cli import UsageError

    if (arguments.board is None) == (arguments.paper is None):
        raise UsageError("name either --board (to draft a paper) or --paper ID (a saved paper), not both")
    if arguments.paper is not None and (arguments.since or arguments.until):
        raise UsageError("a saved paper has its own period: leave out --since and --until with --paper")
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            if arguments.paper is not None:
                paper = saved_papers.compose(session, arguments.paper)
            else:
                board = boards.find(session, arguments.board)
                assert board.id is not None
                since, until = boards.default_period(board, date.today())
                if arguments.until is not None:
                    until = arguments.until
                    since = boards.period_ending(board, until)
                if arguments.since is not None:
                    since = arguments.since
                paper = draft_paper(session, board.id, since, until)
    finally:
        database.close()
    if arguments.item is not None:
        paper = replace(paper, item=arguments.item)
    elif not paper.item:
        paper = replace(paper, item=saved_papers.PLACEHOLDER_ITEM)
    if arguments.template is not None:
        paper = replace(paper, template=str(arguments.template))
    if paper.item == saved_papers.PLACEHOLDER_ITEM and arguments.paper is not None:
        print(
            f"Note: the paper still has the placeholder “{paper.item}”; give --item to number it.",
            file=sys.stderr,
        )
    written = writers.write(paper, arguments.output)
    assert paper.period_start is not None and paper.period_end is not None
    since, until = paper.period_start, paper.period_end
    entries = sum(len(s.entries) for s in paper.sections)
    counts = ", ".join(f"{len(s.entries)} {s.title.lower()}" for s in paper.sections)
    left_out = f"; {paper.left_out_confidential} confidential left out" if paper.left_out_confidential else ""
    print(
        f"Wrote {written}: {entries} entries ({counts}) from {since:%d %b %Y} to {until:%d %b %Y}{left_out}."
    )
    return 0


def _lobbying(arguments: argparse.Namespace) -> int:
    from cli import UsageError

    if arguments.until < arguments.since:
        raise UsageError(f"--until {arguments.until} is before --since {arguments.since}")
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            paper = lobbying_paper(
                session,
                arguments.since,
                arguments.until,
                arguments.date or arguments.until,
                board=arguments.board,
            )
    finally:
        database.close()
    written = writers.write(paper, arguments.output)
    asks = sum(len(s.entries) - 1 for s in paper.sections)
    bills = len(paper.sections)
    on_bills = f"{bills} bill{'s' if bills != 1 else ''}"
    print(f"Wrote {written}: {asks} ask{'s' if asks != 1 else ''} on {on_bills}.")
    return 0


def _brief(arguments: argparse.Namespace) -> int:
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            body_id = organisations.find(session, arguments.body)
            paper = brief_paper(session, body_id, arguments.as_of or date.today(), charts=arguments.charts)
    finally:
        database.close()
    written = writers.write(paper, arguments.output)
    print(f"Wrote {written}: {paper.title}{_charts(paper)}.")
    return 0


def _year(arguments: argparse.Namespace) -> int:
    from cli import UsageError

    if arguments.until < arguments.since:
        raise UsageError(f"--until {arguments.until} is before --since {arguments.since}")
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            board = boards.find(session, arguments.board)
            assert board.id is not None
            day = arguments.date or arguments.until
            paper = year_paper(
                session, board.id, arguments.since, arguments.until, day, charts=arguments.charts
            )
    finally:
        database.close()
    if arguments.template is not None:
        paper = replace(paper, template=str(arguments.template))
    written = writers.write(paper, arguments.output)
    count = len(paper.sections)
    print(f"Wrote {written}: {count} intervention{'s' if count != 1 else ''}{_charts(paper)}.")
    return 0


def _charts(paper: Paper) -> str:
    count = len(paper.figures)
    return f", {count} chart{'s' if count != 1 else ''}" if count else ""
