"""Issue 20, item 6: a word from what was discussed finds the meeting: its summary, outcome, notes
and follow-up actions, on both databases, kept current as they change (migration 0009)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from db import health, migrate
from db.engine import Database
from db.vocabulary import AttendanceRole, MeetingKind, ReportSection
from tracker import meetings, search
from tracker.common.listing import ListQuery, MeetingFilter
from tracker.meetings import AttendeeEntry, BodyEntry, FollowUpEntry, MeetingDraft

from .conftest import Directory


def found(database: Database, words: str) -> list[str]:
    with database.session() as s:
        query = ListQuery(words, sort="held_on")
        titles = [r.title for r in meetings.rows(s, query, 0, 100)]
        assert meetings.count(s, query) == len(titles)
    return titles


def workshop(d: Directory) -> MeetingDraft:
    return MeetingDraft(
        title="Conference workshop",
        held_on=date(2009, 4, 23),
        bodies=(BodyEntry(d.home_office),),
        summary="Discussed domestic sprinklers in new social housing.",
        outcome="The Home Office agreed to consult on guidance.",
        notes="Ask for the Chief Fire Officers' figures.",
        follow_ups=(FollowUpEntry("Circulate the Arson Control Forum paper"),),
    )


def test_a_word_from_the_summary_outcome_notes_or_a_follow_up_finds_the_meeting(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        meetings.log(s, workshop(directory))
        meetings.log(s, MeetingDraft("NCRB", date(2009, 5, 1), bodies=(BodyEntry(directory.ncrb),)))
    title = ["Conference workshop"]
    assert found(database, "sprink") == title, "the summary"
    assert found(database, "consult guidance") == title, "the outcome"
    assert found(database, "chief fire") == title, "the notes"
    assert found(database, "arson") == title, "a follow-up action"
    assert found(database, "sprinklers arson") == title, "words from different parts"
    assert found(database, "sprinklers ncrb") == []


def test_a_changed_follow_up_is_found_by_its_new_words_only(database: Database, directory: Directory) -> None:
    with database.session() as s:
        saved = meetings.log(s, workshop(directory))
    with database.session() as s:
        current = meetings.get(s, saved.id)  # type: ignore[arg-type]
        meetings.update(s, replace(current, follow_ups=(FollowUpEntry("Write to the LGA's fire lead"),)))
    assert found(database, "arson") == []
    assert found(database, "fire lead") == ["Conference workshop"]
    with database.session() as s:
        current = meetings.get(s, saved.id)  # type: ignore[arg-type]
        meetings.update(s, replace(current, follow_ups=(), summary="Nothing recorded."))
    assert found(database, "lead") == []
    assert found(database, "sprink") == []
    assert found(database, "nothing recorded") == ["Conference workshop"]


def test_the_index_is_in_step_after_changes_and_there_is_one_head(
    database: Database, directory: Directory, backend: str
) -> None:
    with database.session() as s:
        saved = meetings.log(s, workshop(directory))
        meetings.delete(s, saved.id)  # type: ignore[arg-type]
        meetings.log(s, workshop(directory))
    assert health.check(database).problems == []
    assert migrate.head_revision() == "0009"


def filtered(database: Database, words: str = "", **chosen: object) -> list[str]:
    with database.session() as s:
        query = ListQuery(words, sort="held_on", meeting_filter=MeetingFilter(**chosen))  # type: ignore[arg-type]
        titles = [r.title for r in meetings.rows(s, query, 0, 100)]
        assert meetings.count(s, query) == len(titles)
    return titles


def test_filters_by_period_kind_theme_body_person_and_section_combine_with_the_words(
    database: Database, directory: Directory
) -> None:
    with database.session() as s:
        meetings.log(s, workshop(directory))  # 23 Apr 2009, Home Office, summary on sprinklers
        meetings.log(
            s,
            MeetingDraft(
                "Sprinklers call",
                date(2009, 6, 2),
                kind=MeetingKind.CALL,
                bodies=(BodyEntry(directory.apa),),
                attendees=(AttendeeEntry(directory.kemp, AttendanceRole.ATTENDED),),
                theme_ids=(directory.cdrp_reform,),
            ),
        )
        meetings.log(s, MeetingDraft("NCRB", date(2009, 7, 1), bodies=(BodyEntry(directory.ncrb),)))
    everything = ["Conference workshop", "Sprinklers call", "NCRB"]
    assert filtered(database) == everything
    assert filtered(database, since=date(2009, 5, 1)) == ["Sprinklers call", "NCRB"]
    assert filtered(database, until=date(2009, 6, 30)) == ["Conference workshop", "Sprinklers call"]
    assert filtered(database, kind=MeetingKind.CALL.value) == ["Sprinklers call"]
    assert filtered(database, theme_id=directory.cdrp_reform) == ["Sprinklers call"]
    assert filtered(database, organisation_id=directory.home_office) == ["Conference workshop"]
    assert filtered(database, person_id=directory.kemp) == ["Sprinklers call"]
    section = ReportSection.MEMBER_ACTIVITY.value  # a member attended
    assert filtered(database, section=section) == ["Sprinklers call"]
    # With the words: "sprinklers" is in the workshop's summary and the call's title.
    assert filtered(database, "sprinklers") == ["Conference workshop", "Sprinklers call"]
    assert filtered(database, "sprinklers", until=date(2009, 5, 1)) == ["Conference workshop"]
    assert filtered(database, "sprinklers", kind=MeetingKind.CALL.value, since=date(2009, 1, 1)) == [
        "Sprinklers call"
    ]
    assert filtered(database, "sprinklers", organisation_id=directory.ncrb) == []


def test_the_words_found_are_shown_in_their_context(database: Database, directory: Directory) -> None:
    with database.session() as s:
        saved = meetings.log(s, workshop(directory))
        other = meetings.log(s, MeetingDraft("NCRB", date(2009, 5, 1), bodies=(BodyEntry(directory.ncrb),)))
    ids = [saved.id, other.id]
    with database.session() as s:
        assert search.found_in(s, "sprink", ids) == {  # type: ignore[arg-type]
            saved.id: "Summary: Discussed domestic «sprinklers» in new social housing."
        }
        found = search.found_in(s, "arson", ids)  # type: ignore[arg-type]
        assert found == {saved.id: "Follow-up: Circulate the «Arson» Control Forum paper"}
        found = search.found_in(s, "home consult", ids)  # type: ignore[arg-type]
        assert found == {saved.id: "Outcome: The «Home» Office agreed to «consult» on guidance."}
        assert search.found_in(s, "", ids) == {}  # type: ignore[arg-type]


def test_a_long_text_is_cut_around_the_first_word_found() -> None:
    from tracker.search import snippet

    before, after = " ".join(f"w{i}" for i in range(40)), " ".join(f"v{i}" for i in range(40))
    long = f"{before} Sprinklers in schools {after}"
    cut = snippet(long, ["sprink"], length=8)
    assert cut == "…w38 w39 «Sprinklers» in schools v0 v1 v2…"
    assert snippet("Gonzalez met González", ["gonz"]) == "«Gonzalez» met «González»"
    assert snippet("nothing here", ["sprink"]) == ""
