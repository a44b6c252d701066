"""The meeting form: what an officer fills in after a meeting, fast and by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import (
    AttendanceRole,
    BodyRole,
    DatePrecision,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    PersonKind,
    ReportSection,
)
from tracker import meetings
from tracker.common.dates import editable_date, parse_date, parse_time, read_date, short_date
from tracker.common.errors import DomainError, InvalidRecord
from tracker.common.history import Subject
from tracker.directory import organisations, people
from tracker.directory.names import body_label
from tracker.directory.organisations import Choice, OrganisationDraft
from tracker.directory.people import PersonDraft
from tracker.lobbying import bills, themes
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft
from ui.changes import MEETINGS, ORGANISATIONS, PEOPLE, Changes
from ui.common import duplicates, prompts
from ui.common.entries import EntriesModel, EntryColumn, EntryTable
from ui.common.history import HistoryDialog, history_button
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker, is_plain_enter
from ui.common.scrolling import resize_within_screen, scrolled_layout

Created = TypeVar("Created")

DATE_HINT = "23/04/2009, 13 June, March 2009, c. March 2007, spring 2007, start of June, early 2007, 2007/08"
OUR_ROLES = [r for r in AttendanceRole]
OUTSIDE_ROLES = [
    AttendanceRole.SPOKE,
    AttendanceRole.PRESENTED,
    AttendanceRole.ATTENDED,
    AttendanceRole.CHAIRED,
]


def _attendee_columns() -> list[EntryColumn[AttendeeEntry]]:
    return [
        EntryColumn("Name", lambda a: a.name),
        EntryColumn(
            "Role",
            lambda a: a.role.label,
            choices=[(r.label, r) for r in AttendanceRole],
            edit=lambda a, role: replace(a, role=role),
        ),
    ]


def _body_columns() -> list[EntryColumn[BodyEntry]]:
    return [
        EntryColumn("Outside body", lambda b: b.name),
        EntryColumn(
            "Role",
            lambda b: b.role.label,
            choices=[(r.label, r) for r in BodyRole],
            edit=lambda b, r: replace(b, role=r),
        ),
    ]


def _follow_up_columns() -> list[EntryColumn[FollowUpEntry]]:
    return [
        EntryColumn("Action", lambda f: f.text, edit=lambda f, text: replace(f, text=str(text))),
        EntryColumn("Owner", lambda f: f.owner),
        EntryColumn("Due", lambda f: short_date(f.due_on) if f.due_on else ""),
        EntryColumn(
            "Done", lambda f: "", checked=lambda f: f.done, edit=lambda f, done: replace(f, done=bool(done))
        ),
    ]


def _checkable(text: str, record_id: int, tip: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setCheckable(True)
    item.setEditable(False)
    item.setData(record_id, Qt.ItemDataRole.UserRole)
    item.setToolTip(tip)
    return item


def _set_checked(model: QStandardItemModel, ids: set[int]) -> None:
    for row in range(model.rowCount()):
        item = model.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in ids
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def _checked(model: QStandardItemModel) -> tuple[int, ...]:
    return tuple(
        sorted(
            int(model.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(model.rowCount())
            if model.item(row).checkState() == Qt.CheckState.Checked
        )
    )


class _TickList(QTreeView):
    """A list of ticks whose long lines end in "…" (the whole line is the tooltip) rather than scroll."""

    def __init__(self, model: QStandardItemModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(90)


class AddOnEnter(QLineEdit):
    """A field whose Enter adds what it holds to a list (`submitted`); empty, Enter does nothing.

    Like the name pickers, it keeps Enter to itself: a second Enter after adding must not save the
    form the user is still filling in.
    """

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            if self.text().strip():
                self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class MeetingEditor(RecordEditor):
    """Log a new meeting or change one; `ask` opens it and returns the saved meeting's id."""

    this_record = "this meeting"
    conflicts_kind = MEETINGS

    def __init__(
        self,
        database: Database,
        changes: Changes,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: MeetingDraft | None = None
        self.setWindowTitle("Log a meeting" if meeting_id is None else "Edit meeting")
        resize_within_screen(self, 1180, 760)
        self._build()
        self._load_choices()
        if meeting_id is not None:
            with database.session() as session:
                self._original = meetings.get(session, meeting_id)
            self._show(self._original)
            self.history_button = history_button()
            self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
            self.history_button.clicked.connect(self._on_history_button_clicked)
        for button in self.buttons.buttons():
            # Else the dialog makes the first of them its default button when shown, for Enter to press.
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.mark_clean()
        self.title.setFocus()

    # -- building the form ---------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText("e.g. National Crime Reduction Board")
        self.held_on = QLineEdit()
        self.held_on.setObjectName("held_on")
        self.held_on.setPlaceholderText(DATE_HINT)
        self.held_on.setToolTip(f"Dates as the papers write them: {DATE_HINT}. Kept as written.")
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.addItem("Held if past, planned if ahead", None)
        for status in MeetingStatus:
            self.status.addItem(status.label.capitalize(), status)
        self.represented_unnamed = QCheckBox("The association was represented (no one named)")
        self.represented_unnamed.setObjectName("represented_unnamed")
        self.starts_at = QLineEdit()
        self.starts_at.setObjectName("starts_at")
        self.starts_at.setPlaceholderText("14:30 (optional)")
        self.starts_at.setMaximumWidth(130)
        self.kind = QComboBox()
        for kind in MeetingKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.location = QLineEdit()
        self.location.setPlaceholderText("optional")
        self.section = QComboBox()
        self.section.setObjectName("report_section")
        self.section.addItem("", None)
        for section in ReportSection:
            self.section.addItem(section.label, section)
        self.heading = QLineEdit()
        self.heading.setPlaceholderText("the entry's heading in the board report; the title if left blank")
        self.confidential = QCheckBox("Confidential: keep out of public reports")

        when = QHBoxLayout()
        when.addWidget(self.held_on, 1)
        when.addWidget(QLabel("Time"))
        when.addWidget(self.starts_at)
        details = QFormLayout()
        details.addRow("&Title", self.title)
        details.addRow("", self.errors.label_for("title", self.title))
        date_label = QLabel("&Date")
        date_label.setBuddy(self.held_on)
        details.addRow(date_label, when)
        details.addRow("", self.errors.label_for("held_on", self.held_on))
        details.addRow("", self.errors.label_for("starts_at", self.starts_at))
        details.addRow("Stat&us", self.status)
        details.addRow("", self.errors.label_for("status", self.status))
        details.addRow("&Kind", self.kind)
        details.addRow("&Location", self.location)
        details.addRow("Re&port section", self.section)  # Alt+S is Save's
        details.addRow("Report heading", self.heading)
        details.addRow("", self.represented_unnamed)
        details.addRow("", self.confidential)

        self.bodies = EntriesModel(_body_columns(), self)
        self.body_picker = RecordPicker("Type a body's name or acronym, Enter to add")
        self.body_picker.setObjectName("body_picker")
        self.body_role = QComboBox()
        for role in BodyRole:
            self.body_role.addItem(role.label, role)
        self.body_role.setCurrentIndex(1)
        self.body_table = EntryTable(self.bodies)
        bodies_box = self._group(
            "Outside &bodies",
            self.body_picker,
            self.body_role,
            self.body_table,
            self.errors.label_for("bodies"),
        )

        self.ours = EntriesModel(_attendee_columns(), self)
        self.our_picker = RecordPicker("Type a member's or officer's name, Enter to add")
        self.our_picker.setObjectName("our_picker")
        self.our_role = QComboBox()
        for role in OUR_ROLES:
            self.our_role.addItem(role.label, role)
        self.our_role.setCurrentIndex(OUR_ROLES.index(AttendanceRole.ATTENDED))
        self.our_table = EntryTable(self.ours)
        ours_box = self._group(
            "&Our attendees",
            self.our_picker,
            self.our_role,
            self.our_table,
            self.errors.label_for("attendees"),
        )

        self.outside = EntriesModel(_attendee_columns(), self)
        self.outside_picker = RecordPicker("Type a minister's, MP's or official's name, Enter to add")
        self.outside_picker.setObjectName("outside_picker")
        self.outside_role = QComboBox()
        for role in OUTSIDE_ROLES:
            self.outside_role.addItem(role.label, role)
        self.outside_table = EntryTable(self.outside)
        outside_box = self._group(
            "O&utside attendees", self.outside_picker, self.outside_role, self.outside_table
        )

        self.theme_model = QStandardItemModel(self)
        self.theme_list = QListView()
        self.theme_list.setModel(self.theme_model)
        self.theme_list.setMinimumHeight(110)
        themes_box = QGroupBox("T&hemes")
        themes_layout = QVBoxLayout(themes_box)
        themes_layout.addWidget(self.theme_list)
        themes_layout.addWidget(self.errors.label_for("themes"))

        # Ticking an ask ticks its bill (a meeting that dealt with an ask dealt with its bill); unticking
        # a bill unticks its asks.
        self.bill_model = QStandardItemModel(self)
        self.bill_list = _TickList(self.bill_model)
        self.bill_list.setObjectName("bill_list")
        self.ask_model = QStandardItemModel(self)
        self.ask_list = _TickList(self.ask_model)
        self.ask_list.setObjectName("ask_list")
        self._ticking = False
        self._bill_of_ask: dict[int, int] = {}
        bills_box = QGroupBox("B&ills and asks dealt with")
        bills_layout = QGridLayout(bills_box)
        bills_layout.addWidget(self.bill_list, 0, 0)
        bills_layout.addWidget(self.ask_list, 0, 1)
        bills_layout.setColumnStretch(0, 2)
        bills_layout.setColumnStretch(1, 3)
        bills_layout.addWidget(self.errors.label_for("bills"), 1, 0, 1, 2)
        bills_layout.addWidget(self.errors.label_for("asks"), 2, 0, 1, 2)

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText("What happened: the paragraph the board report will use")
        self.summary.setTabChangesFocus(True)
        self.outcome = QPlainTextEdit()
        self.outcome.setPlaceholderText("What came of it")
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(70)

        self.follow_ups = EntriesModel(_follow_up_columns(), self)
        self.follow_up_text = AddOnEnter()
        self.follow_up_text.setObjectName("follow_up_text")
        self.follow_up_text.setPlaceholderText("Action to follow up")
        # The owner stays in the box once picked, ready for the due date and the Enter that adds the action.
        self.follow_up_owner = RecordPicker("Owner (optional)", keep_choice=True)
        self.follow_up_owner.setObjectName("follow_up_owner")
        self.follow_up_due = AddOnEnter()
        self.follow_up_due.setObjectName("follow_up_due")
        self.follow_up_due.setPlaceholderText("Due dd/mm/yyyy")
        self.follow_up_due.setMaximumWidth(130)
        self.follow_up_add = QPushButton("Add")
        self.follow_up_add.setAutoDefault(False)
        self.follow_up_table = EntryTable(self.follow_ups)
        self.follow_up_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        follow_box = QGroupBox("&Follow-up actions")
        follow_layout = QGridLayout(follow_box)
        follow_layout.addWidget(self.follow_up_text, 0, 0)
        follow_layout.addWidget(self.follow_up_owner, 0, 1)
        follow_layout.addWidget(self.follow_up_due, 0, 2)
        follow_layout.addWidget(self.follow_up_add, 0, 3)
        follow_layout.addWidget(self.follow_up_table, 1, 0, 1, 4)
        follow_layout.addWidget(self.errors.label_for("follow_ups"), 2, 0, 1, 4)

        text_box = QGroupBox("Su&mmary and outcome")
        text_layout = QVBoxLayout(text_box)
        text_layout.addWidget(self.summary, 2)
        text_layout.addWidget(QLabel("Outcome"))
        text_layout.addWidget(self.outcome)

        form_error = self.errors.label_for("form")

        left = QVBoxLayout()
        left.addLayout(details)
        left.addWidget(bodies_box)
        left.addWidget(ours_box)
        left.addWidget(outside_box)
        right = QVBoxLayout()
        right.addWidget(text_box, 3)
        right.addWidget(themes_box, 1)
        right.addWidget(bills_box, 1)
        right.addWidget(follow_box, 2)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        # The fields scroll on a short screen; the message and the buttons below stay in view.
        layout = QVBoxLayout(self)
        scrolled_layout(self, layout).addLayout(columns, 1)
        layout.addWidget(form_error)
        layout.addWidget(self._save_cancel_buttons())
        # Enter is for filling the form in (adding a name, moving on), never for saving it: a
        # meeting half logged would be saved by one Enter too many. Save has Alt+S and Ctrl+Enter.
        self.save_button.setDefault(False)
        self.save_button.setText("&Save")
        self.save_button.setToolTip("Save the meeting (Ctrl+Enter, or Alt+S)")

        for first, second in [
            (self.title, self.held_on),
            (self.held_on, self.starts_at),
            (self.starts_at, self.kind),
            (self.kind, self.location),
            (self.location, self.section),
            (self.section, self.heading),
            (self.heading, self.confidential),
            (self.confidential, self.body_picker),
            (self.body_picker, self.body_role),
            (self.body_role, self.body_table),
            (self.body_table, self.our_picker),
            (self.our_picker, self.our_role),
            (self.our_role, self.our_table),
            (self.our_table, self.outside_picker),
            (self.outside_picker, self.outside_role),
            (self.outside_role, self.outside_table),
            (self.outside_table, self.summary),
            (self.summary, self.outcome),
            (self.outcome, self.theme_list),
            (self.theme_list, self.bill_list),
            (self.bill_list, self.ask_list),
            (self.ask_list, self.follow_up_text),
            (self.follow_up_text, self.follow_up_owner),
            (self.follow_up_owner, self.follow_up_due),
            (self.follow_up_due, self.follow_up_add),
            (self.follow_up_add, self.follow_up_table),
        ]:
            QWidget.setTabOrder(first, second)

        self.body_picker.picked.connect(self._on_body_picker_picked)
        self.body_picker.unknown_entered.connect(self._on_body_picker_unknown_entered)
        self.our_picker.picked.connect(self._on_our_picker_picked)
        self.our_picker.unknown_entered.connect(self._on_our_picker_unknown_entered)
        self.outside_picker.picked.connect(self._on_outside_picker_picked)
        self.outside_picker.unknown_entered.connect(self._on_outside_picker_unknown_entered)
        self.follow_up_add.clicked.connect(self._on_follow_up_add_clicked)
        self.follow_up_due.submitted.connect(self._on_follow_up_add_clicked)
        self.follow_up_text.submitted.connect(self._on_follow_up_add_clicked)
        self.ours.edited.connect(self._update_automatic_section)
        self.bill_model.itemChanged.connect(self._on_bill_model_item_changed)
        self.ask_model.itemChanged.connect(self._on_ask_model_item_changed)

    def _group(
        self, title: str, picker: QLineEdit, role: QComboBox, table: QTableView, error: QLabel | None = None
    ) -> QGroupBox:
        box = QGroupBox(title)
        layout = QGridLayout(box)
        layout.addWidget(picker, 0, 0)
        layout.addWidget(role, 0, 1)
        layout.addWidget(table, 1, 0, 1, 2)
        if error is not None:
            layout.addWidget(error, 2, 0, 1, 2)
        return box

    def _load_choices(self) -> None:
        with self._database.session() as session:
            bodies = organisations.choices(session)
            everyone = people.choices(session)
            all_themes = themes.all_rows(session)
            all_bills = bills.choices(session)
            all_asks = bills.ask_rows(session)
        self._kinds = {p.id: p.kind for p in everyone}
        self.body_picker.set_choices(bodies)
        ours = [p for p in everyone if p.kind is not PersonKind.CONTACT]
        self.our_picker.set_choices(ours)
        self.outside_picker.set_choices([p for p in everyone if p.kind is PersonKind.CONTACT])
        self.follow_up_owner.set_choices(everyone)
        self.theme_model.clear()
        for theme in all_themes:
            item = QStandardItem(theme.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(theme.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(theme.description)
            self.theme_model.appendRow(item)
        self.bill_model.clear()
        for bill_id, label in all_bills:
            self.bill_model.appendRow(_checkable(label, bill_id, label))
        self.ask_model.clear()
        self._bill_of_ask.clear()
        for ask in all_asks:
            self._bill_of_ask[ask.id] = ask.bill_id
            tip = f"{ask.bill}: {ask.text} ({ask.status.label})"
            self.ask_model.appendRow(_checkable(f"{ask.bill}: {ask.text}", ask.id, tip))

    # -- moving values between the form and a draft --------------------------------------

    def _show(self, draft: MeetingDraft) -> None:
        self.title.setText(draft.title)
        if draft.held_on is not None:
            self.held_on.setText(draft.date_written or editable_date(draft.held_on, draft.date_precision))
        self.status.setCurrentIndex(self.status.findData(draft.status) if draft.status else 0)
        self.represented_unnamed.setChecked(draft.represented_unnamed)
        self.starts_at.setText(draft.starts_at.strftime("%H:%M") if draft.starts_at else "")
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.location.setText(draft.location)
        self.heading.setText(draft.report_heading)
        self.confidential.setChecked(draft.confidential)
        self.bodies.set_entries(draft.bodies)
        self.ours.set_entries([a for a in draft.attendees if a.kind is not PersonKind.CONTACT])
        self.outside.set_entries([a for a in draft.attendees if a.kind is PersonKind.CONTACT])
        self.summary.setPlainText(draft.summary)
        self.outcome.setPlainText(draft.outcome)
        self.follow_ups.set_entries(draft.follow_ups)
        chosen = set(draft.theme_ids)
        for row in range(self.theme_model.rowCount()):
            item = self.theme_model.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._ticking = True
        _set_checked(self.bill_model, set(draft.bill_ids))
        _set_checked(self.ask_model, set(draft.ask_ids))
        self._ticking = False
        self._update_automatic_section()
        automatic = meetings.default_section(
            [(a.kind or PersonKind.CONTACT, a.role) for a in draft.attendees]
        )
        self.section.setCurrentIndex(
            0 if draft.report_section in (None, automatic) else self.section.findData(draft.report_section)
        )

    def draft(self) -> MeetingDraft:
        """The form as a draft; a date or time that cannot be read raises InvalidRecord."""
        problems: dict[str, str] = {}
        held_on: date | None = None
        precision = DatePrecision.DAY
        written = ""
        if self.held_on.text().strip():
            # A date written without its year ("13 June") takes the meeting's own, or this year's.
            known = self._original.held_on if self._original and self._original.held_on else date.today()
            try:
                found = read_date(self.held_on.text(), year=known.year)
            except ValueError as error:
                problems["held_on"] = str(error)
            else:
                held_on, precision = found.first, found.precision
                if found.written != editable_date(held_on, precision):
                    written = found.written
        starts_at: time | None = None
        if self.starts_at.text().strip():
            try:
                starts_at = parse_time(self.starts_at.text())
            except ValueError as error:
                problems["starts_at"] = str(error)
        if problems:
            raise InvalidRecord(problems)
        theme_ids = tuple(
            int(self.theme_model.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.theme_model.rowCount())
            if self.theme_model.item(row).checkState() == Qt.CheckState.Checked
        )
        base = self._original or MeetingDraft(title="", held_on=None)
        return replace(
            base,
            title=self.title.text(),
            held_on=held_on,
            date_precision=precision,
            date_written=written,
            status=self.status.currentData() and MeetingStatus(self.status.currentData()),
            represented_unnamed=self.represented_unnamed.isChecked(),
            starts_at=starts_at,
            kind=MeetingKind(self.kind.currentData()),
            location=self.location.text(),
            bodies=self.bodies.entries,
            attendees=self.ours.entries + self.outside.entries,
            theme_ids=theme_ids,
            summary=self.summary.toPlainText(),
            outcome=self.outcome.toPlainText(),
            follow_ups=self.follow_ups.entries,
            confidential=self.confidential.isChecked(),
            report_section=self._chosen_section(),
            report_heading=self.heading.text(),
            bill_ids=_checked(self.bill_model),
            ask_ids=_checked(self.ask_model),
        )

    def _chosen_section(self) -> ReportSection | None:
        # Combo boxes hand string enums back as plain strings.
        value = self.section.currentData()
        return ReportSection(value) if value else None

    def form_state(self) -> MeetingDraft | None:
        """The form as a draft; None while a date or time in it cannot be read."""
        try:
            return self.draft()
        except InvalidRecord:
            return None

    def has_unsaved_changes(self) -> bool:
        # A date or time that cannot be read is typing not yet saved.
        current = self.form_state()
        return current is None or current != self._clean_state

    def _on_bill_model_item_changed(self, item: QStandardItem) -> None:
        if self._ticking or item.checkState() == Qt.CheckState.Checked:
            return
        bill_id = item.data(Qt.ItemDataRole.UserRole)
        self._ticking = True
        for row in range(self.ask_model.rowCount()):
            ask = self.ask_model.item(row)
            if self._bill_of_ask.get(ask.data(Qt.ItemDataRole.UserRole)) == bill_id:
                ask.setCheckState(Qt.CheckState.Unchecked)
        self._ticking = False

    def _on_ask_model_item_changed(self, item: QStandardItem) -> None:
        if self._ticking or item.checkState() != Qt.CheckState.Checked:
            return
        bill_id = self._bill_of_ask.get(item.data(Qt.ItemDataRole.UserRole))
        self._ticking = True
        for row in range(self.bill_model.rowCount()):
            bill = self.bill_model.item(row)
            if bill.data(Qt.ItemDataRole.UserRole) == bill_id:
                bill.setCheckState(Qt.CheckState.Checked)
        self._ticking = False

    def _update_automatic_section(self) -> None:
        automatic = meetings.default_section(
            [(a.kind or PersonKind.CONTACT, a.role) for a in self.ours.entries]
        )
        self.section.setItemText(0, f"Automatic: {automatic.label}")

    # -- adding entries ------------------------------------------------------------------

    def _add_attendee(self, model: EntriesModel, person_id: int, label: str, role: AttendanceRole) -> None:  # type: ignore[type-arg]
        everyone = self.ours.entries + self.outside.entries
        if any(a.person_id == person_id for a in everyone):
            self.errors.show({"attendees": f"{label} is listed already."})
            return
        self.errors.clear()
        model.append(AttendeeEntry(person_id, role, label, self._kinds.get(person_id)))

    def _on_body_picker_picked(self, organisation_id: int, label: str) -> None:
        if any(b.organisation_id == organisation_id for b in self.bodies.entries):
            self.errors.show({"bodies": f"{label} is listed already."})
            return
        self.errors.clear()
        self.bodies.append(BodyEntry(organisation_id, BodyRole(self.body_role.currentData()), label))

    def _on_our_picker_picked(self, person_id: int, label: str) -> None:
        self._add_attendee(self.ours, person_id, label, AttendanceRole(self.our_role.currentData()))

    def _on_outside_picker_picked(self, person_id: int, label: str) -> None:
        self._add_attendee(self.outside, person_id, label, AttendanceRole(self.outside_role.currentData()))

    def _on_body_picker_unknown_entered(self, text: str) -> None:
        found = self._create_organisation(text)
        if found is not None:
            self.body_picker.clear()
            self._on_body_picker_picked(*found)

    def _on_our_picker_unknown_entered(self, text: str) -> None:
        kind = PersonKind.MEMBER if text.lower().startswith(("cllr", "councillor")) else PersonKind.OFFICER
        found = self._create_person(text, kind)
        if found is not None:
            self.our_picker.clear()
            self._on_our_picker_picked(*found)

    def _on_outside_picker_unknown_entered(self, text: str) -> None:
        found = self._create_person(text, PersonKind.CONTACT)
        if found is not None:
            self.outside_picker.clear()
            self._on_outside_picker_picked(*found)

    def _create_organisation(self, text: str) -> tuple[int, str] | None:
        if not prompts.confirm(
            self, "New outside body", f"“{text}” is not in the directory. Add it as a new body?", "Add body"
        ):
            return None
        draft = OrganisationDraft(name=text, kind=OrganisationKind.OTHER)
        created = self._add_to_directory("body", organisations.create, draft)
        if isinstance(created, duplicates.UseExisting):
            return created.id, created.label
        if created is None:
            return None
        label = body_label(created.name, created.acronym)
        assert created.id is not None
        self._changes.created(ORGANISATIONS, created, f"Add body “{created.name}”")
        self.body_picker.add_choice(Choice(created.id, label))
        return created.id, label

    def _create_person(self, text: str, kind: PersonKind) -> tuple[int, str] | None:
        words = text.split()
        title = (
            words[0]
            if len(words) > 1 and words[0].lower().rstrip(".") in ("cllr", "councillor", "sir", "dr")
            else ""
        )
        name = " ".join(words[1:]) if title else text
        if title.lower() == "councillor":
            title = "Cllr"
        if not prompts.confirm(
            self,
            "New person",
            f"“{text}” is not in the directory. Add them as a new {kind.label}?",
            "Add person",
        ):
            return None
        draft = PersonDraft(name=name, kind=kind, title=title)
        created = self._add_to_directory("person", people.create, draft)
        if isinstance(created, duplicates.UseExisting):
            return created.id, created.label
        if created is None:
            return None
        assert created.id is not None
        self._kinds[created.id] = kind
        self._changes.created(PEOPLE, created, f"Add {created.display_name}")
        choice = Choice(created.id, created.display_name)
        for picker in (self.our_picker, self.outside_picker, self.follow_up_owner):
            picker.add_choice(choice)
        return created.id, created.display_name

    def _add_to_directory(
        self, noun: str, create: Callable[..., Created], draft: Any
    ) -> Created | duplicates.UseExisting | None:
        """Create the record typed in a picker, or use a like one already held if the user says so;
        None if they went back, or if the service refused (the user is told why)."""

        def attempt(allow_similar: bool) -> Created:
            with self._database.session() as session:
                return create(session, draft, allow_similar=allow_similar)

        try:
            return duplicates.save_unless_duplicate(self, noun, attempt)
        except DomainError as error:
            prompts.tell(self, f"Cannot add the {noun}", error.message)
            return None

    def _on_follow_up_add_clicked(self) -> None:
        text = " ".join(self.follow_up_text.text().split())
        if not text:
            self.errors.show({"follow_ups": "Write the action first, then its owner and due date."})
            self.follow_up_text.setFocus()
            return
        due: date | None = None
        if self.follow_up_due.text().strip():
            try:
                due = parse_date(self.follow_up_due.text())
            except ValueError as error:
                self.errors.show({"follow_ups": str(error)})
                self.follow_up_due.setFocus()
                return
        owner = (
            self.follow_up_owner.match(self.follow_up_owner.text())
            if self.follow_up_owner.text().strip()
            else None
        )
        if self.follow_up_owner.text().strip() and owner is None:
            self.errors.show({"follow_ups": f"“{self.follow_up_owner.text()}” is not in the directory."})
            self.follow_up_owner.setFocus()
            return
        self.errors.clear()
        self.follow_ups.append(
            FollowUpEntry(text, owner[0] if owner else None, due, False, owner[1] if owner else "")
        )
        for field in (self.follow_up_text, self.follow_up_owner, self.follow_up_due):
            field.clear()
        self.follow_up_text.setFocus()

    # -- saving and closing --------------------------------------------------------------

    def store(self) -> MeetingDraft:
        return self.store_draft(self.draft())

    def store_draft(self, draft: MeetingDraft) -> MeetingDraft:
        with self._database.session() as session:
            if self._original is None:
                return meetings.log(session, draft)
            return meetings.update(session, draft)

    def _on_history_button_clicked(self) -> None:
        if self._original is not None and self._original.id is not None:
            HistoryDialog.show_for(
                self, self._database, Subject.MEETING, self._original.id, self._original.title
            )

    def after_save(self, saved: MeetingDraft) -> None:
        if self._original is None:
            self._changes.created(MEETINGS, saved, f"Log meeting “{saved.title}”")
        else:
            self._changes.edited(MEETINGS, self._original, saved, f"Edit meeting “{saved.title}”")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The button box makes Save the default button as it shows; the form has none (see `_build`).
        self.save_button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter reaches the form from a field that does not use it itself (the title, the date, a
        # list): it moves on to the next field, as Tab does, instead of pressing a default button.
        if is_plain_enter(event):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):  # a button the user has tabbed to: Enter presses it
                focused.click()
            else:
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)
