"""Meetings: the list, the meeting form and the welcome shown in the list's place on a new database."""

from __future__ import annotations

from ui.areas import Area

# The window builds the list itself when the database opens: it is on screen from the first paint.
AREA = Area("Meetings", "meetings_area", None)
