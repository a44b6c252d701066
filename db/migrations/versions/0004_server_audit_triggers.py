"""server audit triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00

On PostgreSQL the server itself writes the audit trail for changes made outside Liaison (psql, a
script, another program): an AFTER INSERT/UPDATE/DELETE row trigger on every audited table writes
one audit_log row in the change's own transaction, so a change rolled back leaves none. The rows
have the application's shapes (db/audit.py), which tracker/common/history.py reads:

- create: `after` holds the whole new row; delete: `before` holds the whole old row;
- update: `before` and `after` hold only the columns whose values changed, leaving out `version`
  and `updated_at` (an update changing nothing else writes no row);
- the JSON text has its keys sorted and json.dumps' separators (history finds a child row's parent
  by the text '"meeting_id": 5'); `row_id` is the primary key's values joined by "/" ("12", "12/7");
- the actor is the transaction's `liaison.actor` setting, else the login (session_user).

Liaison writes its own entries, with what only the application knows (a meeting's themes as one
change of the meeting), and marks each of its transactions with `liaison.audit = 'application'`
(db/audit.py, set_config(..., true): for that transaction only); the trigger leaves those alone,
so each change has exactly one entry either way.

The tables are those of the schema as it stands here, but for the trail itself and Alembic's own;
a later migration adding a table adds the trigger to it with `audit_table` below (copied: a
migration keeps working as it was written). SQLite is left as it was: only Liaison writes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TRIGGER = "liaison_audit"
ROW_FUNCTION = "liaison_audit_row"
TEXT_FUNCTION = "liaison_audit_text"
VALUES_FUNCTION = "liaison_audit_values"
NOT_AUDITED = ("audit_log", "alembic_version")

# The JSON text of db/audit.py's json.dumps(..., sort_keys=True): keys in code-point order (the C
# collation orders UTF-8 bytes so), ", " and ": " between them. NULL for no values at all.
_TEXT_FUNCTION = """
CREATE FUNCTION {schema}.{text_function}(vals jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $body$
    SELECT '{{' || coalesce(
        string_agg(to_jsonb(key)::text || ': ' || value::text, ', ' ORDER BY key COLLATE "C"), ''
    ) || '}}'
    FROM jsonb_each(vals)
$body$
"""

# A row's values as db/audit.py writes them: Python's isoformat gives a second's fraction six digits
# (none for a whole second), PostgreSQL's JSON drops its trailing zeros ("10:00:00.12").
_VALUES_FUNCTION = r"""
CREATE FUNCTION {schema}.{values_function}(vals jsonb, relation oid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $body$
DECLARE
    col text;
    stamp text;
    fraction text;
BEGIN
    FOR col IN
        SELECT attname FROM pg_attribute
         WHERE attrelid = relation AND attnum > 0 AND NOT attisdropped
           AND atttypid IN ('timestamp'::regtype, 'time'::regtype)
    LOOP
        stamp := vals ->> col;
        fraction := substring(stamp FROM '\.([0-9]+)$');
        IF fraction IS NOT NULL AND length(fraction) < 6 THEN
            vals := jsonb_set(vals, ARRAY[col], to_jsonb(stamp || repeat('0', 6 - length(fraction))));
        END IF;
    END LOOP;
    RETURN vals;
END
$body$
"""

# The trigger's arguments name the table's primary-key columns, in order.
_ROW_FUNCTION = """
CREATE FUNCTION {schema}.{row_function}() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    old_row jsonb;
    new_row jsonb;
    before_values jsonb;
    after_values jsonb;
    key_row jsonb;
    key_text text;
    done text;
BEGIN
    -- Liaison's own transactions carry their own entries (db/audit.py).
    IF current_setting('liaison.audit', true) = 'application' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        new_row := {schema}.{values_function}(to_jsonb(NEW), TG_RELID);
        after_values := new_row;
        key_row := new_row;
        done := 'create';
    ELSIF TG_OP = 'DELETE' THEN
        old_row := {schema}.{values_function}(to_jsonb(OLD), TG_RELID);
        before_values := old_row;
        key_row := old_row;
        done := 'delete';
    ELSE
        old_row := {schema}.{values_function}(to_jsonb(OLD), TG_RELID);
        new_row := {schema}.{values_function}(to_jsonb(NEW), TG_RELID);
        SELECT jsonb_object_agg(n.key, o.value), jsonb_object_agg(n.key, n.value)
          INTO before_values, after_values
          FROM jsonb_each(new_row) AS n JOIN jsonb_each(old_row) AS o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value AND n.key NOT IN ('version', 'updated_at');
        IF after_values IS NULL THEN
            RETURN NULL;  -- only the version or the stamp moved: not a change anyone made
        END IF;
        key_row := old_row;
        done := 'update';
    END IF;
    SELECT string_agg(key_row ->> k.name, '/' ORDER BY k.place)
      INTO key_text
      FROM unnest(TG_ARGV) WITH ORDINALITY AS k(name, place);
    INSERT INTO {schema}.audit_log (at, actor, action, table_name, row_id, before, after)
    VALUES (
        statement_timestamp() AT TIME ZONE 'UTC',
        left(coalesce(nullif(current_setting('liaison.actor', true), ''), session_user), 120),
        done,
        TG_TABLE_NAME,
        key_text,
        {schema}.{text_function}(before_values),
        {schema}.{text_function}(after_values)
    );
    RETURN NULL;
END
$body$
"""


def _quote(name: str) -> str:
    return str(op.get_bind().dialect.identifier_preparer.quote(name))


def _schema() -> str:
    return _quote(str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def audit_table(table: str) -> None:
    """Put the audit trigger on one table (PostgreSQL only)."""
    bind = op.get_bind()
    keys = sa.inspect(bind).get_pk_constraint(table)["constrained_columns"]
    arguments = ", ".join(_literal(k) for k in keys)
    bind.exec_driver_sql(
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {_schema()}.{_quote(table)}"
        f" FOR EACH ROW EXECUTE FUNCTION {_schema()}.{ROW_FUNCTION}({arguments})"
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    names = {
        "schema": _schema(),
        "row_function": ROW_FUNCTION,
        "text_function": TEXT_FUNCTION,
        "values_function": VALUES_FUNCTION,
    }
    bind.exec_driver_sql(_TEXT_FUNCTION.format(**names))
    bind.exec_driver_sql(_VALUES_FUNCTION.format(**names))
    bind.exec_driver_sql(_ROW_FUNCTION.format(**names))
    for table in sorted(sa.inspect(bind).get_table_names()):
        if table not in NOT_AUDITED:
            audit_table(table)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    audited = bind.exec_driver_sql(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        f" WHERE t.tgname = {_literal(TRIGGER)} AND n.nspname = current_schema()"
    ).scalars()
    schema = _schema()
    for table in sorted(str(t) for t in audited):
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {schema}.{_quote(table)}")
    bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {schema}.{ROW_FUNCTION}()")
    bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {schema}.{TEXT_FUNCTION}(jsonb)")
    bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {schema}.{VALUES_FUNCTION}(jsonb, oid)")
