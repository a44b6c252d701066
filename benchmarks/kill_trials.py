"""Kill trials: a process logging meetings in a loop is killed with SIGKILL; is every reported commit there?

    python benchmarks/kill_trials.py --trials 200 [--db FILE]

Each trial starts a child that opens the database and logs meetings through the services (each
with a body, two attendees, a theme and a follow-up: several tables and the audit trail in one
transaction), printing a meeting's id only after its commit has returned. The parent kills the
child with SIGKILL at a random moment once it is committing, reopens the database as Liaison does,
and checks that every id the child reported is there and that `PRAGMA integrity_check` says ok.
The trials share one database, so each also starts from a file the previous one left mid-write.
Prints the trials run, the commits reported, the commits lost (must be 0) and integrity failures.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from db.engine import open_database  # noqa: E402
from db.models import Meeting, Person  # noqa: E402
from db.vocabulary import AttendanceRole, OrganisationKind, PersonKind  # noqa: E402
from tracker import meetings, organisations, people, themes  # noqa: E402
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft  # noqa: E402


def _directory(target: Path) -> tuple[int, int, int, int]:
    """The body, two people and the theme every logged meeting links to (made once)."""
    database = open_database(target, actor="kill-trials")
    try:
        with database.session() as s:
            held = s.scalars(select(Person.id).order_by(Person.id)).all()
            if len(held) >= 2:
                body = organisations.find_similar(s, "National Crime Reduction Board")[0].id
                theme = themes.all_rows(s)[0].id
                return body, held[0], held[1], theme
            body = organisations.create(
                s,
                organisations.OrganisationDraft(
                    "National Crime Reduction Board", OrganisationKind.BOARD_OR_GROUP
                ),
            ).id
            kemp = people.create(s, people.PersonDraft("Richard Kemp", PersonKind.MEMBER, title="Cllr")).id
            murray = people.create(s, people.PersonDraft("Helen Murray", PersonKind.OFFICER)).id
            theme = themes.create(s, themes.ThemeDraft("CDRP reform")).id
    finally:
        database.close()
    assert body is not None and kemp is not None and murray is not None and theme is not None
    return body, kemp, murray, theme


def child(target: Path) -> None:
    """Log meetings until killed; print each id once its commit has returned."""
    body, kemp, murray, theme = _directory(target)
    database = open_database(target, actor="kill-trials")
    day = date(2009, 1, 1)
    number = 0
    while True:
        number += 1
        with database.session() as s:
            logged = meetings.log(
                s,
                MeetingDraft(
                    f"Board meeting {os.getpid()}-{number}",
                    day + timedelta(days=number % 365),
                    bodies=(BodyEntry(body),),
                    attendees=(AttendeeEntry(kemp, AttendanceRole.CHAIRED), AttendeeEntry(murray)),
                    theme_ids=(theme,),
                    summary="The board discussed CDRP reform. " * 20,
                    follow_ups=(FollowUpEntry("Circulate the minutes", murray),),
                ),
            )
        print(logged.id, flush=True)


@dataclass
class Tally:
    trials: int = 0
    reported: int = 0
    lost: int = 0
    integrity_failures: int = 0
    problems: list[str] = field(default_factory=list)


def trial(target: Path, tally: Tally, rng: random.Random, *, max_delay: float = 0.3) -> None:
    """One child started, killed at a random moment while committing, and the database checked."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # blocks until the child has made its first commit
    if not first:
        error = process.stderr.read() if process.stderr else ""
        process.wait()
        raise RuntimeError(f"the child stopped before its first commit:\n{error}")
    time.sleep(rng.uniform(0, max_delay))
    process.send_signal(signal.SIGKILL)
    rest, _errors = process.communicate()
    reported = [int(line) for line in (first + rest).split()]
    tally.trials += 1
    tally.reported += len(reported)

    database = open_database(target, actor="kill-trials")  # as Liaison opens it: checked first
    try:
        with database.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        with database.session() as s:
            present = set(s.scalars(select(Meeting.id).where(Meeting.id.in_(reported))))
    finally:
        database.close()
    lost = sorted(set(reported) - present)
    tally.lost += len(lost)
    if lost:
        tally.problems.append(f"trial {tally.trials}: commits reported but missing: {lost}")
    if integrity != ["ok"]:
        tally.integrity_failures += 1
        tally.problems.append(f"trial {tally.trials}: integrity check: {integrity[:3]}")


def run_trials(target: Path, trials: int, seed: int | None = None) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    for _ in range(trials):
        trial(target, tally, rng)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument(
        "--db", type=Path, help="the database to use (default: a new one in a temporary folder)"
    )
    parser.add_argument("--seed", type=int)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child is not None:
        child(arguments.child)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        target = arguments.db or Path(folder) / "kill-trials.db"
        started = time.monotonic()
        tally = run_trials(target, arguments.trials, arguments.seed)
        elapsed = time.monotonic() - started
    print(
        f"trials: {tally.trials}  commits reported: {tally.reported}  commits lost: {tally.lost}"
        f"  integrity failures: {tally.integrity_failures}  ({elapsed:.0f} s)"
    )
    for problem in tally.problems:
        print(problem)
    return 0 if tally.lost == 0 and tally.integrity_failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
