"""Charts drawn on a matplotlib Axes by plain functions (no Qt, no backend): Home's, the map's."""
