"""Lobbying: the work programme (interventions, work streams), policy items, positions, decisions."""
