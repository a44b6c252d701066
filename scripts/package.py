"""`make package`: builds the self-contained Liaison for this system, packs it and smoke-tests it.

    .venv/bin/python scripts/package.py [--startup-runs N] [--skip-build]

1. THIRD-PARTY-NOTICES.txt from the installed packages' metadata (scripts/package_notices.py);
2. PyInstaller's one-folder bundle from packaging/liaison.spec: dist/liaison/ (and on macOS
   dist/Liaison.app);
3. the package: Linux dist/liaison-VERSION-linux-ARCH.tar.gz (the folder with liaison.desktop, the
   icon and install-desktop-entry); Windows dist/liaison-VERSION-windows-x86_64-setup.exe (Inno
   Setup, packaging/windows/liaison.iss); macOS dist/liaison-VERSION-macos-ARCH.dmg (hdiutil);
4. the smoke test (scripts/smoke_test.py) on the bundle's executable;
5. the figures: the bundle's size on disk, and its start-up to the first paint beside the source's,
   each the median of N fresh starts on the demo database, taken in turn.
Exit status 0 when the bundle is built and passes the smoke test; the figures are printed either way.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
BUNDLE = DIST / "liaison"
NOTICES = BUILD / "THIRD-PARTY-NOTICES.txt"
ICONS = ROOT / "resources" / "icon"
SIZE_TARGET_MB = 200
STARTUP_TARGET = 1.3


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def machine() -> str:
    found = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(found, found)


def executable() -> Path:
    if sys.platform == "darwin":
        return DIST / "Liaison.app" / "Contents" / "MacOS" / "liaison"
    return BUNDLE / ("liaison.exe" if sys.platform == "win32" else "liaison")


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def run(command: list[str], **options: object) -> None:
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, **options)  # type: ignore[call-overload]


def build() -> None:
    step("Third-party notices")
    run([sys.executable, str(ROOT / "scripts" / "package_notices.py"), str(NOTICES)])
    step("PyInstaller: the one-folder bundle")
    shutil.rmtree(BUNDLE, ignore_errors=True)
    shutil.rmtree(DIST / "Liaison.app", ignore_errors=True)
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(ROOT / "packaging" / "liaison.spec"),
        ]
    )
    if sys.platform != "darwin":  # beside the executable too, where a user or IT looks for it
        shutil.copy2(NOTICES, BUNDLE / NOTICES.name)
    if sys.platform.startswith("linux"):
        trim_icu(BUNDLE)
        strip_symbols(BUNDLE)


def trim_icu(folder: Path) -> None:
    """Qt's ICU data library, cut to the data an English-language Liaison reaches
    (scripts/package_icu.py)."""
    for library in sorted(folder.rglob("libicudata.so.*")):
        if library.is_file() and not library.is_symlink():
            run([sys.executable, str(ROOT / "scripts" / "package_icu.py"), str(library)])


def loadable_layout(library: Path) -> bool:
    """Whether the loader will map `library`: every loadable segment's address and file offset agree
    modulo the page size. `strip` breaks this in libraries that patchelf has given extra segments
    (auditwheel's, numpy's OpenBLAS: "ELF load command address/offset not page-aligned")."""
    headers = subprocess.run(["readelf", "-l", "-W", str(library)], capture_output=True, text=True).stdout
    page = os.sysconf("SC_PAGE_SIZE")
    for line in headers.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, address, alignment = int(fields[1], 16), int(fields[2], 16), int(fields[-1], 16)
            if (address - offset) % page or (alignment > 1 and (address - offset) % alignment):
                return False
    return True


def elf_files(folder: Path) -> list[Path]:
    """The executables and shared libraries in `folder` (links to them left out), in path order."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def strip_symbols(folder: Path) -> None:
    """Take the symbol tables and debugging information off the shared libraries (tens of MB: the
    igraph extension alone carries 8 MB of it). A library that stripping would leave unloadable
    (see loadable_layout) keeps its symbols."""
    before = size_mb(folder)
    kept = []
    for path in elf_files(folder):
        stripped = path.with_name(path.name + ".stripped")
        subprocess.run(["strip", "--strip-unneeded", "-o", str(stripped), str(path)], check=True)
        if loadable_layout(stripped):
            stripped.replace(path)
        else:
            stripped.unlink()
            kept.append(path.name)
    print(f"Stripped symbols: {before:.0f} MB -> {size_mb(folder):.0f} MB")
    if kept:
        print("  kept their symbols (stripping would break them): " + ", ".join(kept))


