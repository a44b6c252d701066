"""Themes: the board's work streams (CDRP reform, reducing re-offending, community cohesion...)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import MeetingTheme, Theme
from tracker.common.errors import EditConflict, InUse, InvalidRecord, NotFound


@dataclass(frozen=True)
class ThemeDraft:
    name: str
    description: str = ""
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class ThemeRow:
    id: int
    name: str
    description: str
    meetings: int


def _get(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(f"Theme #{theme_id} no longer exists.")
    return theme


def _validate(session: Session, draft: ThemeDraft) -> None:
    if not draft.name:
        raise InvalidRecord({"name": "A theme needs a name."})
    same = session.scalar(
        select(Theme.id).where(func.lower(Theme.name) == draft.name.lower(), Theme.id != (draft.id or -1))
    )
    if same is not None:
        raise InvalidRecord({"name": f"There is already a theme called “{draft.name}”."})


def _draft(theme: Theme) -> ThemeDraft:
    return ThemeDraft(theme.name, theme.description, theme.id, theme.version)


def create(session: Session, draft: ThemeDraft) -> ThemeDraft:
    draft = replace(draft, name=" ".join(draft.name.split()), description=draft.description.strip(), id=None)
    _validate(session, draft)
    theme = Theme(name=draft.name, description=draft.description)
    session.add(theme)
    session.flush()
    return _draft(theme)


def update(session: Session, draft: ThemeDraft) -> ThemeDraft:
    if draft.id is None:
        raise NotFound("That theme has not been saved yet.")
    draft = replace(draft, name=" ".join(draft.name.split()), description=draft.description.strip())
    assert draft.id is not None
    theme = _get(session, draft.id)
    if draft.version is not None and draft.version != theme.version:
        raise EditConflict(f"The theme “{theme.name}” was changed by someone else; nothing was saved.")
    _validate(session, draft)
    theme.name, theme.description = draft.name, draft.description
    session.flush()
    return _draft(theme)


def get(session: Session, theme_id: int) -> ThemeDraft:
    return _draft(_get(session, theme_id))


def delete(session: Session, theme_id: int) -> ThemeDraft:
    theme = _get(session, theme_id)
    used = session.scalar(select(func.count()).where(MeetingTheme.theme_id == theme_id)) or 0
    if used:
        raise InUse(
            f"The theme “{theme.name}” is on {used} meeting{'s' if used != 1 else ''}; it cannot be deleted."
        )
    snapshot = _draft(theme)
    session.delete(theme)
    session.flush()
    return snapshot


def restore(session: Session, snapshot: ThemeDraft) -> ThemeDraft:
    if snapshot.id is None or session.get(Theme, snapshot.id) is not None:
        raise InUse("That theme is already present.")
    theme = Theme(id=snapshot.id, name=snapshot.name, description=snapshot.description)
    session.add(theme)
    session.flush()
    return _draft(theme)


def all_rows(session: Session) -> list[ThemeRow]:
    """Every theme with how many meetings carry it (a short list: the view sorts it itself)."""
    used = select(func.count()).where(MeetingTheme.theme_id == Theme.id).correlate(Theme).scalar_subquery()
    return [
        ThemeRow(*row)
        for row in session.execute(
            select(Theme.id, Theme.name, Theme.description, used).order_by(func.lower(Theme.name))
        )
    ]
