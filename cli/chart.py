"""`chart --list` and `chart NAME -o FILE`: Home's charts and the stakeholder map as a picture."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, Any

from cli import outputs
from cli.arguments import day
from db.engine import open_database
from tracker.common.errors import DomainError
from tracker.reports.writers import write_whole

SUFFIXES = (".png", ".svg", ".pdf")


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "chart",
        help="draw one of Home's charts or the stakeholder map (.png, .svg, .pdf); --list names them",
        description="The format follows the file's suffix.",
    )
    parser.add_argument("name", nargs="?", help="the chart's name (see --list)")
    parser.add_argument("--list", action="store_true", help="print the charts' names, one a line")
    parser.add_argument("--since", type=day, help="first day counted, YYYY-MM-DD")
    parser.add_argument("--until", type=day, help="last day counted, YYYY-MM-DD")
    parser.add_argument("--item", help="a policy item's title: asks on it, positions on it (the map)")
    parser.add_argument("-o", "--output", type=Path, help="the file to write: .png, .svg or .pdf")
    parser.set_defaults(run=run)
    return parser


def _output(path: Path) -> Path:
    if path.suffix.lower() not in SUFFIXES:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        raise DomainError(f"cannot write {path}: a chart is written as .png, .svg or .pdf, not {given}")
    outputs._place(path)
    return path


def render(name: str, data: Any, path: Path, *, size: tuple[float, float] = (10, 6.5)) -> Path:
    """Draw a chart's data with the Agg canvas and write it whole to `path` (its suffix the format)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from tracker.charts.catalogue import chart

    figure = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    chart(name).draw(axes, data)
    figure.tight_layout()

    def write(stream: IO[bytes]) -> None:
        figure.savefig(stream, format=path.suffix.lower().lstrip("."))

    return write_whole(path, write)


def run(arguments: argparse.Namespace) -> int:
    from cli import UsageError
    from tracker.charts.catalogue import CHARTS, ChartQuery, chart, find_item

    if arguments.list:
        if arguments.name:
            raise UsageError("give --list alone, or a chart's name with -o FILE")
        for name in CHARTS:
            print(name)
        return 0
    if not arguments.name:
        raise UsageError("name a chart (see chart --list)")
    if arguments.output is None:
        raise UsageError("say where to write the chart: -o FILE.png, .svg or .pdf")
    wanted = chart(arguments.name)
    path = _output(arguments.output)
    if arguments.since and arguments.until and arguments.until < arguments.since:
        raise UsageError(f"--until {arguments.until} is before --since {arguments.since}")
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            item_id = find_item(session, arguments.item) if arguments.item else None
            data = wanted.count(session, ChartQuery(arguments.since, arguments.until, item_id))
    finally:
        database.close()
    render(wanted.name, data, path)
    print(f"Wrote {wanted.title.lower()} to {path}")
    return 0
