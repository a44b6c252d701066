"""The command line: the same services as the window, for scripts, tests and reviewers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from db.files import DatabaseRefused, network_drive_warning
from tracker.common.errors import DomainError

EXIT_BAD_INPUT = 2
# What a shell reports for a command its pipe's reader cut short (128 + SIGPIPE), as for `yes | head -1`.
EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """A command line that cannot be carried out; the message names what is wrong."""


class _Parser(argparse.ArgumentParser):
    """Reports a bad command line in one line, like every other error, rather than usage text."""

    def error(self, message: str) -> NoReturn:
        # Said after "liaison: ", so a command's parser names only the command ("demo: ...").
        command = self.prog.removeprefix("liaison").strip()
        raise UsageError(f"{command + ': ' if command else ''}{message} (see --help)")


def _db_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="the database: a SQLite file path or a SQLAlchemy URL (default: liaison.db in your data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="liaison",
        description="Liaison records meetings with outside bodies. With no command, it opens the window.",
    )
    _db_option(parser, default=None)
    parser.add_argument("--version", action="store_true", help='print "Liaison VERSION" and exit')
    # The commands' modules load SQLAlchemy; the window, opened with no command, does not wait for it.
    from cli import bench, chart, database, demo, duties, export, imports, person, records, report, screenshot

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        demo,
        report,
        duties,
        database,
        screenshot,
        export,
        imports,
        records,
        person,
        bench,
        chart,
    ):
        sub = module.add_parser(commands)
        # --db may also come after the command's name; SUPPRESS keeps an earlier one.
        _db_option(sub, default=argparse.SUPPRESS)
    return parser


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The command line when it only opens the window (nothing, or just --db), else None."""
    parser = _Parser(prog="liaison", add_help=False)
    _db_option(parser, default=None)
    try:
        arguments, rest = parser.parse_known_args(argv)
    except UsageError:
        return None
    return None if rest else arguments


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # said before the commands' modules load: nothing to wait for
        return _print_version()
    window = _window_only(argv)
    if window is not None:
        from ui.app import run

        return run(window.db)
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except UsageError as error:
        print(f"liaison: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if arguments.version:
        return _print_version()
    if arguments.command is None:
        from ui.app import run

        return run(arguments.db)
    from db.engine import sqlite_file

    warning = network_drive_warning(sqlite_file(arguments.db))
    if warning is not None:
        print(f"liaison: warning: {warning}", file=sys.stderr)
    try:
        result: int = arguments.run(arguments)
        sys.stdout.flush()  # here, not at exit, so that a reader gone away is caught below
        return result
    except (DatabaseRefused, DomainError, UsageError) as error:
        print(f"liaison: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE


def _print_version() -> int:
    from tracker.common.version import full_name

    print(full_name())
    return 0


def _discard_stdout() -> None:
    """Point stdout at the null device, as Python's docs advise for SIGPIPE: the reader (`head`) has
    gone, and Python's own flush at exit would otherwise fail again and print a second complaint."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed to a pipe at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)
