"""The stakeholder map: the influence-interest grid, quadrants named, points coloured by stance,
filtered by policy item, theme, kind and period, arrows for who moved since a date; hover names a
point, a click opens its record; saved as PNG, SVG or PDF. Read and drawn on the thread pool."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import OrganisationKind
from tracker.charts.drawing import Target, draw_stakeholder_map
from tracker.common.dates import parse_date
from tracker.lobbying import policy_items, themes
from tracker.stakeholders.map import PEOPLE, MapFilter, MapPoint, stakeholder_map
from ui.changes import Changes
from ui.common import worker
from ui.home.chart_picture import ChartPicture, Rendered, render

MAP_SIZE = (900, 600)
WATCHED = ("positions", "organisations", "people", "themes")


class StakeholderMapView(QWidget):
    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    drawn = Signal()

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._generation = 0
        self._answered = 0
        self._out_of_date = True
        self._jobs: dict[int, worker.Job] = {}
        self.points: list[MapPoint] = []

        self.item = QComboBox()
        self.item.setObjectName("map_item")
        self.theme = QComboBox()
        self.theme.setObjectName("map_theme")
        self.kind = QComboBox()
        self.kind.setObjectName("map_kind")
        self.kind.addItem("Every kind", None)
        self.kind.addItem("People", PEOPLE)
        for kind in OrganisationKind:
            self.kind.addItem(kind.label.capitalize(), kind.value)
        self.since = QLineEdit()
        self.since.setPlaceholderText("e.g. 1 Jan 2007")
        self.until = QLineEdit()
        self.until.setPlaceholderText("today")
        self.moved_since = QLineEdit()
        self.moved_since.setObjectName("map_moved_since")
        self.moved_since.setPlaceholderText("arrows from the stance held on this day")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b03a2e")
        self.picture = ChartPicture()
        self.picture.setObjectName("stakeholder_map")
        self.picture.setAccessibleName("Stakeholder map")
        self.picture.setMinimumSize(*MAP_SIZE)
        self.save_button = QPushButton("Save map…")
        self.save_button.setEnabled(False)
        self.status = QLabel("Reading…")

        # Two rows, not five: on a 600-px screen the map needs the height more than the filters do.
        filters = QGridLayout()
        for row, column, text, field in (
            (0, 0, "Policy item", self.item),
            (0, 2, "Theme", self.theme),
            (0, 4, "Kind", self.kind),
            (1, 0, "Stance recorded", self.since),
            (1, 4, "Who moved since", self.moved_since),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label, row, column)
            if field is self.since:
                period = QHBoxLayout()
                period.addWidget(self.since)
                period.addWidget(QLabel("to"))
                period.addWidget(self.until)
                filters.addLayout(period, row, column + 1, 1, 3)
            else:
                filters.addWidget(field, row, column + 1)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        # The map is drawn at its own size (clicks are found at its pixels); on a small screen it
        # scrolls rather than holding the window at 900x600 and more.
        self.picture_scroll = QScrollArea()
        self.picture_scroll.setObjectName("map_scroll")
        self.picture_scroll.setAccessibleName("Stakeholder map, scrolled")
        self.picture.resize(*MAP_SIZE)
        self.picture_scroll.setWidget(self.picture)
        self.picture_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.picture_scroll, 1)
        layout.addLayout(bottom)

        for combo in (self.item, self.theme, self.kind):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        for edit in (self.since, self.until, self.moved_since):
            edit.editingFinished.connect(self._on_filter_changed)
        self.picture.target_clicked.connect(self._on_picture_target_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        changes.changed.connect(self._on_changes_changed)

    def _load_choices(self) -> None:
        with self._database.reading() as session:
            items = policy_items.choices(session)
            held = [(t.id, t.name) for t in themes.all_rows(session)]
        for combo, everything, choices in (
            (self.item, "Overall (every item)", items),
            (self.theme, "Every theme", held),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value, label in choices:
                combo.addItem(label, value)
            found = combo.findData(chosen)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def current_filter(self) -> MapFilter | None:
        """The filter the controls say, or None (and the fault shown) if a date cannot be read."""
        days: dict[str, date | None] = {}
        for name, edit in (("since", self.since), ("until", self.until), ("moved_since", self.moved_since)):
            text = edit.text().strip()
            try:
                days[name] = parse_date(text) if text else None
            except ValueError:
                self.error.setText(f"“{text}” is not a date (write e.g. 14 March 2007).")
                edit.setFocus()
                return None
        self.error.clear()
        return MapFilter(
            item_id=self.item.currentData(),
            theme_id=self.theme.currentData(),
            kind=self.kind.currentData(),
            since=days["since"],
            until=days["until"],
            moved_since=days["moved_since"],
        )

    def refresh(self) -> None:
        wanted = self.current_filter()
        if wanted is None:
            return
        self._out_of_date = False
        self._generation += 1
        generation = self._generation
        database = self._database
        ratio = self.devicePixelRatioF() or 1.0
        title = "Stakeholder map" + (f": {self.item.currentText()}" if wanted.item_id is not None else "")

        def work(_progress: worker.Progress) -> tuple[int, list[MapPoint], Rendered]:
            with database.reading() as session:
                points = stakeholder_map(session, wanted)

            def draw(ax: Any, data: list[MapPoint]) -> list[Target]:
                return draw_stakeholder_map(ax, data, title=title)

            return generation, points, render(draw, points, *MAP_SIZE, ratio)

        job = worker.Job(work)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        self._jobs[generation] = job
        worker.start(job)

    def is_busy(self) -> bool:
        return self._answered != self._generation

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self._load_choices()
            self.refresh()

    def _on_job_failed(self, message: str) -> None:
        self._answered = self._generation
        self.status.setText(message)

    def _on_job_finished(self, result: tuple[int, list[MapPoint], Rendered]) -> None:
        generation, points, rendered = result
        for done in [g for g in self._jobs if g <= generation]:
            del self._jobs[done]
        if generation != self._generation:
            return
        self._answered = generation
        self.points = points
        self.picture.show_rendered(rendered)
        self.save_button.setEnabled(True)
        moved = sum(1 for p in points if p.moved)
        self.status.setText(
            f"{len(points)} stakeholder{'s' if len(points) != 1 else ''} assessed"
            + (f", {moved} moved" if self.moved_since.text().strip() else "")
            + " — hover a point for its name, click to open it"
        )
        self.drawn.emit()

    def _on_filter_changed(self, *_args: Any) -> None:
        self.refresh()

    def _on_changes_changed(self, kind: str) -> None:
        if kind not in WATCHED:
            return
        if self.isVisible():
            self._load_choices()
            self.refresh()
        else:
            self._out_of_date = True

    def _on_picture_target_clicked(self, target: Target) -> None:
        if target.record == "organisation":
            self.organisation_open_requested.emit(target.record_id)
        elif target.record == "person":
            self.person_open_requested.emit(target.record_id)

    def _on_save_button_clicked(self) -> None:
        path = ChartPicture.ask_path(self, "stakeholder-map.png")
        if path is None:
            return
        try:
            self.picture.save(path)
        except (OSError, ValueError) as error:
            self.status.setText(f"Could not save {path}: {error}")
        else:
            self.status.setText(f"Saved {path}")


def point_target(view: StakeholderMapView, name: str) -> Target:
    """The drawn point of the stakeholder called `name` (for tests and screenshots)."""
    assert view.picture.rendered is not None
    return next(t for t in view.picture.rendered.targets if t.label == name)
