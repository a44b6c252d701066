"""An organisation's page: what it is, where it sits among other bodies, its people and its meetings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from db.engine import Database
from tracker.common.errors import DomainError
from tracker.common.history import Subject
from tracker.directory import organisations
from tracker.directory.organisations import OrganisationPage as PageData
from tracker.reports.brief import brief_paper
from ui.changes import Changes
from ui.common import prompts
from ui.common.history import HistoryDialog, history_button
from ui.common.links import LinksModel, MeetingLinksModel, link_label, link_table, links_html
from ui.common.page_parts import RecordPage, group, text_label
from ui.common.scrolling import scrolled_layout
from ui.organisations.brief_preview import BriefPreview
from ui.organisations.editor import OrganisationEditor
from ui.stakeholders.health_panel import RelationshipHealth


class OrganisationPage(RecordPage):
    """One organisation; asks its owner to open the records it links to, or to go back."""

    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    meeting_open_requested = Signal(int)

    editor = OrganisationEditor
    refreshed_by = ("organisations", "people", "meetings")
    read_page = staticmethod(organisations.page)

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(database, changes, parent)
        self.brief_button = QPushButton("Brief…")
        self.brief_button.setToolTip(
            "A pre-meeting brief: recent meetings, our appointees, open follow-ups and asks, bills in play"
        )
        self._name = ""
        self.top.insertWidget(self.top.indexOf(self.edit_button), self.brief_button)
        self.history_button = history_button()
        self.top.insertWidget(self.top.indexOf(self.edit_button), self.history_button)

        self.kind = text_label()
        self.kind.setObjectName("kind")
        self.parent_link = link_label()
        self.parent_link.setObjectName("parent")
        self.successor_link = link_label()
        self.successor_link.setObjectName("successor")
        self.predecessor_links = link_label()
        self.predecessor_links.setObjectName("predecessors")
        self.aliases = text_label()
        self.aliases.setObjectName("aliases")
        self.notes = text_label()
        self.notes.setObjectName("notes")
        self.details = QFormLayout()
        self.details.addRow("Kind", self.kind)
        self.details.addRow("Part of", self.parent_link)
        self.details.addRow("Succeeded by", self.successor_link)
        self.details.addRow("Took over from", self.predecessor_links)
        self.details.addRow("Also known as", self.aliases)
        self.details.addRow("Notes", self.notes)

        self.sub_bodies = LinksModel(("Sub-body", "Kind"), self)
        self.sub_body_table = link_table(self.sub_bodies, 0, {1: 170})
        self.sub_body_box = group("Sub-bodies", self.sub_body_table)
        self.people = LinksModel(("Person", "Role"), self)
        self.people_table = link_table(self.people, 1, {0: 230})
        self.people_box = group("People", self.people_table)
        self.meetings = MeetingLinksModel(self)
        self.meeting_table = link_table(self.meetings, 1, {0: 120, 2: 220})
        self.meeting_box = group("Meetings", self.meeting_table)

        # Meetings get the full width below, for their long titles; the shorter lists share a row.
        related = QHBoxLayout()
        related.addWidget(self.sub_body_box, 1)
        related.addWidget(self.people_box, 1)
        layout = scrolled_layout(self)  # on a short screen the page scrolls
        layout.addLayout(self.top)
        layout.addLayout(self.details)
        layout.addLayout(related, 2)
        layout.addWidget(self.meeting_box, 3)
        # Relationship health: last contact, meetings per quarter, stances, open items (ui/stakeholders).
        self.health = RelationshipHealth(database, changes)
        self.health.meeting_open_requested.connect(self.meeting_open_requested)
        layout.addWidget(self.health, 2)

        self.brief_button.clicked.connect(self._on_brief_button_clicked)
        self.history_button.clicked.connect(self._on_history_button_clicked)
        for label in (self.parent_link, self.successor_link, self.predecessor_links):
            label.linkActivated.connect(self._on_organisation_links_link_activated)
        # `activated` comes on Enter and on a double-click (or a single click where the style says so).
        self.sub_body_table.activated.connect(self._on_sub_body_table_activated)
        self.people_table.activated.connect(self._on_people_table_activated)
        self.meeting_table.activated.connect(self._on_meeting_table_activated)
        self._show_missing("")

    def show_organisation(self, organisation_id: int) -> None:
        self.show_record(organisation_id)
        self.health.show_record("organisation", organisation_id)

    def _show(self, data: PageData) -> None:
        draft = data.draft
        self.heading.setText(f"{draft.name} ({draft.acronym})" if draft.acronym else draft.name)
        self._name = draft.name
        self.edit_button.setEnabled(True)
        self.brief_button.setEnabled(True)
        self.kind.setText(draft.kind.label.capitalize())
        self.parent_link.setText(links_html([data.parent]) if data.parent else "")
        self.successor_link.setText(links_html([data.successor]) if data.successor else "")
        self.predecessor_links.setText(links_html(data.predecessors))
        self.aliases.setText(", ".join(draft.aliases))
        self.notes.setText(draft.notes)
        for label in self._detail_labels():
            self.details.setRowVisible(label, bool(label.text()))
        self.sub_bodies.set_links(data.sub_bodies)
        self.people.set_links(data.people)
        self.meetings.set_meetings(data.meetings)
        self.sub_body_box.setTitle(f"Sub-bodies ({len(data.sub_bodies)})")
        self.sub_body_box.setVisible(bool(data.sub_bodies))
        self.people_box.setTitle(f"People ({len(data.people)})")
        self.meeting_box.setTitle(f"Meetings ({len(data.meetings)})")

    def _show_missing(self, message: str) -> None:
        # Deleted or merged away while open (perhaps by a colleague): say so rather than show stale facts.
        self.heading.setText(message)
        self.edit_button.setEnabled(False)
        self.brief_button.setEnabled(False)
        for label in self._detail_labels():
            label.clear()
            self.details.setRowVisible(label, False)
        self.sub_bodies.set_links(())
        self.people.set_links(())
        self.meetings.set_meetings(())
        self.sub_body_box.hide()

    def _detail_labels(self) -> tuple[QLabel, ...]:
        return (
            self.kind,
            self.parent_link,
            self.successor_link,
            self.predecessor_links,
            self.aliases,
            self.notes,
        )

    def _on_brief_button_clicked(self) -> None:
        """The brief is shown first; it is saved from there."""
        if self.record_id is None:
            return
        try:
            with self._database.session() as session:
                paper = brief_paper(session, self.record_id, date.today())
        except DomainError as error:
            prompts.tell(self, "Brief not written", error.message)
            return
        suggested = Path.home() / f"{self._name} - brief.pdf".replace("/", "-")
        BriefPreview.ask(self, paper, suggested)

    def _on_history_button_clicked(self) -> None:
        if self.record_id is not None:
            HistoryDialog.show_for(
                self, self._database, Subject.ORGANISATION, self.record_id, self.heading.text()
            )

    def _on_organisation_links_link_activated(self, href: str) -> None:
        self.organisation_open_requested.emit(int(href))

    def _on_sub_body_table_activated(self, index: QModelIndex) -> None:
        link = self.sub_bodies.link_at(index.row())
        if link is not None:
            self.organisation_open_requested.emit(link.id)

    def _on_people_table_activated(self, index: QModelIndex) -> None:
        link = self.people.link_at(index.row())
        if link is not None:
            self.person_open_requested.emit(link.id)

    def _on_meeting_table_activated(self, index: QModelIndex) -> None:
        meeting = self.meetings.meeting_at(index.row())
        if meeting is not None:
            self.meeting_open_requested.emit(meeting.id)
