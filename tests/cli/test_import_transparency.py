"""`import transparency FILE`: a return read from the command line, its options, and its refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cli import main
from db.engine import open_database
from tracker import crosscheck


def _return(path: Path) -> Path:
    with path.open("w", newline="", encoding="cp1252") as stream:
        csv.writer(stream).writerows(
            [
                ["Ministers’ meetings with external organisations"],
                ["Minister", "Date", "Name of External Organisation", "Purpose of meeting"],
                ["Alan Campbell MP", "12-Jan", "APA and ACPO", "Police reform"],
                ["", "", "LGA", "No date"],
                ["Lord West", "Nil return", "", ""],
            ]
        )
    return path


def test_a_return_with_its_department_and_quarter_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "liaison.db"
    path = _return(tmp_path / "return.csv")
    arguments = ["import", "transparency", str(path), "--department", "Home Office", "--quarter", "2009Q1"]

    assert main([*arguments, "--dry-run", "--db", str(db)]) == 0
    dry = capsys.readouterr().out
    assert main([*arguments, "--db", str(db)]) == 0
    stored = capsys.readouterr().out
    assert main([*arguments, "--db", str(db)]) == 0
    again = capsys.readouterr().out

    assert (
        dry.splitlines()[0]
        == "return.csv: read 3; 1 would be imported, 1 skipped (1 nil return), 1 rejected."
    )
    assert "  rejected row 4: no date" in dry.splitlines()
    assert "Nothing was stored (dry run)." in dry
    assert "would be created: government department Home Office" in dry
    assert (
        stored.splitlines()[0] == "return.csv: read 3; 1 were imported, 1 skipped (1 nil return), 1 rejected."
    )
    assert (
        again.splitlines()[0]
        == "return.csv: read 3; 0 were imported, 2 skipped (1 already there, 1 nil return), 1 rejected."
    )
    database = open_database(db)
    try:
        with database.session() as s:
            met = crosscheck.ministers_met(s, crosscheck.Scope())
    finally:
        database.close()
    assert sorted((m.minister, m.body, m.when) for m in met) == [
        ("Alan Campbell MP", "ACPO", "12 Jan 2009"),
        ("Alan Campbell MP", "APA", "12 Jan 2009"),
    ]


def test_from_and_to_give_the_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _return(tmp_path / "return.csv")
    code = main(
        [
            "import",
            "transparency",
            str(path),
            "--department",
            "Home Office",
            "--from",
            "01/12/2008",
            "--to",
            "28/02/2009",
            "--db",
            str(tmp_path / "l.db"),
        ]
    )

    assert code == 0
    assert "Home Office, Dec 2008–Feb 2009" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "--department"),
        (["--department", "Home Office"], "--quarter 2009Q1"),
        (["--department", "Home Office", "--quarter", "2009Q7"], "is not a quarter"),
        (["--department", "Home Office", "--quarter", "2009Q1", "--from", "01/01/2009"], "not both"),
        (["--department", "Home Office", "--from", "01/01/2009"], "both --from and --to"),
    ],
)
def test_what_cannot_be_told_is_asked_for_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    path = _return(tmp_path / "return.csv")
    db = tmp_path / "liaison.db"

    assert main(["import", "transparency", str(path), *options, "--db", str(db)]) == 2

    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1
