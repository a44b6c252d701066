"""Races: two colleagues save the same record at once; many processes write one SQLite file at once.

    python benchmarks/races.py --races 200 [--db FILE_OR_URL | --postgres]
    python benchmarks/races.py --writers --rounds 10 [--imports 3] [--rows 1000]

With `--writers`, each round starts, on one SQLite file (a new one every other round, so they also
race to create it), `--imports` command line imports (`import csv` of `--rows` meetings each) and one
window-like writer: a process that logs meetings through the services in a loop, printing each id
once its commit has returned, and between saves reads the list's first rows straight from the file
as the window does before its database opens. Every import that said it imported its rows must have
them all there, and every meeting the writer reported must be there. Prints rounds, imports, the
writer's commits, and what was lost (must be 0).

Each race opens the same organisation in two Liaisons (two Database objects, as two colleagues'
windows would be), changes a different field in each, and lets both save at once (a barrier
releases the two threads together). Exactly one save must win and the other be refused with
EditConflict (which includes the narrow same-instant race the database's own version check
catches); the stored record must hold the winner's change and not the loser's. Prints the races
run, the conflicts caught, and the lost updates (both saves reported as done: must be 0).
`--postgres` starts a throwaway server the way the tests do (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.engine import Database, open_database  # noqa: E402
from db.vocabulary import OrganisationKind  # noqa: E402
from tracker.common.errors import EditConflict  # noqa: E402
from tracker.directory import organisations  # noqa: E402
from tracker.directory.organisations import OrganisationDraft  # noqa: E402


@dataclass
class Tally:
    races: int = 0
    caught: int = 0
    lost_updates: int = 0
    both_refused: int = 0
    wrong_contents: int = 0


def _save(database: Database, draft: OrganisationDraft, start: threading.Barrier, outcome: list[str]) -> None:
    start.wait()
    try:
        with database.session() as s:
            organisations.update(s, draft)
    except EditConflict:
        outcome.append("refused")
    else:
        outcome.append("saved")


def race(mine: Database, theirs: Database, organisation_id: int, number: int, tally: Tally) -> None:
    with mine.session() as s:
        opened = organisations.get(s, organisation_id)
    my_draft = replace(opened, notes=f"mine {number}")
    their_draft = replace(opened, acronym=f"T{number}")
    start = threading.Barrier(2)
    my_outcome: list[str] = []
    their_outcome: list[str] = []
    threads = [
        threading.Thread(target=_save, args=(mine, my_draft, start, my_outcome)),
        threading.Thread(target=_save, args=(theirs, their_draft, start, their_outcome)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.races += 1
    outcomes = sorted(my_outcome + their_outcome)
    if outcomes == ["refused", "saved"]:
        tally.caught += 1
    elif outcomes == ["saved", "saved"]:
        tally.lost_updates += 1
    else:
        tally.both_refused += 1
    with mine.session() as s:
        stored = organisations.get(s, organisation_id)
    mine_won = my_outcome == ["saved"]
    theirs_won = their_outcome == ["saved"]
    if mine_won and not theirs_won and (stored.notes, stored.acronym) != (my_draft.notes, opened.acronym):
        tally.wrong_contents += 1
    if theirs_won and not mine_won and (stored.notes, stored.acronym) != (opened.notes, their_draft.acronym):
        tally.wrong_contents += 1


_WRITER = """
import sys, time
from datetime import date, timedelta
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from db.engine import DatabaseBusy, open_database
from tracker import meetings
from tracker.meeting_list import NewestMeetings
from tracker.meetings import MeetingDraft
path, seconds = Path(sys.argv[1]), float(sys.argv[2])
database = open_database(path, actor="window-like")
deadline = time.monotonic() + seconds
number = 0
while time.monotonic() < deadline:
    number += 1
    try:
        with database.session() as s:
            day = date(2009, 1, 1) + timedelta(days=number % 300)
            logged = meetings.log(s, MeetingDraft(f"Window meeting {number}", day))
    except DatabaseBusy:
        continue  # told, nothing saved: a user would try again
    print(logged.id, flush=True)
    NewestMeetings.read(path)  # the window's own look at the file, beside its connection
