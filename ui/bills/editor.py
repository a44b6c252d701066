"""Adding or changing a bill: its title, session and type, the Act it became, and its stages in Parliament."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.vocabulary import BillType, House
from tracker.common.dates import parse_date
from tracker.common.errors import DomainError, InvalidRecord
from tracker.lobbying import bills
from tracker.lobbying.bills import STAGES, BillDraft, StageEntry
from ui.changes import BILLS, Changes
from ui.common import prompts
from ui.common.entries import ChoiceDelegate, EntriesModel, EntryColumn, EntryTable
from ui.common.record_editor import RecordEditor

Index = QModelIndex | QPersistentModelIndex
STAGE_COLUMN, DATE_COLUMN = 1, 2
BILLS_API_FILTERS = "Bills API stages (*.json);;All files (*)"


@dataclass(frozen=True)
class StageLine:
    """A stage as the table holds it: the sitting date is the text typed, read when the bill is saved."""

    house: House
    stage: str
    sitting: str = ""
    id: int | None = field(default=None, compare=False)

    @classmethod
    def of(cls, entry: StageEntry) -> StageLine:
        sitting = entry.sitting_on.strftime("%d/%m/%Y") if entry.sitting_on else ""
        return cls(entry.house, entry.stage, sitting, entry.id)


def _house_text(house: House) -> str:
    return "Both" if house is House.BOTH else house.label.capitalize()


def stage_columns() -> list[EntryColumn[StageLine]]:
    return [
        EntryColumn(
            "House",
            lambda s: _house_text(s.house),
            choices=[(_house_text(h), h) for h in House],
            edit=lambda s, house: replace(s, house=house),
        ),
        # No fixed choices: Parliament's names are offered (StageDelegate), but any name may be typed.
        EntryColumn(
            "Stage", lambda s: s.stage, edit=lambda s, text: replace(s, stage=" ".join(str(text).split()))
        ),
        EntryColumn(
            "Sitting date", lambda s: s.sitting, edit=lambda s, text: replace(s, sitting=str(text).strip())
        ),
    ]


class StageDelegate(ChoiceDelegate):
    """The House from a drop-down; the stage from Parliament's names, or typed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() != STAGE_COLUMN:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(STAGES)
        return combo


def sitting_dates(lines: tuple[StageLine, ...]) -> tuple[list[date | None], str | None]:
    """Each line's sitting date (None where blank), and what is wrong with the first that cannot be read."""
    dates: list[date | None] = []
    problem = None
    for number, line in enumerate(lines, start=1):
        try:
            dates.append(parse_date(line.sitting) if line.sitting else None)
        except ValueError as error:
            dates.append(None)
            problem = problem or f"Stage {number} ({line.stage or 'no name'}): {error}."
    return dates, problem


def next_stage(lines: tuple[StageLine, ...]) -> StageLine:
    """A new line following the last one: the next of Parliament's stages, in the same House."""
    if not lines:
        return StageLine(House.COMMONS, STAGES[0])
    last = lines[-1]
    following = STAGES.index(last.stage) + 1 if last.stage in STAGES else len(STAGES)
    return StageLine(last.house, STAGES[following] if following < len(STAGES) else "")


