"""The meetings list's filter row: period, kind, theme, body, person and report section, combined
with the words typed; one compact row, shown by the list's Filters button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from db.vocabulary import MeetingKind, ReportSection
from tracker.common.dates import parse_date
from tracker.common.listing import MeetingFilter
from tracker.directory.organisations import Choice
from ui.common.record_picker import RecordPicker


class MeetingFilters(QWidget):
    """`changed(MeetingFilter)` whenever a filter is set or cleared; a date that cannot be read is
    said beside the row, and the list keeps its last good filter."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.since = _date_box("From", "Meetings from (dd/mm/yyyy)")
        self.until = _date_box("to", "Meetings until (dd/mm/yyyy)")
        self.kind = _choice_box("All kinds", [(k.label.capitalize(), k.value) for k in MeetingKind], "Kind")
        self.theme = _choice_box("All themes", [], "Theme")
        self.section = _choice_box(
            "Both sections", [(s.label.capitalize(), s.value) for s in ReportSection], "Report section"
        )
        self.body = RecordPicker("Body…", keep_choice=True)
        self.body.setAccessibleName("Outside body")
        self.person = RecordPicker("Person…", keep_choice=True)
        self.person.setAccessibleName("Who attended")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Show every meeting again (the words typed stay)")
        self.message = QLabel()
        self.message.setObjectName("filter_message")
        self.message.setStyleSheet("color: #b3261e;")
        self._body_id: int | None = None
        self._person_id: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in (
            (self.since, 0),
            (self.until, 0),
            (self.kind, 0),
            (self.theme, 1),
            (self.body, 1),
            (self.person, 1),
            (self.section, 0),
            (self.clear_button, 0),
            (self.message, 0),
        ):
            row.addWidget(widget, stretch)
        for box in (self.since, self.until):
            box.editingFinished.connect(self._emit)
        for combo in (self.kind, self.theme, self.section):
            combo.currentIndexChanged.connect(self._emit)
        self.body.picked.connect(self._on_body_picked)
        self.person.picked.connect(self._on_person_picked)
        self.body.textChanged.connect(self._on_body_text_changed)
        self.person.textChanged.connect(self._on_person_text_changed)
        self.clear_button.clicked.connect(self.clear)

    def set_choices(
        self, themes: Sequence[Choice], bodies: Sequence[Choice], people: Sequence[Choice]
    ) -> None:
        chosen = self.theme.currentData()
        self.theme.blockSignals(True)
        while self.theme.count() > 1:
            self.theme.removeItem(1)
        for theme in themes:
            self.theme.addItem(theme.label, theme.id)
        self.theme.setCurrentIndex(max(0, self.theme.findData(chosen)))
        self.theme.blockSignals(False)
        self.body.set_choices(bodies)
        self.person.set_choices(people)

    def current(self) -> MeetingFilter | None:
        """The filter the row sets; None (with the reason shown) when a date cannot be read."""
        days: list[date | None] = []
        for box, name in ((self.since, "From"), (self.until, "To")):
            text = box.text().strip()
            try:
                days.append(parse_date(text) if text else None)
            except ValueError:
                self.message.setText(f"{name}: “{text}” is not a date (dd/mm/yyyy)")
                return None
        since, until = days
        if since is not None and until is not None and until < since:
            self.message.setText("The period ends before it starts")
            return None
        self.message.clear()
        return MeetingFilter(
            since=since,
            until=until,
            kind=self.kind.currentData(),
            theme_id=self.theme.currentData(),
            organisation_id=self._body_id,
            person_id=self._person_id,
            section=self.section.currentData(),
        )

    def clear(self) -> None:
        for widget in (self.since, self.until, self.body, self.person):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        for combo in (self.kind, self.theme, self.section):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._body_id = self._person_id = None
        self._emit()

    def _emit(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.changed.emit(chosen)

    def _on_body_picked(self, record_id: int, _label: str) -> None:
        self._body_id = record_id
        self._emit()

    def _on_person_picked(self, record_id: int, _label: str) -> None:
        self._person_id = record_id
        self._emit()

    def _on_body_text_changed(self, text: str) -> None:
        if not text.strip() and self._body_id is not None:
            self._body_id = None
            self._emit()

    def _on_person_text_changed(self, text: str) -> None:
        if not text.strip() and self._person_id is not None:
            self._person_id = None
            self._emit()


def _date_box(placeholder: str, name: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setToolTip(name)
    box.setMaximumWidth(92)
    return box


def _choice_box(everything: str, choices: list[tuple[str, object]], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(everything, None)
    for label, value in choices:
        combo.addItem(label, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo
