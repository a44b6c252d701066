"""Schema migrations with Alembic: one history for SQLite and PostgreSQL, run from code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.models import Base

SCRIPTS = Path(__file__).with_name("migrations")


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    if engine is not None:
        # The config is a ConfigParser: a "%" (a quoted "?" or "#" in a file's name) is doubled.
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None, "db/migrations holds no revision"
    return head


def is_known(revision: str) -> bool:
    return any(s.revision == revision for s in ScriptDirectory.from_config(config()).walk_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


# The full-text search index of migration 0003 lives outside the models: FTS5's virtual table and
# its shadow tables on SQLite, an expression index on PostgreSQL.
_SEARCH_INDEX = ("meetings_fts", "ix_meetings_search")


def _modelled(name: str | None, type_: str, _parent: object) -> bool:
    return name is None or not (name in _SEARCH_INDEX or name.startswith("meetings_fts_"))


def differences(engine: Engine) -> list[object]:
    """What the stored schema lacks or has beyond the models (empty when they match)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"render_as_batch": True, "include_name": _modelled}
        )
        return list(compare_metadata(context, Base.metadata))