class BillEditor(RecordEditor):
    this_record = "this bill"

    def __init__(
        self, database: Database, changes: Changes, bill_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, changes, parent)
        self._original: BillDraft | None = None
        self.setWindowTitle("New bill" if bill_id is None else "Edit bill")
        self.resize(720, 640)

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText("e.g. Offender Management Bill")
        self.session = QLineEdit()
        self.session.setObjectName("session")
        self.session.setPlaceholderText("e.g. 2006-07")
        self.session.setMaximumWidth(120)
        self.bill_type = QComboBox()
        self.bill_type.setObjectName("bill_type")
        for kind in BillType:
            self.bill_type.addItem(f"{kind.label.capitalize()} bill", kind)
        self.act = QLineEdit()
        self.act.setObjectName("act")
        self.act.setPlaceholderText("once it has Royal Assent: e.g. Offender Management Act 2007")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)

        self.stages = EntriesModel(stage_columns(), self)
        self.stage_table = EntryTable(self.stages, rows_visible=6)
        self.stage_table.setObjectName("stages")
        self.stage_table.setItemDelegate(StageDelegate(self.stage_table))
        header = self.stage_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.stage_table.setColumnWidth(0, 110)
        self.stage_table.setColumnWidth(DATE_COLUMN, 130)
        self.add_stage = QPushButton("&Add stage")
        self.add_stage.setAutoDefault(False)
        self.remove_stage = QPushButton("&Remove stage")
        self.remove_stage.setAutoDefault(False)
        self.load_stages = QPushButton("Load stages from a Bills API &file…")
        self.load_stages.setAutoDefault(False)
        self.load_stages.setToolTip(
            "A .json file saved from the UK Parliament Bills API (Bills/{id}/Stages); nothing is fetched"
        )
        self.current_stage = QLabel()
        self.current_stage.setObjectName("current_stage")
        self.loaded = QLabel()
        self.loaded.setObjectName("loaded")
        self.loaded.setWordWrap(True)
        stage_buttons = QHBoxLayout()
        stage_buttons.addWidget(self.add_stage)
        stage_buttons.addWidget(self.remove_stage)
        stage_buttons.addStretch(1)
        stage_buttons.addWidget(self.load_stages)
        stages_box = QGroupBox("Sta&ges in Parliament (dates dd/mm/yyyy; double-click a cell to change it)")
        stages_layout = QVBoxLayout(stages_box)
        stages_layout.addWidget(self.current_stage)
        stages_layout.addWidget(self.stage_table, 1)
        stages_layout.addLayout(stage_buttons)
        stages_layout.addWidget(self.loaded)
        stages_layout.addWidget(self.errors.label_for("stages", self.stage_table))

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("", self.errors.label_for("title", self.title))
        session_and_type = QHBoxLayout()
        session_and_type.addWidget(self.session)
        type_label = QLabel("&Type")
        type_label.setBuddy(self.bill_type)
        session_and_type.addWidget(type_label)
        session_and_type.addWidget(self.bill_type, 1)
        session_label = QLabel("S&ession")
        session_label.setBuddy(self.session)
        form.addRow(session_label, session_and_type)
        form.addRow("A&ct it became", self.act)
        form.addRow("N&otes", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(stages_box, 1)
        layout.addWidget(self.errors.label_for("form"))
        layout.addWidget(self._save_cancel_buttons())

        if bill_id is not None:
            with database.session() as session:
                self._original = bills.get(session, bill_id)
            self.title.setText(self._original.title)
            self.session.setText(self._original.session)
            self.bill_type.setCurrentIndex(self.bill_type.findData(self._original.bill_type))
            self.act.setText(self._original.act_title)
            self.notes.setPlainText(self._original.notes)
            self.stages.set_entries([StageLine.of(s) for s in self._original.stages])

        self.add_stage.clicked.connect(self._on_add_stage_clicked)
        self.remove_stage.clicked.connect(self.stage_table.remove_selected)
        self.load_stages.clicked.connect(self._on_load_stages_clicked)
        self.stages.edited.connect(self._show_current_stage)
        self.stages.modelReset.connect(self._show_current_stage)
        self._show_current_stage()
        self.mark_clean()
        self.title.setFocus()

    # -- stages --------------------------------------------------------------------------

    def stage_entries(self) -> tuple[StageEntry, ...]:
        """The table's stages, in its order; dates that cannot be read are left out (and refused on save)."""
        dates, _problem = sitting_dates(self.stages.entries)
        return tuple(
            StageEntry(line.house, line.stage, on, position, line.id)
            for position, (line, on) in enumerate(zip(self.stages.entries, dates, strict=True), start=1)
        )

    def _show_current_stage(self) -> None:
        reached = bills.current_stage(self.stage_entries(), date.today())
        self.current_stage.setText(f"Current stage: {reached.label if reached else 'none reached yet'}")

    def _on_add_stage_clicked(self) -> None:
        self.stages.append(next_stage(self.stages.entries))
        row = self.stages.rowCount() - 1
        self.stage_table.selectRow(row)
        self.stage_table.setFocus()
        self.stage_table.edit(self.stages.index(row, DATE_COLUMN))

    def _on_load_stages_clicked(self) -> None:
        path = prompts.ask_open_path(self, "Load stages from a Bills API file", BILLS_API_FILTERS)
        if path is None:
            return
        self.errors.clear()
        self.loaded.clear()
        try:
            text = path.read_text(encoding="utf-8")
            loaded = bills.stages_from_bills_api(text, path.name)
        except UnicodeDecodeError:
            self.errors.show({"stages": f"{path.name} is not UTF-8 text; save it from the Bills API again."})
            return
        except OSError as error:
            self.errors.show({"stages": f"{path.name}: {error.strerror or error}."})
            return
        except DomainError as error:
            self.errors.show({"stages": error.message})
            return
        held = len(self.stages.entries)
        if held and not prompts.confirm(
            self,
            "Replace the stages",
            f"Replace the {held} stage{'s' if held != 1 else ''} in the form"
            f" with the {len(loaded)} in {path.name}?",
            "Replace",
        ):
            return
        # A stage already held keeps its record, so an ask decided at it stays linked to it.
        ids = {(line.house, line.stage): line.id for line in self.stages.entries}
        self.stages.set_entries([replace(StageLine.of(s), id=ids.get((s.house, s.stage))) for s in loaded])
        self.loaded.setText(
            f"{len(loaded)} stage{'s' if len(loaded) != 1 else ''} loaded from {path.name}."
            " Check them, then save."
        )

    # -- saving --------------------------------------------------------------------------

    def form_state(self) -> tuple[Any, ...]:
        return (
            self.title.text(),
            self.session.text(),
            self.bill_type.currentIndex(),
            self.act.text(),
            self.notes.toPlainText(),
            self.stages.entries,
        )

    def draft(self) -> BillDraft:
        _dates, problem = sitting_dates(self.stages.entries)
        if problem:
            raise InvalidRecord({"stages": problem})
        base = self._original or BillDraft(title="")
        return replace(
            base,
            title=self.title.text(),
            session=self.session.text(),
            bill_type=BillType(self.bill_type.currentData()),
            act_title=self.act.text(),
            notes=self.notes.toPlainText(),
            stages=self.stage_entries(),
        )

    def store(self) -> BillDraft:
        draft = self.draft()
        with self._database.session() as session:
            return bills.create(session, draft) if self._original is None else bills.update(session, draft)

    def after_save(self, saved: BillDraft) -> None:
        if self._original is None:
            self._changes.created(BILLS, saved, f"Add bill “{saved.title}”")
        else:
            self._changes.edited(BILLS, self._original, saved, f"Edit bill “{saved.title}”")
