"""Themes: the work streams meetings are filed under."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.areas import Area

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.areas import Wiring


def _build(window: Wiring) -> QWidget:
    from ui.themes.view import ThemesView

    return ThemesView(window.database, window.changes)


AREA = Area("Themes", "themes", _build)
