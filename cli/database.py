"""`db upgrade|check|repair|backup|restore|copy|grant`: look after the database itself."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db import backups, health, migrate, roles
from db.copy import copy_database
from db.engine import Database, open_database, sqlite_file
from db.files import DatabaseRefused, backup_sqlite


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser("db", help="upgrade, check or back up the database")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="bring the database to this version's schema (backing it up first)")
    actions.add_parser(
        "check",
        help="check integrity, schema, the search index and the audit trail; exit 1 if anything is wrong",
    )
    actions.add_parser(
        "repair",
        help="back up, then rebuild the search index and its triggers; the audit trail is left as it is",
    )
    backup = actions.add_parser(
        "backup", help="copy the database, checked, into its backups/ folder (kept till deleted) or -o FILE"
    )
    backup.add_argument("-o", "--output", type=Path, help="where to write the copy")
    restore = actions.add_parser(
        "restore",
        help="replace the database with a backup, checked first; what was there is kept in backups/",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore from")
    copy = actions.add_parser(
        "copy",
        help="copy every record to an empty database (a SQLite file to a server, or back), counts checked",
    )
    copy.add_argument(
        "--from", dest="source", metavar="PATH_OR_URL", help="the database to copy (default: --db)"
    )
    copy.add_argument(
        "--to", dest="destination", metavar="PATH_OR_URL", required=True, help="an empty database"
    )
    grant = actions.add_parser(
        "grant",
        help="set up the server's roles (member reads, officer edits, admin manages), or give a login one",
    )
    for role, word in (
        ("member", "reads"),
        ("officer", "keeps records"),
        ("admin", "manages boards and people"),
    ):
        article = "an" if role[0] in "aeiou" else "a"
        grant.add_argument(
            f"--{role}",
            metavar="LOGIN",
            action="append",
            default=[],
            help=f"make LOGIN {article} {role} ({word})",
        )
    for action in actions.choices.values():
        action.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)
    return parser


def _restore(arguments: argparse.Namespace) -> int:
    # Not opened first: restoring is how a damaged file is replaced, and opening refuses one.
    path = sqlite_file(arguments.db)
    if path is None:
        raise DatabaseRefused("db restore replaces a SQLite file; restore a server with its own tools")
    restored = backups.restore(path, arguments.file)
    database = open_database(path)  # an older backup is upgraded here, itself backed up first
    try:
        schema = migrate.current_revision(database.engine)
    finally:
        database.close()
    kept = f" The database as it was is kept at {restored.safety_copy}." if restored.safety_copy else ""
    upgraded = f", upgraded to schema {schema}" if schema != restored.schema else ""
    print(
        f"Restored {path} from {restored.source}: {restored.rows} rows, integrity ok,"
        f" schema {restored.schema}{upgraded}.{kept}"
    )
    return 0


def _copy(arguments: argparse.Namespace) -> int:
    source = arguments.source if arguments.source is not None else arguments.db
    if source is None:
        raise DatabaseRefused("db copy: say which database to copy with --from PATH_OR_URL")
    counts = copy_database(source, arguments.destination)
    width = max(len(c.table) for c in counts)
    for count in counts:
        print(f"  {count.table:<{width}}  {count.source:>7} read  {count.target:>7} written")
    total = sum(c.target for c in counts)
    print(f"Copied {total} rows in {len(counts)} tables; every table's count checked.")
    return 0


def _grant(arguments: argparse.Namespace) -> int:
    logins = [
        (login, role)
        for option, role in (("member", roles.MEMBER), ("officer", roles.OFFICER), ("admin", roles.ADMIN))
        for login in getattr(arguments, option)
    ]
    database = open_database(arguments.db, upgrade=False, create=False)
    try:
        if not logins or not roles.is_set_up(database.engine):
            for line in roles.set_up(database.engine):
                print(line)
        for login, role in logins:
            print(roles.add_login(database.engine, login, role))
    except roles.GrantRefused as error:
        raise DatabaseRefused(f"{database.where}: {error}") from error
    finally:
        database.close()
    return 0


def _check(database: Database) -> int:
    found = health.check(database)
    for problem in found.problems:
        print(f"{database.where}: {problem}")
    if not found.ok:
        count = len(found.problems)
        print(f"{count} problem(s) found; `db repair` rebuilds the search index, not the audit trail.")
        return 1
    print(f"{database.where}: {found.summary()}.")
    return 0


def _repair(database: Database) -> int:
    repaired = health.repair(database)
    if repaired.backup is not None:
        print(f"Backed up {database.where} to {repaired.backup} (checked).")
    else:
        print(f"{database.where} is a server, not backed up here: the search index is rebuilt from its rows.")
    for step in repaired.done:
        print(f"Repaired: {step}.")
    if not repaired.done:
        print("Nothing to rebuild: the search index and its triggers are sound.")
    left = repaired.after.problems
    for problem in left:
        print(f"{database.where}: {problem}")
    if left:
        audit_only = all(p.area == health.AUDIT for p in left)
        reason = (
            "the audit trail is history, which a repair cannot rebuild; it has been left as it is"
            if audit_only
            else "left as they are"
        )
        print(f"{len(left)} problem(s) remain: {reason}.")
        return 1
    print(f"{database.where}: {repaired.after.summary()}.")
    return 0


def run(arguments: argparse.Namespace) -> int:
    if arguments.action == "restore":
        return _restore(arguments)
    if arguments.action == "copy":
        return _copy(arguments)
    if arguments.action == "grant":
        return _grant(arguments)
    upgrading = arguments.action == "upgrade"
    # Only `db upgrade` may create the database; checking or backing up one that is not there is an error.
    database = open_database(arguments.db, upgrade=upgrading, create=upgrading)
    try:
        where = database.where
        if arguments.action == "upgrade":
            print(f"{where} is at schema {migrate.current_revision(database.engine)} (the latest).")
            if roles.is_set_up(database.engine) and database.access.role == "owner":
                roles.set_up(database.engine)  # tables a migration added get the roles' grants too
                print("The roles' grants cover every table.")
        elif arguments.action == "check":
            return _check(database)
        elif arguments.action == "repair":
            return _repair(database)
        else:
            if database.path is None:
                raise DatabaseRefused("db backup copies a SQLite file; back up a server with its own tools")
            if arguments.output is None:
                copy = backups.write(database.path, backups.MANUAL)
            else:
                copy = backup_sqlite(database.path, arguments.output)
            print(f"Backed up {where} to {copy} (checked).")
    finally:
        database.close()
    return 0
