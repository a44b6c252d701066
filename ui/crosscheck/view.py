"""The Cross-check view: departments' returns of ministers' meetings set beside each other and our records."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import crosscheck
from tracker.crosscheck import MinisterMeeting, MissingMeeting, ReturnChoice, SameSubject, Scope
from tracker.io.transparency import Period
from ui.changes import Changes
from ui.common.keyboard import free_tab
from ui.common.rows_model import RowsModel

Row = TypeVar("Row")


def _table(model: RowsModel[Row], name: str, *stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    free_tab(table)
    table.setMinimumHeight(48)  # it scrolls: the three fit a 600-px screen
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def _group(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class CrossCheckView(QWidget):
    """For a department and period: who met whom, who else on the same subject, what the return leaves out."""

    meeting_open_requested = Signal(int)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._returns: list[ReturnChoice] = []

        self.department = QComboBox()
        self.department.setObjectName("crosscheck_department")
        self.department.setMinimumContentsLength(16)
        self.period = QComboBox()
        self.period.setObjectName("crosscheck_period")
        self.period.setMinimumContentsLength(16)
        self.import_button = QPushButton("Import a return…")
        self.import_button.setObjectName("crosscheck_import")
        self.summary = QLabel("")
        self.summary.setObjectName("crosscheck_summary")
        self.summary.setWordWrap(True)  # on one line it made the area 1,040 px wide at least

        self.met: RowsModel[MinisterMeeting] = RowsModel(
            [
                ("Minister", lambda m: m.minister),
                ("Body", lambda m: m.body),
                ("Date", lambda m: m.when),
                ("Purpose", lambda m: m.purpose),
                ("Times met", lambda m: str(m.times)),
                ("Department", lambda m: m.department),
            ],
            right=(4,),
        )
        self.same: RowsModel[SameSubject] = RowsModel(
            [
                ("Date", lambda s: s.when),
                ("Who else", lambda s: s.bodies),
                ("Purpose", lambda s: s.purpose),
                ("Words in common", lambda s: ", ".join(s.shared)),
            ]
        )
        self.missing: RowsModel[MissingMeeting] = RowsModel(
            [
                ("Date", lambda m: m.when),
                ("Our meeting", lambda m: m.title),
                ("Department", lambda m: m.department),
                ("Who went", lambda m: m.people),
                ("Why it is listed", lambda m: m.why),
            ]
        )
        self.met_table = _table(self.met, "crosscheck_met", 3)
        self.same_table = _table(self.same, "crosscheck_same", 2)
        self.missing_table = _table(self.missing, "crosscheck_missing", 1, 4)
        self.same_hint = QLabel(
            "Select a meeting above to see who else met that minister on the same subject."
        )
        self.same_hint.setObjectName("crosscheck_same_hint")
        self.same_hint.setWordWrap(True)

        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Department:"))
        pickers.addWidget(self.department)
        pickers.addSpacing(12)
        pickers.addWidget(QLabel("Period:"))
        pickers.addWidget(self.period)
        pickers.addSpacing(12)
        pickers.addWidget(self.summary, 1)
        pickers.addWidget(self.import_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(
            _group("Which ministers met which bodies (from the departments' returns)", self.met_table)
        )
        splitter.addWidget(
            _group(
                "Who else met the same minister on the same subject that period",
                self.same_hint,
                self.same_table,
            )
        )
        splitter.addWidget(
            _group("Our meetings with the department that its return does not show", self.missing_table)
        )
        splitter.setSizes([400, 200, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(splitter, 1)

        self.department.currentIndexChanged.connect(self._on_department_current_index_changed)
        self.period.currentIndexChanged.connect(self._on_period_current_index_changed)
        self.met_table.selectionModel().currentRowChanged.connect(self._on_met_current_row_changed)
        self.met_table.doubleClicked.connect(self._on_met_table_double_clicked)
        self.same_table.doubleClicked.connect(self._on_same_table_double_clicked)
        self.missing_table.doubleClicked.connect(self._on_missing_table_double_clicked)
        self._changes.changed.connect(self._on_changes_changed)
        self.reload()

    def reload(self) -> None:
        """Read the returns held again, keeping the department and period chosen where they still exist."""
        with self._database.session() as session:
            self._returns = crosscheck.returns(session)
        chosen = self.department.currentData()
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem("All departments", None)
        for department_id, label in dict((r.department_id, r.department) for r in self._returns).items():
            self.department.addItem(label, department_id)
        found = self.department.findData(chosen)
        self.department.setCurrentIndex(max(found, 0))
        self.department.blockSignals(False)
        self._fill_periods()

    def _fill_periods(self) -> None:
        chosen = self.period.currentData()
        department_id = self.department.currentData()
        periods = dict.fromkeys(
            r.period for r in self._returns if department_id is None or r.department_id == department_id
        )
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem("All periods", None)
        for period in sorted(periods, key=lambda p: (p.start, p.end)):
            self.period.addItem(period.label, period)
        found = next((i for i in range(self.period.count()) if self.period.itemData(i) == chosen), 0)
        self.period.setCurrentIndex(found)
        self.period.blockSignals(False)
        self.refresh()

    def choose(self, department_id: int | None, period: Period | None) -> None:
        """Show one department and period (as if picked from the lists)."""
        self.department.setCurrentIndex(max(self.department.findData(department_id), 0))
        index = next((i for i in range(self.period.count()) if self.period.itemData(i) == period), 0)
        self.period.setCurrentIndex(index)

    def scope(self) -> Scope:
        period: Period | None = self.period.currentData()
        return Scope(
            self.department.currentData(), period.start if period else None, period.end if period else None
        )

    def refresh(self) -> None:
        scope = self.scope()
        with self._database.session() as session:
            met = crosscheck.ministers_met(session, scope)
            missing = crosscheck.missing_from_return(session, scope)
        self.met.set_rows(met)
        self.missing.set_rows(missing)
        self.same.set_rows([])
        ministers = len({m.minister_id for m in met})
        meetings = len({m.meeting_id for m in met})
        if not self._returns:
            self.summary.setText("No returns yet: File ▸ Import ▸ Ministers' meetings return…")
        else:
            self.summary.setText(
                f"{meetings} meeting{'s' if meetings != 1 else ''} of {ministers}"
                f" minister{'s' if ministers != 1 else ''}; {len(missing)} of ours not in the return"
            )

    def _show_same_subject(self, meeting: MinisterMeeting | None) -> None:
        if meeting is None:
            self.same.set_rows([])
            return
        with self._database.session() as session:
            rows = crosscheck.same_subject(session, meeting.meeting_id)
        self.same.set_rows(rows)
        self.same_hint.setText(
            f"{meeting.minister} on “{meeting.purpose}” ({meeting.when}): "
            + (
                f"{len(rows)} other meeting{'s' if len(rows) != 1 else ''} sharing words of its purpose."
                if rows
                else "no other meeting that period shares a word of its purpose."
            )
        )

    def _on_department_current_index_changed(self, _index: int) -> None:
        self._fill_periods()

    def _on_period_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_met_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_same_subject(self.met.row(current.row()) if current.isValid() else None)

    def _on_met_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.met.row(index.row())
        if row is not None:
            self.meeting_open_requested.emit(row.meeting_id)

    def _on_same_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.same.row(index.row())
        if row is not None:
            self.meeting_open_requested.emit(row.meeting_id)

    def _on_missing_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.missing.row(index.row())
        if row is not None:
            self.meeting_open_requested.emit(row.meeting_id)

    def _on_changes_changed(self, kind: str) -> None:
        if kind in ("meetings", "organisations", "people", "returns"):
            self.reload()
