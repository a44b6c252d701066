"""Lobbying: bills and their asks, themes (work streams), the work programme (interventions),
policy items, the association's positions and the Board's decisions."""
