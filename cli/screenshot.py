"""`screenshot VIEW -o FILE.png`: renders one view of the window offscreen, for docs and review."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from cli import outputs

VIEWS = (
    "meetings",
    "meeting-editor",
    "organisations",
    "organisation",
    "people",
    "person",
    "duties",
    "bills",
    "bill",
    "programme",
    "policy-item",
    "graph",
    "themes",
    "reports",
    "crosscheck",
    "home",
    "stakeholder-map",
)


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "screenshot", help="render a view offscreen to a PNG file", description=f"Views: {', '.join(VIEWS)}."
    )
    parser.add_argument("view", choices=VIEWS, metavar="VIEW", help=", ".join(VIEWS))
    parser.add_argument("-o", "--output", type=Path, required=True, help="the PNG file to write")
    parser.add_argument(
        "--find", default="", help="the record to show: words matched as in the list's filter"
    )
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT (default 1280x800)")
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    from cli import UsageError

    outputs.picture(arguments.output)
    try:
        width, height = (int(n) for n in arguments.size.lower().split("x"))
    except ValueError as error:
        raise UsageError(f"--size {arguments.size}: write it as WIDTHxHEIGHT, e.g. 1280x800") from error
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from db.engine import open_database
    from ui.screenshots import render

    database = open_database(arguments.db, create=False)
    try:
        image = render(database, arguments.view, arguments.find, width, height)
    finally:
        database.close()
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(arguments.output), "PNG"):
        raise UsageError(f"{arguments.output}: cannot write the file")
    print(f"Wrote {arguments.view} to {arguments.output} ({image.width()}x{image.height()}).")
    return 0
