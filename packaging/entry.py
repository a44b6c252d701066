"""The bundle's entry point: Liaison's command line and window, as `python main.py` runs them.

With LIAISON_FIRST_PAINT_PROBE set to a database file, the bundle instead runs the start-up probe of
benchmarks/first_rows.py on it (the window, one line of JSON at the first paint and one when the
database is open), so that scripts/package.py can time the bundle's start-up beside the source's.
"""

from __future__ import annotations

import os
import sys


def run() -> int:
    probe = os.environ.get("LIAISON_FIRST_PAINT_PROBE")
    if probe:
        from benchmarks import first_rows

        return first_rows.app(probe)
    from cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
