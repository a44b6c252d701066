"""Liaison: opens the window, or runs a command-line subcommand (`python main.py --help`)."""

from __future__ import annotations

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main())
