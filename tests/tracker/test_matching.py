"""Matching names to the bodies and people held gives the answers a comparison with every name held
gives, though it compares only the plausible candidates its indexes find."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Organisation, OrganisationAlias, Person
from db.vocabulary import PersonKind
from tracker.directory import people
from tracker.directory.names import (
    SIMILAR_ENOUGH,
    BodyNames,
    PersonNames,
    body_match_reason,
    display_name,
    normal_body_name,
    normal_person_name,
    person_match_reason,
    rank,
    similarity,
)
from tracker.directory.people import PersonDraft
from tracker.io.matching import Certainty, Directory, Found, _Likeness

from .conftest import Directory as SeedDirectory


class _EveryName:
    """The matching as it was: every name held compared with every name asked about."""

    def __init__(self, session: Session) -> None:
        aliases: dict[int, list[str]] = {}
        for org_id, alias in session.execute(
            select(OrganisationAlias.organisation_id, OrganisationAlias.alias)
        ):
            aliases.setdefault(org_id, []).append(alias)
        self.bodies = [
            BodyNames(i, name, acronym, tuple(aliases.get(i, ())))
            for i, name, acronym in session.execute(
                select(Organisation.id, Organisation.name, Organisation.acronym)
            )
        ]
        self.people = [
            PersonNames(i, display_name(title, name), name, email)
            for i, title, name, email in session.execute(
                select(Person.id, Person.title, Person.name, Person.email).where(Person.erased_at.is_(None))
            )
        ]

    def body(self, text: str) -> tuple[int | None, str, str]:
        text = text.strip()
        for body in self.bodies:
            if normal_body_name(text) in {
                normal_body_name(n) for n in (body.name, body.acronym, *body.aliases) if n
            }:
                return body.id, Certainty.EXACT, "same name"
        found = [(b.id, b.label, r) for b in self.bodies if (r := body_match_reason(text, "", b))]
        if not found:
            return None, Certainty.NONE, ""
        best_id, _label, why = rank(found)[0]
        exact = why.startswith(("same name", "same acronym"))
        return best_id, Certainty.EXACT if exact else Certainty.CLOSE, why

    def person(self, name: str) -> tuple[int | None, str, str]:
        name = name.strip()
        for person in self.people:
            if normal_person_name(name) in (
                normal_person_name(person.name),
                normal_person_name(person.label),
            ):
                return person.id, Certainty.EXACT, "same name"
        found = [(p.id, p.label, r) for p in self.people if (r := person_match_reason(name, "", p))]
        if not found:
            return None, Certainty.NONE, ""
        best_id, _label, why = rank(found)[0]
        exact = why in ("same email address", "same name")
        return best_id, Certainty.EXACT if exact else Certainty.CLOSE, why


def _answer(found: Found) -> tuple[int | None, str, str]:
    return found.id, found.certainty, found.reason


def _misspelt(rng: random.Random, text: str) -> str:
    """The text with a letter dropped, doubled, changed or two swapped, or a word dropped."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    how = rng.randrange(5)
    if how == 0:
        return text[:at] + text[at + 1 :]
    if how == 1:
        return text[:at] + text[at] + text[at:]
    if how == 2:
        return text[:at] + rng.choice("aeiourstn") + text[at + 1 :]
    if how == 3:
        return text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :]
    words = text.split()
    return " ".join(words[:-1]) if len(words) > 2 else text


def test_the_demo_directory_gives_the_answers_every_name_compared_gives(demo_database: Database) -> None:
    rng = random.Random(9)
    with demo_database.session() as s:
        directory = Directory(s)
        everyone = _EveryName(s)
    body_texts = {"", "  ", "Home Ofice", "the home office", "APA", "Nacro", "Safer Streets Trust"}
    for body in everyone.bodies:
        for text in (body.name, body.acronym, *body.aliases):
            if text:
                body_texts.update({text, text.upper(), _misspelt(rng, text), _misspelt(rng, text)})
        words = [w for w in body.name.split() if w[0].isupper()]
        body_texts.add("".join(w[0] for w in words))
    person_texts = {"", "Cllr R Kemp", "Richard Kempe", "Someone Else Entirely"}
    for person in everyone.people:
        first, *rest = person.name.split() or [""]
        person_texts.update(
            {person.name, person.label, _misspelt(rng, person.name), _misspelt(rng, person.label)}
        )
        if rest:
            person_texts.add(f"{first[0]} {rest[-1]}")
            person_texts.add(f"{first} {_misspelt(rng, rest[-1])}")

    assert len(body_texts) > 300 and len(person_texts) > 80
    for text in sorted(body_texts):
        assert _answer(directory.body(text)) == everyone.body(text), text
    for text in sorted(person_texts):
        assert _answer(directory.person(text)) == everyone.person(text), text
    # Close and missing answers are among them, not only exact ones.
    answers = {directory.body(t).certainty for t in body_texts} | {
        directory.person(t).certainty for t in person_texts
    }
    assert answers == {Certainty.EXACT, Certainty.CLOSE, Certainty.NONE}


