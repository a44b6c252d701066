"""The main window: navigation between the areas, and the wiring between them. Nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
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

from tracker.meeting_list import NewestMeetings
from ui.common.accessible import name_controls
from ui.common.keyboard import put_last
from ui.help import HelpWindow
from ui.meetings.table import meetings_table

# Imported when the database is open (see `attach`): they load SQLAlchemy, which the window does
# not wait for when it opens on a local file.
if TYPE_CHECKING:
    from db.engine import Database
    from ui.bills.list_view import BillsView
    from ui.bills.page import BillPage
    from ui.changes import Changes, ColleagueWatch
    from ui.common.record_list import RecordList
    from ui.crosscheck.view import CrossCheckView
    from ui.duties.attention import AttentionPanel
    from ui.duties.view import DutiesView
    from ui.graph.view import GraphView
    from ui.home.view import HomeView
    from ui.meetings.list_view import MeetingsView
    from ui.opening import Opening
    from ui.organisations.list_view import OrganisationsView
    from ui.organisations.page import OrganisationPage
    from ui.people.list_view import PeopleView
    from ui.people.page import PersonPage
    from ui.programme.list_view import ProgrammeView
    from ui.programme.page import PolicyItemPage
    from ui.reports.view import ReportsView
    from ui.settings.access_banner import AccessBanner
    from ui.stakeholders.map_view import StakeholderMapView
    from ui.themes.view import ThemesView
    from ui.welcome import Welcome, WelcomeHost

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
    "Programme",
    "Home",
    "Stakeholders",
)
# The window's attribute holding each area's main view, in the order of AREAS.
_AREA_ATTRIBUTES = (
    "meetings_area",  # the meetings list, or the welcome in its place while there are no meetings
    "organisations",
    "people",
    "duties",
    "bills",
    "graph",
    "themes",
    "reports",
    "crosscheck",
    "programme",
    "home",
    "stakeholder_map",
)
OPENING = "Opening the database…"
_View = TypeVar("_View", bound=QWidget)


def window_title(what: str) -> str:
    """The title bar's text: what is open, then Liaison's name once. Qt adds the application's name
    to a title that does not already end with it (QPlatformWindow::formatWindowTitle), so the name
    goes last: at the start it was said twice ("Liaison — file — Liaison")."""
    return f"{what} — Liaison"


class MainWindow(QMainWindow):
    """`MainWindow(database)` opens on an open database. On a local file the window need not wait
    for the database (and SQLAlchemy) to load: `MainWindow(newest=...)` shows the newest meetings,
    read straight from the file, and `attach(database)` finishes the window once it is open
    (ui/opening.py). Until then the list scrolls and takes words to find, and an area chosen is
    shown once it is open; what would change records, or open one, is greyed out.
    """

    attached = Signal()
    # A database to open in this window's place (the demo, from the welcome); ui/app.py opens it.
    reopen_requested = Signal(str)

    database: Database
    # The database opening behind the window, when it opened on the newest meetings (ui/app.py).
    opening: Opening | None = None
    changes: Changes
    colleagues: ColleagueWatch
    meetings: MeetingsView
    meetings_area: WelcomeHost
    welcome: Welcome
    attention: AttentionPanel
    access_banner: AccessBanner

    def __init__(
        self,
        database: Database | None = None,
        parent: QWidget | None = None,
        *,
        newest: NewestMeetings | None = None,
    ) -> None:
        super().__init__(parent)
        if (database is None) == (newest is None):
            raise TypeError("MainWindow opens on a database, or on the newest meetings while one opens")
        where = database.where if database is not None else str(cast(NewestMeetings, newest).path)
        self.setWindowTitle(window_title(where))
        self.resize(1280, 800)
        self._is_attached = False
        self._newest = newest

        # Only the meetings list is built (and its modules imported) before the window shows; every
        # other area and record page is imported, built and wired the first time it is shown or used.
        self._built: dict[str, QWidget] = {}
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.addItems(AREAS)
        self.navigation.setFixedWidth(148)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 6px 4px; }"
        )
        self.stack = QStackedWidget()
        # The meetings table shown while the database opens (None when it is open already).
        self._first_table = None if newest is None else meetings_table(newest)
        if self._first_table is not None:
            self._first_table.set_waiting(True)
            self.stack.addWidget(self._first_table)
        central = QWidget()
        self._outer = QVBoxLayout(central)
        self._outer.setContentsMargins(6, 6, 6, 0)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self._outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self.attention_dock = QDockWidget("Needs attention", self)
        self.attention_dock.setObjectName("attention_dock")
        self.attention_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.attention_dock.setTitleBarWidget(QWidget())
        waiting = QLabel(f"Needs attention: {OPENING}")
        waiting.setContentsMargins(8, 8, 8, 8)
        waiting.setAlignment(Qt.AlignmentFlag.AlignTop)
        waiting.setFixedHeight(170)  # the panel's height: nothing moves when it takes the place
        self.attention_dock.setWidget(waiting)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.attention_dock)

        self.log_meeting_action = QAction("Log meeting…", self)
        self.log_meeting_action.setShortcut(QKeySequence.StandardKey.New)
        # Undo and Redo follow the undo stack once there is one (`attach`).
        self.undo_action = QAction("Undo edit", self)
        self.redo_action = QAction("Redo edit", self)
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.log_meeting_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addSeparator()
        attention_toggle = self.attention_dock.toggleViewAction()
        attention_toggle.setText("Needs attention")
        self.toolbar.addAction(attention_toggle)
        self.addToolBar(self.toolbar)
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
        # The export entries (and the export code behind them) load when the menu first opens.
        self.export_menu.aboutToShow.connect(self._fill_export_menu)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu.addAction(self.log_meeting_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.help_menu = self.menuBar().addMenu("&Help")
        self.guide_action = self.help_menu.addAction("&User guide")
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(lambda: HelpWindow.show_guide(self))
        self.keyboard_action = self.help_menu.addAction("&Keyboard shortcuts")
        self.keyboard_action.triggered.connect(lambda: HelpWindow.show_keyboard(self))
        self.help_menu.addSeparator()
        self.about_action = self.help_menu.addAction("&About Liaison")
        self.about_action.triggered.connect(self._on_about_action_triggered)
        for number, area in enumerate(AREAS, start=1):
            go = QAction(area, self)
            go.setShortcut(QKeySequence(f"Ctrl+{number}"))
            go.triggered.connect(lambda _checked=False, row=number - 1: self.show_area(row))
            self.addAction(go)
        self.statusBar().addPermanentWidget(QLabel(where))
        self.navigation.currentRowChanged.connect(self._on_area_chosen)
        # Controls built with no name get one from their labels, for a screen reader, once shown.
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.connection_settings_action.triggered.connect(self.edit_connection_settings)
        self.navigation.setCurrentRow(0)
        if database is not None:
            self.attach(database)
        else:
            self._wait_for_database(True)

    def _on_about_action_triggered(self) -> None:
        from ui.about import About

        newest = cast(NewestMeetings, self._newest)
        About.show(self, self.database.where if self.is_attached() else str(newest.path))

    def _on_stack_current_changed(self, _index: int) -> None:
        shown = self.stack.currentWidget()
        if shown is not None:  # none while the window closes
            name_controls(shown)

    def _wait_for_database(self, waiting: bool) -> None:
        for action in (
            self.log_meeting_action,
            self.undo_action,
            self.redo_action,
            self.calendar_import_action,
            self.sheet_import_action,
            self.return_import_action,
        ):
            action.setEnabled(not waiting)
        self.export_menu.setEnabled(not waiting)
        if waiting:
            self.statusBar().showMessage(OPENING)
        else:
            self.statusBar().clearMessage()

    @property
    def meetings_list(self) -> RecordList:
        """The meetings table, the same one from the first paint on (before the database opens too)."""
        return self._first_table if self._first_table is not None else self.meetings.list

    def is_attached(self) -> bool:
        """Whether the database is open and the whole window works."""
        return self._is_attached

    def attach(self, database: Database) -> None:
        """Finish the window on the open database: the areas, forms, undo and imports work from here."""
        from ui.changes import Changes, ColleagueWatch
        from ui.duties.attention import AttentionPanel
        from ui.meetings.list_view import MeetingsView
        from ui.settings.access_banner import AccessBanner, status_text
        from ui.welcome import Welcome, WelcomeHost

        self.database = database
        self.changes = Changes(database, self)
        # Colleagues' changes to a shared database show up in the lists within a few seconds; those
        # made since the first rows were read, too.
        since = None if self._newest is None else self._newest.latest_entry
        self.colleagues = ColleagueWatch(self.changes, parent=self, since=since)
        # Whoever is typing into the list's filter as it moves into the finished view keeps typing.
        focused = QApplication.focusWidget()
        self.meetings = MeetingsView(database, self.changes, shown=self._first_table)
        self.welcome = Welcome(read_only=database.access.read_only)
        self.meetings_area = WelcomeHost(self.welcome, self.meetings, database, self.changes)
        self.stack.insertWidget(0, self.meetings_area)
        if focused is not None and self.meetings.isAncestorOf(focused):
            focused.setFocus()
        self.attention = AttentionPanel(database, self.changes)
        self.attention.setMaximumHeight(170)
        waiting = self.attention_dock.widget()
        self.attention_dock.setWidget(self.attention)
        if waiting is not None:
            waiting.deleteLater()
        put_last(self.navigation, self.attention.table)  # Tab in reading order: the area, then the panel
        # A login that may only read sees it said across the top, above everything else.
        self.access_banner = AccessBanner(database.access, database.login)
        self._outer.insertWidget(0, self.access_banner)
        self._wait_for_database(False)
        self._take_undo_actions()
        if database.login is not None:
            self.statusBar().addPermanentWidget(QLabel(status_text(database.access, database.login)))
        if database.access.read_only:
            self.setWindowTitle(window_title(f"{database.where} (read-only)"))
            for action in (self.log_meeting_action, self.sheet_import_action, self.return_import_action):
                action.setEnabled(False)
        self._connect()
        self.colleagues.start()
        self._is_attached = True
        if self._first_table is not None:
            self._first_table.set_waiting(False)
        self._first_table = None
        self._newest = None
        # An area chosen while the database opened is shown now.
        self._on_area_chosen(self.navigation.currentRow())
        self.attached.emit()

    def _take_undo_actions(self) -> None:
        """Connect Undo and Redo to the undo stack. They say "Undo edit" and "Redo edit", with what
        they would undo in the tooltip: the stack's own actions carry the whole text ("Undo Log
        meeting “...”"), which widened the toolbar past a 1,024-px screen."""
        stack = self.changes.undo_stack
        self.undo_action.setText("Undo edit")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.undo_action.setToolTip(f"Undo {text}".strip()))
        self.redo_action.setText("Redo edit")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(stack.redo)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.redoTextChanged.connect(lambda text: self.redo_action.setToolTip(f"Redo {text}".strip()))
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())

    def _connect(self) -> None:
        self.log_meeting_action.triggered.connect(self.log_meeting)
        self.changes.failed.connect(self._on_changes_failed)
        self.calendar_import_action.triggered.connect(self.import_calendar)
        self.sheet_import_action.triggered.connect(self.import_sheet)
        self.return_import_action.triggered.connect(self.import_return)
        self.meetings.open_requested.connect(self.open_meeting)
        self.meetings.new_requested.connect(self.log_meeting)
        self.attention.organisation_open_requested.connect(self.open_organisation)
        self.attention.person_open_requested.connect(self.open_duties)
        self.welcome.demo_ready.connect(self.reopen_requested)
        self.welcome.calendar_import_requested.connect(self.import_calendar)
        self.welcome.sheet_import_requested.connect(self.import_sheet)
        self.welcome.log_meeting_requested.connect(self.log_meeting)

    def _fill_export_menu(self) -> None:
        if self.export_menu.actions() or not self._is_attached:
            return
        from tracker.io.exports import What
        from ui.imports.export_dialog import Exports

        self.exports = Exports(self.database, self)
        self.exports.written.connect(lambda message: self.statusBar().showMessage(message, 10_000))
        for what in What:
            action = self.export_menu.addAction(f"{what.value.capitalize()} as CSV or Excel…")
            action.triggered.connect(lambda _checked=False, what=what: self.exports.export_sheet(what))
        popolo = self.export_menu.addAction("Popolo JSON…")
        popolo.triggered.connect(self.exports.export_popolo)

    # The areas and pages other than the meetings list: each built, wired and stacked on first use.

    def _view(self, name: str, build: Callable[[], _View]) -> _View:
        view = self._built.get(name)
        if view is None:
            view = build()
            self._built[name] = view
            self.stack.addWidget(view)
            put_last(self.navigation, self.attention.table)  # Tab in reading order: the area, then the panel
        return cast(_View, view)

    def is_built(self, name: str) -> bool:
        """Whether the area or page kept in the attribute `name` has been built yet."""
        return (name == "meetings" and self._is_attached) or name in self._built

    @property
    def organisations(self) -> OrganisationsView:
        return self._view("organisations", self._build_organisations)

    def _build_organisations(self) -> OrganisationsView:
        from ui.organisations.list_view import OrganisationsView

        view = OrganisationsView(self.database, self.changes)
        view.open_requested.connect(self.open_organisation)
        view.new_requested.connect(self._on_organisations_new_requested)
        return view

    @property
    def people(self) -> PeopleView:
        return self._view("people", self._build_people)

    def _build_people(self) -> PeopleView:
        from ui.people.list_view import PeopleView

        view = PeopleView(self.database, self.changes)
        view.open_requested.connect(self.open_person)
        view.new_requested.connect(self._on_people_new_requested)
        return view

    @property
    def duties(self) -> DutiesView:
        return self._view("duties", self._build_duties)

    def _build_duties(self) -> DutiesView:
        from ui.duties.view import DutiesView

        view = DutiesView(self.database, self.changes)
        view.meeting_open_requested.connect(self.open_meeting)
        view.organisation_open_requested.connect(self.open_organisation)
        return view

    @property
    def bills(self) -> BillsView:
        return self._view("bills", self._build_bills)

    def _build_bills(self) -> BillsView:
        from ui.bills.list_view import BillsView

        view = BillsView(self.database, self.changes)
        view.open_requested.connect(self.open_bill)
        return view

    @property
    def programme(self) -> ProgrammeView:
        return self._view("programme", self._build_programme)

    def _build_programme(self) -> ProgrammeView:
        from ui.programme.list_view import ProgrammeView

        view = ProgrammeView(self.database, self.changes)
        view.open_requested.connect(self.open_policy_item)
        return view

    @property
    def policy_item_page(self) -> PolicyItemPage:
        return self._view("policy_item_page", self._build_policy_item_page)

    def _build_policy_item_page(self) -> PolicyItemPage:
        from ui.programme.page import PolicyItemPage

        page = PolicyItemPage(self.database, self.changes)
        page.meeting_open_requested.connect(self.open_meeting)
        page.bill_open_requested.connect(self.open_bill)
        page.back_requested.connect(lambda: self.show_area(AREAS.index("Programme")))
        return page

    def open_policy_item(self, item_id: int) -> None:
        self.policy_item_page.show_item(item_id)
        self._show_page(self.policy_item_page, AREAS.index("Programme"))

    @property
    def graph(self) -> GraphView:
        return self._view("graph", self._build_graph)

    def _build_graph(self) -> GraphView:
        from ui.graph.view import GraphView

        view = GraphView(self.database, self.changes)
        view.organisation_open_requested.connect(self.open_organisation)
        view.person_open_requested.connect(self.open_person)
        view.bill_open_requested.connect(self.open_bill)
        return view

    @property
    def themes(self) -> ThemesView:
        return self._view("themes", self._build_themes)

    def _build_themes(self) -> ThemesView:
        from ui.themes.view import ThemesView

        return ThemesView(self.database, self.changes)

    @property
    def reports(self) -> ReportsView:
        return self._view("reports", self._build_reports)

    def _build_reports(self) -> ReportsView:
        from ui.reports.view import ReportsView

        return ReportsView(self.database, self.changes)

    @property
    def crosscheck(self) -> CrossCheckView:
        return self._view("crosscheck", self._build_crosscheck)

    def _build_crosscheck(self) -> CrossCheckView:
        from ui.crosscheck.view import CrossCheckView

        view = CrossCheckView(self.database, self.changes)
        view.import_button.clicked.connect(self.import_return)
        view.meeting_open_requested.connect(self.open_meeting)
        return view

    @property
    def home(self) -> HomeView:
        return self._view("home", self._build_home)

    def _build_home(self) -> HomeView:
        from ui.home.view import HomeView

        view = HomeView(self.database, self.changes)
        view.meeting_open_requested.connect(self.open_meeting)
        view.organisation_open_requested.connect(self.open_organisation)
        view.person_open_requested.connect(self.open_person)
        return view

    @property
    def stakeholder_map(self) -> StakeholderMapView:
        return self._view("stakeholder_map", self._build_stakeholder_map)

    def _build_stakeholder_map(self) -> StakeholderMapView:
        from ui.stakeholders.map_view import StakeholderMapView

        view = StakeholderMapView(self.database, self.changes)
        view.organisation_open_requested.connect(self.open_organisation)
        view.person_open_requested.connect(self.open_person)
        return view

    @property
    def organisation_page(self) -> OrganisationPage:
        return self._view("organisation_page", self._build_organisation_page)

    def _build_organisation_page(self) -> OrganisationPage:
        from ui.organisations.page import OrganisationPage

        page = OrganisationPage(self.database, self.changes)
        self._connect_record_page(page)
        page.back_requested.connect(lambda: self.show_area(AREAS.index("Organisations")))
        return page

    @property
    def person_page(self) -> PersonPage:
        return self._view("person_page", self._build_person_page)

    def _build_person_page(self) -> PersonPage:
        from ui.people.page import PersonPage

        page = PersonPage(self.database, self.changes)
        self._connect_record_page(page)
        page.back_requested.connect(lambda: self.show_area(AREAS.index("People")))
        return page

    def _connect_record_page(self, page: OrganisationPage | PersonPage) -> None:
        page.organisation_open_requested.connect(self.open_organisation)
        page.person_open_requested.connect(self.open_person)
        page.meeting_open_requested.connect(self.open_meeting)

    @property
    def bill_page(self) -> BillPage:
        return self._view("bill_page", self._build_bill_page)

    def _build_bill_page(self) -> BillPage:
        from ui.bills.page import BillPage

        page = BillPage(self.database, self.changes)
        page.meeting_open_requested.connect(self.open_meeting)
        page.back_requested.connect(lambda: self.show_area(AREAS.index("Bills")))
        return page

    def area_view(self, row: int) -> QWidget:
        """The main view of the area in the navigation's row `row`, built if it is not yet."""
        view: QWidget = getattr(self, _AREA_ATTRIBUTES[row])
        return view

    def _on_area_chosen(self, row: int) -> None:
        # While the database opens, the choice is kept by the navigation and shown once it is open.
        if row >= 0 and self._is_attached:
            self.stack.setCurrentWidget(self.area_view(row))

    def show_area(self, row: int) -> None:
        """Show an area's main view, even when its row is already the current one (back from a page)."""
        self.navigation.setCurrentRow(row)
        if self._is_attached:
            self.stack.setCurrentWidget(self.area_view(row))

    def log_meeting(self) -> None:
        from ui.meetings.editor import MeetingEditor

        MeetingEditor.ask(self, self.database, self.changes)

    def open_meeting(self, meeting_id: int) -> None:
        from ui.meetings.editor import MeetingEditor

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
        from ui.organisations.editor import OrganisationEditor

        OrganisationEditor.ask(self, self.database, self.changes)

    def _on_people_new_requested(self) -> None:
        from ui.people.editor import PersonEditor

        PersonEditor.ask(self, self.database, self.changes)

    def import_calendar(self) -> None:
        from ui.imports.calendar_dialog import CalendarImportDialog

        CalendarImportDialog.ask(self, self.database, self.changes)

    def import_sheet(self) -> None:
        from ui.imports.sheet_dialog import SheetImportDialog

        SheetImportDialog.ask(self, self.database, self.changes)

    def import_return(self) -> None:
        from ui.imports.returns_dialog import ReturnsImportDialog

        ReturnsImportDialog.ask(self, self.database, self.changes)

    def edit_connection_settings(self) -> None:
        from ui.settings import connection as connection_settings
        from ui.settings.dialog import ConnectionDialog

        chosen = ConnectionDialog.ask(self, connection_settings.user_settings())
        if chosen is not None:
            self.statusBar().showMessage("Connection settings saved; Liaison uses them when it next starts.")

    def _on_changes_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
