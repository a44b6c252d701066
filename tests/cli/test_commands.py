"""The command line, as scripts and reviewers use it: exit status, messages, and files written."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from db.engine import open_database
from tracker import meetings
from tracker.common.listing import ListQuery

ROOT = Path(__file__).resolve().parents[2]


def test_demo_builds_the_seed_records_with_db_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.db"
    assert main(["demo", "--db", str(path)]) == 0
    assert "25 meetings, 1 board, 4 appointments, 5 bills, 4 asks" in capsys.readouterr().out
    database = open_database(path)
    with database.session() as s:
        assert meetings.count(s, ListQuery("National Crime Reduction Board")) == 2
    database.close()


def test_demo_refuses_a_database_that_already_holds_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.db"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "demo"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already holds records" in error


def test_a_foreign_file_gives_exit_2_a_one_line_message_and_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["--db", str(path), "db", "check"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("liaison: ") and error.count("\n") == 1
    assert "not a Liaison database" in error
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_db_check_backup_and_upgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.db"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert main(["db", "check", "--db", str(path)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    copy = tmp_path / "copies" / "copy.db"
    assert main(["--db", str(path), "db", "backup", "-o", str(copy)]) == 0
    assert copy.exists() and f"to {copy}" in capsys.readouterr().out


def test_screenshot_of_the_meetings_shows_june_2009(tmp_path: Path) -> None:
    """Runs as a user would, in a fresh process, and checks the picture has the rows drawn."""
    path = tmp_path / "d.db"
    picture = tmp_path / "m.png"
    run = [sys.executable, str(ROOT / "main.py"), "--db", str(path)]
    subprocess.run([*run, "demo"], check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [*run, "screenshot", "meetings", "-o", str(picture)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(60, 700, 7)}
    assert len(colours) > 20, "the list is drawn, not a blank window"


def test_screenshot_refuses_a_name_that_is_not_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", str(tmp_path / "d.db"), "screenshot", "meetings", "-o", str(tmp_path / "m.jpg")]) == 2
    )
    assert "name the file .png" in capsys.readouterr().err


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "d.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_report_outside_bodies_writes_the_june_2009_paper(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    paper = demo_path.parent / "paper.docx"
    arguments = [
        "--db",
        str(demo_path),
        "report",
        "outside-bodies",
        "--board",
        "Safer Communities Board",
        "--since",
        "2009-03-14",
        "--until",
        "2009-06-13",
        "-o",
        str(paper),
    ]
    assert main(arguments) == 0
    assert "17 entries (8 member activity, 9 officer activity)" in capsys.readouterr().out
    document = docx.Document(str(paper))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][-2:] == [
        "Member activity",
        "Officer activity",
    ]


def test_report_periods_default_to_the_boards_last_meeting(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = demo_path.parent / "paper.md"
    assert (
        main(
            [
                "--db",
                str(demo_path),
                "report",
                "outside-bodies",
                "--board",
                "safer communities board",
                "-o",
                str(paper),
            ]
        )
        == 0
    )
    assert "from 14 Mar 2009 to 13 Jun 2009" in capsys.readouterr().out
    text = paper.read_text(encoding="utf-8")
    assert (
        text.index("# Meetings with outside bodies")
        < text.index("## Member activity")
        < text.index("### National Crime Reduction Board")
        < text.index("## Officer activity")
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--board", "Safer Community Board"], "no board called “Safer Community Board”. Boards held: Safer"),
        (["--board", "Safer Communities Board", "--since", "14/03/2009"], "“14/03/2009” is not a date"),
        (["--board", "Safer Communities Board", "--until", "2009-02-30"], "“2009-02-30” is not a date"),
    ],
)
def test_report_bad_input_is_one_line_and_exit_2(
    demo_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = demo_path.parent / "paper.docx"
    assert main(["--db", str(demo_path), "report", "outside-bodies", *extra, "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error
    assert not out.exists()


def test_report_to_an_unwritable_place_is_one_line_and_exit_2(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = demo_path.parent / "no such folder" / "paper.pdf"
    assert (
        main(
            [
                "--db",
                str(demo_path),
                "report",
                "outside-bodies",
                "--board",
                "Safer Communities Board",
                "-o",
                str(out),
            ]
        )
        == 2
    )
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "paper.pdf" in error


def test_duties_prints_a_members_table_and_writes_the_sheet_and_calendar(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    sheet, calendar = demo_path.parent / "kemp.docx", demo_path.parent / "kemp.ics"
    arguments = [
        "--db",
        str(demo_path),
        "duties",
        "Cllr Richard Kemp",
        "--as-of",
        "2009-06-13",
        "-o",
        str(sheet),
        "--ics",
        str(calendar),
    ]
    assert main(arguments) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("National Crime Reduction Board"))
    # rate, last attended, report-backs owed: March is overdue; May, known to the month, is due by 14 June
    assert row.split()[-4:] == ["100%", "May", "2009", "1"]
    assert "In all: 2 meetings held, 2 attended (100%)." in out
    import docx

    document = docx.Document(str(sheet))
    assert "National Crime Reduction Board (NCRB): representative" in [p.text for p in document.paragraphs]
    parsed = Calendar.from_ical(calendar.read_bytes())
    assert parsed.get("prodid") is not None


def test_duties_all_as_csv_lists_every_appointment_with_its_status(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io

    assert main(["--db", str(demo_path), "duties", "--all", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["Person", "Outside body", "Role"]
    assert {(r[0], r[1], r[5]) for r in rows[1:]} == {
        ("Cllr Tom Fox", "APA Local Accountability Strategy Group", "current"),
        ("Cllr David Smith", "Criminal Justice Council", "current"),
        ("Cllr Allan Witherick", "Local Government Panel", "current"),
        ("Cllr Richard Kemp", "National Crime Reduction Board (NCRB)", "current"),
    }


def test_duties_for_an_unknown_person_suggests_the_closest(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_path), "duties", "Cllr Kemps"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Closest: Cllr Richard Kemp" in error
    assert main(["--db", str(demo_path), "duties"]) == 2
    assert "name one member or officer, or give --all" in capsys.readouterr().err


def test_a_cell_that_looks_like_a_formula_is_neutralised() -> None:
    from tracker.io.cells import safe_cell

    assert [safe_cell(v) for v in ('=HYPERLINK("x")', "+44 20", "-1", "@SUM", "Home Office", None)] == [
        '\'=HYPERLINK("x")',
        "'+44 20",
        "'-1",
        "'@SUM",
        "Home Office",
        "",
    ]


def test_report_lobbying_writes_the_outcomes_per_bill(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = demo_path.parent / "lobbying.md"
    assert (
        main(
            [
                "--db",
                str(demo_path),
                "report",
                "lobbying",
                "--since",
                "2006-09-01",
                "--until",
                "2007-07-16",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    # The Offender Management Bill's four asks, and the demo programme's asks on two more bills (one
    # of them spans the Local Government Bill too, counted once).
    assert "7 asks on 3 bills." in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert (
        "## Offender Management Bill" in text
        and "The role of councillors on probation trusts has been recognised." in text
    )


def test_report_brief_for_a_body_and_an_unknown_body(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = demo_path.parent / "brief.html"
    assert (
        main(
            [
                "--db",
                str(demo_path),
                "report",
                "brief",
                "--body",
                "the NCRB",
                "--as-of",
                "2009-06-13",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert (
        "Brief: National Crime Reduction Board (NCRB)" in html and "Cllr Richard Kemp, representative" in html
    )
    capsys.readouterr()
    assert main(["--db", str(demo_path), "report", "brief", "--body", "Home Ofice", "-o", str(out)]) == 2
    assert "Closest: Home Office" in capsys.readouterr().err


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, min(len(data), page_size * 6)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_db_check_of_a_damaged_file_is_exit_2_and_leaves_only_the_file(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(demo_path)
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    assert main(["db", "check", "--db", str(demo_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "is damaged" in error
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
    assert listing(demo_path.parent) == ["d.db"]


def test_db_check_and_backup_leave_only_the_database_and_the_copy(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_path), "db", "check"]) == 0
    assert listing(demo_path.parent) == ["d.db"]
    copy = demo_path.parent / "copy.db"
    assert main(["--db", str(demo_path), "db", "backup", "-o", str(copy)]) == 0
    assert listing(demo_path.parent) == ["copy.db", "d.db"]


def test_db_backup_to_a_folder_is_one_line_exit_2_and_leaves_nothing(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo_path.parent / "backups"
    folder.mkdir()
    assert main(["--db", str(demo_path), "db", "backup", "-o", str(folder)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("liaison: ") and error.count("\n") == 1 and "it is a folder" in error
    assert listing(demo_path.parent) == ["backups", "d.db"]
    assert listing(folder) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nosuch://x", "nosuch://x: Liaison cannot use “nosuch” databases"),
        ("postgresql+psycopg://u:secret@127.0.0.1:1/x", "postgresql+psycopg://u:***@127.0.0.1:1/x: "),
        ("postgresql://u@[::1/x", "postgresql://u@[::1/x: "),
    ],
)
def test_a_url_that_cannot_be_used_is_one_line_and_exit_2(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "db", "check"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"liaison: {message}") and error.count("\n") == 1
    assert "secret" not in error


READ_ONLY_COMMANDS = [
    ["report", "outside-bodies", "--board", "Nope", "-o", "{out}/paper.md"],
    ["report", "lobbying", "--since", "2009-01-01", "--until", "2009-06-13", "-o", "{out}/lobbying.md"],
    ["report", "brief", "--body", "Home Office", "-o", "{out}/brief.md"],
    ["duties", "Cllr Richard Kemp"],
    ["duties", "--all"],
    ["screenshot", "meetings", "-o", "{out}/m.png"],
    ["db", "check"],
    ["db", "backup", "-o", "{out}/copy.db"],
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_command_that_only_reads_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "new" / "new.db"
    arguments = [a.replace("{out}", str(tmp_path)) for a in command]
    assert main([*arguments, "--db", str(path)]) == 2
    error = capsys.readouterr().err
    assert error == f"liaison: {path} does not exist; run `demo` or open the app to create it\n"
    assert listing(tmp_path) == []


def test_duties_checks_both_file_names_before_writing_either(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet, calendar = demo_path.parent / "d.md", demo_path.parent / "d.txt"
    arguments = [
        "--db",
        str(demo_path),
        "duties",
        "Cllr Richard Kemp",
        "-o",
        str(sheet),
        "--ics",
        str(calendar),
    ]
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "name the file .ics" in captured.err
    assert captured.out == ""
    assert listing(demo_path.parent) == ["d.db"]
    missing = demo_path.parent / "no such folder" / "d.ics"
    assert main([*arguments[:-1], str(missing)]) == 2
    assert "the folder" in capsys.readouterr().err and listing(demo_path.parent) == ["d.db"]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["duties", "Cllr Richard Kemp", "-o", "{out}/d.txt"], "not “.txt” files"),
        (["duties", "Cllr Richard Kemp", "--ics", "{out}/d.txt"], "name the file .ics"),
        (["report", "outside-bodies", "--board", "B", "-o", "{out}/p.txt"], "not “.txt” files"),
        (
            ["report", "lobbying", "--since", "2009-01-01", "--until", "2009-06-13", "-o", "{out}/l"],
            "without",
        ),
        (["report", "brief", "--body", "Home Office", "-o", "{out}/folder.md"], "it is a folder"),
        (["screenshot", "meetings", "-o", "{out}/m.jpg"], "name the file .png"),
    ],
)
def test_an_output_name_is_checked_before_the_database_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], message: str
) -> None:
    """The database named does not exist: the message is about the output, so it came first."""
    (tmp_path / "folder.md").mkdir()
    arguments = [a.replace("{out}", str(tmp_path)) for a in command]
    assert main([*arguments, "--db", str(tmp_path / "new.db")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error
    assert listing(tmp_path) == ["folder.md"]


@pytest.mark.parametrize(
    ("argv", "opens"),
    [
        ([], {"db": None}),
        (["--db", "team.db"], {"db": "team.db"}),
        (
            ["--db=postgresql+psycopg://liaison@server/liaison"],
            {"db": "postgresql+psycopg://liaison@server/liaison"},
        ),
        (["demo"], None),
        (["--db", "team.db", "report", "outside-bodies"], None),
        (["--help"], None),
        (["--db"], None),  # the full parser says what is wrong
    ],
)
def test_only_a_bare_command_line_opens_the_window_without_the_commands(
    argv: list[str], opens: dict[str, str | None] | None
) -> None:
    from cli import _window_only

    found = _window_only(argv)
    assert (None if found is None else vars(found)) == opens


def test_a_missing_db_value_is_reported_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db"]) == 2
    assert capsys.readouterr().err.strip() == "liaison: argument --db: expected one argument (see --help)"
    assert main(["demo", "--db"]) == 2
    assert (
        capsys.readouterr().err.strip() == "liaison: demo: argument --db: expected one argument (see --help)"
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["chart", "attendance", "--since", "13/06/2009", "-o", "x.png"],
        ["duties", "Cllr Richard Kemp", "--as-of", "13/06/2009"],
        ["report", "year", "--board", "Safer Communities Board", "--since", "13/06/2009", "--until", "2009"],
        ["export", "graph", "--since", "13/06/2009", "-o", "x.gexf"],
    ],
)
def test_every_command_refuses_a_day_not_written_yyyy_mm_dd_alike(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert "“13/06/2009” is not a date; write it as YYYY-MM-DD, e.g. 2009-06-13" in capsys.readouterr().err
