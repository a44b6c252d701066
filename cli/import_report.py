"""What every `import` command prints: the rows read, imported, skipped and rejected.

Kept apart from cli/imports.py, which gathers the kinds of import, so that each kind's module
(cli/import_*.py) imports this one and nothing imports back: the imports flow one way.
"""

from __future__ import annotations

from tracker.common.text import clean
from tracker.io.importing import ImportReport


def print_report(report: ImportReport) -> int:
    """Print what the import read and did with each row; rejected rows do not make it fail."""
    for line in report.lines():
        # A name typed on the command line in a wrong encoding holds a lone surrogate, which
        # standard output cannot write; what was stored is already clean (db/text.py).
        print(clean(line))
    if report.dry_run:
        print("Nothing was stored (dry run).")
    return 0
