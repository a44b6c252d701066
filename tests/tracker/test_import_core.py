"""What every import shares: the report adds up, a dry run stores nothing, a failure stores nothing,
and names in a file are matched to the bodies and people already held, exactly or closely."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Theme
from tracker.io.importing import ImportFailed, ImportReport, run_import
from tracker.io.matching import Certainty
from tracker.io.matching import Directory as Names
from tracker.lobbying import themes

from .conftest import Directory


def _theme_count(database: Database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(Theme)) or 0


def _add_two_themes(session: Session, report: ImportReport) -> None:
    for name in ("Police reform", "Youth justice"):
        themes.create(session, themes.ThemeDraft(name))
        report.accept()
    report.reject(4, "no name")


def test_a_dry_run_reports_everything_and_stores_nothing(database: Database) -> None:
    report = run_import(database, _add_two_themes, source="themes.csv", dry_run=True)

    assert (report.read, report.imported, report.skipped, report.rejected) == (3, 2, 0, 1)
    assert (
        report.lines()[0] == "themes.csv: read 3; 2 would be imported, 0 skipped (already there), 1 rejected."
    )
    assert "  rejected row 4: no name" in report.lines()
    assert _theme_count(database) == 0


def test_a_confirmed_import_stores_every_good_row(database: Database) -> None:
    report = run_import(database, _add_two_themes, source="themes.csv", dry_run=False)

    assert not report.dry_run and report.imported == 2
    assert report.summary().endswith("2 were imported, 0 skipped (already there), 1 rejected.")
    assert _theme_count(database) == 2


def test_a_file_that_fails_half_way_stores_nothing(database: Database) -> None:
    def work(session: Session, report: ImportReport) -> None:
        themes.create(session, themes.ThemeDraft("Police reform"))
        report.accept()
        raise ImportFailed("themes.csv: the file ends in the middle of a row")

    with pytest.raises(ImportFailed, match="ends in the middle"):
        run_import(database, work, source="themes.csv", dry_run=False)
    assert _theme_count(database) == 0


def test_a_report_that_does_not_add_up_is_a_bug_and_stores_nothing(database: Database) -> None:
    def work(session: Session, report: ImportReport) -> None:
        themes.create(session, themes.ThemeDraft("Police reform"))
        report.imported += 1  # counted without being read

    with pytest.raises(AssertionError, match="does not add up"):
        run_import(database, work, source="themes.csv", dry_run=False)
    assert _theme_count(database) == 0


def test_bodies_are_matched_by_name_acronym_and_likeness(database: Database, directory: Directory) -> None:
    with database.session() as s:
        names = Names(s)

    home = names.body("the Home Office")
    assert (home.id, home.certainty) == (directory.home_office, Certainty.EXACT)
    assert names.body("apa").describe() == "Association of Police Authorities (APA) (exact)"
    close = names.body("National Crime Reduction Bord")
    assert close.id == directory.ncrb and close.certainty is Certainty.CLOSE
    assert close.describe().startswith("National Crime Reduction Board (NCRB) (close: ")
    unknown = names.body("Safer Streets Trust")
    assert unknown.id is None and unknown.describe() == "new: Safer Streets Trust"


def test_people_are_matched_by_email_first_then_name(database: Database, directory: Directory) -> None:
    with database.session() as s:
        names = Names(s)

    by_email = names.person("H. Murray", "Helen.Murray@lga.gov.uk")
    assert (by_email.id, by_email.reason) == (directory.murray, "same email address")
    assert names.person("Councillor Richard Kemp").certainty is Certainty.EXACT
    initial = names.person("Cllr R Kemp")
    assert (initial.id, initial.certainty) == (directory.kemp, Certainty.CLOSE)
    assert names.person("", "nobody@example.org").id is None


def test_records_an_import_adds_are_found_by_later_rows(database: Database) -> None:
    with database.session() as s:
        names = Names(s)
    names.added_body(501, "Safer Streets Trust", "SST")
    names.added_person(502, "Cllr", "Jane Doe", "jane@example.org")

    assert names.body("SST").id == 501
    assert names.person("Jane Doe").describe() == "Cllr Jane Doe (exact)"
