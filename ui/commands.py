"""What the window does when asked: open a record where it belongs, log a meeting, import, change
the connection settings, say what Liaison is. Mixed into MainWindow, whose areas call these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from db.engine import Database
    from ui.changes import Changes


class WindowCommands:
    """The window's commands; MainWindow builds what they use (the stack, the navigation, the pages)."""

    database: Database
    changes: Changes
    if TYPE_CHECKING:  # MainWindow's own

        def show_area(self, area: int | str) -> None: ...
        def _show_page(self, page: QWidget, area: str) -> None: ...
        def where(self) -> str: ...
        def statusBar(self) -> QStatusBar: ...

    def _page(self, attribute: str) -> Any:
        return getattr(self, attribute)

    def log_meeting(self) -> None:
        from ui.meetings.editor import MeetingEditor

        MeetingEditor.ask(self, self.database, self.changes)

    def open_meeting(self, meeting_id: int) -> None:
        from ui.meetings.editor import MeetingEditor

        MeetingEditor.ask(self, self.database, self.changes, meeting_id)

    def open_organisation(self, organisation_id: int) -> None:
        page = self._page("organisation_page")
        page.show_organisation(organisation_id)
        self._show_page(page, "Organisations")

    def open_person(self, person_id: int) -> None:
        page = self._page("person_page")
        page.show_person(person_id)
        self._show_page(page, "People")

    def open_bill(self, bill_id: int) -> None:
        page = self._page("bill_page")
        page.show_bill(bill_id)
        self._show_page(page, "Bills")

    def open_policy_item(self, item_id: int) -> None:
        page = self._page("policy_item_page")
        page.show_item(item_id)
        self._show_page(page, "Programme")

    def open_duties(self, person_id: int) -> None:
        self._page("duties").show_person(person_id)
        self.show_area("Duties")

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

    def show_about(self) -> None:
        from ui.about import About

        About.show(self, self.where())

    def _on_changes_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
