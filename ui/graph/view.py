"""The relationship graph area: filters, the picture (laid out off the GUI thread) and its measures."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from tracker import meetings
from tracker.common.dates import long_date, parse_date
from tracker.common.errors import DomainError
from tracker.common.listing import ListQuery
from tracker.directory.organisations import Choice
from tracker.lobbying import themes
from ui.changes import Changes
from ui.common import prompts, worker
from ui.common.record_picker import RecordPicker

if TYPE_CHECKING:
    import networkx as nx

    from tracker.graph.build import GraphFilter
    from tracker.graph.measures import Ranked
    from ui.graph.canvas import GraphCanvas

# networkx, matplotlib and tracker.graph are imported where first needed, not at module level:
# the window starts without the plotting library (tests/test_layers.py), which loads when the graph is shown.

KINDS = (
    ("member", "Members"),
    ("officer", "Officers"),
    ("contact", "Outside people"),
    ("body", "Bodies"),
    ("bill", "Bills"),
)
WATCHED = {"meetings", "organisations", "people", "appointments", "bills", "asks", "themes"}
PICTURE_FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)"
GRAPH_FILTERS = "GraphML (*.graphml);;GEXF (*.gexf)"
Position = tuple[float, float]


@dataclass(frozen=True)
class LaidOut:
    """A job's answer: plain values only (the graph, where its nodes go, the central ones)."""

    generation: int
    graph: Any
    positions: dict[str, Position]
    people: tuple[list[Ranked], list[Ranked]]
    bodies: tuple[list[Ranked], list[Ranked]]
    error: str = ""


def build_and_lay_out(
    database: Database,
    generation: int,
    flt: GraphFilter,
    previous: dict[str, Position],
    progress: worker.Progress,
) -> LaidOut:
    """Runs on a pool thread: its own session, no widget touched."""
    from tracker.graph.build import build_graph
    from tracker.graph.layout import layout
    from tracker.graph.measures import central_bodies, central_people

    try:
        progress(0, 3)
        with database.reading() as session:
            graph = build_graph(session, flt, recency_day(session, flt))
        progress(1, 3)
        positions = layout(graph, previous=previous or None)
        progress(2, 3)
        people, bodies = central_people(graph), central_bodies(graph)
        progress(3, 3)
    except DomainError as error:
        return LaidOut(generation, None, {}, ([], []), ([], []), error.message)
    return LaidOut(generation, graph, positions, people, bodies)


def recency_day(session: Any, flt: GraphFilter) -> date:
    """The day ties are weighed from: the period's end, else the newest meeting held (not after today).
    An archive's last year then counts as recent, instead of every tie fading to nothing."""
    if flt.until is not None:
        return flt.until
    newest = meetings.rows(session, ListQuery(sort="held_on", descending=True), 0, 1)
    today = date.today()
    return min(newest[0].held_on, today) if newest else today


