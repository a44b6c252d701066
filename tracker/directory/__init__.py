"""The directory: outside bodies and our own association, people (members, officers, contacts) and
how the papers write their names."""
