"""The meetings full-text search index's SQL, kept once: migration 0003 creates it, `db repair` remakes it.

SQLite: an FTS5 index over the title, bodies_label and people_label of the association's own
meetings (return_id NULL), external content (the words are indexed, the text stays in meetings),
kept current by three triggers. FTS5's 'rebuild' would index every row of meetings, ministers'
meetings read from returns included, so the index is filled with 'delete-all' (EMPTY) and FILL.
PostgreSQL: a GIN index on the same three columns as a 'simple' tsvector.

Plain strings only, no models: a migration imports this module, and must not see the live models.
"""

from __future__ import annotations

TABLE = "meetings_fts"
COLUMNS = "title, bodies_label, people_label"
# remove_diacritics 2: "Gonzalez" finds "González". prefix: 1- to 3-letter prefixes are indexed,
# so the first letters typed are answered from one list rather than a merge of every word's.
TOKENIZE = "unicode61 remove_diacritics 2"

_NEW = "new.id, new.title, new.bodies_label, new.people_label"
_OLD = "'delete', old.id, old.title, old.bodies_label, old.people_label"

CREATE_TABLE = f"""CREATE VIRTUAL TABLE meetings_fts USING fts5(
        {COLUMNS}, content='meetings', content_rowid='id',
        tokenize='{TOKENIZE}', prefix='1 2 3')"""

_INSERT = f"""CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings WHEN new.return_id IS NULL BEGIN
        INSERT INTO meetings_fts (rowid, {COLUMNS}) VALUES ({_NEW});
    END"""
_DELETE = f"""CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings WHEN old.return_id IS NULL BEGIN
        INSERT INTO meetings_fts (meetings_fts, rowid, {COLUMNS}) VALUES ({_OLD});
    END"""
# An external-content index must be told the old words to forget them: the old ones out if the
# row was indexed, the new ones in if it is to be (in this order, in one trigger).
_UPDATE = f"""CREATE TRIGGER meetings_fts_update AFTER UPDATE OF {COLUMNS}, return_id ON meetings BEGIN
        INSERT INTO meetings_fts (meetings_fts, rowid, {COLUMNS})
            SELECT {_OLD} WHERE old.return_id IS NULL;
        INSERT INTO meetings_fts (rowid, {COLUMNS}) SELECT {_NEW} WHERE new.return_id IS NULL;
    END"""
# name -> the CREATE TRIGGER statement, as migration 0003 ran it (SQLite keeps the text verbatim).
TRIGGERS = {
    "meetings_fts_insert": _INSERT,
    "meetings_fts_delete": _DELETE,
    "meetings_fts_update": _UPDATE,
}

FILL = (
    f"INSERT INTO meetings_fts (rowid, {COLUMNS})"
    f" SELECT id, {COLUMNS} FROM meetings WHERE return_id IS NULL"
)
EMPTY = "INSERT INTO meetings_fts (meetings_fts) VALUES ('delete-all')"
INTEGRITY_CHECK = "INSERT INTO meetings_fts (meetings_fts) VALUES ('integrity-check')"

POSTGRESQL_INDEX = "ix_meetings_search"
# tracker/search.py builds the same expression; PostgreSQL uses the index only when they match.
CREATE_POSTGRESQL_INDEX = (
    "CREATE INDEX ix_meetings_search ON meetings USING gin"
    " (to_tsvector('simple'::regconfig, title || ' ' || bodies_label || ' ' || people_label))"
)


def same_sql(stored: str | None, wanted: str) -> bool:
    """Whether a statement SQLite keeps (sqlite_master.sql) is `wanted`, spacing aside."""
    return stored is not None and " ".join(stored.split()) == " ".join(wanted.split())
