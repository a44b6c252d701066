"""Trims the ICU data library in the Linux bundle to the data an English-language Liaison can reach.

    python scripts/package_icu.py dist/liaison/_internal/PySide6/Qt/lib/libicudata.so.73

PySide6's Linux wheel ships Qt with ICU, and ICU's data (`libicudata.so.NN`, 32 MB, the largest file
in the bundle) holds every locale's names, calendars, collation and word-break dictionaries and
about 200 legacy code pages. Qt reaches ICU only for collation (QCollator, locale-aware comparison:
a file dialog's sorting), locale-specific case mapping, time-zone display names and text codecs
other than UTF and Latin-1; Liaison itself calls none of them, and Python, not Qt, reads every
file Liaison imports. So this keeps ICU's shared data (Unicode properties, normalisation, the root
collation order, plural rules, time-zone rules, break-iteration rules) and, in every tree, the
root, English and Welsh locales; it drops the other locales, the code-page tables (`*.cnv`: UTF-8,
UTF-16/32, Latin-1 and ASCII are built into ICU's code, and Windows' European code pages stay), the
Thai, Lao, Khmer, Burmese and CJK word dictionaries and the transliterators. A locale that is
missing falls back to root, as ICU does for any locale it has no data for: a German user's file
dialog sorts by the root order.

The data is ICU's "common data" package (a header, a table of contents sorted by name, the items);
the new library is the same: one exported symbol (`icudtNN_dat`) holding the package, assembled
with binutils' `as` and `ld` (the same tools `strip` comes from) under the original soname.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Locales kept in every tree (their own data, and everything they inherit from root).
LOCALES = ("en", "cy")
# ICU's names for a locale's data file: language, then script, region or variant parts.
LOCALE_FILE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*\.res")
# Files that look like a locale's but are each tree's own index and string pool.
TREE_FILES = ("res_index.res", "pool.res", "root.res")
# Trees dropped whole: transliteration rules, which Qt never asks ICU for.
DROPPED_TREES = ("translit",)
# Kinds of item dropped everywhere: code-page tables and word-break dictionaries.
DROPPED_SUFFIXES = (".cnv", ".dict")
# The code pages kept: Windows' for Western, Central and Eastern Europe, Greek, Turkish, Hebrew,
# Arabic, Baltic and Vietnamese (windows-1250 to 1258), and ISO-8859-15, which is what text pasted
# from Word or an older Windows program may declare itself to be (a few KB each).
KEPT_CODE_PAGES = tuple(f"ibm-{number}_P100-" for number in range(5346, 5355)) + ("ibm-923_P100-1998.cnv",)
ALIGNMENT = 16  # ICU reads each item in place; its own packager aligns them so
PADDING = b"\xaa"  # what ICU's packager fills the gaps with


class NotICUData(ValueError):
    """The bytes are not an ICU common data package this script understands."""


def wanted(name: str) -> bool:
    """Whether the bundle keeps the package item `name` (e.g. "icudt73l/coll/en.res")."""
    parts = name.split("/")[1:]  # without the package's own name
    if not parts:
        return False
    if len(parts) > 1 and parts[0] in DROPPED_TREES:
        return False
    base = parts[-1]
    if base.startswith(KEPT_CODE_PAGES):
        return True
    if base.endswith(DROPPED_SUFFIXES):
        return False
    if base in TREE_FILES or not LOCALE_FILE.fullmatch(base):
        return True
    language = base.removesuffix(".res").split("_")[0]
    return language in LOCALES


def _header_size(data: bytes) -> int:
    if len(data) < 32 or data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise NotICUData("not an ICU common data package (no 'CmnD' header)")
    if data[8] != 0:
        raise NotICUData("a big-endian ICU data package; only little-endian ones are trimmed")
    size: int = struct.unpack_from("<H", data, 0)[0]
    return size


def items(data: bytes) -> list[tuple[str, bytes]]:
    """The package's items in table-of-contents order, each its name and bytes (with padding)."""
    header = _header_size(data)
    (count,) = struct.unpack_from("<I", data, header)
    entries = [struct.unpack_from("<II", data, header + 4 + 8 * index) for index in range(count)]
    starts = sorted(header + offset for _name, offset in entries)
    ends = dict(zip(starts, [*starts[1:], len(data)], strict=True))
    found = []
    for name_offset, data_offset in entries:
        name_start = header + name_offset
        name = data[name_start : data.index(b"\0", name_start)].decode("ascii")
        start = header + data_offset
        found.append((name, data[start : ends[start]]))
    return found


