"""The stored-text rule (db/text.py): what it removes and keeps, and that every text column applies it."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from xml.etree import ElementTree

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from db.models import AuditEntry, Meeting, Organisation, Person
from db.text import clean, clean_rows
from db.vocabulary import AttendanceRole, AuditAction, MeetingKind, OrganisationKind, PersonKind
from tracker.common.text import cleaned, cleaned_graph
from tracker.reports.paper import ContactOfficer, Entry, Paper, Section


def _xml_char(c: str) -> bool:
    """XML 1.0's Char production."""
    n = ord(c)
    return n in (0x9, 0xA, 0xD) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF


# Everything a str can hold, surrogates and controls included.
_ANY = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
_PRINTABLE = st.text(alphabet=st.characters(codec="utf-8").filter(str.isprintable), max_size=60)


@given(_ANY)
def test_the_cleaned_text_encodes_as_utf8_and_is_all_xml_characters(text: str) -> None:
    result = clean(text)
    result.encode("utf-8")
    assert all(_xml_char(c) for c in result)
    assert "\r" not in result
    # ...and so an XML parser reads it back exactly.
    element = ElementTree.fromstring(f"<t>{_escape(result)}</t>")
    assert (element.text or "") == result


@given(_ANY)
def test_cleaning_twice_is_cleaning_once(text: str) -> None:
    assert clean(clean(text)) == clean(text)


@given(st.lists(st.one_of(_PRINTABLE, st.sampled_from(["\t", "\n", "\t\n", " "])), max_size=8))
def test_tab_newline_and_every_printable_character_are_kept(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert clean(text) == text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_what_is_removed_and_how_line_ends_are_read() -> None:
    assert clean("Home\x01 Office\x07\x1b[31m") == "Home Office[31m"
    assert clean("a\ud800b\udfffc") == "abc"
    assert clean("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert clean("x\r\x07\ny") == "x\ny"  # the control character between them does not make two lines
    assert clean("\x00\x7f\x85\x9f\ufffe\uffff") == ""
    assert clean("Łódź – “£5” 😀\t€") == "Łódź – “£5” 😀\t€"


def test_bulk_rows_are_cleaned_in_place_and_other_values_kept() -> None:
    rows = [
        {"title": "a\x07b", "held_on": date(2009, 4, 23), "n": 3, "notes": None, "kind": MeetingKind.BOARD}
    ]
    clean_rows(rows)
    assert rows == [
        {"title": "ab", "held_on": date(2009, 4, 23), "n": 3, "notes": None, "kind": MeetingKind.BOARD}
    ]
    assert rows[0]["kind"] is MeetingKind.BOARD  # a vocabulary's member stays one, not its plain text


def test_every_text_column_cleans_what_is_set_on_it_and_a_vocabulary_is_left_alone() -> None:
    body = Organisation(
        name="Home\x07 Office\ud800", acronym="H\x1bO", kind=OrganisationKind.GOVERNMENT_DEPARTMENT
    )
    body.notes = "line one\r\nline\x01 two"
    assert (body.name, body.acronym, body.notes) == ("Home Office", "HO", "line one\nline two")
    assert body.kind is OrganisationKind.GOVERNMENT_DEPARTMENT
    person = Person(name="Richard\x07 Kemp", title="Cllr\x1b", kind=PersonKind.MEMBER, email=None)
    assert (person.name, person.title, person.email) == ("Richard Kemp", "Cllr", None)
    meeting = Meeting(title="NCRB\x07", summary="a\rb", bodies_label="x\x00", location="\ud800")
    assert (meeting.title, meeting.summary, meeting.bodies_label, meeting.location) == (
        "NCRB",
        "a\nb",
        "x",
        "",
    )
    entry = AuditEntry(actor="hm\x07", action=AuditAction.CREATE, after='{"t": "a\ud800"}')
    assert (entry.actor, json.loads(entry.after or "")) == ("hm", {"t": "a"})


def _paper(text: str) -> Paper:
    return Paper(
        board=f"Safer Communities Board{text}",
        item="Item 4",
        date=date(2009, 7, 1),
        title="Meetings with outside bodies",
        summary=f"summary{text}",
        action="",
        contact=ContactOfficer(f"Helen Murray{text}", email="helen.murray@lga.gov.uk"),
        sections=(Section("Member activity", (Entry("m:1", f"NCRB{text}", f"body{text}", (1, 2)),)),),
    )


def test_a_paper_is_cleaned_however_deep_its_text() -> None:
    paper = cleaned(_paper("\x07\ud800"))
    assert paper == _paper("")
    assert dataclasses.is_dataclass(paper) and paper.sections[0].entries[0].meeting_ids == (1, 2)
    kinds = cleaned({"roles": [AttendanceRole.APOLOGIES], "kind": (PersonKind.MEMBER, "x\x07")})
    assert kinds["roles"][0] is AttendanceRole.APOLOGIES and kinds["kind"][0] is PersonKind.MEMBER
    assert kinds["kind"][1] == "x"


def test_a_graph_is_cleaned_in_its_node_names_and_every_attribute() -> None:
    g = nx.MultiGraph(name="web\x07")
    g.add_node("body:1\x1b", label="Home\x07 Office", weight=3)
    g.add_edge("body:1\x1b", "person:2", key="k", label="met\x01", weight=2.5)
    copy = cleaned_graph(g)
    assert copy.graph == {"name": "web"}
    assert dict(copy.nodes(data=True)) == {
        "body:1": {"label": "Home Office", "weight": 3},
        "person:2": {},
    }
    assert list(copy.edges(keys=True, data=True)) == [
        ("body:1", "person:2", "k", {"label": "met", "weight": 2.5})
    ]
    assert g.nodes["body:1\x1b"]["label"] == "Home\x07 Office"  # the original is left as it was
