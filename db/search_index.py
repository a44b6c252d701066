"""The meetings full-text search index's SQL, kept once: migration 0009 makes it (0003 made the first,
over three columns), `db repair` remakes it.

What is searched: the title, bodies_label, people_label, summary, outcome, notes and
follow_ups_label of the association's own meetings (return_id NULL). follow_ups_label copies the
meeting's follow-up actions, kept by triggers on follow_ups (FOLLOW_UP_TRIGGERS here; a function
and a trigger on PostgreSQL), so every write path keeps it without knowing of it.

SQLite: an FTS5 index over those columns, external content (the words are indexed, the text stays
in meetings), kept current by three triggers. FTS5's 'rebuild' would index every row of meetings,
ministers' meetings read from returns included, so the index is filled with 'delete-all' (EMPTY)
and FILL. PostgreSQL: a GIN index on the same columns as one 'simple' tsvector.

Plain strings only, no models: a migration imports this module, and must not see the live models.
"""

from __future__ import annotations

TABLE = "meetings_fts"
MIGRATION = "0009"  # the migration that made the index as it is here (named in `db check`'s findings)
COLUMN_NAMES = ("title", "bodies_label", "people_label", "summary", "outcome", "notes", "follow_ups_label")
COLUMNS = ", ".join(COLUMN_NAMES)
# remove_diacritics 2: "Gonzalez" finds "González". prefix: 1- to 3-letter prefixes are indexed,
# so the first letters typed are answered from one list rather than a merge of every word's.
TOKENIZE = "unicode61 remove_diacritics 2"

_NEW = "new.id, " + ", ".join(f"new.{c}" for c in COLUMN_NAMES)
_OLD = "'delete', old.id, " + ", ".join(f"old.{c}" for c in COLUMN_NAMES)

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
# name -> the CREATE TRIGGER statement, as migration 0009 ran it (SQLite keeps the text verbatim).
TRIGGERS = {
    "meetings_fts_insert": _INSERT,
    "meetings_fts_delete": _DELETE,
    "meetings_fts_update": _UPDATE,
}

# A meeting's follow-up actions, in their order, as one text: what the index reads of them.
_FOLLOW_UPS_OF = """(SELECT coalesce(group_concat(text, '; '), '') FROM
            (SELECT text FROM follow_ups WHERE meeting_id = {meeting} ORDER BY position, id))"""


def _follow_up_trigger(name: str, event: str, row: str) -> str:
    return f"""CREATE TRIGGER {name} AFTER {event} ON follow_ups BEGIN
        UPDATE meetings SET follow_ups_label = {_FOLLOW_UPS_OF.format(meeting=f"{row}.meeting_id")}
            WHERE id = {row}.meeting_id;
    END"""


FOLLOW_UP_TRIGGERS = {
    "follow_ups_label_insert": _follow_up_trigger("follow_ups_label_insert", "INSERT", "new"),
    "follow_ups_label_update": _follow_up_trigger(
        "follow_ups_label_update", "UPDATE OF text, position", "new"
    ),
    "follow_ups_label_delete": _follow_up_trigger("follow_ups_label_delete", "DELETE", "old"),
}
# Every meeting's follow_ups_label from its follow-ups (the migration's first fill, and `db repair`).
FILL_FOLLOW_UPS = f"UPDATE meetings SET follow_ups_label = {_FOLLOW_UPS_OF.format(meeting='meetings.id')}"

FILL = (
    f"INSERT INTO meetings_fts (rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM meetings WHERE return_id IS NULL"
)
EMPTY = "INSERT INTO meetings_fts (meetings_fts) VALUES ('delete-all')"
INTEGRITY_CHECK = "INSERT INTO meetings_fts (meetings_fts) VALUES ('integrity-check')"

POSTGRESQL_INDEX = "ix_meetings_search"
# tracker/search.py builds the same expression; PostgreSQL uses the index only when they match.
POSTGRESQL_DOCUMENT = " || ' ' || ".join(COLUMN_NAMES)
CREATE_POSTGRESQL_INDEX = (
    "CREATE INDEX ix_meetings_search ON meetings USING gin"
    f" (to_tsvector('simple'::regconfig, {POSTGRESQL_DOCUMENT}))"
)
# PostgreSQL keeps follow_ups_label with a trigger function (string_agg in place of group_concat).
POSTGRESQL_FOLLOW_UPS = [
    """CREATE OR REPLACE FUNCTION liaison_follow_ups_label() RETURNS trigger AS $$
    DECLARE
        meeting integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.meeting_id ELSE NEW.meeting_id END;
    BEGIN
        UPDATE meetings SET follow_ups_label = coalesce(
            (SELECT string_agg(text, '; ' ORDER BY position, id)
                FROM follow_ups WHERE meeting_id = meeting), '')
            WHERE id = meeting;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS follow_ups_label ON follow_ups",
    "CREATE TRIGGER follow_ups_label AFTER INSERT OR DELETE OR UPDATE OF text, position ON follow_ups"
    " FOR EACH ROW EXECUTE FUNCTION liaison_follow_ups_label()",
]
POSTGRESQL_FILL_FOLLOW_UPS = (
    "UPDATE meetings SET follow_ups_label = coalesce("
    "(SELECT string_agg(f.text, '; ' ORDER BY f.position, f.id)"
    " FROM follow_ups AS f WHERE f.meeting_id = meetings.id), '')"
)


def same_sql(stored: str | None, wanted: str) -> bool:
    """Whether a statement SQLite keeps (sqlite_master.sql) is `wanted`, spacing aside."""
    return stored is not None and " ".join(stored.split()) == " ".join(wanted.split())