class GraphView(QWidget):
    """Who meets whom: filter by period, theme, kind and strength; focus on a node; click to open it."""

    organisation_open_requested = Signal(int)
    person_open_requested = Signal(int)
    bill_open_requested = Signal(int)
    drawn = Signal()  # the newest request is answered: drawn, or its failure shown

    def __init__(self, database: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._changes = changes
        self._generation = 0
        self._jobs: dict[int, worker.Job] = {}
        self._graph: nx.Graph | None = None
        self._positions: dict[str, Position] = {}
        self._highlight: tuple[str, ...] = ()
        self._since: date | None = None
        self._until: date | None = None
        self._focus: str | None = None
        self._focus_nodes: list[str] = []
        self._body_nodes: list[str] = []
        self._contact_nodes: list[str] = []
        self._canvas: GraphCanvas | None = None
        self._stale = True
        self._answered = 0  # the newest generation drawn or failed
        self._central: tuple[tuple[list[Ranked], list[Ranked]], tuple[list[Ranked], list[Ranked]]] = (
            ([], []),
            ([], []),
        )
        self._links_to: str | None = None
        self._introduce: str | None = None
        self._introduction_path: list[str] = []

        self.since = QLineEdit()
        self.since.setObjectName("since")
        self.since.setPlaceholderText("dd/mm/yyyy")
        self.since.setMaximumWidth(100)
        # Wide enough for its placeholder: squeezed at 1,024 px it read "d..." (issue 20).
        self.since.setMinimumWidth(self.since.fontMetrics().horizontalAdvance("dd/mm/yyyy") + 14)
        self.until = QLineEdit()
        self.until.setObjectName("until")
        self.until.setPlaceholderText("dd/mm/yyyy")
        self.until.setMaximumWidth(100)
        self.until.setMinimumWidth(self.since.minimumWidth())
        self.date_message = QLabel()
        self.date_message.setObjectName("date_message")
        self.date_message.setStyleSheet("color: #b00020;")
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        # Sized by a few words, not by the longest theme's name, so the row fits 1,024 px.
        self.theme.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.theme.setMinimumContentsLength(18)
        self.kinds: dict[str, QCheckBox] = {}
        for kind, name in KINDS:
            box = QCheckBox(name)
            box.setChecked(True)
            self.kinds[kind] = box
        self.min_strength = QDoubleSpinBox()
        self.min_strength.setObjectName("min_strength")
        self.min_strength.setRange(0.0, 100.0)
        self.min_strength.setDecimals(2)
        self.min_strength.setSingleStep(0.1)
        self.min_strength.setToolTip("Leave out links weaker than this (a recent meeting counts about 1)")
        self.focus = RecordPicker("Focus on a name…", keep_choice=True)
        self.focus.setObjectName("focus")
        self.focus.setMinimumWidth(180)
        self.depth = QSpinBox()
        self.depth.setObjectName("depth")
        self.depth.setRange(1, 5)
        self.depth.setToolTip("How many steps out from the focus")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Find a name, then Enter")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setMaximumWidth(110)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.save_picture_button = QPushButton("Save picture…")
        self.export_button = QPushButton("Export graph…")

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setHorizontalSpacing(6)
        filters.addWidget(QLabel("From"), 0, 0)
        filters.addWidget(self.since, 0, 1)
        filters.addWidget(QLabel("to"), 0, 2)
        filters.addWidget(self.until, 0, 3)
        filters.addWidget(QLabel("Theme"), 0, 4)
        filters.addWidget(self.theme, 0, 5)
        filters.addWidget(QLabel("Min. strength"), 0, 6)
        filters.addWidget(self.min_strength, 0, 7)
        filters.addWidget(self.date_message, 0, 8, 1, 3)
        kinds_row = QHBoxLayout()
        kinds_row.addWidget(QLabel("Show"))
        for box in self.kinds.values():
            kinds_row.addWidget(box)
        kinds_row.addStretch(1)
        filters.addLayout(kinds_row, 1, 0, 1, 11)
        focus_row = QHBoxLayout()
        focus_row.addWidget(QLabel("Focus"))
        focus_row.addWidget(self.focus, 1)
        focus_row.addWidget(QLabel("depth"))
        focus_row.addWidget(self.depth)
        focus_row.addSpacing(10)
        focus_row.addWidget(self.search, 1)
        # A row of its own: beside the kinds of node it made the window 1,198 px wide at least.
        filters.addLayout(focus_row, 2, 0, 1, 11)
        filters.setColumnStretch(8, 1)

        self.measures = QTabWidget()
        self.measures.setObjectName("measures")
        self.measures.setMinimumWidth(270)
        self.measures.setMaximumWidth(330)
        self._build_measures()

        self.picture = QWidget()
        self._picture_layout = QVBoxLayout(self.picture)
        self._picture_layout.setContentsMargins(0, 0, 0, 0)
        self._picture_layout.setSpacing(0)
        picture_bar = QHBoxLayout()
        self._toolbar_slot = QHBoxLayout()
        picture_bar.addLayout(self._toolbar_slot)
        picture_bar.addStretch(1)
        picture_bar.addWidget(self.status)
        picture_bar.addWidget(self.busy)
        picture_bar.addWidget(self.save_picture_button)
        picture_bar.addWidget(self.export_button)
        self._picture_layout.addLayout(picture_bar)

        body = QHBoxLayout()
        body.addWidget(self.picture, 1)
        body.addWidget(self.measures)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(body, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(200)
        self._load_themes()
        self._connect()

    def _build_measures(self) -> None:
        central = QWidget()
        self.centrality = QComboBox()
        self.centrality.addItems(["Most connections", "Go-betweens (betweenness)"])
        self.central_people = QListWidget()
        self.central_people.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.central_people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.central_people.setObjectName("central_people")
        self.central_bodies = QListWidget()
        self.central_bodies.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.central_bodies.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.central_bodies.setObjectName("central_bodies")
        for short in (self.central_people, self.central_bodies):
            short.setMinimumHeight(44)  # the lists scroll, so the area fits a 600-px screen
        from tracker.graph.measures import MEASURE_WORDS  # networkx loads with the graph, not the window

        self.centrality_words = QLabel(MEASURE_WORDS[0])
        self.centrality_words.setObjectName("centrality_words")
        self.centrality_words.setWordWrap(True)
        self.centrality_words.setStyleSheet("color: #555;")
        column = QVBoxLayout(central)
        column.addWidget(self.centrality)
        column.addWidget(self.centrality_words)
        column.addWidget(QLabel("People"))
        column.addWidget(self.central_people, 1)
        column.addWidget(QLabel("Bodies"))
        column.addWidget(self.central_bodies, 1)
        self.measures.addTab(central, "Central")

        links = QWidget()
        self.links_body = RecordPicker("A body…", keep_choice=True)
        self.links_body.setObjectName("links_body")
        self.strongest = QListWidget()
        self.strongest.setObjectName("strongest")
        column = QVBoxLayout(links)
        column.addWidget(QLabel("Strongest links to"))
        column.addWidget(self.links_body)
        column.addWidget(self.strongest, 1)
        self.measures.addTab(links, "Links")

        quiet = QWidget()
        self.quiet_months = QSpinBox()
        self.quiet_months.setObjectName("quiet_months")
        self.quiet_months.setRange(1, 120)
        self.quiet_months.setValue(12)
        self.quiet_months.setSuffix(" months")
        self.quiet = QListWidget()
        self.quiet.setObjectName("quiet")
        column = QVBoxLayout(quiet)
        row = QHBoxLayout()
        row.addWidget(QLabel("Bodies not met for"))
        row.addWidget(self.quiet_months)
        column.addLayout(row)
        column.addWidget(self.quiet, 1)
        self.measures.addTab(quiet, "Gone quiet")

        introduce = QWidget()
        self.introduce_to = RecordPicker("An outside person…", keep_choice=True)
        self.introduce_to.setObjectName("introduce_to")
        self.introduction = QLabel()
        self.introduction.setObjectName("introduction")
        self.introduction.setWordWrap(True)
        self.introduction.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(introduce)
        column.addWidget(QLabel("Who can introduce us to"))
        column.addWidget(self.introduce_to)
        column.addWidget(self.introduction)
        column.addStretch(1)
        self.measures.addTab(introduce, "Introductions")

    def _connect(self) -> None:
        self._refresh_timer.timeout.connect(self.refresh)
        self.since.editingFinished.connect(self._on_period_edited)
        self.until.editingFinished.connect(self._on_period_edited)
        self.theme.currentIndexChanged.connect(self._on_filter_changed)
        for box in self.kinds.values():
            box.toggled.connect(self._on_filter_changed)
        self.min_strength.valueChanged.connect(self._on_filter_changed)
        self.focus.picked.connect(self._on_focus_picked)
        self.focus.textChanged.connect(self._on_focus_text_changed)
        self.depth.valueChanged.connect(self._on_depth_value_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.save_picture_button.clicked.connect(self.save_picture)
        self.export_button.clicked.connect(self.export_graph)
        self.centrality.currentIndexChanged.connect(self._show_central)
        for ranked_list in (self.central_people, self.central_bodies, self.strongest):
            ranked_list.itemClicked.connect(self._on_ranked_item_clicked)
            ranked_list.itemActivated.connect(self._on_ranked_item_activated)
        self.links_body.picked.connect(self._on_links_body_picked)
        self.quiet_months.valueChanged.connect(self._show_quiet)
        self.quiet.itemActivated.connect(self._on_quiet_item_activated)
        self.introduce_to.picked.connect(self._on_introduce_to_picked)
        self._changes.changed.connect(self._on_changes_changed)

    # The graph: requested, built and laid out on a pool thread, drawn when the newest answer comes.

    @property
    def graph_canvas(self) -> GraphCanvas:
        """The picture, made when first needed (matplotlib loads then, not at start-up)."""
        if self._canvas is None:
            from ui.graph.canvas import GraphCanvas

            self._canvas = GraphCanvas(self.picture)
            for text, tip, slot in (
                ("+", "Zoom in (or turn the mouse wheel over the picture)", self._canvas.zoom_in),
                ("−", "Zoom out", self._canvas.zoom_out),
                ("Fit", "Show the whole network again (drag the background to move it)", self._canvas.fit),
            ):
                # Tool buttons: a push button's style wants 80 px, which squeezed to 44 clipped "Fit".
                button = QToolButton()
                button.setText(text)
                button.setToolTip(tip)
                button.setAccessibleName(tip.split(" (")[0])
                button.setMinimumWidth(32)
                button.clicked.connect(slot)
                self._toolbar_slot.addWidget(button)
            self._picture_layout.addWidget(self._canvas.canvas, 1)
            self._canvas.node_clicked.connect(self._on_canvas_node_clicked)
        return self._canvas

    @property
    def drawn_graph(self) -> nx.Graph | None:
        return self._graph

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.graph_canvas  # noqa: B018  (made now, so the first picture has its place)
        if self._stale:
            self.refresh()

    def current_filter(self) -> GraphFilter:
        from tracker.graph.build import GraphFilter

        theme_id = self.theme.currentData()
        return GraphFilter(
            since=self._since,
            until=self._until,
            theme_ids=() if theme_id is None else (int(theme_id),),
            kinds=frozenset(kind for kind, box in self.kinds.items() if box.isChecked()),
            min_strength=self.min_strength.value(),
            focus=self._focus,
            depth=self.depth.value(),
        )

    def refresh(self) -> None:
        """Rebuild and lay out the graph for the current filters; a newer request makes older ones moot."""
        self._refresh_timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        previous = dict(self._positions)
        database = self._database
        job = worker.Job(lambda progress: build_and_lay_out(database, generation, flt, previous, progress))
        job.signals.progress.connect(self._on_job_progress)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        self._jobs[generation] = job
        self.busy.setRange(0, 0)
        self.busy.show()
        self.status.setText("Laying out the graph…")
        worker.start(job)

    def is_busy(self) -> bool:
        return self._answered != self._generation or self._refresh_timer.isActive()

    def wait_until_drawn(self, timeout_ms: int = 30_000) -> bool:
        """Block (running the event loop) until the newest request is drawn; for screenshots and scripts."""
        if self._stale:
            self.refresh()
        if not self.is_busy():
            return self._graph is not None
        loop = QEventLoop()
        self.drawn.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.drawn.disconnect(loop.quit)
        return not self.is_busy()

    def _on_job_progress(self, done: int, total: int) -> None:
        self.busy.setRange(0, max(1, total))
        self.busy.setValue(done)

    def _on_job_failed(self, message: str) -> None:
        self._answered = self._generation
        self.busy.hide()
        self.status.setText(message)

    def _on_job_finished(self, result: LaidOut) -> None:
        self._jobs.pop(result.generation, None)
        if result.generation != self._generation:
            return  # a newer request is on its way; this answer is for filters no longer shown
        self._answered = result.generation
        self.busy.hide()
        if result.error:
            self.status.setText(result.error)
            self.drawn.emit()
            return
        graph = result.graph
        self._graph = graph
        self._positions = dict(result.positions)
        self._central = (result.people, result.bodies)
        self._highlight = tuple(n for n in self._highlight if n in graph)
        people = sum(1 for _n, k in graph.nodes(data="kind") if k in ("member", "officer", "contact"))
        self.status.setText(
            f"{people} people, {len(graph) - people} bodies and bills, {graph.number_of_edges()} links"
            if len(graph)
            else "Nothing matches these filters"
        )
        self._update_choices(graph)
        self.graph_canvas.show_graph(graph, self._positions, highlight=self._highlight)
        self._show_central()
        self._show_strongest()
        self._show_quiet()
        self._show_introduction()
        self.drawn.emit()

    def _update_choices(self, graph: nx.Graph) -> None:
        def choices(nodes: list[str]) -> list[Choice]:
            return [Choice(i, str(graph.nodes[n]["label"])) for i, n in enumerate(nodes)]

        by_label = sorted(graph.nodes, key=lambda n: str(graph.nodes[n]["label"]).lower())
        if self._focus is None:
            # While focused the picker keeps the whole graph's names, so another focus can be chosen.
            self._focus_nodes = by_label
            self.focus.set_choices(choices(by_label))
        self._body_nodes = [n for n in by_label if graph.nodes[n]["kind"] == "body"]
        self.links_body.set_choices(choices(self._body_nodes))
        self._contact_nodes = [n for n in by_label if graph.nodes[n]["kind"] == "contact"]
        self.introduce_to.set_choices(choices(self._contact_nodes))

    # Filters.

    def _on_filter_changed(self, *_args: Any) -> None:
        self._refresh_timer.start()

    def _on_period_edited(self) -> None:
        dates: list[date | None] = []
        for field, name in ((self.since, "From"), (self.until, "To")):
            text = field.text().strip()
            if not text:
                dates.append(None)
                continue
            try:
                dates.append(parse_date(text))
            except ValueError as error:
                self.date_message.setText(f"{name}: {error}")
                return
        since, until = dates
        if since is not None and until is not None and since > until:
            self.date_message.setText("The period ends before it starts.")
            return
        self.date_message.clear()
        if (since, until) != (self._since, self._until):
            self._since, self._until = since, until
            self.refresh()

    def _on_focus_picked(self, index: int, _label: str) -> None:
        self._focus = self._focus_nodes[index]
        self.refresh()

    def _on_focus_text_changed(self, text: str) -> None:
        if not text.strip() and self._focus is not None:
            self._focus = None
            self.refresh()

    def _on_depth_value_changed(self, _depth: int) -> None:
        if self._focus is not None:
            self._refresh_timer.start()

    def _load_themes(self) -> None:
        with self._database.reading() as session:
            rows = themes.all_rows(session)
        chosen = self.theme.currentData()
        self.theme.blockSignals(True)
        self.theme.clear()
        self.theme.addItem("All themes", None)
        for row in rows:
            self.theme.addItem(row.name, row.id)
        found = self.theme.findData(chosen)
        self.theme.setCurrentIndex(max(0, found))
        self.theme.blockSignals(False)

    def _on_changes_changed(self, kind: str) -> None:
        if kind not in WATCHED:
            return
        if kind == "themes":
            self._load_themes()
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    # Finding, highlighting and opening nodes.

    def _on_search_return_pressed(self) -> None:
        from tracker.graph.build import search_nodes

        text = self.search.text().strip()
        if not text or self._graph is None:
            return
        found = search_nodes(self._graph, text)
        if not found:
            self.status.setText(f"No one in the graph matches “{text}”.")
            return
        self.show_node(found[0])

    def show_node(self, node: str, *, highlight: Collection[str] | None = None) -> None:
        """Ring a node (or a path ending there) and bring it to the middle of the picture."""
        if self._graph is None or node not in self._graph:
            return
        self._highlight = tuple(highlight) if highlight is not None else (node,)
        canvas = self.graph_canvas
        canvas.show_graph(self._graph, self._positions, highlight=self._highlight, keep_view=True)
        canvas.centre_on(node)
        self.status.setText(str(self._graph.nodes[node]["label"]))

    def highlighted(self) -> tuple[str, ...]:
        return self._highlight

    def open_node(self, node: str) -> None:
        if self._graph is None or node not in self._graph:
            return
        data = self._graph.nodes[node]
        record_id = int(data["record_id"])
        if data["record"] == "organisation":
            self.organisation_open_requested.emit(record_id)
        elif data["record"] == "person":
            self.person_open_requested.emit(record_id)
        elif data["record"] == "bill":
            self.bill_open_requested.emit(record_id)

    def _on_canvas_node_clicked(self, node: str) -> None:
        self.open_node(node)

    # Measures.

    def _fill(self, target: QListWidget, ranked: list[Ranked], measure: int | None = None) -> None:
        from tracker.graph.measures import explain

        target.clear()
        for entry in ranked:
            # The score first, so a long name is cut at its end rather than hiding the figure.
            item = QListWidgetItem(f"{entry.score:6.2f}  {entry.label}")
            plain = f"{entry.label}: {entry.score:.2f}"
            item.setToolTip(plain if measure is None else explain(measure, entry.label, entry.score))
            item.setData(Qt.ItemDataRole.UserRole, entry.node)
            target.addItem(item)

    def _show_central(self, *_args: Any) -> None:
        people, bodies = self._central
        from tracker.graph.measures import MEASURE_WORDS

        which = self.centrality.currentIndex()
        self.centrality_words.setText(MEASURE_WORDS[which])
        self._fill(self.central_people, people[which], which)
        self._fill(self.central_bodies, bodies[which], which)

    def _on_ranked_item_clicked(self, item: QListWidgetItem) -> None:
        self.show_node(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_ranked_item_activated(self, item: QListWidgetItem) -> None:
        self.open_node(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_links_body_picked(self, index: int, _label: str) -> None:
        self._links_to = self._body_nodes[index]
        self._show_strongest()
        self.show_node(self._links_to)

    def _show_strongest(self) -> None:
        from tracker.graph.measures import strongest_links

        body = self._links_to
        if self._graph is None or body is None or body not in self._graph:
            self.strongest.clear()
            return
        self._fill(self.strongest, strongest_links(self._graph, body))
        if not self.strongest.count():
            self.strongest.addItem("None of our people has met them in this period.")

    def _show_quiet(self, *_args: Any) -> None:
        from tracker.graph.measures import gone_quiet

        with self._database.reading() as session:
            quiet = gone_quiet(session, self._until or date.today(), self.quiet_months.value())
        self.quiet.clear()
        for body in quiet:
            item = QListWidgetItem(f"{body.label} — last met {long_date(body.last_contact)}")
            item.setData(Qt.ItemDataRole.UserRole, body.organisation_id)
            self.quiet.addItem(item)

    def _on_quiet_item_activated(self, item: QListWidgetItem) -> None:
        self.organisation_open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_introduce_to_picked(self, index: int, _label: str) -> None:
        self._introduce = self._contact_nodes[index]
        self._show_introduction()
        if self._introduction_path:
            self.show_node(self._introduce, highlight=self._introduction_path)

    def _show_introduction(self) -> None:
        from tracker.graph.measures import introduction_path

        self._introduction_path = []
        target = self._introduce
        if self._graph is None or target is None:
            self.introduction.clear()
            return
        if target not in self._graph:
            self.introduction.setText("They are not in the graph as filtered.")
            return
        path = introduction_path(self._graph, target)
        if not path:
            name = self._graph.nodes[target]["label"]
            self.introduction.setText(f"None of our people is linked to {name} in this graph.")
            return
        self._introduction_path = path
        self.introduction.setText(" → ".join(str(self._graph.nodes[n]["label"]) for n in path))

    # Export.

    def save_picture(self) -> None:
        path = prompts.ask_save_path(self, "Save picture", Path.home() / "liaison-graph.png", PICTURE_FILTERS)
        if path is None:
            return
        if path.suffix.lower() not in (".png", ".svg", ".pdf"):
            prompts.tell(self, "Save picture", f"{path.name}: save the picture as .png, .svg or .pdf.")
            return
        try:
            self.graph_canvas.save(path)
        except OSError as error:
            prompts.tell(self, "Save picture", f"{path}: {error.strerror or error}")
            return
        self.status.setText(f"Saved the picture to {path}")
        prompts.offer_open(self, "Picture saved", path)

    def export_graph(self) -> None:
        from tracker.graph.export import write_graph

        if self._graph is None:
            return
        path = prompts.ask_save_path(
            self, "Export graph", Path.home() / "liaison-graph.graphml", GRAPH_FILTERS
        )
        if path is None:
            return
        try:
            written = write_graph(self._graph, path)
        except DomainError as error:
            prompts.tell(self, "Export graph", error.message)
            return
        except OSError as error:
            prompts.tell(self, "Export graph", f"{path}: {error.strerror or error}")
            return
        self.status.setText(f"Exported the graph to {written}")
        prompts.offer_open(self, "Graph exported", written)
