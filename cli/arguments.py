"""Argument types the subcommands share."""

from __future__ import annotations

import argparse
from datetime import date


def day(text: str) -> date:
    """A day on the command line, YYYY-MM-DD; anything else is refused by argparse in one line."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        said = f"“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2009-06-13"
        raise argparse.ArgumentTypeError(said) from error
