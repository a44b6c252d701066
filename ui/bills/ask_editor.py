"""Recording one of the association's asks: what was sought, of whom, on which bills and other policy
items (an aim across two bills and a consultation is one ask), under which work stream, and what came
of it, when and where."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.programme import PolicyItemKind
from db.vocabulary import AskStatus
from tracker.common.dates import parse_date, short_date
from tracker.common.errors import InvalidRecord
from tracker.directory import organisations, people
from tracker.lobbying import bills, policy_items, programme
from tracker.lobbying.bills import AskDraft, AskRow, StageEntry
from ui.changes import ASKS, Changes
from ui.common.page_parts import text_label
from ui.common.record_editor import RecordEditor
from ui.common.record_picker import RecordPicker

ITEM_ROLE = Qt.ItemDataRole.UserRole
BILL_ROLE = Qt.ItemDataRole.UserRole + 1


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class AskEditor(RecordEditor):
    """A new ask on `bill_id` or on the policy item `item_id`, or a change to `ask_id`. Its policy
    items are ticked in a list (a bill's item among them); the stage it was decided at is one of its
    bills'. The meetings it was raised at are shown, not edited: they are linked from the meeting
    form, where the officer records the meeting."""

    this_record = "this ask"

    def __init__(
        self,
        database: Database,
        changes: Changes,
        *,
        bill_id: int | None = None,
        item_id: int | None = None,
        ask_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: AskDraft | None = None
        self.setWindowTitle("New ask" if ask_id is None else "Edit ask")
        self.resize(680, 640)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setPlaceholderText("What the association sought, e.g. “Recognise the role of councillors”")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(70)
        self.items = QStandardItemModel(self)
        self.item_list = QListView()
        self.item_list.setObjectName("items")
        self.item_list.setModel(self.items)
        self.item_list.setMaximumHeight(110)
        self.item_list.setToolTip("Tick every bill, consultation or other item the ask is about")
        self.work_stream = QComboBox()
        self.work_stream.setObjectName("work_stream")
        self.body = RecordPicker("A body: a department, a committee…", keep_choice=True)
        self.body.setObjectName("body")
        self.person = RecordPicker("A person: a minister, a spokesman…", keep_choice=True)
        self.person.setObjectName("person")
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in AskStatus:
            self.status.addItem(status.label.capitalize(), status)
        self.outcome = QPlainTextEdit()
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText("What was conceded, promised or refused")
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(80)
        self.decided_on = QLineEdit()
        self.decided_on.setObjectName("decided_on")
        self.decided_on.setPlaceholderText("dd/mm/yyyy")
        self.decided_on.setMaximumWidth(120)
        self.decided_stage = QComboBox()
        self.decided_stage.setObjectName("decided_stage")
        self.decided_where = QLineEdit()
        self.decided_where.setObjectName("decided_where")
        self.decided_where.setPlaceholderText("e.g. in a Written Answer, at the Board, in the final report")
        self.meetings = text_label()
        self.meetings.setObjectName("meetings")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)

        decision = QHBoxLayout()
        decision.addWidget(self.decided_on)
        stage_label = QLabel("at s&tage")
        stage_label.setBuddy(self.decided_stage)
        decision.addWidget(stage_label)
        decision.addWidget(self.decided_stage, 1)
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow("&Asked for", self.text)
        form.addRow("", self.errors.label_for("text", self.text))
        items_label = QLabel("O&n")
        items_label.setBuddy(self.item_list)
        form.addRow(items_label, self.item_list)
        form.addRow("", self.errors.label_for("policy_item_ids", self.item_list))
        form.addRow("", self.errors.label_for("bill_id", self.item_list))
        form.addRow("&Work stream", self.work_stream)
        form.addRow("", self.errors.label_for("work_stream_id", self.work_stream))
        form.addRow("Of &body", self.body)
        form.addRow("", self.errors.label_for("target_organisation_id", self.body))
        form.addRow("Of &person", self.person)
        form.addRow("", self.errors.label_for("target_person_id", self.person))
        form.addRow("", self.errors.label_for("target", self.person))
        form.addRow("Stat&us", self.status)
        form.addRow("", self.errors.label_for("status", self.status))
        form.addRow("Outco&me", self.outcome)
        decided_label = QLabel("&Decided on")
        decided_label.setBuddy(self.decided_on)
        form.addRow(decided_label, decision)
        form.addRow("", self.errors.label_for("decided_on", self.decided_on))
        form.addRow("", self.errors.label_for("decided_stage_id", self.decided_stage))
        form.addRow("Decided w&here", self.decided_where)
        form.addRow("Raised at", self.meetings)
        form.addRow("", self.errors.label_for("meeting_ids"))
        form.addRow("N&otes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        # A bill's stages, and how the heading names it, by bill id.
        self._stages: dict[int, tuple[StageEntry, ...]] = {}
        self._bill_names: dict[int, str] = {}
        with database.session() as session:
            if ask_id is not None:
                self._original = bills.get_ask(session, ask_id)
            rows = policy_items.rows(session)
            for bill in (r for r in rows if r.bill_id is not None):
                assert bill.bill_id is not None
                held = bills.get(session, bill.bill_id)
                self._stages[bill.bill_id] = held.stages
                self._bill_names[bill.bill_id] = (
                    f"{held.title} ({held.session})" if held.session else held.title
                )
            row = self._ask_row(session, ask_id)
            streams = programme.work_stream_choices(session)
            bodies = organisations.choices(session)
            everyone = people.choices(session)
        # Ticked first: the ask's own items in its order, else the bill or item it was opened on.
        if self._original is not None:
            starting = list(self._original.policy_item_ids)
        else:
            starting = [
                r.id for r in rows if r.id == item_id or (bill_id is not None and r.bill_id == bill_id)
            ]
        # A bill with no policy item of its own yet is passed to the service, which makes its item.
        self._bill_id = bill_id if bill_id is not None and not starting else None
        self._order = starting
        for found in rows:
            line = QStandardItem(f"{found.title} ({found.kind.label})")
            line.setData(found.id, ITEM_ROLE)
            line.setData(found.bill_id, BILL_ROLE)
            line.setCheckable(True)
            line.setEditable(False)
            line.setCheckState(Qt.CheckState.Checked if found.id in starting else Qt.CheckState.Unchecked)
            self.items.appendRow(line)
        self._kinds = {r.id: r.kind for r in rows}
        self._titles = {r.id: r.title for r in rows}
        self.work_stream.addItem("none chosen", None)
        for stream_id, label in streams:
            self.work_stream.addItem(label, stream_id)
        self.body.set_choices(bodies)
        self.person.set_choices(everyone)
        raised = (
            [f"{short_date(on, precision)}: {title}" for _id, on, precision, title in row.meetings]
            if row
            else []
        )
        self.meetings.setText(
            "\n".join(raised) if raised else "No meetings yet: link them to this ask from the meeting form."
        )
        self._fill_stages(self._original.decided_stage_id if self._original else None)
        self._show_heading()

        if self._original is not None:
            ask = self._original
            self.text.setPlainText(ask.text)
            body_names = {c.id: c.label for c in bodies}
            person_names = {c.id: c.label for c in everyone}
            self.body.setText(body_names.get(ask.target_organisation_id or -1, ""))
            self.person.setText(person_names.get(ask.target_person_id or -1, ""))
            self.status.setCurrentIndex(self.status.findData(ask.status))
            self.outcome.setPlainText(ask.outcome)
            self.decided_on.setText(ask.decided_on.strftime("%d/%m/%Y") if ask.decided_on else "")
            self.decided_where.setText(ask.decided_where)
            self.work_stream.setCurrentIndex(max(0, self.work_stream.findData(ask.work_stream_id)))
            self.notes.setPlainText(ask.notes)
        self.items.itemChanged.connect(self._on_items_item_changed)
        self.mark_clean()
        self.text.setFocus()

    def _ask_row(self, session: Any, ask_id: int | None) -> AskRow | None:
        """The ask as its lists show it (for the meetings it was raised at)."""
        if self._original is None or ask_id is None:
            return None
        ask = self._original
        if ask.policy_item_ids:
            found = bills.ask_rows(session, policy_item_id=ask.policy_item_ids[0])
        elif ask.work_stream_id is not None:
            found = bills.ask_rows(session, work_stream_id=ask.work_stream_id)
        else:
            found = []
        return next((r for r in found if r.id == ask_id), None)

    # -- its items and the stages of its bills ---------------------------------------------

    def ticked_items(self) -> tuple[int, ...]:
        """The ticked items: those already the ask's in its order, then the others as ticked."""
        ticked = {
            int(self.items.item(row).data(ITEM_ROLE))
            for row in range(self.items.rowCount())
            if self.items.item(row).checkState() == Qt.CheckState.Checked
        }
        return tuple(i for i in self._order if i in ticked)

    def ticked_bills(self) -> list[int]:
        bills_by_item = {
            int(self.items.item(row).data(ITEM_ROLE)): self.items.item(row).data(BILL_ROLE)
            for row in range(self.items.rowCount())
        }
        found = [int(b) for b in (bills_by_item.get(i) for i in self.ticked_items()) if b is not None]
        if self._bill_id is not None:
            found.insert(0, self._bill_id)
        return list(dict.fromkeys(found))

    def _on_items_item_changed(self, line: QStandardItem) -> None:
        item_id = int(line.data(ITEM_ROLE))
        if line.checkState() == Qt.CheckState.Checked and item_id not in self._order:
            self._order.append(item_id)
        elif line.checkState() != Qt.CheckState.Checked and item_id in self._order:
            self._order.remove(item_id)
        self._fill_stages(self.decided_stage.currentData())
        self._show_heading()

    def _fill_stages(self, keep: int | None) -> None:
        """The stages of the ask's bills, named with their bill when there are several."""
        self.decided_stage.clear()
        self.decided_stage.addItem("not recorded", None)
        ticked = self.ticked_bills()
        for bill_id in ticked:
            for stage in self._stages.get(bill_id, ()):
                prefix = f"{self._bill_names[bill_id]}: " if len(ticked) > 1 else ""
                self.decided_stage.addItem(prefix + stage.label, stage.id)
        self.decided_stage.setCurrentIndex(max(0, self.decided_stage.findData(keep)))

    def _show_heading(self) -> None:
        names = [f"the {self._bill_names[b]}" for b in self.ticked_bills()]
        names += [
            f"the {self._kinds[i].label} “{self._titles[i]}”"
            for i in self.ticked_items()
            if self._kinds[i] is not PolicyItemKind.BILL
        ]
        self.heading.setText(
            f"On {_joined(names)}"
            if names
            else "Tick the bills and other items it is about below, or choose its work stream."
        )

    # -- saving --------------------------------------------------------------------------

    def form_state(self) -> tuple[Any, ...]:
        return (
            self.text.toPlainText(),
            self.ticked_items(),
            self.work_stream.currentIndex(),
            self.body.text(),
            self.person.text(),
            self.status.currentIndex(),
            self.outcome.toPlainText(),
            self.decided_on.text(),
            self.decided_stage.currentIndex(),
            self.decided_where.text(),
            self.notes.toPlainText(),
        )

    def draft(self) -> AskDraft:
        problems: dict[str, str] = {}
        decided_on: date | None = None
        if self.decided_on.text().strip():
            try:
                decided_on = parse_date(self.decided_on.text())
            except ValueError as error:
                problems["decided_on"] = f"{error}."
        targets: dict[str, int | None] = {}
        for key, picker, what in (
            ("target_organisation_id", self.body, "a body"),
            ("target_person_id", self.person, "a person"),
        ):
            found = picker.match(picker.text()) if picker.text().strip() else None
            if picker.text().strip() and found is None:
                problems[key] = f"“{picker.text().strip()}” is not {what} in the directory."
            targets[key] = found[0] if found else None
        if problems:
            raise InvalidRecord(problems)
        base = self._original or AskDraft(bill_id=None, text="")
        stage_id = self.decided_stage.currentData()
        stream_id = self.work_stream.currentData()
        return replace(
            base,
            bill_id=self._bill_id,
            policy_item_ids=self.ticked_items(),
            work_stream_id=int(stream_id) if stream_id is not None else None,
            text=self.text.toPlainText(),
            target_organisation_id=targets["target_organisation_id"],
            target_person_id=targets["target_person_id"],
            status=AskStatus(self.status.currentData()),
            outcome=self.outcome.toPlainText(),
            decided_on=decided_on,
            decided_stage_id=int(stage_id) if stage_id is not None else None,
            decided_where=self.decided_where.text(),
            notes=self.notes.toPlainText(),
        )

    def store(self) -> AskDraft:
        draft = self.draft()
        with self._database.session() as session:
            return (
                bills.add_ask(session, draft) if self._original is None else bills.update_ask(session, draft)
            )

    def after_save(self, saved: AskDraft) -> None:
        short = saved.text if len(saved.text) <= 60 else saved.text[:57].rstrip() + "…"
        if self._original is None:
            self._changes.created(ASKS, saved, f"Add ask “{short}”")
        else:
            self._changes.edited(ASKS, self._original, saved, f"Edit ask “{short}”")
