"""The graph's picture in the window: a matplotlib canvas with Liaison's own zoom, pan and fit (the
wheel or the buttons zoom, dragging the background pans), node clicks and hover names."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from tracker.graph.drawing import LABELS, draw, node_size, place_labels

Position = tuple[float, float]
# How far from a marker's edge a click or hover still counts as on it, in pixels.
_REACH = 6.0
# One press of Zoom in (or a notch of the wheel) shows this much less of the picture across.
ZOOM_STEP = 1.25


class GraphCanvas(QObject):
    """Owns the FigureCanvasQTAgg; draws with tracker.graph.drawing.draw. `node_clicked(node_id)`
    when a node is clicked (not dragged); `view_changed` after a zoom, pan or fit."""

    node_clicked = Signal(str)
    view_changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=(8, 6), dpi=100, facecolor="white")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("graph_canvas")
        self.ax = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        self.ax.set_axis_off()
        self.graph: nx.Graph = nx.Graph()
        self.positions: dict[str, Position] = {}
        self._nodes: list[str] = []
        self._background: Any = None
        self._hover = self._hover_annotation()
        self._highlight: tuple[str, ...] = ()
        self._fitted: tuple[tuple[float, float], tuple[float, float]] | None = None
        self._drag: tuple[float, float] | None = None  # where a pan started, in display pixels
        self._dragged = False
        self.canvas.mpl_connect("button_press_event", self._on_canvas_button_press)
        self.canvas.mpl_connect("button_release_event", self._on_canvas_button_release)
        self.canvas.mpl_connect("scroll_event", self._on_canvas_scroll)
        self.canvas.mpl_connect("motion_notify_event", self._on_canvas_motion)
        self.canvas.mpl_connect("draw_event", self._on_canvas_draw)

    def _hover_annotation(self) -> Any:
        annotation = self.ax.annotate(
            "",
            xy=(0, 0),
            xytext=(10, 10),
            textcoords="offset points",
            fontsize=9,
            bbox={"boxstyle": "round,pad=0.3", "fc": "#fffbe6", "ec": "#888888", "alpha": 0.95},
            zorder=10,
        )
        # Animated: left out of the full redraw and blitted on its own, so hovering is cheap.
        annotation.set_animated(True)
        annotation.set_visible(False)
        return annotation

    def show_graph(
        self,
        graph: nx.Graph,
        positions: Mapping[str, Position],
        *,
        highlight: Collection[str] = (),
        keep_view: bool = False,
    ) -> None:
        limits = (self.ax.get_xlim(), self.ax.get_ylim()) if keep_view else None
        self.graph = graph
        self.positions = dict(positions)
        self._nodes = [n for n in graph.nodes if n in self.positions]
        self._highlight = tuple(highlight)
        self.ax.clear()
        draw(graph, self.positions, self.ax, highlight=highlight)
        self._hover = self._hover_annotation()
        if limits is not None:
            self.ax.set_xlim(*limits[0])
            self.ax.set_ylim(*limits[1])
        # Settle the equal aspect now, so that node_at and display_point agree with the picture drawn.
        self.ax.apply_aspect()
        self._fitted = (self.ax.get_xlim(), self.ax.get_ylim()) if limits is None else self._fitted
        self.canvas.draw_idle()

    def zoom(self, factor: float, around: Position | None = None) -> None:
        """Show `factor` times less across (more than 1 zooms in), keeping `around` where it is."""
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        cx, cy = around if around is not None else ((x0 + x1) / 2, (y0 + y1) / 2)
        self.ax.set_xlim(cx - (cx - x0) / factor, cx + (x1 - cx) / factor)
        self.ax.set_ylim(cy - (cy - y0) / factor, cy + (y1 - cy) / factor)
        self._changed()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def fit(self) -> None:
        """Back to the whole picture, as first drawn."""
        if self._fitted is None:
            return
        self.ax.set_xlim(*self._fitted[0])
        self.ax.set_ylim(*self._fitted[1])
        self._changed()

    def pan(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) display pixels."""
        (x0, y0), (x1, y1) = self.ax.transData.inverted().transform([(0.0, 0.0), (dx, dy)])
        shift_x, shift_y = x1 - x0, y1 - y0
        (a, b), (c, d) = self.ax.get_xlim(), self.ax.get_ylim()
        self.ax.set_xlim(a - shift_x, b - shift_x)
        self.ax.set_ylim(c - shift_y, d - shift_y)
        self._changed()

    def zoom_level(self) -> float:
        """How many times closer than the whole picture the view is (1 when fitted)."""
        if self._fitted is None:
            return 1.0
        (x0, x1), (f0, f1) = self.ax.get_xlim(), self._fitted[0]
        return (f1 - f0) / (x1 - x0) if x1 != x0 else 1.0

    def _changed(self) -> None:
        self.ax.apply_aspect()
        # Closer in, there is room to name more of the nodes in view.
        named = round(LABELS * max(1.0, self.zoom_level()) ** 2)
        place_labels(self.graph, self.positions, self.ax, highlight=self._highlight, max_labels=named)
        self.canvas.draw_idle()
        self.view_changed.emit()

    def centre_on(self, node: str) -> None:
        if node not in self.positions:
            return
        x, y = self.positions[node]
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
        self.ax.set_xlim(x - half_w, x + half_w)
        self.ax.set_ylim(y - half_h, y + half_h)
        self.canvas.draw_idle()

    def display_point(self, node: str) -> tuple[float, float]:
        """Where a node is drawn, in the canvas's pixels (matplotlib's, origin bottom left)."""
        x, y = self.ax.transData.transform(self.positions[node])
        return float(x), float(y)

    def node_at(self, x: float, y: float) -> str | None:
        """The node drawn nearest to a point in display pixels, if the point is on or beside it."""
        if not self._nodes:
            return None
        points = self.ax.transData.transform(np.array([self.positions[n] for n in self._nodes]))
        distances = np.hypot(points[:, 0] - x, points[:, 1] - y)
        best = int(np.argmin(distances))
        node = self._nodes[best]
        radius = (node_size(self.graph, node) ** 0.5) / 2 * self.figure.dpi / 72
        return node if distances[best] <= radius + _REACH else None

    def save(self, path: Path) -> None:
        self._hover.set_visible(False)
        self.figure.savefig(path, dpi=150, facecolor="white")

    def _panning_or_zooming(self) -> bool:
        return self._drag is not None and self._dragged

    def _on_canvas_button_press(self, event: MouseEvent) -> None:
        if event.button != 1 or event.inaxes is not self.ax:
            return
        node = self.node_at(event.x, event.y)
        if node is not None:
            self.node_clicked.emit(node)
            return
        self._drag, self._dragged = (event.x, event.y), False  # the background: a pan starts

    def _on_canvas_button_release(self, _event: MouseEvent) -> None:
        self._drag, self._dragged = None, False

    def _on_canvas_scroll(self, event: MouseEvent) -> None:
        if event.inaxes is not self.ax or event.xdata is None:
            return
        step = ZOOM_STEP if event.button == "up" else 1 / ZOOM_STEP
        self.zoom(step, around=(float(event.xdata), float(event.ydata)))

    def _on_canvas_draw(self, _event: Any) -> None:
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        if self._hover.get_visible():
            self.ax.draw_artist(self._hover)

    def _on_canvas_motion(self, event: MouseEvent) -> None:
        if self._drag is not None and event.x is not None:
            dx, dy = event.x - self._drag[0], event.y - self._drag[1]
            if self._dragged or abs(dx) + abs(dy) > 3:
                self._dragged = True
                self._drag = (event.x, event.y)
                self.pan(dx, dy)
            return
        node = None
        if event.inaxes is self.ax and event.x is not None and not self._panning_or_zooming():
            node = self.node_at(event.x, event.y)
        if node is None and not self._hover.get_visible():
            return
        if node is not None:
            data = self.graph.nodes[node]
            self._hover.set_text(str(data.get("label", node)))
            self._hover.xy = self.positions[node]
        self._hover.set_visible(node is not None)
        self._blit_hover()

    def _blit_hover(self) -> None:
        if self._background is None:
            self.canvas.draw_idle()
            return
        self.canvas.restore_region(self._background)
        if self._hover.get_visible():
            self.ax.draw_artist(self._hover)
        self.canvas.blit(self.figure.bbox)

    def hover_text(self) -> str:
        return str(self._hover.get_text()) if self._hover.get_visible() else ""