def needed_from_system(folder: Path) -> dict[str, set[str]]:
    """The shared libraries that files in `folder` need (their ELF NEEDED entries) and the folder
    does not hold, each with the files that need it."""
    held = {path.name for path in folder.rglob("*")}
    needs: dict[str, set[str]] = {}
    for path in elf_files(folder):
        dynamic = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True).stdout
        for line in dynamic.splitlines():
            if "(NEEDED)" in line and "[" in line:
                name = line.rsplit("[", 1)[1].rstrip("]")
                if name not in held:
                    needs.setdefault(name, set()).add(str(path.relative_to(folder)))
    return needs


def check_system_needs(folder: Path) -> bool:
    """Say what the bundle takes from the system; False if that is more than every Linux desktop has
    (packaging/linux_system.py): a library left out that something still needs."""
    spec = importlib.util.spec_from_file_location("linux_system", ROOT / "packaging" / "linux_system.py")
    assert spec is not None and spec.loader is not None
    linux_system = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(linux_system)
    needs = needed_from_system(folder)
    unexpected = {name: files for name, files in needs.items() if name not in linux_system.FROM_THE_SYSTEM}
    print(f"From the system: {', '.join(sorted(needs))}")
    for name, files in sorted(unexpected.items()):
        print(f"  NOT in packaging/linux_system.py: {name}, needed by {', '.join(sorted(files)[:3])}")
    return not unexpected


def largest(folder: Path, count: int = 12) -> list[tuple[float, str]]:
    """The biggest items in the bundle, in MB: each folder of _internal (a package) or file in it."""
    inside = folder / "_internal" if (folder / "_internal").is_dir() else folder
    sizes = []
    for item in inside.iterdir():
        if item.is_symlink():
            continue
        size = size_mb(item) if item.is_dir() else item.stat().st_size / 1e6
        sizes.append((size, item.name))
    return sorted(sizes, reverse=True)[:count]


def pack_linux() -> Path:
    for name in ("liaison.desktop", "install-desktop-entry"):
        shutil.copy2(ROOT / "packaging" / "linux" / name, BUNDLE / name)
    shutil.copy2(ICONS / "liaison-256.png", BUNDLE / "liaison.png")
    target = DIST / f"liaison-{version()}-linux-{machine()}.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(BUNDLE, arcname="liaison")
    return target


def iscc() -> str:
    found = shutil.which("iscc")
    if found:
        return found
    for folder in ("Inno Setup 6", "Inno Setup 7"):
        for base in (os.environ.get("PROGRAMFILES(X86)", ""), os.environ.get("PROGRAMFILES", "")):
            candidate = Path(base) / folder / "ISCC.exe"
            if base and candidate.is_file():
                return str(candidate)
    raise SystemExit("package: Inno Setup's compiler (iscc) is not installed")


def pack_windows() -> Path:
    run(
        [
            iscc(),
            f"/DAppVersion={version()}",
            f"/DSourceDir={BUNDLE}",
            f"/DIconFile={ICONS / 'liaison.ico'}",
            f"/O{DIST}",
            str(ROOT / "packaging" / "windows" / "liaison.iss"),
        ]
    )
    return DIST / f"liaison-{version()}-windows-x86_64-setup.exe"


def pack_macos() -> Path:
    staging = BUILD / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(DIST / "Liaison.app", staging / "Liaison.app", symlinks=True)
    (staging / "Applications").symlink_to("/Applications")  # drag the app onto it to install
    target = DIST / f"liaison-{version()}-macos-{machine()}.dmg"
    image = ["-volname", "Liaison", "-srcfolder", str(staging), "-ov", "-format", "UDZO", str(target)]
    run(["hdiutil", "create", *image])
    return target


