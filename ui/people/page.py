"""A person's page: who they are, how to reach them, the posts they held and the meetings they attended."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QMenu, QPushButton, QWidget

from db.engine import Database
from db.vocabulary import PersonKind
from tracker.common import personal_data
from tracker.common.errors import DomainError
from tracker.common.history import Subject
from tracker.directory import people
from tracker.directory.people import PersonPage as PageData
from tracker.directory.people import PositionEntry
from ui.changes import Changes
from ui.common import prompts, worker
from ui.common.entries import EntriesModel
from ui.common.history import HistoryDialog, history_button
from ui.common.links import MeetingLinksModel, link_label, link_table, links_html
from ui.common.page_parts import RecordPage, group, text_label
from ui.common.scrolling import scrolled_layout
from ui.people.editor import PersonEditor, position_columns
from ui.stakeholders.health_panel import RelationshipHealth


class PersonPage(RecordPage):
    """One person; asks its owner to open the records it links to, or to go back."""

    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    meeting_open_requested = Signal(int)
    # The erasure's work on the file (and the question about backups) is over.
    erasure_finished = Signal()
    backups_erased = Signal()

    editor = PersonEditor
    refreshed_by = ("people", "organisations", "meetings")
    read_page = staticmethod(people.page)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, parent)
        self.history_button = history_button()
        self.top.insertWidget(self.top.indexOf(self.edit_button), self.history_button)
        # Subject access and erasure: rare and weighty, so behind a button of their own, not beside Edit….
        self.personal_data_button = QPushButton("Personal data")
        personal_data_menu = QMenu(self.personal_data_button)
        self.export_action = personal_data_menu.addAction("Export personal data…")
        self.erase_action = personal_data_menu.addAction("Erase personal data…")
        self.personal_data_button.setMenu(personal_data_menu)
        self.top.insertWidget(self.top.indexOf(self.history_button), self.personal_data_button)
        # An erasure rewrites the whole file after its commit, on a pool thread; this says so meanwhile.
        self.erasing = QLabel("Clearing the erased data from the file…")
        self.erasing.setObjectName("erasing")
        self.erasing.hide()
        self.top.insertWidget(self.top.indexOf(self.personal_data_button), self.erasing)
        self._erasure_job: worker.Job | None = None
        self._kind = PersonKind.CONTACT
        self.kind = text_label()
        self.kind.setObjectName("kind")
        self.organisation_link = link_label()
        self.organisation_link.setObjectName("organisation")
        self.party = text_label()
        self.party.setObjectName("party")
        self.email = link_label()
        self.email.setObjectName("email")
        # Only mailto: links here, which the desktop's mail program should open.
        self.email.setOpenExternalLinks(True)
        self.phone = text_label()
        self.phone.setObjectName("phone")
        self.notes = text_label()
        self.notes.setObjectName("notes")
        self.details = QFormLayout()
        self.details.addRow("Kind", self.kind)
        self.details.addRow("Organisation", self.organisation_link)
        self.details.addRow("Party", self.party)
        self.details.addRow("Email", self.email)
        self.details.addRow("Phone", self.phone)
        self.details.addRow("Notes", self.notes)

        self.positions = EntriesModel(position_columns(), self)
        self.position_table = link_table(self.positions, 1, {0: 320, 2: 110, 3: 110})
        self.position_box = group("Positions held", self.position_table)
        self.meetings = MeetingLinksModel(self)
        self.meeting_table = link_table(self.meetings, 1, {0: 120, 2: 220})
        self.meeting_box = group("Meetings", self.meeting_table)

        # Each list gets the full width, so that titles and organisations' names are read whole.
        layout = scrolled_layout(self)  # on a short screen the page scrolls
        layout.addLayout(self.top)
        layout.addLayout(self.details)
        layout.addWidget(self.position_box, 1)
        layout.addWidget(self.meeting_box, 2)
        # Relationship health: last contact, meetings per quarter, stances, open items (ui/stakeholders).
        self.health = RelationshipHealth(database, changes)
        self.health.meeting_open_requested.connect(self.meeting_open_requested)
        layout.addWidget(self.health, 2)

        self.organisation_link.linkActivated.connect(self._on_organisation_link_link_activated)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.erase_action.triggered.connect(self._on_erase_action_triggered)
        # `activated` comes on Enter and on a double-click (or a single click where the style says so).
        self.position_table.activated.connect(self._on_position_table_activated)
        self.meeting_table.activated.connect(self._on_meeting_table_activated)
        self._show_missing("")

    def show_person(self, person_id: int) -> None:
        self.show_record(person_id)
        self.health.show_record("person", person_id)

    def _show(self, data: PageData) -> None:
        draft = data.draft
        self.heading.setText(draft.display_name)
        self.edit_button.setEnabled(True)
        self.personal_data_button.setEnabled(True)
        self._kind = draft.kind
        self.kind.setText(draft.kind.label.capitalize())
        self.organisation_link.setText(links_html([data.organisation]) if data.organisation else "")
        self.party.setText(draft.party if draft.kind is PersonKind.MEMBER else "")
        email = html.escape(draft.email, quote=True)
        self.email.setText(f'<a href="mailto:{email}">{email}</a>' if draft.email else "")
        self.phone.setText(draft.phone)
        self.notes.setText(draft.notes)
        for label in (self.kind, self.organisation_link, self.party, self.email, self.phone, self.notes):
            self.details.setRowVisible(label, bool(label.text()))
        self.positions.set_entries(draft.positions)
        self.meetings.set_meetings(data.meetings)
        self.position_box.setTitle(f"Positions held ({len(draft.positions)})")
        self.meeting_box.setTitle(f"Meetings ({len(data.meetings)})")

    def _show_missing(self, message: str) -> None:
        # Deleted or merged away while open (perhaps by a colleague): say so rather than show stale facts.
        self.heading.setText(message)
        self.edit_button.setEnabled(False)
        self.personal_data_button.setEnabled(False)
        for label in (self.kind, self.organisation_link, self.party, self.email, self.phone, self.notes):
            label.clear()
            self.details.setRowVisible(label, False)
        self.positions.set_entries(())
        self.meetings.set_meetings(())

    def _on_history_button_clicked(self) -> None:
        if self.record_id is not None:
            HistoryDialog.show_for(self, self._database, Subject.PERSON, self.record_id, self.heading.text())

    def _on_export_action_triggered(self) -> None:
        if self.record_id is None:
            return
        name = self.heading.text()
        file_name = re.sub(r'[\\/:*?"<>|]', "_", name)  # characters no file name may hold, on any system
        suggested = Path.home() / f"{file_name} - personal data.json"
        path = prompts.ask_save_path(self, "Export personal data", suggested, "JSON files (*.json)")
        if path is None:
            return
        try:
            with self._database.session() as session:
                export = personal_data.subject_access(session, self.record_id)
            personal_data.write_export(path, export)
        except DomainError as error:
            prompts.tell(self, "Export personal data", error.message)
            return
        prompts.tell(
            self, "Export personal data", f"Everything Liaison holds about {name} was written to {path}."
        )

    def _on_erase_action_triggered(self) -> None:
        if self.record_id is None:
            return
        name = self.heading.text()
        text = (
            f"Erase the personal data of {name}?\n\n"
            "Their name, title, organisation, contact details, notes and posts are removed everywhere"
            " Liaison holds them, the history included. Meetings, duties and actions still count them,"
            f" as “{personal_data.ANONYMOUS[self._kind]}”.\n\n"
            "This cannot be undone, not even with Undo. If they asked for a copy of their data,"
            " export it first."
        )
        if not prompts.confirm(self, "Erase personal data", text, "Erase"):
            return
        path = self._database.path
        try:
            with self._database.session() as session:
                person = personal_data.trace(session, self.record_id) if path is not None else None
                personal_data.erase(session, self.record_id)
        except DomainError as error:
            prompts.tell(self, "Erase personal data", error.message)
            return
        # Undo steps hold the erased values, and undoing an edit would write them back.
        self._changes.undo_stack.clear()
        for kind in ("people", "meetings"):
            self._changes.announce(kind)
        if path is not None and person is not None:
            self._clear_file(path, person, name)

    def _clear_file(self, path: Path, person: personal_data.Trace, name: str) -> None:
        """Off the GUI thread (it rewrites the whole file): leave no copy of the erased text in
        the file or its -wal, then find the backups that still hold the person."""

        def work(_progress: worker.Progress) -> tuple[bool, list[Path]]:
            return personal_data.clear_from_file(path), personal_data.backups_holding(path, person)

        self.erasing.setText("Clearing the erased data from the file…")
        self.erasing.show()
        self.personal_data_button.setEnabled(False)
        job = worker.Job(work)
        job.signals.finished.connect(lambda result: self._on_file_cleared(path, person, name, *result))
        job.signals.failed.connect(self._on_erasure_failed)
        self._erasure_job = job
        worker.start(job)

    def _on_erasure_failed(self, message: str) -> None:
        self.erasing.hide()
        self.personal_data_button.setEnabled(True)
        prompts.tell(self, "Erase personal data", message)

    def _on_file_cleared(
        self, path: Path, person: personal_data.Trace, name: str, cleared: bool, held: list[Path]
    ) -> None:
        self.erasing.hide()
        self.personal_data_button.setEnabled(True)
        try:
            self._tell_erasure_done(path, person, name, cleared, held)
        finally:
            self.erasure_finished.emit()

    def _tell_erasure_done(
        self, path: Path, person: personal_data.Trace, name: str, cleared: bool, held: list[Path]
    ) -> None:
        if not cleared:
            prompts.tell(
                self,
                "Erase personal data",
                f"{name}'s data was erased, but another Liaison was reading {path.name} meanwhile, so"
                " the erased text may remain in the file until it closes. Erase them again then"
                " (from the command line: `person erase` with --yes) to clear it.",
            )
        if not held:
            return
        names = "\n".join(f"  {copy.name}" for copy in held)
        question = (
            f"{len(held)} {'backup' if len(held) == 1 else 'backups'} in {held[0].parent} still"
            f" {'holds' if len(held) == 1 else 'hold'} {name}'s data:\n{names}\n\n"
            "Erase them from these backups too? A backup written by an older version of Liaison"
            " is removed instead, since it cannot be erased safely."
        )
        if not prompts.confirm(self, "Erase from backups", question, "Erase from backups"):
            return
        actor = self._database.actor

        def work(_progress: worker.Progress) -> list[personal_data.BackupErased]:
            return [personal_data.erase_from_backup(copy, person, actor) for copy in held]

        self.erasing.setText("Erasing from the backups…")
        self.erasing.show()
        job = worker.Job(work)
        job.signals.finished.connect(self._on_backups_erased)
        job.signals.failed.connect(self._on_erasure_failed)
        self._erasure_job = job
        worker.start(job)

    def _on_backups_erased(self, done: list[personal_data.BackupErased]) -> None:
        self.erasing.hide()
        lines = [
            f"{result.copy.name}: "
            + ("erased" if result.removed_because is None else f"removed ({result.removed_because})")
            for result in done
        ]
        prompts.tell(self, "Erase from backups", "\n".join(lines))
        self.backups_erased.emit()

    def _on_organisation_link_link_activated(self, href: str) -> None:
        self.organisation_open_requested.emit(int(href))

    def _on_position_table_activated(self, index: QModelIndex) -> None:
        entries: tuple[PositionEntry, ...] = self.positions.entries
        if 0 <= index.row() < len(entries) and entries[index.row()].organisation_id is not None:
            self.organisation_open_requested.emit(entries[index.row()].organisation_id)

    def _on_meeting_table_activated(self, index: QModelIndex) -> None:
        meeting = self.meetings.meeting_at(index.row())
        if meeting is not None:
            self.meeting_open_requested.emit(meeting.id)
