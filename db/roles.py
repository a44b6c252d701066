"""Who may do what on a shared PostgreSQL database: the group roles, their grants, and a login's access.

Three group roles, each holding the one before it:

- liaison_member reads the records: meetings, bodies, people, duties, bills, boards (what "my
  duties", the reports and the graph need). Of the history (audit_log) a member sees who changed
  which record and when, but not the values before and after: those hold whatever a record held,
  including a confidential meeting's summary or a person's contact details since erased.
- liaison_officer also keeps the records officers keep: meetings and everything linked to them,
  organisations, themes, bills, their stages and asks, imported returns. An officer may add a
  person (an outside contact met at a meeting) but not change or delete one.
- liaison_admin also manages boards, people, positions and appointments, and may put logins into
  the three roles.

The history (audit_log) is written in the same transaction as each change, so writers may INSERT
into it; nobody but the tables' owner may UPDATE or DELETE it, so it cannot be edited from the
application. A change made outside Liaison (psql, a script) is written into it by the server's own
trigger (migration 0004) under the login's name; only the owner may disable or drop the trigger.
The database enforces all of this whatever the window shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from db.errors import DomainError

MEMBER = "liaison_member"
OFFICER = "liaison_officer"
ADMIN = "liaison_admin"
ROLES = (MEMBER, OFFICER, ADMIN)

# Tables only an administrator may change.
ADMIN_TABLES = ("boards", "board_meetings", "people", "positions", "appointments")
# Of those, the ones an officer may add to (a new outside contact, with the post they hold).
OFFICER_MAY_ADD = ("people", "positions")
# Written only by the application's own machinery.
AUDIT_TABLE = "audit_log"
SCHEMA_TABLE = "alembic_version"
# The history's columns a member may read: what changed and when, not the values.
AUDIT_COLUMNS_FOR_MEMBERS = ("id", "at", "actor", "action", "table_name", "row_id")

_LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


@dataclass(frozen=True)
class Access:
    """What the connected login may do: read, keep records, manage boards, people and appointments."""

    role: str
    can_edit: bool
    can_administer: bool

    @property
    def read_only(self) -> bool:
        return not self.can_edit


FULL_ACCESS = Access(role="owner", can_edit=True, can_administer=True)


def access(connection: Connection) -> Access:
    """Ask the database what the connected login may do (a SQLite file: everything)."""
    if connection.dialect.name != "postgresql":
        return FULL_ACCESS
    if connection.execute(text("SELECT to_regclass('meetings')")).scalar() is None:
        return FULL_ACCESS  # no schema yet: whoever creates it will own it
    row = connection.execute(
        text(
            "SELECT has_table_privilege('meetings', 'INSERT') AS edit,"
            " has_table_privilege('appointments', 'INSERT') AS administer,"
            " has_table_privilege('meetings', 'SELECT') AS read,"
            " (SELECT tableowner = current_user OR (SELECT rolsuper FROM pg_roles"
            "   WHERE rolname = current_user) FROM pg_tables WHERE tablename = 'meetings'"
            "   AND schemaname = current_schema()) AS owner"
        )
    ).one()
    if row.owner:
        return FULL_ACCESS
    if row.administer and row.edit:
        return Access(role="administrator", can_edit=True, can_administer=True)
    if row.edit:
        return Access(role="officer", can_edit=True, can_administer=False)
    return Access(role="member" if row.read else "no access", can_edit=False, can_administer=False)


class NotPermitted(DomainError):
    """The database refused a change the connected login has no right to make; nothing was saved."""


def refusal(message: str, where: str, login: str) -> NotPermitted:
    """The user's words for PostgreSQL's "permission denied for table meetings"."""
    found = re.search(r"permission denied for (?:table|relation|sequence) (\w+)", message)
    what = f"the {found.group(1).replace('_', ' ')} records" if found else "this database"
    return NotPermitted(
        f"Nothing was saved: your login ({login}) may read {where} but not change {what}."
        " Ask an administrator for the officer or administrator role if you need to."
    )


class GrantRefused(Exception):
    """The roles could not be set up or a login could not be added; nothing was changed."""


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def _existing_roles(connection: Connection) -> set[str]:
    rows = connection.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'liaison\\_%'"))
    return {str(name) for name in rows.scalars()}


def _tables(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    )
    return [str(name) for name in rows.scalars()]


def is_set_up(engine: Engine) -> bool:
    """Whether the server has Liaison's three roles (never, for a SQLite file)."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as connection:
        return not set(ROLES) - _existing_roles(connection)


