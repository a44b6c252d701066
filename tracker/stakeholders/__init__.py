"""Stakeholders: where each body and person stands, the stakeholder map, relationship health, Home."""
