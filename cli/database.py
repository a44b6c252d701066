"""`db upgrade|check|backup`: look after the database file itself."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db import migrate
from db.engine import DatabaseRefused, backup_sqlite, check_integrity, open_database


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser("db", help="upgrade, check or back up the database")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="bring the database to this version's schema (backing it up first)")
    actions.add_parser("check", help="check the file's integrity and that its schema matches this version")
    backup = actions.add_parser("backup", help="copy the database, checked, beside it or to -o FILE")
    backup.add_argument("-o", "--output", type=Path, help="where to write the copy")
    for action in actions.choices.values():
        action.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    upgrading = arguments.action == "upgrade"
    # Only `db upgrade` may create the database; checking or backing up one that is not there is an error.
    database = open_database(arguments.db, upgrade=upgrading, create=upgrading)
    try:
        where = database.where
        if arguments.action == "upgrade":
            print(f"{where} is at schema {migrate.current_revision(database.engine)} (the latest).")
        elif arguments.action == "check":
            problems = []
            if database.path is not None:
                integrity = check_integrity(database.path)
                if integrity != "ok":
                    problems.append(f"integrity: {integrity}")
            current, head = migrate.current_revision(database.engine), migrate.head_revision()
            if current != head:
                problems.append(f"schema {current} is older than {head}: run `db upgrade`")
            elif migrate.differences(database.engine):
                problems.append("the schema differs from this version's models")
            if problems:
                raise DatabaseRefused(f"{where}: " + "; ".join(problems))
            print(f"{where}: integrity ok, schema {current} (the latest).")
        else:
            if database.path is None:
                raise DatabaseRefused("db backup copies a SQLite file; back up a server with its own tools")
            copy = backup_sqlite(database.path, arguments.output)
            print(f"Backed up {where} to {copy} (checked).")
    finally:
        database.close()
    return 0
