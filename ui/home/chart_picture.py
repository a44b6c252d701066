"""A chart drawn off the GUI thread (matplotlib's Agg canvas, on the thread pool) and shown as a
picture: a click or hover is mapped back through the chart's axes to what it opens, and the
figure it was drawn from is saved as PNG, SVG or PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from tracker.charts.drawing import Target

# matplotlib loads on the thread pool when the first chart is drawn, and the chart services (with
# SQLAlchemy) once the database is open: neither with the window.

SAVE_FILTER = "PNG picture (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"


@dataclass
class Rendered:
    """A chart drawn on its own Figure: the pixels to show, and what each region opens."""

    figure: Figure
    axes: Axes
    targets: list[Target]
    image: QImage


def render(
    draw: Callable[[Axes, Any], list[Target]], data: Any, width: int, height: int, ratio: float = 1.0
) -> Rendered:
    """Draw `data` with `draw` on a new Agg figure of `width` x `height` logical pixels; safe on a
    pool thread (no Qt widget, no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = 100 * ratio
    figure = Figure(figsize=(max(width, 200) / 100, max(height, 150) / 100), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    targets = draw(axes, data)
    figure.tight_layout()
    canvas.draw()
    buffer = canvas.buffer_rgba()
    image = QImage(
        bytes(buffer), buffer.shape[1], buffer.shape[0], buffer.shape[1] * 4, QImage.Format.Format_RGBA8888
    ).copy()
    image.setDevicePixelRatio(ratio)
    return Rendered(figure, axes, targets, image)


class ChartPicture(QLabel):
    """Shows a rendered chart; `target_clicked(Target)` when a region that opens records is clicked."""

    target_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.rendered: Rendered | None = None

    def show_rendered(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self.setPixmap(QPixmap.fromImage(rendered.image))

    def target_at(self, position: QPointF) -> Target | None:
        """The region under a point of the widget, through the axes' own transform."""
        if self.rendered is None:
            return None
        figure = self.rendered.figure
        height = figure.bbox.height
        ratio = self.rendered.image.devicePixelRatio()
        x, y = position.x() * ratio, height - position.y() * ratio
        if not self.rendered.axes.bbox.contains(x, y):
            return None
        data_x, data_y = self.rendered.axes.transData.inverted().transform((x, y))
        return next((t for t in self.rendered.targets if t.contains(data_x, data_y)), None)

    def point_of(self, target: Target) -> QPointF:
        """Where a region's middle is on the widget (for tests and keyboard users)."""
        assert self.rendered is not None
        x, y = self.rendered.axes.transData.transform(
            ((target.x0 + target.x1) / 2, (target.y0 + target.y1) / 2)
        )
        ratio = self.rendered.image.devicePixelRatio()
        return QPointF(x / ratio, (self.rendered.figure.bbox.height - y) / ratio)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        target = self.target_at(event.position())
        if target is not None and event.button() == Qt.MouseButton.LeftButton:
            self.target_clicked.emit(target)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        target = self.target_at(event.position())
        if target is not None and target.label:
            QToolTip.showText(event.globalPosition().toPoint(), target.label, self)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            QToolTip.hideText()
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def save(self, path: Path) -> Path:
        """Write the chart as drawn, in the format its suffix names (.png, .svg or .pdf)."""
        if self.rendered is None:
            raise ValueError("nothing drawn yet")
        self.rendered.figure.savefig(path, format=path.suffix.lower().lstrip("."))
        return path

    @classmethod
    def ask_path(cls, parent: QWidget, suggested: str) -> Path | None:
        """Where to save a chart (tests replace this)."""
        chosen, _ = QFileDialog.getSaveFileName(parent, "Save chart", suggested, SAVE_FILTER)
        return Path(chosen) if chosen else None