def size_mb(folder: Path) -> float:
    """Bytes on disk of every file under `folder` (as `du --apparent-size`), in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def first_paint(command: list[str], environment: dict[str, str]) -> float:
    """Seconds from starting `command` to its first line: the probe's report of the first paint."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.perf_counter() - started
    _rest, errors = process.communicate(timeout=120)
    # The probe's first line is its report of the first screen painted (a JSON object: what is in
    # view, which depends on the area Liaison opens on); anything else means it never painted.
    if not line.strip().startswith("{") or not isinstance(json.loads(line), dict):
        raise RuntimeError(f"{command[0]} reported no first paint: {errors.strip()[-400:]}")
    return seconds


def startup_ratio(runs: int) -> tuple[float, float]:
    """Median start-up to the first paint from the bundle and from source, on the demo database:
    the same probe (benchmarks/first_rows.py) in both, taken in turn, after one untimed start each."""
    folder = BUILD / "startup"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = folder / "demo.db"
    subprocess.run([str(executable()), "demo", "--db", str(database)], check=True, capture_output=True)
    environment = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    source = [sys.executable, "-m", "benchmarks.first_rows", "app", str(database)]
    bundle = [str(executable())]
    bundle_environment = environment | {"LIAISON_FIRST_PAINT_PROBE": str(database)}
    first_paint(source, environment)
    first_paint(bundle, bundle_environment)
    from_source: list[float] = []
    from_bundle: list[float] = []
    for _ in range(runs):
        from_source.append(first_paint(source, environment))
        from_bundle.append(first_paint(bundle, bundle_environment))
    print("  source: " + ", ".join(f"{s:.2f}" for s in from_source) + " s")
    print("  bundle: " + ", ".join(f"{s:.2f}" for s in from_bundle) + " s")
    return statistics.median(from_bundle), statistics.median(from_source)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="pack and test the bundle already in dist/")
    parser.add_argument(
        "--startup-runs", type=int, default=5, metavar="N", help="fresh starts timed each way (0: none)"
    )
    arguments = parser.parse_args()
    started = time.perf_counter()
    if not arguments.skip_build:
        build()
    step("The package")
    packed = {"linux": pack_linux, "win32": pack_windows, "darwin": pack_macos}[
        "linux" if sys.platform.startswith("linux") else sys.platform
    ]()
    print(f"{packed} ({packed.stat().st_size / 1e6:.0f} MB)")
    sound = check_system_needs(BUNDLE) if sys.platform.startswith("linux") else True
    step("Smoke test")
    smoke = subprocess.run([sys.executable, str(ROOT / "scripts" / "smoke_test.py"), str(executable())])
    step("Figures")
    bundle_folder = DIST / "Liaison.app" if sys.platform == "darwin" else BUNDLE
    size = size_mb(bundle_folder)
    met = "met" if size < SIZE_TARGET_MB else "NOT met"
    print(f"bundle size: {size:.0f} MB unpacked ({bundle_folder}); target under {SIZE_TARGET_MB} MB: {met}")
    print("  largest: " + ", ".join(f"{name} {mb:.1f}" for mb, name in largest(bundle_folder)))
    if arguments.startup_runs > 0:
        from_bundle, from_source = startup_ratio(arguments.startup_runs)
        ratio = from_bundle / from_source
        met = "met" if ratio <= STARTUP_TARGET else "NOT met"
        print(
            f"start-up to the first paint: bundle {from_bundle:.2f} s, source {from_source:.2f} s"
            f" (medians of {arguments.startup_runs}); ratio {ratio:.2f}x, target <= {STARTUP_TARGET}x: {met}"
        )
    print(f"\nPackaged in {time.perf_counter() - started:.0f} s: {packed}")
    if smoke.returncode != 0:
        print("package: the smoke test failed (above)", file=sys.stderr)
        return 1
    if not sound:
        print("package: the bundle needs a system library not every desktop has (above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
