"""Telling when two names mean the same body or person ("the Home Office", "APA", "Cllr R Kemp")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

_LINKING_WORDS = {"the", "of", "and", "for", "on", "in", "to", "at"}
# Words written before a name ("Cllr", "Rt Hon", "Revd"), and letters written after it.
TITLES = {
    "cllr",
    "councillor",
    "sir",
    "dame",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "lord",
    "lady",
    "baron",
    "baroness",
    "rt",
    "hon",
    "prof",
    "professor",
    "rev",
    "revd",
}
POST_NOMINALS = {"MP", "MEP", "OBE", "CBE", "MBE", "QC", "KC"}
_HONORIFICS = TITLES | {letters.lower() for letters in POST_NOMINALS}
SIMILAR_ENOUGH = 0.88


def fold(text: str) -> str:
    """Text folded for comparison: accents, case, "&" and punctuation evened out."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normal_body_name(name: str) -> str:
    """A body's name folded for comparison: case, accents, punctuation and a leading "the" dropped."""
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def initials(name: str) -> str:
    """Initial letters of the significant words: "Association of Police Authorities" -> "apa"."""
    return "".join(w[0] for w in normal_body_name(name).split() if w not in _LINKING_WORDS)


def normal_person_name(name: str) -> str:
    """A person's name folded for comparison, honorifics and post-nominals dropped."""
    return " ".join(w for w in fold(name).split() if w not in _HONORIFICS)


def display_name(title: str, name: str) -> str:
    """How the papers write a person: "Cllr Richard Kemp", "Alan Campbell MP"."""
    before = [t for t in title.split() if t.upper() not in POST_NOMINALS]
    after = [t for t in title.split() if t.upper() in POST_NOMINALS]
    return " ".join([*before, name.strip(), *after])


def body_label(name: str, acronym: str) -> str:
    """How a body is named in lists: "National Crime Reduction Board (NCRB)", or "LGiU" alone."""
    if acronym and acronym.strip().lower() != name.strip().lower():
        return f"{name} ({acronym})"
    return name


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class BodyNames:
    id: int
    name: str
    acronym: str
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        return body_label(self.name, self.acronym)


def body_match_reason(name: str, acronym: str, other: BodyNames) -> str | None:
    """Why a body called `name` (`acronym`) looks like `other`, or None if it does not."""
    mine = normal_body_name(name)
    my_acronym = fold(acronym).replace(" ", "")
    their_names = {normal_body_name(n) for n in (other.name, *other.aliases)}
    their_acronym = fold(other.acronym).replace(" ", "")
    if mine in their_names:
        return "same name"
    if my_acronym and my_acronym == their_acronym:
        return f"same acronym, {other.acronym}"
    if their_acronym and mine.replace(" ", "") == their_acronym:
        return f"{name.strip()} is its acronym"
    if my_acronym and my_acronym in their_names:
        return f"{acronym.strip()} is its name"
    my_initials = initials(name)
    if len(my_initials) >= 2 and (my_initials == their_acronym or my_initials in their_names):
        return f"{other.acronym or other.name} stands for {name.strip()}"
    if (
        their_acronym
        and len(their_acronym) >= 2
        and any(initials(n) == mine.replace(" ", "") for n in (other.name,))
    ):
        return f"{name.strip()} stands for {other.name}"
    if len(mine) >= 6 and any(similarity(mine, t) >= SIMILAR_ENOUGH for t in their_names):
        return "a very similar name"
    return None


@dataclass(frozen=True)
class PersonNames:
    id: int
    label: str
    name: str
    email: str


def person_match_reason(name: str, email: str, other: PersonNames) -> str | None:
    """Why a person called `name` (with `email`) looks like `other`, or None."""
    if email.strip() and email.strip().lower() == other.email.strip().lower():
        return "same email address"
    mine = normal_person_name(name).split()
    theirs = normal_person_name(other.name).split()
    if not mine or not theirs:
        return None
    if mine == theirs:
        return "same name"
    if (
        mine[-1] == theirs[-1]
        and len(mine) > 1
        and len(theirs) > 1
        and mine[0][0] == theirs[0][0]
        and (len(mine[0]) == 1 or len(theirs[0]) == 1)
    ):
        return "same surname and initial"
    joined_mine, joined_theirs = " ".join(mine), " ".join(theirs)
    if len(joined_mine) >= 8 and similarity(joined_mine, joined_theirs) >= SIMILAR_ENOUGH:
        return "a very similar name"
    return None


def rank(matches: Iterable[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Exact-sounding reasons first, similar-sounding last."""
    return sorted(matches, key=lambda m: (m[2] == "a very similar name", m[1].lower()))
