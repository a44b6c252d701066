"""Rendering a view of the window to an image without a screen, for the `screenshot` command."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from db.engine import Database
from tracker import meetings
from tracker.common.errors import NotFound
from tracker.common.listing import ListQuery
from tracker.directory import organisations, people
from tracker.lobbying import bills, policy_items
from ui.app import application


def _first_id(database: Database, view: str, find: str) -> int:
    with database.session() as session:
        if view == "meeting-editor":
            found: list = meetings.rows(session, ListQuery(find, sort="held_on", descending=True), 0, 1)
        elif view == "bill":
            words = find.lower().split()
            found = [
                r for r in bills.all_rows(session, date.today()) if all(w in r.title.lower() for w in words)
            ]
        elif view == "policy-item":
            words = find.lower().split()
            found = [r for r in policy_items.rows(session) if all(w in r.title.lower() for w in words)]
        elif view == "organisation":
            found = organisations.rows(session, ListQuery(find, sort="meetings", descending=True), 0, 1)
        else:
            found = people.rows(session, ListQuery(find, sort="meetings", descending=True), 0, 1)
    if not found:
        raise NotFound(
            f"No record matches “{find}” for the {view} view."
            if find
            else f"The database has no record for the {view} view."
        )
    return int(found[0].id)


def _settle(widget: QWidget) -> None:
    for _ in range(3):
        QApplication.processEvents()
    widget.repaint()


def _wait_while_busy(widget: object, timeout_s: float = 60.0) -> None:
    """Let a view that reads and draws on the thread pool (it has `is_busy`) finish."""
    import time

    is_busy = getattr(widget, "is_busy", None)
    if is_busy is None:
        return
    QApplication.processEvents()
    deadline = time.monotonic() + timeout_s
    while is_busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def render(database: Database, view: str, find: str, width: int, height: int) -> QImage:
    """The named view drawn at the given size, with the demo or user data the database holds."""
    application()
    from ui.main_window import AREAS, MainWindow
    from ui.meetings.editor import MeetingEditor

    named = {"crosscheck": "Cross-check", "stakeholder-map": "Stakeholders"}
    area = named.get(view, view.capitalize())
    # Opened on the area shown, so that Home (the first screen) does not read and draw for nothing.
    window = MainWindow(database, first_area=area if area in AREAS else AREAS[0])
    window.resize(width, height)
    window.show()
    try:
        if view == "meeting-editor":
            editor = MeetingEditor(database, window.changes, _first_id(database, view, find), window)
            # No bigger than the screen asked for (the offscreen screen is larger than a laptop's).
            editor.resize(min(editor.width(), width), min(editor.height(), height))
            editor.show()
            _settle(editor)
            image = editor.grab().toImage()
            editor.done(0)
            return image
        if view == "organisation":
            window.open_organisation(_first_id(database, view, find))
        elif view == "person":
            window.open_person(_first_id(database, view, find))
        elif view == "duties":
            window.open_duties(_first_id(database, view, find))
        elif view == "bill":
            window.open_bill(_first_id(database, view, find))
        elif view == "policy-item":
            window.open_policy_item(_first_id(database, view, find))
        else:
            window.navigation.setCurrentRow(AREAS.index(area))
            if find:
                current = window.stack.currentWidget()
                record_list = getattr(current, "list", None)
                if record_list is not None:
                    record_list.filter.setText(find)
                    record_list.apply_filter_now()
                elif view in ("bills", "programme"):
                    getattr(window, view).filter.setText(find)
            if window.stack.currentWidget() is window.graph:
                # The layout runs on a pool thread: wait for the picture, then find the name in it.
                window.graph.wait_until_drawn()
                if find:
                    window.graph.search.setText(find)
                    window.graph.search.returnPressed.emit()
        # Home, the map and a page's relationship health are read and drawn on the thread pool.
        for busy in (window.stack.currentWidget(), getattr(window.stack.currentWidget(), "health", None)):
            _wait_while_busy(busy)
        _settle(window)
        return window.grab().toImage()
    finally:
        window.close()
        # Work still on the thread pool (a page's health, say) answers a window that still exists.
        QThreadPool.globalInstance().waitForDone(60_000)
        window.deleteLater()
