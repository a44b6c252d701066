"""Widget-test fixtures: the seed directory, the shared undo stack, and no real message boxes."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from db.engine import Database
from tests.tracker.conftest import Directory, directory  # noqa: F401  (the fixture, shared)
from ui.changes import Changes
from ui.common import duplicates, prompts
from ui.common.garbage import collect_on_gui_thread


@pytest.fixture
def changes(database: Database, qapp: Any) -> Changes:
    return Changes(database)


@pytest.fixture(scope="session", autouse=True)
def gui_thread_garbage_collection(qapp: Any) -> Iterator[None]:
    """As in the application: garbage is collected on the GUI thread only (ui/common/garbage.py)."""
    collector = collect_on_gui_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def no_dangling_threads(qapp: Any) -> Iterator[None]:
    """A test that leaves work running on the thread pool fails (napari's _dangling_qthreads)."""
    yield
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000), "a job was still running on the thread pool when the test ended"
    assert pool.activeThreadCount() == 0
    # Nor a database still opening behind a window (ui/opening.py runs its own thread).
    for thread in threading.enumerate():
        if thread.name == "liaison-opening":
            thread.join(10)
            assert not thread.is_alive(), "a database was still opening when the test ended"
    gc.collect()  # the test's dead widgets die here, on the GUI thread, not in the next test's worker


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A modal message box would wait for a click forever; every prompt gets a safe answer instead
    (discard, cancel), wherever a module imported it from. Tests that need another answer patch it."""
    asked: list[str] = []

    def record(answer: Any) -> Any:
        def prompt(*args: Any, **kwargs: Any) -> Any:
            asked.append(" | ".join(str(a) for a in args[1:]))
            return answer

        return prompt

    safe = {
        "ask_unsaved": (prompts.ask_unsaved, record(prompts.Unsaved.DISCARD)),
        "confirm": (prompts.confirm, record(False)),
        "tell": (prompts.tell, record(None)),
        "ask_save_path": (prompts.ask_save_path, record(None)),
        "ask_open_path": (prompts.ask_open_path, record(None)),
        "offer_open": (prompts.offer_open, record(False)),
        "ask_text": (prompts.ask_text, record(None)),
        "ask_duplicate": (duplicates.ask_duplicate, record(None)),
    }
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "ui" or name.startswith("ui.")):
            continue
        for attribute, (original, replacement) in safe.items():
            if getattr(module, attribute, None) is original:
                monkeypatch.setattr(module, attribute, replacement)
    yield asked
