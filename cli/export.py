"""`export graph|csv|xlsx|popolo|positions`: the relationship graph as GraphML or GEXF (for Gephi), or
as a picture; meetings, organisations or people as a spreadsheet; the directory as Popolo JSON;
stakeholders' positions as a spreadsheet."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cli import outputs
from cli.arguments import day
from db.engine import open_database
from db.models import Theme
from tracker.common.errors import DomainError, NotFound
from tracker.directory import organisations
from tracker.reports.writers import write_whole

if TYPE_CHECKING:
    import networkx as nx

# networkx and the graph services load only when a graph is exported, not at every start.
GRAPH_SUFFIXES = (".graphml", ".gexf")
PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from error
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is below 0")
    return value


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "export", help="export the relationship graph, a spreadsheet of records, or Popolo JSON"
    )
    kinds = parser.add_subparsers(dest="export", metavar="WHAT", required=True)
    graph = kinds.add_parser(
        "graph",
        help="the relationship graph: .graphml or .gexf (Gephi), or a .png, .svg or .pdf picture",
        description="The format follows the file's suffix. The filters are those of the Graph view.",
    )
    graph.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    graph.add_argument("--since", type=day, help="first day of the period, YYYY-MM-DD")
    graph.add_argument("--until", type=day, help="last day of the period, YYYY-MM-DD")
    graph.add_argument(
        "--theme", action="append", default=[], help="only meetings on this theme (may be repeated)"
    )
    graph.add_argument("--kinds", help="node kinds kept, comma-separated: member,officer,contact,body,bill")
    graph.add_argument(
        "--min-strength", type=_number, default=0.0, help="leave out ties weaker than this (default: 0)"
    )
    graph.add_argument("--focus", help="a person, body or bill: keep only its neighbourhood")
    graph.add_argument("--depth", type=int, default=1, help="how many ties out from --focus (default: 1)")
    graph.add_argument("--as-of", type=day, help="the day recency is measured from (default: today)")
    graph.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    graph.set_defaults(run=run)
    _add_table_parsers(kinds)
    return parser


def _add_table_parsers(kinds: Any) -> None:
    from tracker.io.exports import What

    for name, what in (
        ("csv", "a CSV file (UTF-8, which Excel opens as such)"),
        ("xlsx", "an Excel workbook"),
    ):
        table = kinds.add_parser(
            name,
            help=f"meetings, organisations or people as {what}",
            description="The columns are headed as `import` reads them, so the file imports again"
            " unchanged. Cells that a spreadsheet would run as a formula are written as text.",
        )
        table.add_argument("-o", "--output", type=Path, required=True, help=f"the .{name} file to write")
        table.add_argument(
            "--what", choices=[w.value for w in What], default=What.MEETINGS.value, help="default: meetings"
        )
        table.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        table.set_defaults(run=run_table, suffix=f".{name}")
    popolo = kinds.add_parser(
        "popolo",
        help="people, organisations and memberships as Popolo JSON (popoloproject.com)",
        description="Memberships are appointments to outside bodies, posts held, and the body each"
        " person works for. Ids (person/12, organization/5) are the same in every export.",
    )
    popolo.add_argument("-o", "--output", type=Path, required=True, help="the .json file to write")
    popolo.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    popolo.set_defaults(run=run_popolo)
    positions = kinds.add_parser(
        "positions",
        help="every stakeholder's stances (with their history), influence, interest and engagement",
        description="One row a stance, oldest first, with the assessment of its stakeholder beside it;"
        " then the assessments with no stance. .csv or .xlsx, by the file's suffix.",
    )
    positions.add_argument("-o", "--output", type=Path, required=True, help="the .csv or .xlsx file to write")
    positions.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    positions.set_defaults(run=run_positions)
    from cli import records

    records.add_export_parser(kinds)


def run_table(arguments: argparse.Namespace) -> int:
    from cli import UsageError
    from tracker.io.exports import sheet, write_sheet

    path: Path = arguments.output
    if path.suffix.lower() != arguments.suffix:
        raise UsageError(f"cannot write {path}: `export {arguments.export}` writes a {arguments.suffix} file")
    outputs._place(path)
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            table = sheet(session, arguments.what)
    finally:
        database.close()
    written = write_sheet(table, path)
    print(f"Wrote {written}: {len(table.rows)} {arguments.what}.")
    return 0


def run_positions(arguments: argparse.Namespace) -> int:
    from tracker.io.exports import SUFFIXES, write_sheet
    from tracker.stakeholders.positions import positions_sheet

    path: Path = arguments.output
    if path.suffix.lower() not in SUFFIXES:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        raise DomainError(f"cannot write {path}: positions are written as .csv or .xlsx, not {given}")
    outputs._place(path)
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            table = positions_sheet(session)
    finally:
        database.close()
    written = write_sheet(table, path)
    print(f"Wrote {written}: {len(table.rows)} positions.")
    return 0


def run_popolo(arguments: argparse.Namespace) -> int:
    from tracker.io.exports import counts, popolo, write_popolo

    path: Path = arguments.output
    outputs._place(path)
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            document = popolo(session)
    finally:
        database.close()
    written = write_popolo(document, path)
    print(f"Wrote {written}: {counts(document)}.")
    return 0


def _output(path: Path) -> Path:
    accepted = (*GRAPH_SUFFIXES, *PICTURE_SUFFIXES)
    if path.suffix.lower() not in accepted:
        given = f"“{path.suffix}” files" if path.suffix else "files without a suffix"
        names = f"{', '.join(accepted[:-1])} or {accepted[-1]}"
        raise DomainError(f"cannot write {path}: the graph is written as {names}, not {given}")
    outputs._place(path)
    return path


def _theme_ids(session: Session, names: list[str]) -> tuple[int, ...]:
    held = {n.lower(): i for i, n in session.execute(select(Theme.id, Theme.name))}
    ids = []
    for name in names:
        wanted = " ".join(name.split()).lower()
        if wanted not in held:
            known = session.scalars(select(Theme.name).order_by(func.lower(Theme.name))).all()
            raise NotFound(f"No theme is called “{name}”. The themes are: {', '.join(known)}.")
        ids.append(held[wanted])
    return tuple(ids)


def _focus(session: Session, g: nx.Graph, name: str) -> str:
    """The node a name means: a body by name, acronym or alias, else the one label that matches."""
    from tracker.graph.build import body_node, search_nodes

    bodies = organisations.ids_by_names(session, [name])
    if name in bodies and body_node(bodies[name]) in g:
        return body_node(bodies[name])
    found = search_nodes(g, name)
    if not found:
        raise NotFound(f"No person, body or bill in the graph is called “{name}”.")
    exact = [n for n in found if g.nodes[n]["label"].lower() == name.strip().lower()]
    if len(exact) == 1 or len(found) == 1:
        return exact[0] if exact else found[0]
    labels = ", ".join(g.nodes[n]["label"] for n in found[:3])
    raise NotFound(f"“{name}” matches more than one node: {labels}. Give the full name.")


def _picture(g: nx.Graph, path: Path) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from tracker.graph.drawing import draw
    from tracker.graph.layout import layout

    figure = Figure(figsize=(12, 9), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    draw(g, layout(g), axes)
    axes.set_axis_off()
    figure.tight_layout()

    def render(stream: IO[bytes]) -> None:
        figure.savefig(stream, format=path.suffix.lower().lstrip("."))

    return write_whole(path, render)


def run(arguments: argparse.Namespace) -> int:
    from cli import UsageError
    from tracker.graph.build import GraphFilter, build_graph, focus_on, node_kinds
    from tracker.graph.export import write_graph

    path = _output(arguments.output)
    if arguments.since and arguments.until and arguments.until < arguments.since:
        raise UsageError(f"--until {arguments.until} is before --since {arguments.since}")
    if arguments.depth < 0:
        raise UsageError("--depth must be 0 or more")
    kinds = node_kinds(arguments.kinds.split(",")) if arguments.kinds else None
    database = open_database(arguments.db, create=False)
    try:
        with database.reading() as session:
            flt = GraphFilter(
                since=arguments.since,
                until=arguments.until,
                theme_ids=_theme_ids(session, arguments.theme),
                min_strength=arguments.min_strength,
            )
            if kinds is not None:
                flt = replace(flt, kinds=kinds)
            g = build_graph(session, flt, arguments.as_of or date.today())
            if arguments.focus:
                g = focus_on(g, _focus(session, g, arguments.focus), arguments.depth)
    finally:
        database.close()
    written = write_graph(g, path) if path.suffix.lower() in GRAPH_SUFFIXES else _picture(g, path)
    print(f"Wrote {written}: {len(g)} nodes, {g.number_of_edges()} edges.")
    return 0
