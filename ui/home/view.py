"""Home, the first screen: follow-ups due and overdue (tick done, undoable; open the meeting),
consultation deadlines and Board actions, terms ending and report-backs owed, and the charts,
counted and drawn on the thread pool; a chart's bar or cell opens the records behind it.

On a local file Home paints before the database has opened: its follow-ups and deadlines are read
straight from the file (`DueFirst`, tracker/stakeholders/due.py) and `attach` finishes it once the
database is open. Nothing imported here at the top loads SQLAlchemy or matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tracker.common.dates import short_date
from tracker.common.errors import NotFound
from tracker.stakeholders.due import LIST_LIMIT, Deadline, DueFirst, FollowUpDue
from ui.common import worker
from ui.common.keyboard import free_tab

if TYPE_CHECKING:
    from db.engine import Database
    from tracker.charts.drawing import Target
    from tracker.duties import AttentionItem
    from tracker.stakeholders.home import ChartRecord
    from ui.changes import Changes
    from ui.home.chart_picture import ChartPicture, Rendered

HOME_CHARTS = ("meetings-per-quarter", "engaged-bodies", "asks-won-lost", "attendance")
CHART_SIZE = (520, 360)
CHARTS_MARGIN = 60  # the scroll area's frame and bar, the layout's margins and spacing
WATCHED = (
    "meetings",
    "appointments",
    "asks",
    "bills",
    "organisations",
    "people",
    "report-backs",
    "positions",
)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class HomeLists:
    follow_ups: list[FollowUpDue]
    deadlines: list[Deadline]
    duties: list[AttentionItem] | None  # None: not read yet (Home painted before the database opened)


class FollowUpsModel(QAbstractTableModel):
    """The follow-ups due as a task list: a tick to mark one done, then due, owner, action, meeting."""

    HEADERS = ("Done", "Due", "Owner", "Action", "From the meeting")
    ticked = Signal(object, bool)  # (FollowUpDue, done)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FollowUpDue] = []
        # Ticked only once the database is open, and not on a file or login that may only read.
        self._tickable = False

    def set_tickable(self, tickable: bool) -> None:
        self._tickable = tickable
        if self.rows:  # the ticks' cells change; the rows, and the current one, stay
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def set_rows(self, rows: list[FollowUpDue]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, follow_up_id: int) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.id == follow_up_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            due = short_date(row.due_on) + (" (overdue)" if row.overdue else "")
            return ("", due, row.owner or "no one named", row.text, row.meeting)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and row.overdue:
            return QColor("#b03a2e")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not index.isValid():
            return False
        if not self._tickable:
            return False
        if not 0 <= index.row() < len(self.rows):
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self.ticked.emit(self.rows[index.row()], done)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 and self._tickable else flags


class ChartRecords(QDialog):
    """The records behind a chart's bar or cell; a meeting opens on double-click or Enter."""

    meeting_open_requested = Signal(int)

    def __init__(self, title: str, records: list[ChartRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 420)
        self.list = QListWidget()
        for record in records:
            item = QListWidgetItem(f"{record.when}  {record.text}")
            item.setData(Qt.ItemDataRole.UserRole, record.meeting_id)
            self.list.addItem(item)
        if not records:
            self.list.addItem("Nothing recorded.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if meeting_id is not None:
            self.meeting_open_requested.emit(int(meeting_id))

    @classmethod
    def ask(cls, parent: QWidget, title: str, records: list[ChartRecord], open_meeting: Any) -> None:
        dialog = cls(title, records, parent)
        dialog.meeting_open_requested.connect(open_meeting)
        dialog.exec()


class HomeView(QWidget):
    """The first screen. Its lists are read on the thread pool once it is shown, then its charts
    counted and drawn there too; and again after a change to the records it shows.

    `HomeView(database, changes)` works at once. `HomeView(first=DueFirst)` shows the follow-ups
    and deadlines read from the file while the database opens, and `attach` finishes it."""

    meeting_open_requested = Signal(int)
    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    policy_item_open_requested = Signal(int)
    listed = Signal()  # the lists are shown (the first paint); the charts follow
    refreshed = Signal()  # the charts are drawn too

    def __init__(
        self,
        database: Database | None = None,
        changes: Changes | None = None,
        parent: QWidget | None = None,
        *,
        first: DueFirst | None = None,
    ) -> None:
        super().__init__(parent)
        self._database: Database | None = None
        self._changes: Changes | None = None
        self._generation = 0
        self._answered = 0
        self._out_of_date = True
        self._jobs: dict[int, worker.Job] = {}
        self.as_of = date.today() if first is None else first.as_of

        self.follow_ups_model = FollowUpsModel(self)
        self.follow_ups = QTableView()
        self.follow_ups.setObjectName("home_follow_ups")
        self.follow_ups.setAccessibleName("Follow-ups due")
        self.follow_ups.setModel(self.follow_ups_model)
        self.follow_ups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.follow_ups.verticalHeader().hide()
        header = self.follow_ups.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # The action and its meeting share what the date and owner leave (at 1024 pixels too).
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        free_tab(self.follow_ups)  # Tab moves on to the deadlines; arrows move within the list
        self._enter_opens = _EnterOpens(self.follow_ups, self._open_current_follow_up)
        self.follow_ups.setMinimumHeight(160)
        self.deadlines = QListWidget()
        self.deadlines.setObjectName("home_deadlines")
        self.deadlines.setAccessibleName("Consultation deadlines and Board actions")
        self.duties = QListWidget()
        self.duties.setObjectName("home_duties")
        self.duties.setAccessibleName("Terms ending and report-backs owed")
        for listed in (self.deadlines, self.duties):  # long lines wrap rather than scroll sideways
            listed.setWordWrap(True)
            listed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel("Reading…")

        lists = QGridLayout()
        lists.addWidget(
            QLabel("<b>Follow-ups due and overdue</b> — tick one done; double-click to open its meeting"),
            0,
            0,
        )
        lists.addWidget(self.follow_ups, 1, 0, 3, 1)
        lists.addWidget(QLabel("<b>Consultation deadlines and Board actions</b>"), 0, 1)
        lists.addWidget(self.deadlines, 1, 1)
        lists.addWidget(QLabel("<b>Terms ending and report-backs owed</b>"), 2, 1)
        lists.addWidget(self.duties, 3, 1)
        lists.setColumnStretch(0, 3)
        lists.setColumnStretch(1, 2)

        # The charts' places; their pictures are made once the database is open (`attach`).
        self.pictures: dict[str, ChartPicture] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        self._charts = QGridLayout()
        self._chart_boxes: list[QWidget] = []
        self._chart_columns = 0

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.status)
        layout.addLayout(lists)
        layout.addLayout(self._charts)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Home")  # not named from the status line, which changes
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.follow_ups.doubleClicked.connect(self._on_follow_ups_double_clicked)
        self.deadlines.itemActivated.connect(self._on_deadlines_item_activated)
        self.duties.itemActivated.connect(self._on_duties_item_activated)
        if first is not None:
            self._show_lists(HomeLists(first.follow_ups, first.deadlines, None))
        if database is not None:
            assert changes is not None, "a Home on an open database follows its changes"
            self.attach(database, changes)

    def attach(self, database: Database, changes: Changes) -> None:
        """Finish Home on the open database: the charts, ticking done, and reading afresh on changes."""
        from tracker.charts.catalogue import CHARTS
        from ui.home.chart_picture import ChartPicture

        self._database = database
        self._changes = changes
        for name in HOME_CHARTS:
            picture = ChartPicture()
            picture.setObjectName(f"chart_{name}")
            picture.setAccessibleName(CHARTS[name].title)
            picture.setMinimumSize(*CHART_SIZE)
            save = QPushButton(f"Save “{CHARTS[name].title}”…")
            save.setEnabled(False)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(picture)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(save)
            column.addLayout(row)
            self._chart_boxes.append(box)
            self.pictures[name] = picture
            self.save_buttons[name] = save
            picture.target_clicked.connect(self._on_picture_target_clicked)
            save.clicked.connect(lambda _checked=False, name=name: self.save_chart(name))
        self._place_charts()
        self.follow_ups_model.ticked.connect(self._on_follow_ups_model_ticked)
        self.follow_ups_model.set_tickable(not database.access.read_only)
        changes.changed.connect(self._on_changes_changed)
        self._out_of_date = True
        if self.isVisible():
            self.refresh()

    def is_attached(self) -> bool:
        return self._database is not None

    def _place_charts(self) -> None:
        """Two charts a row where two fit side by side, else one (a 1024-pixel screen): the lists
        above keep the whole width rather than scrolling sideways."""
        columns = 2 if self.width() >= 2 * CHART_SIZE[0] + CHARTS_MARGIN else 1
        if columns == self._chart_columns or not self._chart_boxes:
            return
        self._chart_columns = columns
        for box in self._chart_boxes:
            self._charts.removeWidget(box)
        for n, box in enumerate(self._chart_boxes):
            self._charts.addWidget(box, n // columns, n % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_charts()

    # --- reading and drawing, on the thread pool ---------------------------------------------

    def refresh(self) -> None:
        """Read the lists (first paint), then count and draw the charts, each on the thread pool."""
        if self._database is None:
            return
        self._out_of_date = False
        self._generation += 1
        generation = self._generation
        database, as_of = self._database, self.as_of

        def work(_progress: worker.Progress) -> tuple[int, HomeLists]:
            from tracker.stakeholders import home

            with database.reading() as session:
                return generation, HomeLists(
                    home.follow_ups_due(session, as_of),
                    home.deadlines(session, as_of),
                    home.duties_due(session, as_of),
                )

        self._start(generation, work, self._on_lists_job_finished)

    def _draw_charts(self, generation: int) -> None:
        from tracker.charts.catalogue import CHARTS, ChartQuery
        from ui.home.chart_picture import render

        database = self._database
        assert database is not None
        ratio = self.devicePixelRatioF() or 1.0

        def work(_progress: worker.Progress) -> tuple[int, dict[str, Rendered]]:
            with database.reading() as session:
                counted = {name: CHARTS[name].count(session, ChartQuery()) for name in HOME_CHARTS}
            return generation, {
                name: render(CHARTS[name].draw, counted[name], *CHART_SIZE, ratio) for name in HOME_CHARTS
            }

        self._start(-generation, work, self._on_charts_job_finished)

    def _start(self, key: int, work: Any, finished: Any) -> None:
        job = worker.Job(work)
        job.signals.finished.connect(finished)
        job.signals.failed.connect(self._on_job_failed)
        self._jobs[key] = job  # held until it answers, so its signals are released on the GUI thread
        worker.start(job)

    def is_busy(self) -> bool:
        return self._answered != self._generation

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._out_of_date:
            self.refresh()

    def _on_job_failed(self, message: str) -> None:
        self._answered = self._generation
        self.status.setText(message)

    def _on_lists_job_finished(self, result: tuple[int, HomeLists]) -> None:
        generation, data = result
        self._jobs.pop(generation, None)
        if generation != self._generation:
            return
        self._show_lists(data)
        self.listed.emit()
        if self.isVisible():
            self._draw_charts(generation)
        else:  # closed or left meanwhile: the charts are drawn when Home is next shown
            self._answered = generation
            self._out_of_date = True

    def _show_lists(self, data: HomeLists) -> None:
        current = self.follow_ups.currentIndex()
        kept = self.follow_ups_model.rows[current.row()].id if current.isValid() else None
        self.follow_ups_model.set_rows(data.follow_ups)
        row = None if kept is None else self.follow_ups_model.row_of(kept)
        if row is not None:  # read again (the database opened, a change): the keyboard's place stays
            self.follow_ups.setCurrentIndex(self.follow_ups_model.index(row, current.column()))
        self.follow_ups.resizeColumnToContents(1)
        self.follow_ups.resizeColumnToContents(2)
        self.deadlines.clear()
        for d in data.deadlines:
            entry = QListWidgetItem(("Overdue: " if d.overdue else "") + f"{d.kind.capitalize()}: {d.text}")
            if d.record == "policy_item":
                entry.setData(Qt.ItemDataRole.UserRole, d.record_id)
                entry.setToolTip("Double-click to open the consultation")
            self.deadlines.addItem(entry)
        if not data.deadlines:
            self.deadlines.addItem("No deadlines in the next 60 days.")
        self.duties.clear()
        if data.duties is None:
            self.duties.addItem("Reading…")
        else:
            for item in data.duties:
                entry = QListWidgetItem(f"{item.kind.capitalize()}: {item.text}")
                entry.setData(Qt.ItemDataRole.UserRole, item.record_id)
                self.duties.addItem(entry)
            if not data.duties:
                self.duties.addItem("No terms ending and no report-backs owed.")
        overdue = sum(1 for f in data.follow_ups if f.overdue)
        due = len(data.follow_ups)
        shown = f"the oldest {due} of the follow-ups due" if due >= LIST_LIMIT else f"{due} follow-ups due"
        said = f"{shown}, {overdue} overdue, as of {short_date(self.as_of)}"
        said = said[:1].upper() + said[1:]
        self.status.setText(said if data.duties is not None else f"{said}. Opening the database…")

    def _on_charts_job_finished(self, result: tuple[int, dict[str, Rendered]]) -> None:
        generation, charts = result
        self._jobs.pop(-generation, None)
        if generation != self._generation:
            return
        self._answered = generation
        for name, rendered in charts.items():
            self.pictures[name].show_rendered(rendered)
            self.save_buttons[name].setEnabled(True)
        self.refreshed.emit()

    def _on_changes_changed(self, kind: str) -> None:
        if kind not in WATCHED or self._database is None:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._out_of_date = True

    # --- the user's actions ------------------------------------------------------------------

    def _on_follow_ups_model_ticked(self, row: FollowUpDue, done: bool) -> None:
        """Tick done now, in one session; undo puts it back on the list."""

        from tracker.stakeholders import home

        database, changes = self._database, self._changes
        assert database is not None and changes is not None

        def forward(session: Any) -> None:
            home.set_follow_up_done(session, row.id, done)

        def backward(session: Any) -> None:
            home.set_follow_up_done(session, row.id, not done)

        try:
            with database.session() as session:
                forward(session)
        except NotFound as error:  # a colleague deleted it (or its meeting) meanwhile
            self.status.setText(f"{error.message} The list is read again.")
            self.refresh()
            return
        at = self.follow_ups.currentIndex()
        self.follow_ups_model.set_rows([r for r in self.follow_ups_model.rows if r.id != row.id])
        if at.isValid() and self.follow_ups_model.rows:  # the keyboard stays where it was
            self.follow_ups.setCurrentIndex(
                self.follow_ups_model.index(min(at.row(), len(self.follow_ups_model.rows) - 1), at.column())
            )
        changes.done("meetings", f"Tick “{row.text}” done", forward, backward)

    def _open_current_follow_up(self) -> None:
        """Enter opens the current follow-up's meeting, whichever of its cells is current."""
        current = self.follow_ups.currentIndex()
        if current.isValid():
            self._on_follow_ups_double_clicked(current.siblingAtColumn(1))

    def _on_follow_ups_double_clicked(self, index: QModelIndex) -> None:
        # A meeting opens once the database is open (its form edits it).
        if (
            self._database is not None
            and index.isValid()
            and index.column() != 0
            and 0 <= index.row() < len(self.follow_ups_model.rows)
        ):
            self.meeting_open_requested.emit(self.follow_ups_model.rows[index.row()].meeting_id)

    def _on_deadlines_item_activated(self, item: QListWidgetItem) -> None:
        item_id = item.data(Qt.ItemDataRole.UserRole)
        if item_id is not None and self._database is not None:
            self.policy_item_open_requested.emit(int(item_id))

    def _on_duties_item_activated(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.person_open_requested.emit(int(person_id))

    def _on_picture_target_clicked(self, target: Target) -> None:
        from tracker.stakeholders import home

        if target.record in ("organisation", "person") and target.since is None:
            signal = (
                self.organisation_open_requested
                if target.record == "organisation"
                else self.person_open_requested
            )
            signal.emit(target.record_id)
            return
        assert self._database is not None  # the charts are drawn on an open database
        with self._database.reading() as session:
            if target.record == "asks":
                records = home.asks_decided_in(session, target.record_id)
                title = f"Asks decided in {target.record_id}"
            else:
                assert target.since is not None and target.until is not None
                body = target.record_id if target.record == "organisation" else None
                records = home.meetings_between(session, target.since, target.until, organisation_id=body)
                title = f"Meetings, {target.label}" + (
                    f", {short_date(target.since)} – {short_date(target.until)}"
                )
        ChartRecords.ask(self, title, records, self.meeting_open_requested.emit)

    def save_chart(self, name: str) -> None:
        from ui.home.chart_picture import ChartPicture

        picture = self.pictures[name]
        path = ChartPicture.ask_path(self, f"{name}.png")
        if path is None:
            return
        try:
            picture.save(path)
        except (OSError, ValueError) as error:
            self.status.setText(f"Could not save {path}: {error}")
        else:
            self.status.setText(f"Saved {path}")


class _EnterOpens(QObject):
    """Enter or Return in `view` calls `open_current` (a double-click on the tick cell only ticks)."""

    def __init__(self, view: QTableView, open_current: Callable[[], None]) -> None:
        super().__init__(view)
        self._open_current = open_current
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if pressed and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._open_current()
            return True
        return False
