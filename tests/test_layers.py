"""The layers hold: the domain loads without Qt or a plotting backend, and start-up stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_the_domain_and_storage_load_without_qt_or_a_matplotlib_backend() -> None:
    modules = loaded_after(
        "import pkgutil, importlib, tracker, db\n"
        "for package in (tracker, db):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)"
    )
    assert "tracker.meetings" in modules and "db.models" in modules
    # `import matplotlib` itself loads matplotlib.backends.registry, which draws nothing; the
    # backends proper are the matplotlib.backends.backend_* modules.
    assert not {m for m in modules if m.startswith(("PySide6", "shiboken6", "matplotlib.backends.backend_"))}


def test_the_window_module_does_not_load_the_plotting_library_at_start() -> None:
    modules = loaded_after("import ui.main_window")
    assert "PySide6.QtWidgets" in modules
    assert not {m for m in modules if m.startswith(("matplotlib", "networkx"))}
