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
    "earl",
    "viscount",
    "marquess",
    "duke",
    "countess",
}
POST_NOMINALS = {"MP", "MEP", "OBE", "CBE", "MBE", "KBE", "DBE", "QC", "KC", "TD", "MSP", "QPM"}
# Offices the papers write before a name as a title ("Chief Constable Peter Fahy"), longest first.
OFFICES = (
    "assistant chief constable",
    "deputy chief constable",
    "chief constable",
    "chief superintendent",
    "superintendent",
    "chief inspector",
)
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


# Words a minister's role is made of ("Leader of the House of Lords", "Government Whip (Lords)").
_ROLE_WORDS = re.compile(
    r"\b(minister|secretary|leader|whip|chancellor|privy seal|commissioners?|chamberlain|treasurer"
    r"|comptroller|captain|chief|deputy|paymaster|solicitor|attorney|advocate|president|household"
    r"|treasury|duchy|spokes(?:man|woman|person)|envoy|adviser|advisor|portfolio|speaker|chair(?:man)?"
    r"|lords in waiting|baroness in waiting|lord in waiting|head of|director)\b",
    re.IGNORECASE,
)
# Posts whose title begins as a peer's name does ("Lord Privy Seal" is a role, "Lord Hill" a person).
_LORD_ROLES = re.compile(
    r"^lords?\s+(privy seal|chancellor|president|chamberlain|speaker|commissioners?|advocate|in waiting)\b",
    re.IGNORECASE,
)
_PERSON_START = re.compile(
    r"^(?:the\s+)?(?:rt\.?\s+hon\.?|right\s+honourable|lord|lady|baroness|baron|earl|viscount|marquess"
    r"|duke|countess|sir|dame|dr|mr|mrs|ms|miss|prof|professor|cllr|councillor)\b",
    re.IGNORECASE,
)
# An honorific run into the role before it with no comma ("Deputy Leader of the House The Rt Hon ...").
_RUN_IN_HONOURABLE = re.compile(r"(?i)(?<!\bthe)(?<!,)\s+(?=(?:the\s+)?rt\.?\s+hon\b)")
_LEADING_TITLE_WORDS = TITLES | {"the", "right", "honourable", "rt.", "hon."}


def title_and_name(text: str) -> tuple[str, str]:
    """ "The Rt Hon David Cameron MP" -> ("Rt Hon MP", "David Cameron"); "Lord Hill of Oareford CBE"
    -> ("Lord CBE", "Hill of Oareford"); "Chief Constable Peter Fahy QPM" -> ("Chief Constable QPM",
    "Peter Fahy"): titles, offices and honours kept as such, never as the name."""
    words = text.replace(",", " ").split()
    before: list[str] = []
    while len(words) > 1:
        office = next((o for o in OFFICES if [w.lower() for w in words[: len(o.split())]] == o.split()), None)
        if office is not None and len(words) > len(office.split()):
            before.extend(words[: len(office.split())])
            del words[: len(office.split())]
            continue
        if words[0].lower().rstrip(".") not in _LEADING_TITLE_WORDS:
            break
        word = words.pop(0)
        if word.lower() != "the":
            before.append(word.rstrip("."))
    after: list[str] = []
    while len(words) > 1 and words[-1].upper().rstrip(".") in POST_NOMINALS:
        after.insert(0, words.pop().rstrip("."))
    return " ".join(before + after), " ".join(words)


def _role_like(piece: str) -> bool:
    return bool(_LORD_ROLES.match(piece)) or (
        bool(_ROLE_WORDS.search(piece)) and not _PERSON_START.match(piece)
    )


def _person_like(piece: str) -> bool:
    if _LORD_ROLES.match(piece):
        return False
    if _PERSON_START.match(piece):
        return True
    words = piece.split()
    return bool(words) and words[-1].upper().rstrip(".") in POST_NOMINALS


def _comma_pieces(text: str) -> list[str]:
    """The cell cut at its commas, except inside brackets that close again."""
    pieces: list[str] = []
    for part in text.split(","):
        if pieces and pieces[-1].count("(") > pieces[-1].count(")") and ")" in part:
            pieces[-1] += "," + part
        else:
            pieces.append(part)
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _roles_in(piece: str) -> list[str]:
    """ "Leader of the House of Commons and Lord Privy Seal" is two roles; "Secretary of State for
    Communities and Local Government" is one (its halves are not both roles)."""
    halves = [h.strip() for h in re.split(r"\s+and\s+", piece)]
    if len(halves) > 1 and all(len(h.split()) >= 2 and _role_like(h) for h in halves):
        return halves
    return [piece]


@dataclass(frozen=True)
class Minister:
    """A minister cell read: the person (titles and honours apart) and the roles the cell gives."""

    title: str
    name: str
    roles: tuple[str, ...]

    @property
    def label(self) -> str:
        return display_name(self.title, self.name) if self.name else ""


def read_minister(cell: str) -> Minister:
    """ "Prime Minister, The Rt Hon David Cameron MP", "Lord Strathclyde, Leader of the House of
    Lords", "Leader of the House of Lords, Chancellor of the Duchy of Lancaster, The Rt Hon Lord
    Strathclyde", "Vernon Coaker (Minister of State)": the person and the role(s), in either order.
    A cell that names only a role ("Minister without Portfolio") has no name."""
    text = _RUN_IN_HONOURABLE.sub(", ", " ".join(cell.replace("\u00a0", " ").split()))
    pieces: list[str] = []
    for piece in _comma_pieces(text):
        bracketed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", piece)
        if bracketed and (
            _person_like(bracketed[1]) != _person_like(bracketed[2])
            or (_role_like(bracketed[2]) and not _role_like(bracketed[1]))
        ):
            pieces.extend([bracketed[1].strip(), bracketed[2].strip()])
        else:
            pieces.append(piece)
    person = next((p for p in pieces if _person_like(p)), None)
    if person is None:
        person = next((p for p in pieces if not _role_like(p)), None)
    roles = [role for p in pieces if p is not person for role in _roles_in(p)]
    if person is None:
        return Minister("", "", tuple(dict.fromkeys(roles)))
    title, name = title_and_name(person)
    return Minister(title, name, tuple(dict.fromkeys(roles)))


def rank(matches: Iterable[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Exact-sounding reasons first, similar-sounding last."""
    return sorted(matches, key=lambda m: (m[2] == "a very similar name", m[1].lower()))


# The words of a council's name that say its type, from the longest: "Bolton Metropolitan Borough
# Council", "London Borough of Ealing", "Kent County Council" are "Bolton council", "Ealing council",
# "Kent council" as the papers write them.
_COUNCIL_TYPE_WORDS = re.compile(
    r"\b(?:metropolitan borough|royal borough|london borough|borough|district|county|city|unitary)?"
    r"\s*council$"
)


def council_short_name(name: str) -> str:
    """How the papers name a council in short, folded for comparison ("bolton council"); "" for a
    name that is not a council's."""
    folded = normal_body_name(name)
    london = re.fullmatch(r"(?:london|royal) borough of (.+)", folded)
    if london:
        return f"{london[1]} council"
    if not folded.endswith("council"):
        return ""
    place = _COUNCIL_TYPE_WORDS.sub("", folded).strip()
    place = re.sub(r"\s+(?:metropolitan borough|borough|district|county|city)$", "", place)
    return f"{place} council" if place else ""
