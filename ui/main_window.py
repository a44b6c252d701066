"""The main window: navigation between the areas, and the wiring between them. Nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker.io.exports import What
from ui.bills.list_view import BillsView
from ui.bills.page import BillPage
from ui.changes import Changes, ColleagueWatch
from ui.crosscheck.view import CrossCheckView
from ui.duties.attention import AttentionPanel
from ui.duties.view import DutiesView
from ui.graph.view import GraphView
from ui.imports.calendar_dialog import CalendarImportDialog
from ui.imports.export_dialog import Exports
from ui.imports.returns_dialog import ReturnsImportDialog
from ui.imports.sheet_dialog import SheetImportDialog
from ui.meetings.editor import MeetingEditor
from ui.meetings.list_view import MeetingsView
from ui.organisations.editor import OrganisationEditor
from ui.organisations.list_view import OrganisationsView
from ui.organisations.page import OrganisationPage
from ui.people.editor import PersonEditor
from ui.people.list_view import PeopleView
from ui.people.page import PersonPage
from ui.reports.view import ReportsView
from ui.settings import connection as connection_settings
from ui.settings.access_banner import AccessBanner, status_text
from ui.settings.dialog import ConnectionDialog
from ui.themes.view import ThemesView

AREAS = (
    "Meetings",
    "Organisations",
    "People",
    "Duties",
    "Bills",
    "Graph",
    "Themes",
    "Reports",
    "Cross-check",
)


class MainWindow(QMainWindow):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.changes = Changes(database, self)
        # Colleagues' changes to a shared database show up in the lists within a few seconds.
        self.colleagues = ColleagueWatch(self.changes, parent=self)
        self.setWindowTitle(f"Liaison — {database.where}")
        self.resize(1280, 800)

        self.meetings = MeetingsView(database, self.changes)
        self.organisations = OrganisationsView(database, self.changes)
        self.people = PeopleView(database, self.changes)
        self.duties = DutiesView(database, self.changes)
        self.bills = BillsView(database, self.changes)
        self.graph = GraphView(database, self.changes)
        self.themes = ThemesView(database, self.changes)
        self.attention = AttentionPanel(database, self.changes)
        self.reports = ReportsView(database, self.changes)
        self.crosscheck = CrossCheckView(database, self.changes)
        self.organisation_page = OrganisationPage(database, self.changes)
        self.person_page = PersonPage(database, self.changes)
        self.bill_page = BillPage(database, self.changes)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.addItems(AREAS)
        self.navigation.setFixedWidth(140)
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 6px 8px; }"
        )
        self.stack = QStackedWidget()
        for widget in (
            self.meetings,
            self.organisations,
            self.people,
            self.duties,
            self.bills,
            self.graph,
            self.themes,
            self.reports,
            self.crosscheck,
            self.organisation_page,
            self.person_page,
            self.bill_page,
        ):
            self.stack.addWidget(widget)
        central = QWidget()
        # A login that may only read sees it said across the top, above everything else.
        self.access_banner = AccessBanner(database.access, database.login)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 0)
        outer.addWidget(self.access_banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.attention_dock = QDockWidget("Needs attention", self)
        self.attention_dock.setObjectName("attention_dock")
        self.attention_dock.setWidget(self.attention)
        self.attention_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.attention_dock.setTitleBarWidget(QWidget())
        self.attention.setMaximumHeight(170)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.attention_dock)

        self.log_meeting_action = QAction("Log meeting…", self)
        self.log_meeting_action.setShortcut(QKeySequence.StandardKey.New)
        self.undo_action = self.changes.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.changes.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.log_meeting_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        attention_toggle = self.attention_dock.toggleViewAction()
        attention_toggle.setText("Needs attention")
        toolbar.addAction(attention_toggle)
        self.addToolBar(toolbar)
        # The menus: File holds the imports and exports; each area adds its own actions to them.
        self.file_menu = self.menuBar().addMenu("&File")
        self.import_menu = self.file_menu.addMenu("&Import")
        self.export_menu = self.file_menu.addMenu("&Export")
        self.file_menu.addSeparator()
        self.database_menu = self.file_menu.addMenu("&Database")
        self.connection_settings_action = self.database_menu.addAction("Connection settings…")
        self.file_menu.addSeparator()
        quit_action = self.file_menu.addAction("&Quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.calendar_import_action = self.import_menu.addAction("Calendar (.ics)…")
        self.sheet_import_action = self.import_menu.addAction("Spreadsheet (CSV, Excel)…")
        self.return_import_action = self.import_menu.addAction("Ministers' meetings return…")
        self.exports = Exports(database, self)
        self.sheet_export_actions = {
            what: self.export_menu.addAction(f"{what.value.capitalize()} as CSV or Excel…") for what in What
        }
        self.popolo_export_action = self.export_menu.addAction("Popolo JSON…")
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu.addAction(self.log_meeting_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        for number, area in enumerate(AREAS, start=1):
            go = QAction(area, self)
            go.setShortcut(QKeySequence(f"Ctrl+{number}"))
            go.triggered.connect(lambda _checked=False, row=number - 1: self.show_area(row))
            self.addAction(go)
        self.statusBar().addPermanentWidget(QLabel(database.where))
        if database.login is not None:
            self.statusBar().addPermanentWidget(QLabel(status_text(database.access, database.login)))
        if database.access.read_only:
            self.setWindowTitle(f"Liaison — {database.where} (read-only)")
            for action in (self.log_meeting_action, self.sheet_import_action, self.return_import_action):
                action.setEnabled(False)

        self._connect()
        self.colleagues.start()
        self.navigation.setCurrentRow(0)

    def _connect(self) -> None:
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.log_meeting_action.triggered.connect(self.log_meeting)
        self.connection_settings_action.triggered.connect(self.edit_connection_settings)
        self.changes.failed.connect(self._on_changes_failed)
        self.calendar_import_action.triggered.connect(self.import_calendar)
        self.sheet_import_action.triggered.connect(self.import_sheet)
        self.return_import_action.triggered.connect(self.import_return)
        self.crosscheck.import_button.clicked.connect(self.import_return)
        self.crosscheck.meeting_open_requested.connect(self.open_meeting)
        for what, action in self.sheet_export_actions.items():
            action.triggered.connect(lambda _checked=False, what=what: self.exports.export_sheet(what))
        self.popolo_export_action.triggered.connect(self.exports.export_popolo)
        self.exports.written.connect(lambda message: self.statusBar().showMessage(message, 10_000))
        self.meetings.open_requested.connect(self.open_meeting)
        self.meetings.new_requested.connect(self.log_meeting)
        self.organisations.open_requested.connect(self.open_organisation)
        self.organisations.new_requested.connect(self._on_organisations_new_requested)
        self.people.open_requested.connect(self.open_person)
        self.people.new_requested.connect(self._on_people_new_requested)
        for page in (self.organisation_page, self.person_page):
            page.organisation_open_requested.connect(self.open_organisation)
            page.person_open_requested.connect(self.open_person)
            page.meeting_open_requested.connect(self.open_meeting)
        self.organisation_page.back_requested.connect(lambda: self.show_area(AREAS.index("Organisations")))
        self.duties.meeting_open_requested.connect(self.open_meeting)
        self.duties.organisation_open_requested.connect(self.open_organisation)
        self.attention.organisation_open_requested.connect(self.open_organisation)
        self.attention.person_open_requested.connect(self.open_duties)
        self.person_page.back_requested.connect(lambda: self.show_area(AREAS.index("People")))
        self.bills.open_requested.connect(self.open_bill)
        self.graph.organisation_open_requested.connect(self.open_organisation)
        self.graph.person_open_requested.connect(self.open_person)
        self.graph.bill_open_requested.connect(self.open_bill)
        self.bill_page.meeting_open_requested.connect(self.open_meeting)
        self.bill_page.back_requested.connect(lambda: self.show_area(AREAS.index("Bills")))

    def show_area(self, row: int) -> None:
        """Show an area's main view, even when its row is already the current one (back from a page)."""
        self.navigation.setCurrentRow(row)
        self.stack.setCurrentIndex(row)

    def log_meeting(self) -> None:
        MeetingEditor.ask(self, self.database, self.changes)

    def open_meeting(self, meeting_id: int) -> None:
        MeetingEditor.ask(self, self.database, self.changes, meeting_id)

    def open_organisation(self, organisation_id: int) -> None:
        self.organisation_page.show_organisation(organisation_id)
        self._show_page(self.organisation_page, AREAS.index("Organisations"))

    def open_person(self, person_id: int) -> None:
        self.person_page.show_person(person_id)
        self._show_page(self.person_page, AREAS.index("People"))

    def open_bill(self, bill_id: int) -> None:
        self.bill_page.show_bill(bill_id)
        self._show_page(self.bill_page, AREAS.index("Bills"))

    def open_duties(self, person_id: int) -> None:
        self.duties.show_person(person_id)
        self.show_area(AREAS.index("Duties"))

    def _show_page(self, page: QWidget, area: int) -> None:
        # The navigation shows the area the page belongs to, without switching to that area's list.
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(area)
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)

    def _on_organisations_new_requested(self) -> None:
        OrganisationEditor.ask(self, self.database, self.changes)

    def _on_people_new_requested(self) -> None:
        PersonEditor.ask(self, self.database, self.changes)

    def import_calendar(self) -> None:
        CalendarImportDialog.ask(self, self.database, self.changes)

    def import_sheet(self) -> None:
        SheetImportDialog.ask(self, self.database, self.changes)

    def import_return(self) -> None:
        ReturnsImportDialog.ask(self, self.database, self.changes)

    def edit_connection_settings(self) -> None:
        chosen = ConnectionDialog.ask(self, connection_settings.user_settings())
        if chosen is not None:
            self.statusBar().showMessage("Connection settings saved; Liaison uses them when it next starts.")

    def _on_changes_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
