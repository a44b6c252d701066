"""Edit races: two colleagues save the same record at the same moment; is one refused, every time?

    python benchmarks/races.py --races 200 [--db FILE_OR_URL | --postgres]

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
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.engine import Database, open_database  # noqa: E402
from db.vocabulary import OrganisationKind  # noqa: E402
from tracker import organisations  # noqa: E402
from tracker.errors import EditConflict  # noqa: E402
from tracker.organisations import OrganisationDraft  # noqa: E402


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
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="a SQLite file or a PostgreSQL URL (default: a new SQLite file)")
    where.add_argument("--postgres", action="store_true", help="race on a throwaway PostgreSQL server")
    arguments = parser.parse_args(argv)
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
