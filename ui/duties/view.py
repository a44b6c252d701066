"""'My duties': a member's or officer's outside bodies, attendance, report-backs and terms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import PersonKind
from tracker import duties
from tracker.common.dates import parse_date, short_date
from tracker.common.errors import DomainError
from tracker.directory import people
from tracker.directory.organisations import own_association_name
from tracker.duties import DutiesSheet, Duty, DutyMeeting
from tracker.io.calendar_export import upcoming_meetings, write_calendar
from tracker.reports import writers
from tracker.reports.duties_sheet import WHOLE_TERMS, sheet_paper
from ui.changes import APPOINTMENTS, Changes
from ui.common import prompts
from ui.common.field_errors import FieldErrors
from ui.common.keyboard import free_tab
from ui.common.record_picker import RecordPicker
from ui.duties.appointment_editor import AppointmentEditor
from ui.duties.models import duties_model, duty_meetings_model

SHEET_FILTERS = "PDF (*.pdf);;Word document (*.docx);;Web page (*.html);;Markdown (*.md)"


def _table(model: object) -> QTableView:
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    free_tab(table)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


class DutiesView(QWidget):
    """Pick a member or officer; see each body they sit on and how the duty is being carried out."""

    meeting_open_requested = Signal(int)
    organisation_open_requested = Signal(int)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._person_id: int | None = None
        self.sheet: DutiesSheet | None = None
        self.errors = FieldErrors()

        self.person = RecordPicker("Type a member's or officer's name", keep_choice=True)
        self.person.setObjectName("person")
        self.person.setMinimumWidth(260)
        self.since = QLineEdit()
        self.since.setPlaceholderText("start of each term")
        self.since.setMaximumWidth(140)
        self.until = QLineEdit()
        self.until.setMaximumWidth(120)
        self.as_of = QLineEdit()
        self.as_of.setMaximumWidth(120)
        today = date.today().strftime("%d/%m/%Y")
        self.until.setText(today)
        self.as_of.setText(today)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)

        top = QGridLayout()
        top.addWidget(QLabel("Member or officer"), 0, 0)
        top.addWidget(self.person, 0, 1)
        top.addWidget(QLabel("From"), 0, 2)
        top.addWidget(self.since, 0, 3)
        top.addWidget(QLabel("to"), 0, 4)
        top.addWidget(self.until, 0, 5)
        top.addWidget(QLabel("as at"), 0, 6)
        top.addWidget(self.as_of, 0, 7)
        top.setColumnStretch(8, 1)
        top.addWidget(self.errors.label_for("period", self.since), 1, 1, 1, 7)

        self.duties = duties_model()
        self.duty_table = _table(self.duties)
        self.duty_table.setAccessibleName("Representation duties")
        header = self.duty_table.horizontalHeader()
        # The body keeps a width it can be read at; at 1,024 px a stretched first column was left
        # none by the fixed ones (issue 20), so the last column takes what room there is to spare
        # and a narrow window scrolls the table sideways instead.
        header.setStretchLastSection(True)
        for column, width in enumerate((210, 95, 170, 45, 65, 50, 90, 115, 100)):
            self.duty_table.setColumnWidth(column, width)
        self.appoint_button = QPushButton("Appoint to a body…")
        self.edit_button = QPushButton("Edit appointment…")
        self.successor_button = QPushButton("Appoint successor…")
        self.delete_button = QPushButton("Delete appointment")
        self.sheet_button = QPushButton("Export sheet…")
        self.calendar_button = QPushButton("Export calendar (.ics)…")
        duty_buttons = QHBoxLayout()
        for button in (self.appoint_button, self.edit_button, self.successor_button, self.delete_button):
            duty_buttons.addWidget(button)
        duty_buttons.addStretch(1)
        duty_buttons.addWidget(self.sheet_button)
        duty_buttons.addWidget(self.calendar_button)

        self.meetings = duty_meetings_model()
        self.meeting_table = _table(self.meetings)
        self.meeting_table.setAccessibleName("Meetings of the bodies")
        self.meeting_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (2, 140), (3, 220), (4, 190)):
            self.meeting_table.setColumnWidth(column, width)
        self.report_back_button = QPushButton("Mark reported back…")
        meeting_buttons = QHBoxLayout()
        meeting_buttons.addWidget(
            QLabel("Meetings of the selected body during the term (double-click to open)")
        )
        meeting_buttons.addStretch(1)
        meeting_buttons.addWidget(self.report_back_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.duty_table, 2)
        layout.addLayout(duty_buttons)
        layout.addLayout(meeting_buttons)
        layout.addWidget(self.meeting_table, 3)

        self._connect()
        self._load_people()
        self._update_buttons()

    def _connect(self) -> None:
        self.person.picked.connect(self._on_person_picked)
        for field in (self.since, self.until, self.as_of):
            field.editingFinished.connect(self.refresh)
        self.duty_table.selectionModel().selectionChanged.connect(self._on_duty_selection_changed)
        self.meeting_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.meeting_table.activated.connect(self._on_meeting_table_activated)
        self.appoint_button.clicked.connect(self._on_appoint_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.successor_button.clicked.connect(self._on_successor_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.report_back_button.clicked.connect(self._on_report_back_clicked)
        self.sheet_button.clicked.connect(self._on_sheet_clicked)
        self.calendar_button.clicked.connect(self._on_calendar_clicked)
        self._changes.changed.connect(self._on_changes_changed)

    def _load_people(self) -> None:
        with self._database.session() as session:
            self.person.set_choices([p for p in people.choices(session) if p.kind is not PersonKind.CONTACT])

    # -- showing a person ----------------------------------------------------------------

    def show_person(self, person_id: int) -> None:
        with self._database.session() as session:
            self.person.setText(people.get(session, person_id).display_name)
        self._person_id = person_id
        self.refresh()

    def _on_person_picked(self, person_id: int, _label: str) -> None:
        self._person_id = person_id
        self.refresh()

    def _period(self) -> tuple[date, date, date] | None:
        try:
            since = parse_date(self.since.text()) if self.since.text().strip() else WHOLE_TERMS
            until = parse_date(self.until.text())
            as_of = parse_date(self.as_of.text())
        except ValueError as error:
            self.errors.show({"period": str(error)})
            return None
        if until < since:
            self.errors.show({"period": "The period ends before it starts."})
            return None
        self.errors.clear()
        return since, until, as_of

    def refresh(self) -> None:
        """Work the figures out again (after a change, or another person or period)."""
        period = self._period()
        if self._person_id is None or period is None:
            self._show(None)
            return
        selected = self.selected_duty()
        try:
            with self._database.session() as session:
                self.sheet = duties.duties_of(session, self._person_id, *period)
        except DomainError as error:
            self.errors.show({"period": error.message})
            self._show(None)
            return
        self._show(self.sheet, selected.appointment_id if selected else None)

    def _show(self, sheet: DutiesSheet | None, select_appointment: int | None = None) -> None:
        self.sheet = sheet
        self.duties.set_rows(sheet.duties if sheet else [])
        self.meetings.set_rows([])
        if sheet is None:
            self.summary.setText("Choose a member or officer to see the outside bodies they sit on.")
        else:
            owed = sum(d.report_backs_owed for d in sheet.duties)
            bodies = len(sheet.duties)
            held = f"{sheet.held} meeting{'s' if sheet.held != 1 else ''} held"
            self.summary.setText(
                f"<b>{sheet.person}</b>: {bodies} outside bod{'y' if bodies == 1 else 'ies'} · {held}"
                f" · {sheet.attended} attended ({sheet.rate_text})"
                f" · {owed} report-back{'s' if owed != 1 else ''} overdue · as at {short_date(sheet.as_of)}"
            )
            rows = [d.appointment_id for d in sheet.duties]
            row = rows.index(select_appointment) if select_appointment in rows else (0 if rows else -1)
            if row >= 0:
                self.duty_table.selectRow(row)
        self._update_buttons()

    def selected_duty(self) -> Duty | None:
        rows = self.duty_table.selectionModel().selectedRows()
        return self.duties.row(rows[0].row()) if rows else None

    def selected_meeting(self) -> DutyMeeting | None:
        rows = self.meeting_table.selectionModel().selectedRows()
        return self.meetings.row(rows[0].row()) if rows else None

    def _on_duty_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        duty = self.selected_duty()
        self.meetings.set_rows(duty.meetings if duty else [])
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        duty = self.selected_duty()
        meeting = self.selected_meeting()
        self.appoint_button.setEnabled(self._person_id is not None)
        for button in (self.edit_button, self.successor_button, self.delete_button):
            button.setEnabled(duty is not None)
        self.sheet_button.setEnabled(self.sheet is not None)
        self.calendar_button.setEnabled(self.sheet is not None)
        self.report_back_button.setEnabled(meeting is not None and meeting.status == "attended")

    def _on_meeting_table_activated(self, index: QModelIndex) -> None:
        meeting = self.meetings.row(index.row())
        if meeting is not None:
            self.meeting_open_requested.emit(meeting.meeting_id)

    def _on_changes_changed(self, kind: str) -> None:
        if kind == "people":
            self._load_people()
        if kind in ("appointments", "meetings", "people", "organisations", "report-backs"):
            self.refresh()

    # -- appointments ----------------------------------------------------------------------

    def _on_appoint_clicked(self) -> None:
        if self._person_id is not None:
            AppointmentEditor.ask(self, self._database, self._changes, person_id=self._person_id)

    def _on_edit_clicked(self) -> None:
        duty = self.selected_duty()
        if duty is not None:
            AppointmentEditor.ask(self, self._database, self._changes, appointment_id=duty.appointment_id)

    def _on_successor_clicked(self) -> None:
        duty = self.selected_duty()
        if duty is not None:
            AppointmentEditor.ask(self, self._database, self._changes, succeeding=duty.appointment_id)

    def _on_delete_clicked(self) -> None:
        duty = self.selected_duty()
        if duty is None:
            return
        question = f"Delete the appointment to {duty.body}? You can undo this with Ctrl+Z."
        if not prompts.confirm(self, "Delete appointment", question, "Delete"):
            return
        try:
            with self._database.session() as session:
                snapshot = duties.delete(session, duty.appointment_id)
        except DomainError as error:
            prompts.tell(self, "Cannot delete", error.message)
            return
        self._changes.deleted(APPOINTMENTS, snapshot, f"Delete appointment to {duty.body}")

    # -- report-backs and exports ----------------------------------------------------------

    def _on_report_back_clicked(self) -> None:
        meeting = self.selected_meeting()
        person_id = self._person_id
        if meeting is None or person_id is None:
            return
        answer = prompts.ask_text(
            self,
            "Reported back",
            f"When was “{meeting.title}” written up? (dd/mm/yyyy; empty: not yet)",
            date.today().strftime("%d/%m/%Y"),
        )
        if answer is None:
            return
        try:
            on = parse_date(answer) if answer.strip() else None
            with self._database.session() as session:
                before = duties.reported_back_on(session, meeting.meeting_id, person_id)
                duties.record_report_back(session, meeting.meeting_id, person_id, on)
        except ValueError as error:
            prompts.tell(self, "Not a date", str(error))
            return
        except DomainError as error:
            prompts.tell(self, "Cannot record the report-back", error.message)
            return

        def setting(value: date | None) -> object:
            return lambda session: duties.record_report_back(session, meeting.meeting_id, person_id, value)

        self._changes.done(
            "report-backs",
            f"Mark “{meeting.title}” reported back",
            setting(on),
            setting(before),  # type: ignore[arg-type]
        )

    def _on_sheet_clicked(self) -> None:
        if self.sheet is None:
            return
        suggested = Path.home() / f"{self.sheet.person} - representation duties.pdf"
        path = prompts.ask_save_path(self, "Export the duties sheet", suggested, SHEET_FILTERS)
        if path is None:
            return
        with self._database.session() as session:
            association = own_association_name(session)
        try:
            written = writers.write(sheet_paper(self.sheet, association), path)
        except DomainError as error:
            prompts.tell(self, "Export failed", error.message)
            return
        prompts.offer_open(self, "Duties sheet written", written)

    def _on_calendar_clicked(self) -> None:
        if self.sheet is None or self._person_id is None:
            return
        suggested = Path.home() / f"{self.sheet.person} - outside bodies.ics"
        path = prompts.ask_save_path(self, "Export upcoming meetings", suggested, "Calendar (*.ics)")
        if path is None:
            return
        try:
            with self._database.session() as session:
                upcoming = upcoming_meetings(session, self._person_id, self.sheet.as_of)
            write_calendar(upcoming, f"{self.sheet.person}: outside bodies", path)
        except DomainError as error:
            prompts.tell(self, "Export failed", error.message)
            return
        prompts.offer_open(self, "Upcoming meetings written", path)
