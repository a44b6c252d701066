"""Schema migrations with Alembic: one history for SQLite and PostgreSQL, run from code.

Opening a database only needs to know whether its stored revision is the head one. That is found
without importing Alembic (0.7 s of every start-up): the scripts' own `revision = "..."` and
`down_revision = ...` lines name the history, and the stored revision is one SELECT. Alembic itself
is imported only to upgrade, or to compare the schema with the models (`db check`). Nor is
SQLAlchemy needed for the history: the window compares a file's revision with the head before it
has loaded (tracker/meeting_list.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

SCRIPTS = Path(__file__).with_name("migrations")

# `revision = "0003"`, `down_revision: str | None = "0002"`, `down_revision = ("0004", "0005")`.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    if engine is not None:
        # The config is a ConfigParser: a "%" (a quoted "?" or "#" in a file's name) is doubled.
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def history() -> dict[str, tuple[str, ...]]:
    """Every revision in db/migrations/versions with the revisions it follows, read from the scripts'
    text (as Alembic reads them: one script per `.py` file directly in the versions folder)."""
    found: dict[str, tuple[str, ...]] = {}
    for script in sorted((SCRIPTS / "versions").glob("*.py")):
        assigned = {name: value for name, value in _ASSIGNMENT.findall(script.read_text(encoding="utf-8"))}
        names = _QUOTED.findall(assigned.get("revision", ""))
        if len(names) == 1:
            found[names[0]] = tuple(_QUOTED.findall(assigned.get("down_revision", "")))
    return found


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None, "db/migrations holds no revision"
    return head


def head_revision() -> str:
    revisions = history()
    followed = {down for downs in revisions.values() for down in downs}
    heads = [revision for revision in revisions if revision not in followed]
    if len(heads) == 1:
        return heads[0]
    return _alembic_head()  # no scripts, or a branched history: Alembic says what is wrong


def is_known(revision: str) -> bool:
    return revision in history()


def current_revision(engine: Engine) -> str | None:
    """The revision the database records (None if it records none), as Alembic's
    MigrationContext.get_current_revision reads it from the alembic_version table."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        stored = [str(row[0]) for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
    if len(stored) > 1:
        raise ValueError(f"The database records more than one schema revision: {', '.join(stored)}")
    return stored[0] if stored else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction, taking the write lock first.

    On SQLite, foreign keys are off while the migrations run, as SQLite's own documentation asks
    for a table rebuilt by copying (Alembic's batch mode): with them on, dropping the old table
    deleted every row that referred to it by ON DELETE CASCADE (an upgrade once emptied
    board_meetings). They are checked before the commit instead, and any broken reference rolls the
    upgrade back.
    """
    from alembic import command

    from db.engine import WRITING

    cfg = config(engine)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.dbapi_connection
        if sqlite and raw is not None:
            # Before the first statement, so outside any transaction (where the pragma is ignored).
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            # The write lock first: two Liaisons opening a new file together upgrade it once, the
            # second finding the schema already at `revision` when its turn comes.
            connection.execution_options(**{WRITING: True})
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        table, row, parent, _key = broken[0]
                        raise RuntimeError(
                            f"the upgrade to {revision} would leave {len(broken)} broken references"
                            f" (first: {table} row {row} to {parent}); nothing was changed"
                        )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


# The full-text search index of migration 0003 lives outside the models: FTS5's virtual table and
# its shadow tables on SQLite, an expression index on PostgreSQL.
_SEARCH_INDEX = ("meetings_fts", "ix_meetings_search")


def _modelled(name: str | None, type_: str, _parent: object) -> bool:
    return name is None or not (name in _SEARCH_INDEX or name.startswith("meetings_fts_"))


def differences(engine: Engine) -> list[object]:
    """What the stored schema lacks or has beyond the models (empty when they match)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"render_as_batch": True, "include_name": _modelled}
        )
        return list(compare_metadata(context, Base.metadata))
