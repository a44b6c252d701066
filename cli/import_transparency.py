"""`import transparency FILE`: a department's published return of ministers' meetings (CSV or .xlsx)."""

from __future__ import annotations

import argparse
from typing import Any

from cli.import_report import print_report
from db.engine import open_database
from tracker.common.dates import parse_date
from tracker.io.importing import ImportFailed
from tracker.io.transparency import Period, import_return, parse_quarter


def add_parsers(kinds: Any) -> list[argparse.ArgumentParser]:
    parser: argparse.ArgumentParser = kinds.add_parser(
        "transparency",
        help="a department's quarterly return of ministers' meetings with outside organisations",
        description="Each row becomes an outside meeting (the minister met the bodies named; the"
        " association was not there), kept out of the association's own reports and shown in the"
        " Cross-check view. The department and period are read from the file's title rows or name"
        " when not given.",
    )
    parser.add_argument("--department", metavar="NAME", help="the department that published the return")
    parser.add_argument(
        "--quarter", metavar="YYYYQn", help="the quarter it covers, e.g. 2009Q1 (Jan–Mar 2009)"
    )
    parser.add_argument("--from", dest="from_", metavar="DATE", help="the first day it covers (with --to)")
    parser.add_argument("--to", metavar="DATE", help="the last day it covers (with --from)")
    parser.add_argument(
        "--accept-close",
        action="store_true",
        help="take each possible match the dry run lists (“possible match: X?”) as that record;"
        " without it they are imported as new bodies and people",
    )
    parser.set_defaults(run=run)
    return [parser]


def period_from(quarter: str | None, first: str | None, last: str | None) -> Period | None:
    """The period the options give, or None when they give none."""
    if quarter and (first or last):
        raise ImportFailed("Give either --quarter or --from and --to, not both.")
    if quarter:
        return parse_quarter(quarter)
    if bool(first) != bool(last):
        raise ImportFailed("Give both --from and --to (or --quarter).")
    if first and last:
        try:
            return Period(parse_date(first), parse_date(last))
        except ValueError as error:
            raise ImportFailed(f"--from/--to: {error}") from error
    return None


def run(arguments: argparse.Namespace) -> int:
    period = period_from(arguments.quarter, arguments.from_, arguments.to)
    database = open_database(arguments.db)
    try:
        report = import_return(
            database,
            arguments.file,
            department=arguments.department,
            period=period,
            dry_run=arguments.dry_run,
            accept_close=arguments.accept_close,
        )
    finally:
        database.close()
    return print_report(report)
