"""Home: the first screen (follow-ups due, deadlines, duties, and the engagement charts), or the
welcome in its place while the database holds no meetings."""

from __future__ import annotations

from ui.areas import Area

# The window builds Home itself: it is the first screen, painted before the database has opened.
AREA = Area("Home", "home_area", None)
