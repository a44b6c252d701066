"""`demo`: builds a database holding the seed board papers' real records."""

from __future__ import annotations

import argparse
from typing import Any

from db.engine import open_database
from tracker import demo


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "demo", help="build a database holding the seed papers' bodies, people, themes and meetings"
    )
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    database = open_database(arguments.db, actor="demo")
    try:
        with database.session() as session:
            summary = demo.build(session, progress=lambda step: print(f"adding {step}..."))
    finally:
        database.close()
    print(
        f"Built the demo in {database.where}: {summary.organisations} organisations,"
        f" {summary.people} people, {summary.themes} themes, {summary.meetings} meetings,"
        f" {summary.boards} board{'' if summary.boards == 1 else 's'}, {summary.appointments} appointments,"
        f" {summary.bills} bills, {summary.asks} asks."
    )
    return 0
