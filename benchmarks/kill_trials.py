"""Kill trials: a process writing to the database is killed with SIGKILL; is every reported commit there?

    python benchmarks/kill_trials.py --trials 1000 [--db FILE] [--seed N]

Each trial is one of three kinds, in turn:
- "any moment": a child opens the database and logs meetings through the services, as the window
  does (each with a body, two attendees, a theme and a follow-up: several tables and the audit
  trail in one transaction), printing a meeting's id only after its commit has returned; it is
  killed at a random moment once it has committed once;
- "inside a commit": the same child also says when it is about to commit, and is killed within a
  few milliseconds of saying so, while SQLite writes and syncs the commit;
- "import": `import csv` of a sheet of meetings of its own, killed at a random moment; it must be
  there whole or not at all (whole if the command said it had imported it).
The parent then reopens the database as Liaison does and checks that every id reported is there
and that `PRAGMA integrity_check` says ok. The trials share one database, so each also starts from
a file the previous one left mid-write. Prints the trials of each kind, the commits reported, the
commits lost (must be 0), the imports left half done (must be 0) and integrity failures.
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

from sqlalchemy import event, func, select  # noqa: E402

from db.engine import open_database  # noqa: E402
from db.models import Meeting, Person  # noqa: E402
from db.vocabulary import AttendanceRole, OrganisationKind, PersonKind  # noqa: E402
from tracker import meetings  # noqa: E402
from tracker.directory import organisations, people  # noqa: E402
from tracker.lobbying import themes  # noqa: E402
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


COMMITTING = "committing"


def child(target: Path) -> None:
    """Log meetings until killed; print each id once its commit has returned, and COMMITTING as
    each commit starts."""
    body, kemp, murray, theme = _directory(target)
    database = open_database(target, actor="kill-trials")
    event.listen(database.sessions, "before_commit", lambda _session: print(COMMITTING, flush=True))
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


KINDS = ("any moment", "inside a commit", "import")
IMPORT_ROWS = 2000


@dataclass
class Tally:
    trials: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    reported: int = 0
    lost: int = 0
    imports_whole: int = 0
    imports_absent: int = 0
    imports_half_done: int = 0
    integrity_failures: int = 0
    problems: list[str] = field(default_factory=list)


def _start_child(target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _kill_logging(target: Path, rng: random.Random, *, in_commit: bool, max_delay: float) -> list[int]:
    """Start a logging child, kill it (at any moment, or just inside a commit), return the ids it reported."""
    process = _start_child(target)
    assert process.stdout is not None
    seen: list[str] = []
    while True:  # until the first commit has returned
        line = process.stdout.readline()
        if not line:
            error = process.stderr.read() if process.stderr else ""
            process.wait()
            raise RuntimeError(f"the child stopped before its first commit:\n{error}")
        seen.append(line)
        if line.strip().isdigit():
            break
    if in_commit:
        for _ in range(rng.randint(0, 3)):  # a few more commits first, so the file keeps growing
            seen.append(process.stdout.readline())
        while (line := process.stdout.readline()) and line.strip() != COMMITTING:
            seen.append(line)
        time.sleep(rng.uniform(0, 0.004))  # SQLite is writing the commit and syncing it
    else:
        time.sleep(rng.uniform(0, max_delay))
    process.send_signal(signal.SIGKILL)
    rest, _errors = process.communicate()
    return [int(word) for word in ("".join(seen) + rest).split() if word.isdigit()]


def _import_sheet(folder: Path, number: int) -> Path:
    sheet = folder / f"import-{number}.csv"
    lines = ["date,title,organisations"]
    lines += [
        f"2010-{1 + i % 12:02d}-{1 + i % 28:02d},Imported {number}-{i},Import body {i % 40}"
        for i in range(IMPORT_ROWS)
    ]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sheet


def _kill_import(target: Path, number: int, rng: random.Random) -> tuple[bool, str]:
    """Start `import csv`, kill it at a random moment; whether it said it had finished, and its tag."""
    sheet = _import_sheet(target.parent, number)
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(target),
            "import",
            "csv",
            str(sheet),
            "--kind",
            "meetings",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    time.sleep(rng.uniform(0.3, 3.0))
    process.send_signal(signal.SIGKILL)
    out, _errors = process.communicate()
    sheet.unlink()
    return f"{IMPORT_ROWS} were imported" in out, f"Imported {number}-%"


def trial(target: Path, tally: Tally, rng: random.Random, *, max_delay: float = 0.3) -> None:
    """One child started, killed, and the database checked as Liaison opens it."""
    kind = KINDS[tally.trials % len(KINDS)]
    reported: list[int] = []
    finished, tag = False, ""
    if kind == "import":
        if not target.exists():
            _directory(target)
        finished, tag = _kill_import(target, tally.trials, rng)
    else:
        reported = _kill_logging(target, rng, in_commit=kind == "inside a commit", max_delay=max_delay)
    tally.trials += 1
    tally.by_kind[kind] += 1
    tally.reported += len(reported)

    database = open_database(target, actor="kill-trials")  # as Liaison opens it: checked first
    try:
        with database.engine.connect() as connection:
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        with database.reading() as s:
            present = set(s.scalars(select(Meeting.id).where(Meeting.id.in_(reported))))
            imported = (
                s.scalar(select(func.count()).select_from(Meeting).where(Meeting.title.like(tag)))
                if tag
                else 0
            )
    finally:
        database.close()
    lost = sorted(set(reported) - present)
    tally.lost += len(lost)
    if lost:
        tally.problems.append(f"trial {tally.trials}: commits reported but missing: {lost}")
    if kind == "import":
        if imported == IMPORT_ROWS:
            tally.imports_whole += 1
        elif imported == 0 and not finished:
            tally.imports_absent += 1
        else:
            tally.imports_half_done += 1
            tally.problems.append(
                f"trial {tally.trials}: import said finished={finished}, {imported} rows there"
            )
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
    kinds = ", ".join(f"{count} {kind}" for kind, count in tally.by_kind.items())
    print(
        f"trials: {tally.trials} ({kinds})  commits reported: {tally.reported}  commits lost: {tally.lost}"
        f"  imports whole: {tally.imports_whole}, not there: {tally.imports_absent},"
        f" half done: {tally.imports_half_done}  integrity failures: {tally.integrity_failures}"
        f"  ({elapsed:.0f} s)"
    )
    for problem in tally.problems:
        print(problem)
    failed = tally.lost or tally.integrity_failures or tally.imports_half_done
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
