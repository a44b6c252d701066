"""The main window: navigation between the areas (ui/areas.py), and the wiring between them. Nothing else.

The menus and toolbar are built in ui/menus.py, the window finished on its open database in
ui/attaching.py, and what the window does when asked (open a record, import, ...) in ui/commands.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.meeting_list import NewestMeetings
from tracker.stakeholders.due import DueFirst
from ui import areas
from ui.commands import WindowCommands
from ui.common.accessible import name_controls
from ui.common.keyboard import put_last
from ui.home.view import HomeView
from ui.meetings.table import meetings_table
from ui.menus import OPENING, add_menus, wait_for_database

# Imported when the database is open (see `attach`): they load SQLAlchemy, which the window does
# not wait for when it opens on a local file.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QToolBar

    from db.engine import Database
    from ui.changes import Changes, ColleagueWatch
    from ui.common.record_list import RecordList
    from ui.duties.attention import AttentionPanel
    from ui.imports.export_dialog import Exports
    from ui.meetings.list_view import MeetingsView
    from ui.opening import Opening
    from ui.settings.access_banner import AccessBanner
    from ui.welcome import Welcome, WelcomeHost

HOME = "Home"  # the first screen
AREAS = areas.names()
__all__ = ["AREAS", "OPENING", "MainWindow", "window_title"]


def window_title(what: str) -> str:
    """The title bar's text: what is open, then Liaison's name once. Qt adds the application's name
    to a title that does not already end with it (QPlatformWindow::formatWindowTitle), so the name
    goes last: at the start it was said twice ("Liaison — file — Liaison")."""
    return f"{what} — Liaison"


class MainWindow(WindowCommands, QMainWindow):
    """`MainWindow(database)` opens on an open database, on Home. On a local file the window need
    not wait for the database (and SQLAlchemy) to load: `MainWindow(newest=..., due=...)` shows Home
    with what is due, and the meetings list when chosen, both read straight from the file, and
    `attach(database)` finishes the window once it is open (ui/opening.py). Until then the list
    scrolls and takes words to find, and another area chosen is shown once the database is open;
    what would change records, or open one, is greyed out.

    Each area's view (`window.bills`, `window.graph`, ...) and record page (`window.bill_page`) is
    the attribute its area names, built the first time it is used.
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
    home: HomeView
    home_area: WelcomeHost
    welcome: Welcome
    attention: AttentionPanel
    access_banner: AccessBanner
    exports: Exports
    # Built by ui/menus.py.
    toolbar: QToolBar
    file_menu: QMenu
    import_menu: QMenu
    export_menu: QMenu
    database_menu: QMenu
    edit_menu: QMenu
    help_menu: QMenu
    log_meeting_action: QAction
    undo_action: QAction
    redo_action: QAction
    calendar_import_action: QAction
    sheet_import_action: QAction
    return_import_action: QAction
    connection_settings_action: QAction
    guide_action: QAction
    keyboard_action: QAction
    about_action: QAction

    def __init__(
        self,
        database: Database | None = None,
        parent: QWidget | None = None,
        *,
        newest: NewestMeetings | None = None,
        due: DueFirst | None = None,
        first_area: str = HOME,
    ) -> None:
        super().__init__(parent)
        if (database is None) == (newest is None):
            raise TypeError("MainWindow opens on a database, or on the newest meetings while one opens")
        self._where = database.where if database is not None else str(cast(NewestMeetings, newest).path)
        self.setWindowTitle(window_title(self._where))
        self.resize(1280, 800)
        self._is_attached = False
        self._newest = newest

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.addItems(areas.names())
        self.navigation.setFixedWidth(148)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 6px 4px; }"
        )
        self.stack = QStackedWidget()
        # Only Home is built (and its modules imported) before the window shows, and the meetings
        # list if chosen while the database opens; every other area and record page is imported,
        # built and wired the first time it is shown or used.
        self.views = areas.Views(self.stack, self, self._on_view_built)
        self.home = HomeView(first=due)
        self.stack.addWidget(self.home)
        # The meetings table shown while the database opens, made when first shown (None once open).
        self.first_table: RecordList | None = None
        central = QWidget()
        self.outer = QVBoxLayout(central)
        self.outer.setContentsMargins(6, 6, 6, 0)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.outer.addLayout(layout, 1)
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
        add_menus(self)
        self.statusBar().addPermanentWidget(QLabel(self._where))
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        # Controls built with no name get one from their labels, for a screen reader, once shown.
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.navigation.setCurrentRow(areas.names().index(first_area))
        if database is not None:
            self.attach(database)
        else:
            wait_for_database(self, True)

    def __getattr__(self, name: str) -> Any:
        # An area's view or record page, by the attribute its area names: built when first asked for.
        views = self.__dict__.get("views") if not name.startswith("_") else None
        if views is not None and views.knows(name) and self._is_attached:
            return views.get(name)
        raise AttributeError(name)

    def where(self) -> str:
        """The database in use, as the user named it."""
        return self.database.where if self._is_attached else self._where

    def _on_stack_current_changed(self, _index: int) -> None:
        shown = self.stack.currentWidget()
        if shown is not None:  # none while the window closes
            name_controls(shown)

    def _on_view_built(self) -> None:
        put_last(self.navigation, self.attention.table)  # Tab in reading order: the area, then the panel

    @property
    def meetings_list(self) -> RecordList:
        """The meetings table, the same one from the first paint on (before the database opens too)."""
        if self._is_attached:
            return self.meetings.list
        if self.first_table is None:
            self.first_table = meetings_table(cast(NewestMeetings, self._newest))
            self.first_table.set_waiting(True)
            self.stack.addWidget(self.first_table)
        return self.first_table

    def is_attached(self) -> bool:
        """Whether the database is open and the whole window works."""
        return self._is_attached

    def attach(self, database: Database) -> None:
        """Finish the window on the open database: the areas, forms, undo and imports work from here."""
        from ui.attaching import finish

        finish(self, database, self._newest)
        self._is_attached = True
        if self.first_table is not None:
            self.first_table.set_waiting(False)
        self.first_table = None
        self._newest = None
        # An area chosen while the database opened is shown now.
        self._on_navigation_current_row_changed(self.navigation.currentRow())
        self.attached.emit()

    def is_built(self, name: str) -> bool:
        """Whether the area or page kept in the attribute `name` has been built yet."""
        return (name in ("meetings", "home") and self._is_attached) or self.views.is_built(name)

    def area_view(self, row: int) -> QWidget:
        """The main view of the area in the navigation's row `row`, built if it is not yet."""
        return self.views.get(areas.registered()[row].attribute)

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        if self._is_attached:
            self.stack.setCurrentWidget(self.area_view(row))
            return
        # While the database opens, Home and the meetings list show what was read from the file;
        # another choice is kept by the navigation and shown once the database is open.
        chosen = areas.names()[row]
        if chosen == HOME:
            self.stack.setCurrentWidget(self.home)
        elif chosen == "Meetings" and self._newest is not None:
            self.stack.setCurrentWidget(self.meetings_list)

    def show_area(self, area: int | str) -> None:
        """Show an area's main view (by row or name), even when its row is already the current one
        (back from a page)."""
        row = area if isinstance(area, int) else areas.names().index(area)
        self.navigation.setCurrentRow(row)
        if self._is_attached:
            self.stack.setCurrentWidget(self.area_view(row))
        else:
            self._on_navigation_current_row_changed(row)

    def _show_page(self, page: QWidget, area: str) -> None:
        # The navigation shows the area the page belongs to, without switching to that area's list.
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(areas.names().index(area))
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)
