"""Liaison's version: pyproject.toml's `version`, read from the installed package's metadata."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def version() -> str:
    """The version pip installed (or the bundle's copy of that metadata); from a clone that was never
    installed, pyproject.toml's own; "unknown" if neither can be read."""
    try:
        return metadata.version("liaison")
    except metadata.PackageNotFoundError:
        pass
    try:
        found = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
    return str(found)


def full_name() -> str:
    """What `liaison --version` prints and About shows: "Liaison 0.1.0"."""
    return f"Liaison {version()}"
