"""Pages and forms that scroll on a small screen rather than holding the window taller than it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolled_layout(holder: QWidget, outer: QVBoxLayout | None = None) -> QVBoxLayout:
    """A layout for `holder`'s contents inside a scroll area that fills `holder` (or is added to
    `outer`, so that a form's buttons stay outside it, always on screen). The contents take the
    whole width and height when there is room, and scroll, down or across, when there is not."""
    body = QWidget()
    body.setObjectName("scrolled_body")
    area = QScrollArea()
    area.setObjectName("scrolled")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls in it, not to it
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(body)
    if outer is None:
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area, 1)
    return QVBoxLayout(body)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Open at `width` x `height`, or as much of it as the screen has room for (a 1,024x600 laptop)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width())
        height = min(height, room.height() - 40)  # the title bar, which the window manager adds
    window.resize(width, height)