def package(header: bytes, kept: list[tuple[str, bytes]]) -> bytes:
    """A common data package with `header` (the original's) and `kept`, in the order given (the
    table of contents must stay sorted, so the caller keeps the original's order)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in kept)
    table_size = 4 + 8 * len(kept)
    offset = table_size + len(names)
    offset += -(len(header) + offset) % ALIGNMENT
    entries = []
    body = []
    name_offset = table_size
    for name, content in kept:
        entries.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        padded = content + PADDING * (-len(content) % ALIGNMENT)
        body.append(padded)
        offset += len(padded)
    table = struct.pack("<I", len(kept)) + b"".join(entries) + names
    table += PADDING * (-(len(header) + len(table)) % ALIGNMENT)
    return header + table + b"".join(body)


def trimmed(data: bytes) -> bytes:
    """The package `data` with only the items `wanted` keeps."""
    header = data[: _header_size(data)]
    return package(header, [(name, content) for name, content in items(data) if wanted(name)])


def _readelf(option: str, library: Path) -> str:
    done = subprocess.run(["readelf", option, "-W", str(library)], capture_output=True, text=True, check=True)
    return done.stdout


def _symbol(library: Path) -> tuple[str, int, int]:
    """The library's data symbol: its name, its file offset and its size."""
    for line in _readelf("--dyn-syms", library).splitlines():
        fields = line.split()
        if len(fields) == 8 and re.fullmatch(r"icudt\d+_dat", fields[7]) and fields[6] != "UND":
            address, size, name = int(fields[1], 16), int(fields[2], 0), fields[7]
            break
    else:
        raise NotICUData(f"{library.name} exports no icudtNN_dat symbol")
    for line in _readelf("-S", library).splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) >= 6 and fields[1].startswith(".") and fields[2] == "PROGBITS":
            start, offset, length = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
            if start <= address < start + length:
                return name, address - start + offset, size
    raise NotICUData(f"{library.name}: {name} lies in no section")


def _soname(library: Path) -> str:
    found = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", _readelf("-d", library))
    return found.group(1) if found else library.name


def rebuild(library: Path) -> tuple[int, int]:
    """Replaces `library` by one holding the trimmed package; returns its size before and after."""
    name, offset, size = _symbol(library)
    original = library.read_bytes()
    data = trimmed(original[offset : offset + size])
    with tempfile.TemporaryDirectory(prefix="liaison-icu-") as folder:
        work = Path(folder)
        (work / "data.bin").write_bytes(data)
        (work / "data.s").write_text(
            "\n".join(
                [
                    '.section .rodata,"a"',
                    f".balign {ALIGNMENT}",
                    f".globl {name}",
                    f".type {name}, STT_OBJECT",
                    f"{name}:",
                    '.incbin "data.bin"',
                    f".size {name}, . - {name}",
                    '.section .note.GNU-stack,"",%progbits',
                    "",
                ]
            )
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        built = work / library.name
        subprocess.run(
            ["ld", "-shared", "-z", "noexecstack", "-soname", _soname(library), "-o", str(built), "data.o"],
            cwd=work,
            check=True,
        )
        library.write_bytes(built.read_bytes())
    return len(original), library.stat().st_size


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    library = Path(sys.argv[1])
    try:
        before, after = rebuild(library)
    except (OSError, NotICUData, subprocess.CalledProcessError) as error:
        print(f"package_icu: {library}: {error}", file=sys.stderr)
        return 1
    print(f"ICU data trimmed: {library.name} {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