database.close()
"""


@dataclass
class WriterTally:
    rounds: int = 0
    imports: int = 0
    imports_said_done: int = 0
    imports_lost: int = 0
    writer_commits: int = 0
    writer_lost: int = 0
    failures: list[str] = field(default_factory=list)


def _sheet(folder: Path, tag: str, rows: int) -> Path:
    path = folder / f"import-{tag}.csv"
    lines = ["date,title,organisations"]
    lines += [
        f"2009-{1 + i % 12:02d}-{1 + i % 28:02d},Meeting {tag} {i},Body {tag} {i % 50}" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def writers_round(folder: Path, number: int, imports: int, rows: int, tally: WriterTally) -> None:
    path = folder / f"round-{number}.db"
    if number % 2:
        open_database(path).close()
    tags = [f"r{number}-{chr(ord('a') + i)}" for i in range(imports)]
    sheets = {tag: _sheet(folder, tag, rows) for tag in tags}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), "3", str(ROOT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = {
        tag: subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "--db",
                str(path),
                "import",
                "csv",
                str(sheets[tag]),
                "--kind",
                "meetings",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in tags
    }
    said: dict[str, bool] = {}
    for tag, process in started.items():
        out, err = process.communicate()
        said[tag] = f"{rows} were imported" in out
        if not said[tag]:
            tally.failures.append(
                f"round {number}, import {tag} (exit {process.returncode}): {err.strip()[-300:]}"
            )
    out, err = writer.communicate()
    if writer.returncode != 0:
        tally.failures.append(f"round {number}, writer (exit {writer.returncode}): {err.strip()[-300:]}")
    reported = [int(word) for word in out.split()]
    connection = sqlite3.connect(path)
    try:
        for tag in tags:
            tally.imports += 1
            if not said[tag]:
                continue
            tally.imports_said_done += 1
            found = connection.execute(
                "SELECT count(*) FROM meetings WHERE title LIKE ?", (f"Meeting {tag} %",)
            )
            if found.fetchone()[0] != rows:
                tally.imports_lost += 1
        present = {
            row[0]
            for row in connection.execute("SELECT id FROM meetings WHERE title LIKE 'Window meeting %'")
        }
    finally:
        connection.close()
    tally.writer_commits += len(reported)
    tally.writer_lost += len(set(reported) - present)
    tally.rounds += 1


def run_writers(rounds: int, imports: int, rows: int) -> WriterTally:
    tally = WriterTally()
    with tempfile.TemporaryDirectory() as folder:
        for number in range(rounds):
            writers_round(Path(folder), number, imports, rows, tally)
    return tally


@contextmanager
def _target(arguments: argparse.Namespace) -> Iterator[str]:
    if arguments.postgres:
        from sqlalchemy import create_engine

        from tests.pg_server import start_server

        server = start_server()
        try:
            admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql("CREATE DATABASE liaison_races")
            admin.dispose()
            yield server.url("liaison_races")
        finally:
            server.stop()
    elif arguments.db:
        yield arguments.db
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield str(Path(folder) / "races.db")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--races", type=int, default=200)
    parser.add_argument("--writers", action="store_true", help="many processes writing one SQLite file")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--imports", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1000)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="a SQLite file or a PostgreSQL URL (default: a new SQLite file)")
    where.add_argument("--postgres", action="store_true", help="race on a throwaway PostgreSQL server")
    arguments = parser.parse_args(argv)
    if arguments.writers:
        started = time.monotonic()
        writers = run_writers(arguments.rounds, arguments.imports, arguments.rows)
        print(
            f"SQLite, {writers.rounds} rounds of {arguments.imports} imports of {arguments.rows} rows and a"
            f" window-like writer: {writers.imports_said_done} of {writers.imports} imports said done,"
            f" {writers.imports_lost} of them lost; the writer's {writers.writer_commits} commits,"
            f" {writers.writer_lost} lost ({time.monotonic() - started:.0f} s)"
        )
        for failure in writers.failures:
            print(failure)
        lost = writers.imports_lost + writers.writer_lost
        return 0 if lost == 0 and not writers.failures else 1
    with _target(arguments) as target:
        mine = open_database(target, actor="mine")
        theirs = open_database(target, actor="theirs")
        try:
            with mine.session() as s:
                organisation_id = organisations.create(
                    s, OrganisationDraft("Home Office", OrganisationKind.GOVERNMENT_DEPARTMENT)
                ).id
            assert organisation_id is not None
            tally = Tally()
            for number in range(arguments.races):
                race(mine, theirs, organisation_id, number, tally)
        finally:
            mine.close()
            theirs.close()
    backend = "PostgreSQL" if "postgresql" in target else "SQLite"
    print(
        f"{backend}: {tally.races} races; {tally.caught} caught (one saved, one refused);"
        f" {tally.lost_updates} lost updates; {tally.both_refused} with both refused;"
        f" {tally.wrong_contents} with the wrong contents stored"
    )
    return 0 if tally.lost_updates == 0 and tally.wrong_contents == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
