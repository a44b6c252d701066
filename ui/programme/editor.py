"""Adding or changing a policy item: its kind, title, responsible body, status and dates, what it
is about, our response (a consultation's, and when it went), its documents and work streams."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.programme import PolicyItemKind
from db.vocabulary import DatePrecision
from tracker.common.dates import editable_date, parse_date, parse_meeting_date
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations
from tracker.lobbying import policy_items, programme
from tracker.lobbying.policy_items import DocumentEntry, PolicyItemDraft
from ui.changes import POLICY_ITEMS, Changes
from ui.common.entries import EntriesModel, EntryColumn, EntryTable
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker
from ui.common.scrolling import resize_within_screen, scrolled_layout

# The kinds entered here: a bill is entered on the Bills page, with its stages, and shows here.
KINDS = tuple(k for k in PolicyItemKind if k is not PolicyItemKind.BILL)


def kind_text(kind: PolicyItemKind) -> str:
    return kind.label[:1].upper() + kind.label[1:]


@dataclass(frozen=True)
class DocumentLine:
    """A document as the table holds it, before it is saved."""

    title: str
    link: str = ""
    id: int | None = field(default=None, compare=False)


def document_columns() -> list[EntryColumn[DocumentLine]]:
    return [
        EntryColumn("Title", lambda d: d.title, edit=lambda d, text: replace(d, title=str(text))),
        EntryColumn("Link", lambda d: d.link, edit=lambda d, text: replace(d, link=str(text).strip())),
    ]


def _date_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class PolicyItemEditor(RecordEditor):
    """A new policy item (of any kind but a bill), or a change to `item_id` (a bill's item too:
    its work streams, body, documents and notes; its title and stages are the bill's own)."""

    this_record = "this policy item"

    def __init__(
        self, database: Database, changes: Changes, item_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: PolicyItemDraft | None = None
        self.setWindowTitle("New policy item" if item_id is None else "Edit policy item")
        resize_within_screen(self, 760, 720)

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText("e.g. Cutting Crime: A New Partnership 2008-11")
        self.body = RecordPicker("The department or body responsible", keep_choice=True)
        self.body.setObjectName("responsible_body")
        self.body_label = QLabel("Responsible &body")
        self.body_label.setBuddy(self.body)
        self.status = QLineEdit()
        self.status.setObjectName("status")
        self.status.setPlaceholderText("e.g. open, closed, published, report due")
        self.opens = QLineEdit()
        self.opens.setObjectName("opens")
        self.opens.setPlaceholderText("23/04/2009, March 2009, spring 2009")
        self.opens_label = QLabel("&Published")
        self.opens_label.setBuddy(self.opens)
        self.closes = QLineEdit()
        self.closes.setObjectName("closes")
        self.closes.setPlaceholderText("dd/mm/yyyy")
        self.closes.setMaximumWidth(130)
        self.closes_label = QLabel("C&loses or due")
        self.closes_label.setBuddy(self.closes)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(60)
        self.response = QPlainTextEdit()
        self.response.setObjectName("response")
        self.response.setPlaceholderText("What the association said in reply")
        self.response.setTabChangesFocus(True)
        self.response.setMaximumHeight(60)
        self.responded_on = QLineEdit()
        self.responded_on.setObjectName("responded_on")
        self.responded_on.setPlaceholderText("dd/mm/yyyy")
        self.responded_on.setMaximumWidth(130)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(50)

        self.documents = EntriesModel(document_columns(), self)
        self.document_table = EntryTable(self.documents, rows_visible=2)
        self.document_table.setObjectName("documents")
        self.document_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_document = QPushButton("Add &document")
        self.add_document.setAutoDefault(False)
        self.remove_document = QPushButton("Remove document")
        self.remove_document.setAutoDefault(False)
        self.streams = QStandardItemModel(self)
        self.stream_list = QListView()
        self.stream_list.setObjectName("work_streams")
        self.stream_list.setModel(self.streams)
        self.stream_list.setMaximumHeight(90)

        dates = QHBoxLayout()
        dates.addWidget(self.opens, 1)
        dates.addWidget(self.closes_label)
        dates.addWidget(self.closes)
        response_when = QHBoxLayout()
        response_when.addWidget(self.responded_on)
        response_when.addStretch(1)
        form = QFormLayout()
        form.addRow("&Kind", self.kind)
        form.addRow("", self.errors.label_for("kind", self.kind))
        form.addRow("&Title", self.title)
        form.addRow("", self.errors.label_for("title", self.title))
        form.addRow(self.body_label, self.body)
        form.addRow("", self.errors.label_for("responsible_body_id", self.body))
        form.addRow("&Status", self.status)
        form.addRow(self.opens_label, dates)
        form.addRow("", self.errors.label_for("opens_on", self.opens))
        form.addRow("", self.errors.label_for("closes_on", self.closes))
        form.addRow("S&ummary", self.summary)
        form.addRow("Our &response", self.response)
        responded_label = QLabel("Response &went")
        responded_label.setBuddy(self.responded_on)
        form.addRow(responded_label, response_when)
        form.addRow("", self.errors.label_for("responded_on", self.responded_on))
        form.addRow("N&otes", self.notes)
        document_buttons = QHBoxLayout()
        document_buttons.addWidget(self.add_document)
        document_buttons.addWidget(self.remove_document)
        document_buttons.addStretch(1)
        documents_box = QGroupBox("Documents: titles and links (double-click a cell to change it)")
        documents_layout = QVBoxLayout(documents_box)
        documents_layout.addWidget(self.document_table)
        documents_layout.addLayout(document_buttons)
        documents_layout.addWidget(self.errors.label_for("documents", self.document_table))
        streams_box = QGroupBox("Work streams it belongs to (tick each)")
        streams_layout = QVBoxLayout(streams_box)
        streams_layout.addWidget(self.stream_list)
        streams_layout.addWidget(self.errors.label_for("work_stream_ids", self.stream_list))
        # The fields scroll on a short screen; the message and the buttons below stay in view.
        layout = QVBoxLayout(self)
        fields = scrolled_layout(self, layout)
        fields.addLayout(form)
        fields.addWidget(documents_box, 1)
        fields.addWidget(streams_box)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        with database.session() as session:
            if item_id is not None:
                self._original = policy_items.get(session, item_id)
            bodies = organisations.choices(session)
            streams = programme.work_stream_choices(session)
        self.body.set_choices(bodies)
        ticked = set(self._original.work_stream_ids) if self._original else set()
        for stream_id, label in streams:
            line = QStandardItem(label)
            line.setData(stream_id, Qt.ItemDataRole.UserRole)
            line.setCheckable(True)
            line.setEditable(False)
            line.setCheckState(Qt.CheckState.Checked if stream_id in ticked else Qt.CheckState.Unchecked)
            self.streams.appendRow(line)
        if not streams:
            self.stream_list.hide()
            streams_layout.insertWidget(0, QLabel("No work programme recorded yet."))

        if self._original is not None:
            item = self._original
            if item.kind is PolicyItemKind.BILL:
                # A bill's kind and title are the bill's own, changed on the Bills page.
                self.kind.addItem(kind_text(PolicyItemKind.BILL), PolicyItemKind.BILL)
                self.kind.setEnabled(False)
                self.title.setReadOnly(True)
                self.title.setToolTip("A bill's title is changed on the bill itself (Bills)")
            self.kind.setCurrentIndex(self.kind.findData(item.kind))
            self.title.setText(item.title)
            self.body.setText(next((c.label for c in bodies if c.id == item.responsible_body_id), ""))
            self.status.setText(item.status)
            self.opens.setText(editable_date(item.opens_on, item.opens_precision) if item.opens_on else "")
            self.closes.setText(_date_text(item.closes_on))
            self.summary.setPlainText(item.summary)
            self.response.setPlainText(item.response)
            self.responded_on.setText(_date_text(item.responded_on))
            self.notes.setPlainText(item.notes)
            self.documents.set_entries([DocumentLine(d.title, d.link, d.id) for d in item.documents])

        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.add_document.clicked.connect(self._on_add_document_clicked)
        self.remove_document.clicked.connect(self.document_table.remove_selected)
        self._on_kind_current_index_changed()
        self.mark_clean()
        self.title.setFocus()

    def chosen_kind(self) -> PolicyItemKind:
        return PolicyItemKind(self.kind.currentData())

    def _on_kind_current_index_changed(self, _index: int = 0) -> None:
        # The papers' words: a consultation is issued by a body, opens and closes.
        consultation = self.chosen_kind() is PolicyItemKind.CONSULTATION
        self.body_label.setText("Issued &by" if consultation else "Responsible &body")
        self.opens_label.setText("O&pens" if consultation else "&Published")
        self.closes_label.setText("C&loses" if consultation else "C&loses or due")

    def _on_add_document_clicked(self) -> None:
        self.documents.append(DocumentLine(""))
        row = self.documents.rowCount() - 1
        self.document_table.selectRow(row)
        self.document_table.setFocus()
        self.document_table.edit(self.documents.index(row, 0))

    def ticked_streams(self) -> tuple[int, ...]:
        return tuple(
            int(self.streams.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.streams.rowCount())
            if self.streams.item(row).checkState() == Qt.CheckState.Checked
        )

    # -- saving --------------------------------------------------------------------------

    def form_state(self) -> tuple[Any, ...]:
        return (
            self.kind.currentIndex(),
            self.title.text(),
            self.body.text(),
            self.status.text(),
            self.opens.text(),
            self.closes.text(),
            self.summary.toPlainText(),
            self.response.toPlainText(),
            self.responded_on.text(),
            self.notes.toPlainText(),
            self.documents.entries,
            self.ticked_streams(),
        )

    def draft(self) -> PolicyItemDraft:
        problems: dict[str, str] = {}
        opens_on: date | None = None
        opens_precision = DatePrecision.DAY
        if self.opens.text().strip():
            try:
                opens_on, opens_precision = parse_meeting_date(self.opens.text())
            except ValueError as error:
                problems["opens_on"] = f"{error}."
        days: dict[str, date | None] = {}
        for key, line in (("closes_on", self.closes), ("responded_on", self.responded_on)):
            days[key] = None
            if line.text().strip():
                try:
                    days[key] = parse_date(line.text())
                except ValueError as error:
                    problems[key] = f"{error}."
        body_id: int | None = None
        if self.body.text().strip():
            found = self.body.match(self.body.text())
            if found is None:
                problems["responsible_body_id"] = (
                    f"“{self.body.text().strip()}” is not a body in the directory."
                )
            else:
                body_id = found[0]
        if problems:
            raise InvalidRecord(problems)
        base = self._original or PolicyItemDraft(kind=self.chosen_kind(), title="")
        return replace(
            base,
            kind=self.chosen_kind(),
            title=self.title.text(),
            responsible_body_id=body_id,
            status=self.status.text(),
            opens_on=opens_on,
            opens_precision=opens_precision,
            closes_on=days["closes_on"],
            summary=self.summary.toPlainText(),
            response=self.response.toPlainText(),
            responded_on=days["responded_on"],
            notes=self.notes.toPlainText(),
            documents=tuple(DocumentEntry(d.title, d.link, d.id) for d in self.documents.entries),
            work_stream_ids=self.ticked_streams(),
        )

    def store(self) -> PolicyItemDraft:
        draft = self.draft()
        with self._database.session() as session:
            if self._original is None:
                return policy_items.create(session, draft)
            return policy_items.update(session, draft)

    def after_save(self, saved: PolicyItemDraft) -> None:
        if self._original is None:
            self._changes.created(POLICY_ITEMS, saved, f"Add {saved.kind.label} “{saved.title}”")
        else:
            self._changes.edited(
                POLICY_ITEMS, self._original, saved, f"Edit {saved.kind.label} “{saved.title}”"
            )
