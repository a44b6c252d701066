"""Calendar files as Outlook and Google write them, built by the tests (no binary fixtures).

The Outlook file names its zone by the Windows name, "GMT Standard Time", with the DST rules in a
VTIMEZONE; it holds a weekly meeting with one week deleted (EXDATE) and one moved (RECURRENCE-ID),
an all-day conference, an ordinary meeting with an organiser and attendees, a cancelled meeting,
and two broken events (no start; a start that is not a date). The Google file gives UTC ("Z").
"""

from __future__ import annotations

OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:GMT Standard Time
BEGIN:STANDARD
DTSTART:16011028T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0100
TZOFFSETTO:-0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T010000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:-0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE"""

# The weekly meeting: Mondays 10:00 London time from 5 Oct 2026, six times, across the change of
# the clocks on 25 Oct; 12 Oct deleted; 19 Oct moved to Tuesday 20 Oct at 14:30.
WEEKLY = """BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000weekly-apa
SUMMARY:Policing bill catch-up with APA
DTSTART;TZID="GMT Standard Time":20261005T100000
DTEND;TZID="GMT Standard Time":20261005T110000
RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=MO
EXDATE;TZID="GMT Standard Time":20261012T100000
LOCATION:10 Smith Square\\, London
DESCRIPTION:Weekly catch-up on the policing bill.\\nAgenda to follow.
ORGANIZER;CN="Helen Murray":mailto:helen.murray@lga.gov.uk
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Jo Policy:mailto:jo.policy@apa.police.uk
ATTENDEE;CUTYPE=ROOM;CN=Room 5:mailto:room5@lga.gov.uk
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000weekly-apa
RECURRENCE-ID;TZID="GMT Standard Time":20261019T100000
SUMMARY:Policing bill catch-up with APA (moved)
DTSTART;TZID="GMT Standard Time":20261020T143000
DTEND;TZID="GMT Standard Time":20261020T153000
ORGANIZER;CN="Helen Murray":mailto:helen.murray@lga.gov.uk
END:VEVENT"""

CONFERENCE = """BEGIN:VEVENT
UID:conference-2026@lga.gov.uk
SUMMARY:Safer Communities annual conference
DTSTART;VALUE=DATE:20261111
DTEND;VALUE=DATE:20261112
LOCATION:Local Government House
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
END:VEVENT"""

NCRB = """BEGIN:VEVENT
UID:ncrb-november@lga.gov.uk
SUMMARY:National Crime Reduction Board
DTSTART;TZID="GMT Standard Time":20261103T093000
DTEND;TZID="GMT Standard Time":20261103T113000
LOCATION:2 Marsham Street
ORGANIZER;CN="Helen Murray":mailto:HELEN.MURRAY@lga.gov.uk
ATTENDEE;CN=Richard Kemp;PARTSTAT=ACCEPTED:mailto:richard.kemp@liverpool.gov.uk
ATTENDEE;CN=Cllr Allan Witherick;PARTSTAT=DECLINED:mailto:allan.witherick@example.org
ATTENDEE;CN=Sam Stranger:mailto:sam@stranger.example
END:VEVENT"""

CANCELLED = """BEGIN:VEVENT
UID:cancelled@lga.gov.uk
SUMMARY:ACPO liaison
STATUS:CANCELLED
DTSTART;TZID="GMT Standard Time":20261104T150000
END:VEVENT"""

NO_START = """BEGIN:VEVENT
UID:no-start@lga.gov.uk
SUMMARY:A meeting with no start
END:VEVENT"""

BAD_START = """BEGIN:VEVENT
UID:bad-start@lga.gov.uk
SUMMARY:A meeting on a day that does not exist
DTSTART:20261345T250000
END:VEVENT"""

LONG_AGO = """BEGIN:VEVENT
UID:long-ago@lga.gov.uk
SUMMARY:Home Office meeting, years ago
DTSTART;TZID="GMT Standard Time":20090601T100000
END:VEVENT"""


def calendar(*events: str, zone: str = OUTLOOK_ZONE, head: str = "") -> bytes:
    """A VCALENDAR around the events, with CRLF line ends as RFC 5545 asks."""
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        *([head] if head else []),
        *([zone] if zone else []),
        *events,
        "END:VCALENDAR",
    ]
    return ("\r\n".join("\r\n".join(part.splitlines()) for part in lines) + "\r\n").encode()


def outlook() -> bytes:
    """The Outlook file: events 1-2 the weekly meeting (2 the moved week), 3 the conference, 4 the
    NCRB, 5 cancelled, 6 no start, 7 a broken start, 8 years before any window used here."""
    return calendar(WEEKLY, CONFERENCE, NCRB, CANCELLED, NO_START, BAD_START, LONG_AGO)


def google() -> bytes:
    """Google Calendar's export: UTC times, the calendar's zone in X-WR-TIMEZONE."""
    return calendar(
        """BEGIN:VEVENT
DTSTART:20260701T090000Z
DTEND:20260701T100000Z
DTSTAMP:20261122T080000Z
UID:7kukuqrfedlm2f9t0vfh2k5r4n@google.com
SUMMARY:Call with the Home Office
ORGANIZER;CN=helen.murray@lga.gov.uk:mailto:helen.murray@lga.gov.uk
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Helen Murray;X-NUM-GUESTS=0:
 mailto:helen.murray@lga.gov.uk
STATUS:CONFIRMED
END:VEVENT""",
        """BEGIN:VEVENT
DTSTART:20261201T090000Z
DTEND:20261201T100000Z
DTSTAMP:20261122T080000Z
UID:0a1b2c3d4e5f@google.com
SUMMARY:Home Office police reform unit
STATUS:CONFIRMED
END:VEVENT""",
        zone="",
        head="CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Helen Murray\r\nX-WR-TIMEZONE:Europe/London",
    )
