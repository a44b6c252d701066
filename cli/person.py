"""`person export|erase`: a person's subject-access export, and the erasure of their personal data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from db import backups
from db.engine import open_database
from tracker.common import personal_data
from tracker.common.errors import DomainError


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
    erase.add_argument(
        "--backups",
        action="store_true",
        help="erase them from the backups in the database's backups/ folder too"
        " (a backup at an older schema is removed instead)",
    )
    for action in actions.choices.values():
        action.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def _export(arguments: argparse.Namespace) -> int:
    personal_data.export_path(arguments.output)  # a file that cannot be written: refused first
    database = open_database(arguments.db, create=False)
    try:
        with database.session() as session:
            person_id = personal_data.find(session, arguments.person)
            data = personal_data.subject_access(session, person_id)
    finally:
        database.close()
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
    return 0


def _backups(path: Path, person: personal_data.Trace, actor: str, *, erasing: bool) -> None:
    """Say which backups still hold the person, and with --backups erase them there too."""
    held = personal_data.backups_holding(path, person)
    place = backups.folder(path)
    if not held:
        print(f"No backup in {place} holds them.")
        return
    if not erasing:
        names = ", ".join(copy.name for copy in held)
        print(
            f"{len(held)} backups in {place} still hold them: {names}. Run `person erase"
            f" {person.person_id} --yes --backups` to erase them there too."
        )
        return
    for copy in held:
        done = personal_data.erase_from_backup(copy, person, actor)
        if done.removed_because is None:
            print(f"Erased them from the backup {copy.name}.")
        else:
            print(f"Removed the backup {copy.name}: {done.removed_because}.")


def _erase(arguments: argparse.Namespace) -> int:
    if not arguments.yes:
        raise DomainError(
            "erasing a person's data cannot be undone; add --yes to confirm"
            " (run `person export` first to keep a copy for them)"
        )
    database = open_database(arguments.db, create=False)
    path, actor = database.path, database.actor
    already: personal_data.AlreadyErased | None = None
    try:
        with database.session() as session:
            person_id = personal_data.find(session, arguments.person)
            person = personal_data.trace(session, person_id) if path is not None else None
            try:
                label = personal_data.erase(session, person_id)
            except personal_data.AlreadyErased as error:
                already = error
    finally:
        database.close()
    if already is None:
        print(f"Erased the personal data of person #{person_id}; they are now shown as “{label}”.")
    # Run again on an erased person, it finishes what an interrupted erasure could not (the file, backups).
    cleared = path is None or personal_data.clear_from_file(path)
    if path is not None and person is not None:
        _backups(path, person, actor, erasing=arguments.backups)
    elif arguments.backups:
        print("Backups of a database server are kept by the server's own tools; erase them there.")
    if not cleared:
        print(
            f"liaison: warning: another Liaison was reading {path} meanwhile, so the erased text may"
            f" remain in the file until it closes; then run `person erase {person_id} --yes` again"
            " to clear it.",
            file=sys.stderr,
        )
        return 1
    if already is not None:
        raise already
    return 0


def run(arguments: argparse.Namespace) -> int:
    if arguments.action == "export":
        return _export(arguments)
    return _erase(arguments)
