"""Spreadsheet cells that cannot run: text a spreadsheet would read as a formula is neutralised."""

from __future__ import annotations

from db.text import clean

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text; one that a spreadsheet would take for a formula gets a leading apostrophe.
    Text an .xlsx cannot hold (a control character an older database kept) is left out."""
    text = "" if value is None else clean(str(value))
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
