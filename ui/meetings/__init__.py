"""Meetings: the list and the meeting form."""

from __future__ import annotations

from ui.areas import Area

# The window builds the list itself: it can be shown from the first paint, before the database opens.
AREA = Area("Meetings", "meetings_area", None)
