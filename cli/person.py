"""`person export|erase`: a person's subject-access export, and the erasure of their personal data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.engine import open_database
from tracker import personal_data
from tracker.errors import DomainError


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "person", help="export everything held about a person, or erase their personal data"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write everything held about a person as JSON (subject access)"
    )
    export.add_argument("person", metavar="ID|NAME", help="the person's number or name")
    export.add_argument("-o", "--output", type=Path, required=True, help="the JSON file to write")
    erase = actions.add_parser(
        "erase", help="anonymise a person everywhere, keeping counts; cannot be undone"
    )
    erase.add_argument("person", metavar="ID|NAME", help="the person's number or name")
    erase.add_argument("--yes", action="store_true", help="confirm the erasure, which cannot be undone")
    for action in actions.choices.values():
        action.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def run(arguments: argparse.Namespace) -> int:
    if arguments.action == "erase" and not arguments.yes:
        raise DomainError(
            "erasing a person's data cannot be undone; add --yes to confirm"
            " (run `person export` first to keep a copy for them)"
        )
    if arguments.action == "export":
        personal_data.export_path(arguments.output)  # a file that cannot be written: refused first
    database = open_database(arguments.db, create=False)
    try:
        with database.session() as session:
            person_id = personal_data.find(session, arguments.person)
            if arguments.action == "export":
                data = personal_data.subject_access(session, person_id)
            else:
                label = personal_data.erase(session, person_id)
    finally:
        database.close()
    if arguments.action == "export":
        personal_data.write_export(arguments.output, data)
        held = ", ".join(
            f"{len(data[key])} {noun}"
            for key, noun in (
                ("positions", "positions"),
                ("attendances", "meetings attended"),
                ("appointments", "appointments"),
                ("asks_targeted", "asks"),
                ("follow_ups_owned", "follow-ups"),
                ("audit", "audit entries"),
            )
        )
        print(f"Wrote everything held about person #{person_id} to {arguments.output}: {held}.")
    else:
        print(f"Erased the personal data of person #{person_id}; they are now shown as “{label}”.")
    return 0
