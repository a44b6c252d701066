"""The files a command will write, checked before it opens the database or writes any of them."""

from __future__ import annotations

from pathlib import Path

from tracker.common.errors import DomainError
from tracker.reports.writers import SUFFIXES


def _place(path: Path, *, folder_may_be_made: bool = False) -> None:
    if path.is_dir():
        raise DomainError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if folder.is_dir() or (folder_may_be_made and not folder.exists()):
        return
    if folder.exists():
        raise DomainError(f"cannot write {path}: {folder} is a file, not a folder")
    raise DomainError(f"cannot write {path}: the folder {folder} does not exist")


def paper(path: Path) -> Path:
    """A board paper or sheet: its suffix names the format."""
    if path.suffix.lower() not in SUFFIXES:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        accepted = f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}"
        raise DomainError(f"cannot write {path}: Liaison writes {accepted} files, not {given}")
    _place(path)
    return path


def calendar(path: Path) -> Path:
    if path.suffix.lower() != ".ics":
        raise DomainError(f"{path}: a calendar file is written as .ics; name the file .ics")
    _place(path)
    return path


def picture(path: Path) -> Path:
    """A screenshot; its folder is made if need be."""
    if path.suffix.lower() != ".png":
        raise DomainError(f"{path}: the screenshot is written as PNG; name the file .png")
    _place(path, folder_may_be_made=True)
    return path
