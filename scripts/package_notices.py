"""Writes THIRD-PARTY-NOTICES.txt: every package the bundle ships, with its version, its licence and
the licence texts its installed metadata holds, read from this environment at build time.

    .venv/bin/python scripts/package_notices.py build/THIRD-PARTY-NOTICES.txt

The packages are those Liaison's own metadata requires, and theirs in turn (the `test` extra is
not shipped, so not listed); then Python itself, Qt and PyInstaller's bootloader.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LICENCE_FILE_STARTS = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "COPYRIGHT")
RULE = "=" * 78


def shipped(root: str = "liaison") -> list[metadata.Distribution]:
    """The installed distributions `root` needs at run time, itself left out, sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    waiting: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while waiting:
        name, extras = waiting.pop()
        key = (canonicalize_name(name), extras)
        if key in seen:
            continue
        seen.add(key)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another system (pywin32 on Linux): not installed, not shipped
        if key[0] != canonicalize_name(root):
            found[key[0]] = distribution
        for line in distribution.requires or []:
            requirement = Requirement(line)
            wanted = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is None or any(requirement.marker.evaluate(e) for e in wanted):
                waiting.append((requirement.name, frozenset(requirement.extras)))
    return [found[name] for name in sorted(found)]


def licence(distribution: metadata.Distribution) -> str:
    """The licence the metadata declares: its SPDX expression, its License field's first line, or
    its licence classifiers; "not stated" if none."""
    fields = distribution.metadata
    expression = fields.get("License-Expression")
    if expression:
        return str(expression)
    declared = (fields.get("License") or "").strip()
    if declared and declared.upper() != "UNKNOWN" and len(declared.splitlines()) == 1:
        return declared
    listed = fields.get_all("Classifier") or []
    classifiers = [c.split(" :: ")[-1] for c in listed if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    return "see the text below" if declared else "not stated (see the texts below, if any)"


def licence_texts(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files inside the distribution's own metadata folder: (file name, text)."""
    texts = []
    for file in distribution.files or []:
        parts = file.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        name = parts[-1].upper()
        if "licenses" in parts or name.startswith(LICENCE_FILE_STARTS):
            try:
                text = Path(str(file.locate())).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            texts.append(("/".join(parts[1:]), text))
    return texts


def python_licence() -> str:
    standard_library = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "lib" / standard_library / "LICENSE.txt",
    ):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8", errors="replace")
    return "Python Software Foundation License Version 2: https://docs.python.org/3/license.html\n"


def notices() -> str:
    distributions = shipped()
    qt = metadata.version("PySide6-Essentials")
    lines = [
        "Liaison: third-party notices",
        "",
        "Liaison's bundle contains the following software, each under its own licence, listed from",
        "the installed packages' metadata when the bundle was built. The texts of the licences follow.",
        "",
        f"Qt {qt} and Qt for Python (PySide6 {qt}, shiboken6) are used under the GNU Lesser General",
        "Public License version 3. Qt stays dynamically linked: its libraries are separate files in the",
        "bundle's folder (_internal/PySide6/Qt/lib, or Contents/Frameworks on macOS), and may be",
        "replaced by a compatible build of the same Qt version. Qt's source: https://download.qt.io/",
        "and https://code.qt.io/; PySide6's: https://code.qt.io/cgit/pyside/pyside-setup.git/",
        "",
        f"Python {platform.python_version()}: Python Software Foundation License (text below).",
        "PyInstaller's bootloader (the executable that starts Liaison): GPL 2.0 or later, with the",
        "bootloader exception that allows its use in bundles of any licence.",
        "",
        "Packages:",
        "",
    ]
    lines += [f"  {d.metadata['Name']} {d.version}: {licence(d)}" for d in distributions]
    for distribution in distributions:
        texts = licence_texts(distribution)
        declared = (distribution.metadata.get("License") or "").strip()
        if not texts and len(declared.splitlines()) <= 1:
            continue
        lines += ["", RULE, f"{distribution.metadata['Name']} {distribution.version}", RULE]
        if not texts:
            lines += ["", declared]
        for name, text in texts:
            lines += ["", f"--- {name} ---", "", text.rstrip()]
    lines += ["", RULE, f"Python {platform.python_version()}", RULE, "", python_licence().rstrip(), ""]
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notices(), encoding="utf-8")
    print(f"Wrote {target}: {len(shipped())} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
