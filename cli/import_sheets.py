"""`import csv|xlsx FILE [--kind meetings|organisations|people] [--map "Heading=field"]`: a spreadsheet."""

from __future__ import annotations

import argparse
from typing import Any

from cli.import_report import print_report
from db.engine import open_database
from tracker.io.sheet_import import FIELDS, Kind, import_sheet, parse_overrides
from tracker.io.spreadsheets import is_workbook, read_table


def _fields_help() -> str:
    return "; ".join(f"{kind}: {', '.join(f.key for f in fields)}" for kind, fields in FIELDS.items())


def add_parsers(kinds: Any) -> list[argparse.ArgumentParser]:
    parsers = []
    for name, what in (
        ("csv", "a CSV file (UTF-8, UTF-16, Windows-1252 or Latin-1; comma, semicolon or tab)"),
        ("xlsx", "an Excel workbook (.xlsx)"),
    ):
        parser: argparse.ArgumentParser = kinds.add_parser(
            name,
            help=f"meetings, organisations or people from {what}",
            description="The first row holds the column headings. Each column is read into the"
            " field its heading names, as remembered from the last file with the same headings, or"
            " as guessed; --map changes a column. Rows already held are skipped; names not held are"
            f" created. Fields: {_fields_help()}.",
        )
        parser.add_argument(
            "--kind",
            choices=[k.value for k in Kind],
            default=Kind.MEETINGS.value,
            help="what each row is (default: meetings)",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help="read the column with this heading into this field (“Heading=” leaves it out); repeatable",
        )
        parser.add_argument(
            "--accept-close",
            action="store_true",
            help="take each possible match the dry run lists (“possible match: X?”) as that record;"
            " without it they are imported as new bodies and people",
        )
        if name == "xlsx":
            parser.add_argument("--sheet", help="the worksheet to read (default: the first)")
        parser.set_defaults(run=run, sheet_format=name)
        parsers.append(parser)
    return parsers


def run(arguments: argparse.Namespace) -> int:
    from cli import UsageError

    overrides = parse_overrides(arguments.map)
    sheet = getattr(arguments, "sheet", None)
    # The file is read before the database is opened: one that is not a table leaves it untouched.
    table = read_table(arguments.file, sheet=sheet)
    workbook = is_workbook(arguments.file)
    if arguments.sheet_format == "csv" and workbook:
        raise UsageError(f"{arguments.file} is an Excel workbook: import it with `import xlsx`")
    if arguments.sheet_format == "xlsx" and not workbook:
        raise UsageError(f"{arguments.file} is not an Excel workbook: import it with `import csv`")
    database = open_database(arguments.db)
    try:
        report = import_sheet(
            database,
            table,
            source=arguments.file.name,
            kind=Kind(arguments.kind),
            dry_run=arguments.dry_run,
            overrides=overrides,
            accept_close=arguments.accept_close,
        )
    finally:
        database.close()
    return print_report(report)
