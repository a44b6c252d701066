"""The window's areas: each area's package says its name and how to build its view and pages.

An area's package (ui/bills, ui/graph, ...) holds an `AREA` constant. The window lists the areas
in the order of `PACKAGES`, gives the first nine Ctrl+1 to Ctrl+9, and builds an
area's view, and each of its record pages, the first time it is shown or used: only Home, the
first screen, is imported before the window shows (and the meetings list, shown from the first
paint when chosen). Adding an area is a package with an `AREA` and a line
in `PACKAGES`; nothing in the window changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStackedWidget, QWidget

if TYPE_CHECKING:
    from db.engine import Database
    from ui.changes import Changes

# The areas in the navigation's order (Ctrl+number follows it).
PACKAGES = (
    "ui.home",
    "ui.meetings",
    "ui.organisations",
    "ui.people",
    "ui.duties",
    "ui.bills",
    "ui.graph",
    "ui.themes",
    "ui.reports",
    "ui.crosscheck",
    "ui.programme",
    "ui.stakeholders",
)


class Wiring(Protocol):
    """What an area's views are built with and connected to: the window, as the areas see it."""

    database: Database
    changes: Changes

    def open_meeting(self, meeting_id: int) -> None: ...
    def open_organisation(self, organisation_id: int) -> None: ...
    def open_person(self, person_id: int) -> None: ...
    def open_bill(self, bill_id: int) -> None: ...
    def open_policy_item(self, item_id: int) -> None: ...
    def open_duties(self, person_id: int) -> None: ...
    def log_meeting(self) -> None: ...
    def import_return(self) -> None: ...
    def show_area(self, area: int | str) -> None: ...


Build = Callable[[Wiring], QWidget]


@dataclass(frozen=True)
class Page:
    """A record's page that belongs to an area (a bill's page to Bills), kept in the window's
    attribute `attribute` once built."""

    attribute: str
    build: Build


@dataclass(frozen=True)
class Area:
    """`name` in the navigation; its view kept in the window's attribute `attribute`. `build` is
    None for an area the window builds itself, shown from the first paint before the database
    opens (Home and the meetings list)."""

    name: str
    attribute: str
    build: Build | None
    pages: tuple[Page, ...] = ()


@cache
def registered() -> tuple[Area, ...]:
    """Every area, in the navigation's order (importing each package, not its views)."""
    return tuple(import_module(package).AREA for package in PACKAGES)


def names() -> tuple[str, ...]:
    return tuple(area.name for area in registered())


class Views:
    """The areas' views and pages, each built, wired and stacked the first time it is asked for."""

    def __init__(self, stack: QStackedWidget, wiring: Wiring, after_build: Callable[[], None]) -> None:
        self._stack = stack
        self._wiring = wiring
        self._after_build = after_build
        self._built: dict[str, QWidget] = {}
        self._builds: dict[str, Build] = {}
        for area in registered():
            if area.build is not None:
                self._builds[area.attribute] = area.build
            for page in area.pages:
                self._builds[page.attribute] = page.build

    def knows(self, attribute: str) -> bool:
        return attribute in self._builds or attribute in self._built

    def is_built(self, attribute: str) -> bool:
        return attribute in self._built

    def adopt(self, attribute: str, view: QWidget, index: int = 0) -> None:
        """A view the window built itself, stacked at `index`."""
        self._built[attribute] = view
        self._stack.insertWidget(index, view)

    def get(self, attribute: str) -> QWidget:
        view = self._built.get(attribute)
        if view is None:
            view = self._builds[attribute](self._wiring)
            self._built[attribute] = view
            self._stack.addWidget(view)
            self._after_build()
        return view
