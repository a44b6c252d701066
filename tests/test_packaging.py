"""The packaging scripts' parts that need no build: the notices, the smoke test's file checks, the
Linux desktop entry, the ICU data trimming and the stripping's safety check (`make package` builds
and smoke-tests the bundle itself)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

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


def _installed(pattern: str) -> Path:
    """A library of this environment's installed packages (the files the bundle is made from)."""
    import PySide6

    site = Path(PySide6.__file__).resolve().parent.parent
    found = sorted(site.glob(pattern))
    if not found or shutil.which("readelf") is None:
        pytest.skip(f"no {pattern} or readelf here")
    return found[0]


def test_icu_keeps_shared_english_and_welsh_data_and_drops_other_locales_and_code_pages() -> None:
    icu = _script("package_icu")
    kept = [
        "coll/root.res",
        "coll/ucadata.icu",
        "coll/en_GB.res",
        "coll/cy.res",
        "res_index.res",
        "pool.res",
        "uts46.nrm",
        "supplementalData.res",
        "zone/en_001.res",
        "brkitr/word.brk",
        "ibm-5348_P100-1997.cnv",
        "cnvalias.icu",
    ]
    dropped = [
        "coll/de.res",
        "coll/de_.res",
        "zh_Hant_TW.res",
        "curr/sv.res",
        "brkitr/thaidict.dict",
        "gb18030.cnv",
        "translit/root.res",
    ]
    assert [name for name in kept if not icu.wanted(f"icudt73l/{name}")] == []
    assert [name for name in dropped if icu.wanted(f"icudt73l/{name}")] == []


def test_icu_package_is_rewritten_byte_for_byte_and_trimmed_with_its_items_intact() -> None:
    icu = _script("package_icu")
    library = _installed("PySide6/Qt/lib/libicudata.so.*")
    _name, offset, size = icu._symbol(library)
    data = library.read_bytes()[offset : offset + size]
    everything = icu.items(data)
    assert icu.package(data[: icu._header_size(data)], everything) == data
    trimmed = icu.trimmed(data)
    left = icu.items(trimmed)
    assert len(trimmed) < len(data) / 4
    assert [name for name, _ in left] == [name for name, _ in everything if icu.wanted(name)]
    whole = dict(everything)
    assert all(whole[name].startswith(content.rstrip(icu.PADDING)) for name, content in left)
    assert all(trimmed.find(content) % icu.ALIGNMENT == 0 for _name, content in left[:50])


def test_icu_cut_library_sorts_english_and_welsh_as_before(tmp_path: Path) -> None:
    """Qt loads the rebuilt library in place of its own: English and Welsh sort as with the full
    data, and Swedish (left out) falls back to the root order, which shows the cut data is in use."""
    icu = _script("package_icu")
    original = _installed("PySide6/Qt/lib/libicudata.so.*")
    if shutil.which("as") is None or shutil.which("ld") is None:
        pytest.skip("no binutils here")
    library = tmp_path / original.name
    library.write_bytes(original.read_bytes())
    before, after = icu.rebuild(library)
    assert after < before / 4
    probe = (
        "import functools, sys\n"
        "from PySide6.QtCore import QCollator, QCoreApplication, QLocale\n"
        "app = QCoreApplication(sys.argv)\n"
        "words = ['zebra', 'Äpfel', 'apple', 'chwarae', 'cyfrif', 'ddoe', 'dydd', 'Éclair', 'eclair']\n"
        "for locale in ('en_GB', 'cy_GB', 'sv_SE'):\n"
        "    print(sorted(words, key=functools.cmp_to_key(QCollator(QLocale(locale)).compare)))\n"
    )

    def sorted_by_qt(preload: dict[str, str]) -> list[str]:
        environment = os.environ | {"QT_QPA_PLATFORM": "offscreen"} | preload
        done = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    full = sorted_by_qt({})
    cut = sorted_by_qt({"LD_PRELOAD": str(library)})
    assert cut[:2] == full[:2]
    assert full[1] != full[0], "Welsh sorts 'ch' after 'cy' and 'dd' after 'dy'"
    assert cut[2] != full[2] and cut[2] == full[0], "Swedish falls back to the root order"


def test_stripping_is_undone_where_it_would_leave_a_library_unloadable(tmp_path: Path) -> None:
    package = _script("package")
    openblas = _installed("numpy.libs/libscipy_openblas*.so")
    if shutil.which("strip") is None:
        pytest.skip("no strip here")
    igraph = _installed("igraph/_igraph*.so")
    assert package.loadable_layout(openblas)
    stripped = tmp_path / "stripped.so"
    subprocess.run(["strip", "--strip-unneeded", "-o", str(stripped), str(openblas)], check=True)
    if package.loadable_layout(stripped):
        pytest.skip("this OpenBLAS survives stripping")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for library in (openblas, igraph):
        shutil.copy2(library, bundle / library.name)
    package.strip_symbols(bundle)
    assert (bundle / openblas.name).read_bytes() == openblas.read_bytes()
    assert (bundle / igraph.name).stat().st_size < igraph.stat().st_size
    assert package.loadable_layout(bundle / igraph.name)
    assert sorted(path.name for path in bundle.iterdir()) == sorted([openblas.name, igraph.name])


def test_the_libraries_taken_from_the_system_are_found_and_any_other_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _script("package")
    if shutil.which("readelf") is None:
        pytest.skip("no readelf here")
    import _sqlite3

    module = Path(_sqlite3.__file__)
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(module, bundle / module.name)
    needs = package.needed_from_system(bundle)
    assert needs["libsqlite3.so.0"] == {module.name} and "libc.so.6" in needs
    assert not package.check_system_needs(bundle)  # SQLite is not every desktop's: it must be bundled
    assert "NOT in packaging/linux_system.py: libsqlite3.so.0" in capsys.readouterr().out
    (bundle / "libsqlite3.so.0").write_bytes(b"")  # held by the bundle now
    assert "libsqlite3.so.0" not in package.needed_from_system(bundle)
