"""Stakeholders: the influence-interest map, and recording where a body or person stands."""