def set_up(engine: Engine) -> list[str]:
    """Create the three group roles if missing and (re)grant their privileges on every table.

    Run by the tables' owner (whoever ran `db upgrade`), and again after an upgrade that adds
    tables. Returns what was done, one line a role.
    """
    _require_postgresql(engine)
    with engine.begin() as connection:
        owner = connection.execute(
            text(
                "SELECT tableowner = current_user OR (SELECT rolsuper FROM pg_roles"
                " WHERE rolname = current_user) FROM pg_tables"
                " WHERE tablename = 'meetings' AND schemaname = current_schema()"
            )
        ).scalar()
        if owner is None:
            raise GrantRefused("the database holds no Liaison tables yet: run `db upgrade` first")
        if not owner:
            raise GrantRefused(
                "only the owner of Liaison's tables (who ran `db upgrade`) can set up the roles"
            )
        existing = _existing_roles(connection)
        created = [role for role in ROLES if role not in existing]
        for role in created:
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        if OFFICER not in existing or MEMBER not in existing:
            connection.execute(text(f"GRANT {MEMBER} TO {OFFICER}"))
        if ADMIN not in existing or OFFICER not in existing:
            connection.execute(text(f"GRANT {OFFICER} TO {ADMIN}"))
        database = _quote(connection, str(connection.execute(text("SELECT current_database()")).scalar()))
        schema = _quote(connection, str(connection.execute(text("SELECT current_schema()")).scalar()))
        connection.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {MEMBER}"))
        connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {MEMBER}"))
        tables = _tables(connection)
        everything = ", ".join(_quote(connection, t) for t in tables)
        # Start from nothing, so that running it again leaves exactly these grants.
        connection.execute(text(f"REVOKE ALL ON {everything} FROM {MEMBER}, {OFFICER}, {ADMIN}"))
        connection.execute(
            text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {MEMBER}, {OFFICER}, {ADMIN}")
        )
        readable = [t for t in tables if t != AUDIT_TABLE]
        connection.execute(
            text(f"GRANT SELECT ON {', '.join(_quote(connection, t) for t in readable)} TO {MEMBER}")
        )
        if AUDIT_TABLE in tables:
            columns = ", ".join(AUDIT_COLUMNS_FOR_MEMBERS)
            connection.execute(text(f"GRANT SELECT ({columns}) ON {AUDIT_TABLE} TO {MEMBER}"))
            connection.execute(text(f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {OFFICER}"))
        kept = [t for t in tables if t not in (*ADMIN_TABLES, AUDIT_TABLE, SCHEMA_TABLE)]
        if kept:
            names = ", ".join(_quote(connection, t) for t in kept)
            connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {names} TO {OFFICER}"))
        added = [t for t in OFFICER_MAY_ADD if t in tables]
        if added:
            connection.execute(text(f"GRANT INSERT ON {', '.join(added)} TO {OFFICER}"))
        managed = [t for t in ADMIN_TABLES if t in tables]
        if managed:
            connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(managed)} TO {ADMIN}"))
        connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {OFFICER}"))
    done = [f"{role}: created" for role in created]
    done.append(f"{MEMBER}: reads every table; of {AUDIT_TABLE} only who, when and which record")
    done.append(
        f"{OFFICER}: also adds, changes and deletes meetings, organisations, themes, bills and asks;"
        " adds people"
    )
    done.append(f"{ADMIN}: also manages boards, people, positions and appointments, and these roles")
    done.append(
        f"{AUDIT_TABLE}: written with each change, in Liaison or not; only the owner may change or delete it"
    )
    return done


def add_login(engine: Engine, login: str, role: str) -> str:
    """Give a login one of the three roles (and no other); an administrator may then add logins too."""
    _require_postgresql(engine)
    if role not in ROLES:
        raise GrantRefused(f"{role} is not one of Liaison's roles ({', '.join(ROLES)})")
    if not _LOGIN.match(login):
        raise GrantRefused(f"“{login}” is not a login name")
    try:
        with engine.begin() as connection:
            _add_login(connection, login, role)
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        raise GrantRefused(
            "only an administrator (or the owner) may give logins their roles; nothing was changed"
        ) from error
    word = {MEMBER: "a member (reads)", OFFICER: "an officer (keeps records)", ADMIN: "an administrator"}
    return f"{login} is now {word[role]}"


def _add_login(connection: Connection, login: str, role: str) -> None:
    if set(ROLES) - _existing_roles(connection):
        raise GrantRefused("the roles are not set up yet: the owner runs `db grant` first")
    can_login = connection.execute(
        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login}
    ).scalar()
    if can_login is None:
        raise GrantRefused(
            f"the server has no login “{login}”; create it first"
            f" (CREATE ROLE {_quote(connection, login)} LOGIN PASSWORD '...')"
        )
    quoted = _quote(connection, login)
    for other in ROLES:
        if other != role:
            connection.execute(text(f"REVOKE {other} FROM {quoted}"))
    if role == ADMIN:
        connection.execute(text(f"GRANT {', '.join(ROLES)} TO {quoted} WITH ADMIN OPTION"))
    else:
        connection.execute(text(f"GRANT {role} TO {quoted}"))


def _require_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise GrantRefused(
            "roles are for a shared PostgreSQL database; a SQLite file is one person's,"
            " protected by the file's own permissions"
        )
