"""The packaging scripts' parts that need no build: the notices, the smoke test's file checks and the
Linux desktop entry (`make package` builds and smoke-tests the bundle itself)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_notices_list_what_ships_and_not_the_test_tools() -> None:
    notices = _script("package_notices")
    names = {d.metadata["Name"].lower() for d in notices.shipped()}
    assert {"sqlalchemy", "alembic", "pyside6_essentials", "shiboken6", "matplotlib", "numpy"} <= names
    assert "psycopg-binary" in names, "an extra Liaison asks for (psycopg[binary]) ships too"
    assert not names & {"pytest", "hypothesis", "mypy", "pyinstaller", "liaison"}
    text = notices.notices()
    assert "GNU Lesser General" in text and "dynamically linked" in text
    assert "Permission is hereby granted" in text, "the MIT texts from the dist-info are included"


def test_the_smoke_test_checks_what_a_file_begins_with(tmp_path: Path) -> None:
    smoke = _script("smoke_test")
    png = tmp_path / "a.png"
    png.write_bytes(smoke.PNG + b"rest")
    fake = tmp_path / "b.png"
    fake.write_bytes(b"%PDF-1.4")
    check = smoke.has_header(smoke.PNG)
    assert check(png) is None
    assert "does not start" in check(fake)
    assert "was not written" in check(tmp_path / "missing.png")


def test_the_desktop_entry_is_installed_with_this_folders_executable_and_removed(tmp_path: Path) -> None:
    bundle = tmp_path / "unpacked here" / "liaison"
    bundle.mkdir(parents=True)
    for name in ("liaison.desktop", "install-desktop-entry"):
        (bundle / name).write_bytes((ROOT / "packaging" / "linux" / name).read_bytes())
    (bundle / "install-desktop-entry").chmod(0o755)
    (bundle / "liaison.png").write_bytes((ROOT / "resources" / "icon" / "liaison-256.png").read_bytes())
    share = tmp_path / "share"
    environment = os.environ | {"XDG_DATA_HOME": str(share)}
    subprocess.run([str(bundle / "install-desktop-entry")], env=environment, check=True, capture_output=True)
    entry = (share / "applications" / "liaison.desktop").read_text()
    assert f'Exec="{bundle}/liaison"' in entry.splitlines()
    assert "Icon=liaison" in entry.splitlines()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "liaison.png").is_file()
    subprocess.run(
        [str(bundle / "install-desktop-entry"), "--remove"], env=environment, check=True, capture_output=True
    )
    assert not (share / "applications" / "liaison.desktop").exists()
