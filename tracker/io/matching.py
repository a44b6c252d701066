"""Matching the names and emails a file holds to the bodies and people Liaison already has.

Every import asks the same two questions many times over ("which body is 'the Home Office'?",
"who is r.kemp@lga.gov.uk?"), so the names are read once into memory and each answer says how
sure it is: exact (the same name, acronym, alias or email) or close (a likeness a person should
confirm), or none.

A likeness is looked for among plausible candidates only, found through indexes built once: by
surname, acronym and initials, and for names alike in their letters by rapidfuzz's Indel ratio
(2L/T, L the longest common subsequence, T the two lengths summed) computed in C over every name
held. That ratio is a sound filter, not a guess: difflib's ratio 2M/T counts M characters matched in
blocks that form a common subsequence, so M <= L, and a name whose Indel ratio is below
SIMILAR_ENOUGH cannot be alike enough by difflib's either. The candidates are then judged, in the
order the names were read, by the same rules as every other name (tracker.directory.names), so the answers
are those a comparison with every name held would give. Answers are kept per name until a name is
added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Organisation, OrganisationAlias, Person
from tracker.directory.names import (
    SIMILAR_ENOUGH,
    BodyNames,
    PersonNames,
    body_match_reason,
    display_name,
    fold,
    initials,
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


# Just below SIMILAR_ENOUGH (as rapidfuzz scores it, 0 to 100), so that a float rounded down at
# the threshold still passes: the filter may let a few too many through, never too few.
_INDEL_CUTOFF = SIMILAR_ENOUGH * 100 - 0.01


class _Likeness:
    """Names (each belonging to an entry by position), found again by likeness."""

    def __init__(self) -> None:
        self._entries: list[int] = []
        self._names: list[str] = []

    def add(self, entry: int, name: str) -> None:
        self._entries.append(entry)
        self._names.append(name)

    def entries_maybe_alike(self, name: str) -> set[int]:
        """The entries one of whose names may be SIMILAR_ENOUGH to `name` (a superset of those that are)."""
        found = process.extract(
            name, self._names, scorer=fuzz.ratio, processor=None, score_cutoff=_INDEL_CUTOFF, limit=None
        )
        return {self._entries[number] for _name, _score, number in found}


def _add_to(index: dict[str, list[int]], key: str, entry: int) -> None:
    if key:
        index.setdefault(key, []).append(entry)


class Directory:
    """The bodies and people held when the import began, and those it adds as it goes."""

    def __init__(self, session: Session) -> None:
        aliases: dict[int, list[str]] = {}
        for org_id, alias in session.execute(
            select(OrganisationAlias.organisation_id, OrganisationAlias.alias)
        ):
            aliases.setdefault(org_id, []).append(alias)
        self._bodies: list[BodyNames] = []
        self._body_exact: dict[str, int] = {}
        self._body_labels: dict[int, str] = {}
        # Bodies (by position) by acronym, by the initials of their name, by any of their names,
        # and their names by likeness: where a name that is none of theirs may find them.
        self._by_acronym: dict[str, list[int]] = {}
        self._by_initials: dict[str, list[int]] = {}
        self._by_body_name: dict[str, list[int]] = {}
        self._body_likeness = _Likeness()
        # For bodies_named_in: bodies by each of their names folded, and by their one-word names.
        self._named_index: tuple[dict[str, list[int]], dict[str, list[int]], list[int]] | None = None
        for org_id, name, acronym in session.execute(
            select(Organisation.id, Organisation.name, Organisation.acronym)
        ):
            self._add_body(BodyNames(org_id, name, acronym, tuple(aliases.get(org_id, ()))))
        self._people: list[PersonNames] = []
        self._by_email: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        self._by_label: dict[str, int] = {}
        self._person_labels: dict[int, str] = {}
        # People (by position) by email, by surname, and their names by likeness.
        self._emails: dict[str, list[int]] = {}
        self._by_surname: dict[str, list[int]] = {}
        self._person_likeness = _Likeness()
        for person_id, title, name, email in session.execute(
            select(Person.id, Person.title, Person.name, Person.email).where(Person.erased_at.is_(None))
        ):
            self._add_person(PersonNames(person_id, display_name(title, name), name, email))
        self._found_bodies: dict[str, Found] = {}
        self._found_people: dict[tuple[str, str], Found] = {}

    def _add_body(self, body: BodyNames) -> None:
        self._named_index = None
        entry = len(self._bodies)
        self._bodies.append(body)
        self._body_labels.setdefault(body.id, body.label)
        for text in (body.name, body.acronym, *body.aliases):
            if text:
                self._body_exact.setdefault(normal_body_name(text), body.id)
        their_acronym = fold(body.acronym).replace(" ", "")
        _add_to(self._by_acronym, their_acronym, entry)
        if len(their_acronym) >= 2:
            _add_to(self._by_initials, initials(body.name), entry)
        for name in {normal_body_name(n) for n in (body.name, *body.aliases)}:
            _add_to(self._by_body_name, name, entry)
            self._body_likeness.add(entry, name)

    def _add_person(self, person: PersonNames) -> None:
        entry = len(self._people)
        self._people.append(person)
        self._person_labels.setdefault(person.id, person.label)
        email = person.email.strip().lower()
        if email:
            self._by_email.setdefault(email, person.id)
            self._emails.setdefault(email, []).append(entry)
        normal = normal_person_name(person.name)
        self._by_name.setdefault(normal, person.id)
        self._by_label.setdefault(normal_person_name(person.label), person.id)
        words = normal.split()
        if len(words) > 1:
            _add_to(self._by_surname, words[-1], entry)
        self._person_likeness.add(entry, normal)

    def body_label(self, body_id: int) -> str:
        return self._body_labels[body_id]

    def person_label(self, person_id: int) -> str:
        return self._person_labels[person_id]

    def body(self, text: str) -> Found:
        """The body a name (or acronym, or alias) means; exact lookups are a dictionary's."""
        text = text.strip()
        found = self._found_bodies.get(text)
        if found is None:
            found = self._found_bodies[text] = self._body(text)
        return found

    def knows_body(self, text: str) -> bool:
        """Whether a text is exactly the name, acronym or alias of a body held: what `body(text).exact`
        says (only the same name is exact for a text alone), without looking for likenesses."""
        return normal_body_name(text.strip()) in self._body_exact

    def _body(self, text: str) -> Found:
        if not text:
            return Found(text)
        exact = self._body_exact.get(normal_body_name(text))
        if exact is not None:
            return Found(text, exact, self.body_label(exact), Certainty.EXACT, "same name")
        found = []
        for entry in sorted(self._bodies_maybe_like(text)):
            other = self._bodies[entry]
            reason = body_match_reason(text, "", other)
            if reason:
                found.append((other.id, other.label, reason))
        if not found:
            return Found(text)
        best_id, best_label, why = rank(found)[0]
        certainty = Certainty.EXACT if why.startswith(_EXACT_BODY_REASONS) else Certainty.CLOSE
        return Found(text, best_id, best_label, certainty, why)

    def _bodies_maybe_like(self, text: str) -> set[int]:
        """Every body body_match_reason(text, "", body) can find a reason for, and a few more."""
        mine = normal_body_name(text)
        squeezed = mine.replace(" ", "")
        my_initials = initials(text)
        keys: Iterable[list[int]] = (
            self._by_body_name.get(mine, []),  # the same name
            self._by_acronym.get(squeezed, []),  # the text is its acronym
            self._by_initials.get(squeezed, []),  # the text is what its acronym stands for
        )
        entries = {entry for hits in keys for entry in hits}
        if len(my_initials) >= 2:  # the text's initials are its acronym, or one of its names
            entries.update(self._by_acronym.get(my_initials, []))
            entries.update(self._by_body_name.get(my_initials, []))
        if len(mine) >= 6:
            entries.update(self._body_likeness.entries_maybe_alike(mine))
        return entries

    def person(self, name: str, email: str = "") -> Found:
        """The person a name and/or email means: the same email is exact, so is the same name (or
        the same name and title, "Chief Constable Gareth Scott", as lists of attendees write it)."""
        name, email = name.strip(), email.strip()
        found = self._found_people.get((name, email))
        if found is None:
            found = self._found_people[(name, email)] = self._person(name, email)
        return found

    def _person(self, name: str, email: str) -> Found:
        text = name or email
        if not text:
            return Found(text)
        if email and email.lower() in self._by_email:
            person_id = self._by_email[email.lower()]
            return Found(text, person_id, self.person_label(person_id), Certainty.EXACT, "same email address")
        if name:
            normal = normal_person_name(name)
            held = self._by_name.get(normal, self._by_label.get(normal))
            if held is not None:
                return Found(text, held, self.person_label(held), Certainty.EXACT, "same name")
        if not name:
            return Found(text)
        words = normal_person_name(name).split()
        if len(words) == 1 and len(words[0]) > 1:
            # "Cllr Kemp", as the papers write a member after first mention: the one person of
            # that surname; when several share it, a question (close), never a new record unasked.
            namesakes = list(dict.fromkeys(self._people[e].id for e in self._by_surname.get(words[0], [])))
            if len(namesakes) == 1:
                label = self.person_label(namesakes[0])
                return Found(
                    text, namesakes[0], label, Certainty.EXACT, f"the only person called {name.split()[-1]}"
                )
            if namesakes:
                labels = sorted(self.person_label(i) for i in namesakes)
                why = (
                    f"one of {len(namesakes)} people called {name.split()[-1]} ({'; '.join(labels)}): which?"
                )
                return Found(text, namesakes[0], self.person_label(namesakes[0]), Certainty.CLOSE, why)
        found = []
        for entry in sorted(self._people_maybe_like(name, email)):
            other = self._people[entry]
            reason = person_match_reason(name, email, other)
            if reason:
                found.append((other.id, other.label, reason))
        if not found:
            return Found(text)
        best_id, best_label, why = rank(found)[0]
        certainty = Certainty.EXACT if why in _EXACT_PERSON_REASONS else Certainty.CLOSE
        return Found(text, best_id, best_label, certainty, why)

    def _people_maybe_like(self, name: str, email: str) -> set[int]:
        """Every person person_match_reason(name, email, person) can find a reason for, and a few more."""
        entries = set(self._emails.get(email.lower(), [])) if email else set()
        words = normal_person_name(name).split()
        if not words:
            return entries
        if len(words) > 1:  # the same surname (and initial)
            entries.update(self._by_surname.get(words[-1], []))
        joined = " ".join(words)
        if len(joined) >= 8:
            entries.update(self._person_likeness.entries_maybe_alike(joined))
        return entries

    def bodies_named_in(self, text: str) -> list[Found]:
        """The bodies a line of free text names ("Meeting with APA re policing bill"). A name of
        several words is exact; one word (an acronym, "Nacro") only counts written as the body
        writes it, standing alone, and is close: short words collide with ordinary ones."""
        normal = normal_body_name(text)
        folded = f" {normal} "
        words = set(re.findall(r"\w+", text))
        found: dict[int, Found] = {}
        for entry in sorted(self._bodies_perhaps_named_in(normal, words)):
            body = self._bodies[entry]
            for name in (body.name, *body.aliases, body.acronym):
                several = len(name.split()) > 1
                if several and f" {normal_body_name(name)} " in folded:
                    found[body.id] = Found(name, body.id, body.label, Certainty.EXACT, f"“{name}” is named")
                    break
                if not several and len(name) >= 2 and name in words and body.id not in found:
                    why = f"“{name}” is mentioned"
                    found[body.id] = Found(name, body.id, body.label, Certainty.CLOSE, why)
        return list(found.values())

    def _bodies_perhaps_named_in(self, normal: str, words: set[str]) -> set[int]:
        """The bodies (by position) bodies_named_in may find in a text (its normal form and its words):
        those with a name that is a run of the text's words, or a one-word name among its words."""
        if self._named_index is None:
            phrases: dict[str, list[int]] = {}
            single: dict[str, list[int]] = {}
            for entry, body in enumerate(self._bodies):
                for name in (body.name, *body.aliases, body.acronym):
                    _add_to(phrases, normal_body_name(name) or "\x00", entry)
                    if len(name.split()) <= 1:
                        _add_to(single, name, entry)
            lengths = sorted({len(p.split()) for p in phrases})
            self._named_index = (phrases, single, lengths)
        phrases, single, lengths = self._named_index
        entries: set[int] = set(phrases.get("\x00", [])) if not normal else set()
        text_words = normal.split()
        for length in lengths:
            for start in range(len(text_words) - length + 1):
                entries.update(phrases.get(" ".join(text_words[start : start + length]), []))
        for word in words:
            entries.update(single.get(word, []))
        return entries

    def added_body(self, body_id: int, name: str, acronym: str = "") -> None:
        """Tell the directory of a body the import created, so later rows find it exactly."""
        self._add_body(BodyNames(body_id, name, acronym, ()))
        self._found_bodies.clear()

    def added_person(self, person_id: int, title: str, name: str, email: str = "") -> None:
        self._add_person(PersonNames(person_id, display_name(title, name), name, email))
        self._found_people.clear()
