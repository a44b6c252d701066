"""Matching the names and emails a file holds to the bodies and people Liaison already has.

Every import asks the same two questions many times over ("which body is 'the Home Office'?",
"who is r.kemp@lga.gov.uk?"), so the names are read once into memory and each answer says how
sure it is: exact (the same name, acronym, alias or email) or close (a likeness a person should
confirm), or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Organisation, OrganisationAlias, Person
from tracker.names import (
    BodyNames,
    PersonNames,
    body_match_reason,
    display_name,
    normal_body_name,
    normal_person_name,
    person_match_reason,
    rank,
)


class Certainty(StrEnum):
    EXACT = "exact"
    CLOSE = "close"
    NONE = "none"


@dataclass(frozen=True)
class Found:
    """What a name in a file was matched to: a record's id and label, how surely, and why."""

    text: str
    id: int | None = None
    label: str = ""
    certainty: Certainty = Certainty.NONE
    reason: str = ""

    @property
    def exact(self) -> bool:
        return self.certainty is Certainty.EXACT

    def describe(self) -> str:
        """“Home Office (exact)”, “Association of Police Authorities (close: APA stands for …)”, or
        “new: Safer Streets Trust”."""
        if self.id is None:
            return f"new: {self.text}"
        if self.exact:
            return f"{self.label} (exact)"
        return f"{self.label} (close: {self.reason})"


_EXACT_BODY_REASONS = ("same name", "same acronym")
_EXACT_PERSON_REASONS = ("same email address", "same name")


class Directory:
    """The bodies and people held when the import began, and those it adds as it goes."""

    def __init__(self, session: Session) -> None:
        aliases: dict[int, list[str]] = {}
        for org_id, alias in session.execute(
            select(OrganisationAlias.organisation_id, OrganisationAlias.alias)
        ):
            aliases.setdefault(org_id, []).append(alias)
        self._bodies = [
            BodyNames(org_id, name, acronym, tuple(aliases.get(org_id, ())))
            for org_id, name, acronym in session.execute(
                select(Organisation.id, Organisation.name, Organisation.acronym)
            )
        ]
        self._body_exact: dict[str, int] = {}
        for body in self._bodies:
            self._index_body(body)
        self._people = [
            PersonNames(person_id, display_name(title, name), name, email)
            for person_id, title, name, email in session.execute(
                select(Person.id, Person.title, Person.name, Person.email).where(Person.erased_at.is_(None))
            )
        ]
        self._by_email: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        for person in self._people:
            self._index_person(person)

    def _index_body(self, body: BodyNames) -> None:
        for text in (body.name, body.acronym, *body.aliases):
            if text:
                self._body_exact.setdefault(normal_body_name(text), body.id)

    def _index_person(self, person: PersonNames) -> None:
        if person.email.strip():
            self._by_email.setdefault(person.email.strip().lower(), person.id)
        self._by_name.setdefault(normal_person_name(person.name), person.id)

    def body_label(self, body_id: int) -> str:
        return next(b.label for b in self._bodies if b.id == body_id)

    def person_label(self, person_id: int) -> str:
        return next(p.label for p in self._people if p.id == person_id)

    def body(self, text: str) -> Found:
        """The body a name (or acronym, or alias) means; exact lookups are a dictionary's."""
        text = text.strip()
        if not text:
            return Found(text)
        exact = self._body_exact.get(normal_body_name(text))
        if exact is not None:
            return Found(text, exact, self.body_label(exact), Certainty.EXACT, "same name")
        found = []
        for other in self._bodies:
            reason = body_match_reason(text, "", other)
            if reason:
                found.append((other.id, other.label, reason))
        if not found:
            return Found(text)
        best_id, best_label, why = rank(found)[0]
        certainty = Certainty.EXACT if why.startswith(_EXACT_BODY_REASONS) else Certainty.CLOSE
        return Found(text, best_id, best_label, certainty, why)

    def person(self, name: str, email: str = "") -> Found:
        """The person a name and/or email means: the same email is exact, so is the same name."""
        name, email = name.strip(), email.strip()
        text = name or email
        if not text:
            return Found(text)
        if email and email.lower() in self._by_email:
            person_id = self._by_email[email.lower()]
            return Found(text, person_id, self.person_label(person_id), Certainty.EXACT, "same email address")
        if name and normal_person_name(name) in self._by_name:
            person_id = self._by_name[normal_person_name(name)]
            return Found(text, person_id, self.person_label(person_id), Certainty.EXACT, "same name")
        if not name:
            return Found(text)
        found = []
        for other in self._people:
            reason = person_match_reason(name, email, other)
            if reason:
                found.append((other.id, other.label, reason))
        if not found:
            return Found(text)
        best_id, best_label, why = rank(found)[0]
        certainty = Certainty.EXACT if why in _EXACT_PERSON_REASONS else Certainty.CLOSE
        return Found(text, best_id, best_label, certainty, why)

    def bodies_named_in(self, text: str) -> list[Found]:
        """The bodies a line of free text names ("Meeting with APA re policing bill"). A name of
        several words is exact; one word (an acronym, "Nacro") only counts written as the body
        writes it, standing alone, and is close: short words collide with ordinary ones."""
        folded = f" {normal_body_name(text)} "
        words = set(re.findall(r"\w+", text))
        found: dict[int, Found] = {}
        for body in self._bodies:
            for name in (body.name, *body.aliases, body.acronym):
                several = len(name.split()) > 1
                if several and f" {normal_body_name(name)} " in folded:
                    found[body.id] = Found(name, body.id, body.label, Certainty.EXACT, f"“{name}” is named")
                    break
                if not several and len(name) >= 2 and name in words and body.id not in found:
                    why = f"“{name}” is mentioned"
                    found[body.id] = Found(name, body.id, body.label, Certainty.CLOSE, why)
        return list(found.values())

    def added_body(self, body_id: int, name: str, acronym: str = "") -> None:
        """Tell the directory of a body the import created, so later rows find it exactly."""
        body = BodyNames(body_id, name, acronym, ())
        self._bodies.append(body)
        self._index_body(body)

    def added_person(self, person_id: int, title: str, name: str, email: str = "") -> None:
        person = PersonNames(person_id, display_name(title, name), name, email)
        self._people.append(person)
        self._index_person(person)
