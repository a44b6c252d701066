"""Home (tick a follow-up done and undo it, a chart's bar opens its meetings, a chart saved), the
stakeholder map (a point clicked lands on the record) and a stance change undone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from db.engine import Database
from db.stakeholders import Stance, StanceSource
from db.vocabulary import BodyRole, MeetingKind, ReportSection
from tests.tracker.conftest import Directory
from tracker import duties, meetings
from tracker.meetings import BodyEntry, FollowUpEntry, MeetingDraft
from tracker.stakeholders import positions
from ui.changes import Changes
from ui.home.chart_picture import ChartPicture
from ui.home.view import ChartRecords, HomeView
from ui.main_window import AREAS, MainWindow
from ui.stakeholders.map_view import StakeholderMapView, point_target
from ui.stakeholders.stance_form import StanceForm


@pytest.fixture
def home_view(qtbot: QtBot, database: Database, directory: Directory, changes: Changes) -> HomeView:
    with database.session() as s:
        meetings.log(
            s,
            MeetingDraft(
                "National Crime Reduction Board",
                date(2009, 3, 12),
                MeetingKind.BOARD,
                bodies=(BodyEntry(directory.ncrb, BodyRole.PARTICIPANT),),
                report_section=ReportSection.MEMBER_ACTIVITY,
                follow_ups=(
                    FollowUpEntry("Send the NCRB paper", directory.murray, date(2009, 6, 1)),
                    FollowUpEntry("Brief Cllr Kemp", directory.murray, date(2009, 7, 10)),
                ),
            ),
        )
    view = HomeView(database, changes)
    view.as_of = date(2009, 7, 1)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=20_000):
        view.show()
    return view


def _actions(view: HomeView) -> list[str]:
    model = view.follow_ups_model
    return [model.index(r, 3).data() for r in range(model.rowCount())]


def test_ticking_a_follow_up_done_takes_it_off_and_undo_puts_it_back(
    qtbot: QtBot, home_view: HomeView, changes: Changes
) -> None:
    assert _actions(home_view) == ["Send the NCRB paper", "Brief Cllr Kemp"]
    assert home_view.follow_ups_model.index(0, 1).data() == "1 Jun 2009 (overdue)"
    assert home_view.follow_ups_model.index(0, 2).data() == "Helen Murray"
    first = home_view.follow_ups_model.index(0, 0)
    with qtbot.waitSignal(home_view.refreshed, timeout=20_000):
        assert home_view.follow_ups_model.setData(
            first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
        assert _actions(home_view) == ["Brief Cllr Kemp"]  # gone at once
    assert _actions(home_view) == ["Brief Cllr Kemp"]  # and still gone when read again
    assert changes.undo_stack.undoText() == "Tick “Send the NCRB paper” done"
    with qtbot.waitSignal(home_view.refreshed, timeout=20_000):
        changes.undo_stack.undo()
    assert _actions(home_view) == ["Send the NCRB paper", "Brief Cllr Kemp"]


def test_a_follow_up_opens_its_meeting(qtbot: QtBot, home_view: HomeView) -> None:
    with qtbot.waitSignal(home_view.meeting_open_requested) as opened:
        home_view.follow_ups.doubleClicked.emit(home_view.follow_ups_model.index(0, 3))
    assert opened.args == [1]
    home_view.follow_ups.doubleClicked.emit(QModelIndex())  # nothing under the click: nothing opens


def test_a_bar_of_meetings_per_quarter_opens_its_meetings(
    qtbot: QtBot, home_view: HomeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        ChartRecords,
        "ask",
        lambda parent, title, records, open_meeting: shown.append((title, [r.text for r in records])),
    )
    picture = home_view.pictures["meetings-per-quarter"]
    assert picture.rendered is not None
    (bar,) = picture.rendered.targets
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=picture.point_of(bar).toPoint())
    assert shown == [
        (
            "Meetings, 2009 Q1, 1 Jan 2009 – 31 Mar 2009",
            ["National Crime Reduction Board (National Crime Reduction Board (NCRB))"],
        )
    ]


def test_a_chart_is_saved_as_png_and_svg(
    home_view: HomeView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        target = tmp_path / f"chart{suffix}"
        monkeypatch.setattr(
            ChartPicture, "ask_path", classmethod(lambda cls, parent, suggested, to=target: to)
        )
        home_view.save_buttons["engaged-bodies"].click()
        assert target.read_bytes().startswith(magic)
        assert home_view.status.text() == f"Saved {target}"


def test_an_empty_database_draws_every_chart_saying_so(
    qtbot: QtBot, database: Database, changes: Changes
) -> None:
    view = HomeView(database, changes)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=20_000):
        view.show()
    for picture in view.pictures.values():
        assert picture.rendered is not None and picture.rendered.targets == []
        assert [t.get_text() for t in picture.rendered.axes.texts][0].startswith("no ")


def test_clicking_a_point_on_the_map_lands_on_its_record(qtbot: QtBot, demo_database: Database) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    view = window.stakeholder_map
    with qtbot.waitSignal(view.drawn, timeout=20_000):
        window.show_area(AREAS.index("Stakeholders"))
    assert isinstance(view, StakeholderMapView) and window.stack.currentWidget() is view
    target = point_target(view, "APA")
    assert view.picture.target_at(view.picture.point_of(target)) == target
    qtbot.mouseClick(view.picture, Qt.MouseButton.LeftButton, pos=view.picture.point_of(target).toPoint())
    assert window.stack.currentWidget() is window.organisation_page
    assert window.organisation_page.heading.text() == "Association of Police Authorities (APA)"


def test_the_map_filters_by_kind_and_draws_arrows_for_who_moved(
    qtbot: QtBot, demo_database: Database
) -> None:
    changes = Changes(demo_database)
    view = StakeholderMapView(demo_database, changes)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.drawn, timeout=20_000):
        view.show()
    assert {p.name for p in view.points} >= {"Home Office", "APA", "NOMS"}
    with qtbot.waitSignal(view.drawn, timeout=20_000):
        view.kind.setCurrentIndex(view.kind.findData("association"))
    assert [p.name for p in view.points] == ["ACPO", "APA"]
    view.moved_since.setText("next Tuesday")
    view.moved_since.editingFinished.emit()
    assert "is not a date" in view.error.text()


def test_a_stance_change_is_refused_beside_its_field_then_saved_and_undone(
    qtbot: QtBot, demo_database: Database
) -> None:
    changes = Changes(demo_database)
    with demo_database.reading() as s:
        apa = next(r.record_id for r in positions.history(s) if r.stakeholder.endswith("(APA)"))
        before = [r.stance for r in positions.current(s, organisation_id=apa) if r.subject == "overall"]
    assert before == [Stance.SUPPORTIVE]
    form = StanceForm(demo_database, changes, organisation_id=apa, name="APA")
    qtbot.addWidget(form)
    form.stance.setCurrentIndex(form.stance.findData(Stance.SCEPTICAL))
    form.stated_on.setText("1 September 2009")
    form.source_kind.setCurrentIndex(form.source_kind.findData(StanceSource.LETTER))
    assert not form.save()  # a letter, not cited
    assert "Cite the letter" in form.errors["source_text"].text()
    form.source_text.setText("Letter from the APA chair, 1 Sep 2009")
    assert form.save()
    with demo_database.reading() as s:
        now = [r.stance for r in positions.current(s, organisation_id=apa) if r.subject == "overall"]
    assert now == [Stance.SCEPTICAL]
    assert changes.undo_stack.undoText() == "Record APA's stance (sceptical, overall)"
    changes.undo_stack.undo()
    with demo_database.reading() as s:
        back = [r.stance for r in positions.current(s, organisation_id=apa) if r.subject == "overall"]
    assert back == [Stance.SUPPORTIVE]
    changes.undo_stack.redo()
    with demo_database.reading() as s:
        again = [r.stance for r in positions.current(s, organisation_id=apa) if r.subject == "overall"]
    assert again == [Stance.SCEPTICAL]


def test_relationship_health_on_a_body_and_a_person_page(qtbot: QtBot, demo_database: Database) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    with demo_database.reading() as s:
        apa = next(r.record_id for r in positions.history(s) if r.stakeholder.endswith("(APA)"))
    page = window.organisation_page
    with qtbot.waitSignal(page.health.refreshed, timeout=20_000):
        window.open_organisation(apa)
    health = page.health
    assert health.last_contact.text().startswith("Last contact: ")
    stances = [health.stances.item(i).text() for i in range(health.stances.count())]
    assert stances[0].startswith("13 Jun 2009: supportive on overall (current)")
    assert health.chart.rendered is not None and health.chart.rendered.targets  # meetings drawn
    kemp = window.person_page
    with demo_database.reading() as s:
        kemp_id = duties.find_person(s, "Cllr Richard Kemp")
    with qtbot.waitSignal(kemp.health.refreshed, timeout=20_000):
        window.open_person(kemp_id)
    assert kemp.health.appointees.count() >= 1
    assert kemp.health.stances.item(0).text() == "No stance recorded."


def test_home_closed_while_its_lists_are_read_draws_no_charts_until_shown_again(
    qtbot: QtBot, home_view: HomeView
) -> None:
    drawn = {name: picture.rendered for name, picture in home_view.pictures.items()}
    with qtbot.waitSignal(home_view.listed, timeout=20_000):
        home_view.refresh()
        home_view.hide()  # the window closed as the lists were read
    assert not home_view.is_busy()  # no chart work started for a closed window
    assert {name: picture.rendered for name, picture in home_view.pictures.items()} == drawn
    with qtbot.waitSignal(home_view.refreshed, timeout=20_000):
        home_view.show()
    assert all(picture.rendered is not None for picture in home_view.pictures.values())
    assert home_view.pictures["attendance"].rendered is not drawn["attendance"]


def test_ticking_a_follow_up_a_colleague_deleted_says_so_and_reads_the_list_again(
    qtbot: QtBot, home_view: HomeView, database: Database
) -> None:
    gone = home_view.follow_ups_model.rows[0]
    with database.session() as s:
        meetings.delete(s, gone.meeting_id)
    with qtbot.waitSignal(home_view.listed, timeout=20_000):
        model = home_view.follow_ups_model
        assert model.setData(model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        assert "no longer exists" in home_view.status.text()
    assert home_view.follow_ups_model.rowCount() == 0