def test_a_person_written_with_a_title_of_several_words_is_found_exactly(database: Database) -> None:
    with database.session() as s:
        chief = people.create(s, PersonDraft("Gareth Scott", PersonKind.CONTACT, title="Chief Constable")).id
        directory = Directory(s)

    found = directory.person("Chief Constable Gareth Scott")
    assert (found.id, found.certainty, found.reason) == (chief, Certainty.EXACT, "same name")
    assert directory.person("Gareth Scott").id == chief


def test_names_added_during_an_import_are_found_after_names_asked_before(database: Database) -> None:
    with database.session() as s:
        directory = Directory(s)
    assert directory.person("Priya Johnson").id is None
    assert directory.body("Safer Streets Trust").id is None

    directory.added_person(41, "", "Priya Johnson")
    directory.added_body(42, "Safer Streets Trust", "SST")

    assert _answer(directory.person("Priya Johnson")) == (41, Certainty.EXACT, "same name")
    assert _answer(directory.person("Priya Jonson")) == (41, Certainty.CLOSE, "a very similar name")
    assert _answer(directory.body("SST")) == (42, Certainty.EXACT, "same name")
    assert _answer(directory.body("Safer Stretts Trust")) == (
        42,
        Certainty.CLOSE,
        "SST stands for Safer Stretts Trust",
    )
    assert _answer(directory.body("Safer StreetsTrust")) == (42, Certainty.CLOSE, "a very similar name")


_LETTERS = st.text(alphabet="abcdeilnorst ", min_size=1, max_size=24)
# The index is asked about names of six letters or more (shorter ones are never "very similar").
_ASKED = st.text(alphabet="abcdeilnorst ", min_size=6, max_size=24)


@settings(max_examples=300, deadline=None)
@given(held=st.lists(_LETTERS, min_size=1, max_size=30), asked=_ASKED, seed=st.integers(0, 10**6))
def test_the_likeness_index_never_misses_a_name_alike_enough(held: list[str], asked: str, seed: int) -> None:
    rng = random.Random(seed)
    # Near misses of the name asked about, so that some held names are alike enough.
    held = held + [_misspelt(rng, asked) for _ in range(3)]
    index = _Likeness()
    for entry, name in enumerate(held):
        index.add(entry, name)

    candidates = index.entries_maybe_alike(asked)

    alike = {entry for entry, name in enumerate(held) if similarity(asked, name) >= SIMILAR_ENOUGH}
    assert alike <= candidates


def test_a_member_named_as_the_papers_do_after_first_mention_is_found(
    database: Database, directory: SeedDirectory
) -> None:
    with database.session() as s:
        names = Directory(s)
        kemp = names.person("Cllr Kemp")
        assert (kemp.id, kemp.certainty) == (directory.kemp, Certainty.EXACT)
        people.create(s, PersonDraft("Ann Kemp", PersonKind.MEMBER, title="Cllr"))
        s.flush()
        again = Directory(s).person("Cllr Kemp")
    # Two members called Kemp: asked, never matched nor created silently.
    assert again.certainty is Certainty.CLOSE and "which?" in again.reason


_WORDS = st.sampled_from(
    ["Home", "Office", "the", "The", "Police", "APA", "ACPO", "Nacro", "of", "Trust", "-"]
)


def _bodies_named_in_every_body(bodies: list[BodyNames], text: str) -> list[Found]:
    """bodies_named_in as it was: every name of every body looked for in the text."""
    folded = f" {normal_body_name(text)} "
    words = set(re.findall(r"\w+", text))
    found: dict[int, Found] = {}
    for body in bodies:
        for name in (body.name, *body.aliases, body.acronym):
            several = len(name.split()) > 1
            if several and f" {normal_body_name(name)} " in folded:
                found[body.id] = Found(name, body.id, body.label, Certainty.EXACT, f"“{name}” is named")
                break
            if not several and len(name) >= 2 and name in words and body.id not in found:
                found[body.id] = Found(name, body.id, body.label, Certainty.CLOSE, f"“{name}” is mentioned")
    return list(found.values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=25),
    acronyms=st.lists(st.sampled_from(["", "APA", "HO", "X", "Nacro"]), min_size=25, max_size=25),
    text=st.lists(st.one_of(_WORDS, st.sampled_from(["meeting", "with", "re"])), max_size=10).map(" ".join),
)
def test_bodies_named_in_a_title_are_those_every_body_compared_gives(
    database: Database, names: list[str], acronyms: list[str], text: str
) -> None:
    # The database is only read: the bodies are added to the directory in memory.
    with database.session() as s:
        directory = Directory(s)
        rows = s.execute(select(Organisation.id, Organisation.name, Organisation.acronym)).all()
        stored = [BodyNames(body_id, name, acronym, ()) for body_id, name, acronym in rows]
        assert not s.scalars(select(OrganisationAlias.id)).first()
    held = [BodyNames(1000 + n, name, acronyms[n], ()) for n, name in enumerate(names)]
    for body in held:
        directory.added_body(body.id, body.name, body.acronym)
    every = [*stored, *held]

    assert directory.bodies_named_in(text) == _bodies_named_in_every_body(every, text)
